# Plenum: `make run` serves on the embedded SQLite default; `make test` runs the whole suite
# on SQLite and on PostgreSQL. Both do all set-up on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432
# loadscope: a module's tests stay on one worker, so a module-scoped fixture (the live
# server) is built once. (loadgroup's xdist_group marks do nothing on pytest 9.2 with
# xdist 3.8: xdist sets item._nodeid, which pytest no longer reads.)
XDIST ?= -n 2 --dist loadscope

.PHONY: run test test-sqlite test-postgres deps system-deps lint migrations schema docs bench profile clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

deps: $(STAMP)

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install -q -e '.[test,bench]'
	touch $(BENCH_STAMP)

# Debian packages and npm modules the live tests drive (headless Chromium, playwright-core).
system-deps:
	./scripts/system-deps.sh

run: $(STAMP)
	$(PY) -m app serve

# Both databases run even when the first fails; the target fails if either did.
test: deps system-deps
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: deps
	PLENUM_TEST_DB=sqlite $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-postgres: deps
	./scripts/ensure-postgres.sh
	PLENUM_TEST_DB=postgres PLENUM_TEST_PG=$(PG_URL) $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

lint: deps
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

migrations: deps
	$(VENV)/bin/tortoise -c app.db.MIGRATIONS_CONFIG makemigrations

schema: deps
	$(PY) -m app export-schema > schema.graphql

docs: deps
	$(PY) -m app export-docs

# The load benchmark (issue #4): SQLite and PostgreSQL, D1 and D2; about 25 minutes.
# BENCH_ARGS=--quick for a smoke run, --d3 to add the 1,000,000-status dataset, --db sqlite.
BENCH_ARGS ?=
bench: $(BENCH_STAMP) system-deps
	./scripts/ensure-postgres.sh
	PYTHONPATH=. $(PY) -m benchmarks.run $(BENCH_ARGS)

# Where a request's time goes: BENCH_PROFILE_ARGS='--workload W1 -n 2000 [--db postgres]'.
BENCH_PROFILE_ARGS ?= --workload W1
profile: $(BENCH_STAMP)
	PYTHONPATH=. $(PY) -m benchmarks.profile $(BENCH_PROFILE_ARGS)

clean:
	rm -rf $(VENV) node_modules
