#!/usr/bin/env bash
# Install what the live tests and the benchmark need beyond Python: Debian's chromium, wrk
# and valgrind (the benchmark's instruction counter), and the pinned npm modules in
# package.json (playwright-core drives chromium; megalodon is a real client). Idempotent:
# does nothing when the packages are installed and node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# chromium for the live page tests; wrk and valgrind for the benchmark and its tests.
missing=()
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/lib/chromium/chromium ]; then
  missing+=(chromium)
fi
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "system-deps: installing Debian's ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci writes node_modules/.package-lock.json; when it is missing or older than the
# committed lock file, the installed modules do not match the pins and are reinstalled.
if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "system-deps: npm is missing (install Debian's nodejs and npm)" >&2
    exit 1
  fi
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "system-deps: npm ci" >&2
    npm ci --no-audit --no-fund --silent
  fi
fi
