#!/usr/bin/env bash
# Install what the live tests need beyond Python: Debian's chromium and the pinned npm
# modules in package.json (playwright-core drives chromium; megalodon is a real client).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -f package.json ] && [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent
fi
