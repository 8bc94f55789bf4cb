# Two commands from a fresh clone: `make run` (API on the local Neo4j with seed data) and
# `make test`. Everything they need is installed here, into .venv/ and Maven's cache.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ECOSYSTEM := $(BIN)/ecosystem
LAUNCHER := neo4j/target/launcher.jar
LAUNCHER_SOURCES := neo4j/pom.xml $(shell find neo4j/src -name '*.java' 2>/dev/null)

# Tests get their own Neo4j (port and data folder), so they never touch `make run`'s data.
TEST_ENV := ECOSYSTEM_LOCAL_NEO4J_PORT=7688 ECOSYSTEM_LOCAL_NEO4J_HOME=$(CURDIR)/.neo4j/test

# The explorer and GraphiQL, built from web/ by npm and served by the API itself (no CDN).
WEB_DEPS := web/node_modules/.installed
WEB_STAMP := web/dist/.built
WEB_SOURCES := web/package.json web/vite.config.ts web/tsconfig.json docs/questions.md \
	$(shell find web/src -type f 2>/dev/null)

.PHONY: install run stop test lint typecheck unit schema clean web bench client dist

install: $(STAMP)

# Rebuilt when pyproject.toml changes; a stale or half-made venv is replaced.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(LAUNCHER): $(LAUNCHER_SOURCES)
	@if [ -z "$$NEO4J_URI" ]; then mvn -B -q -f neo4j/pom.xml package && touch $@; fi

$(WEB_DEPS): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_STAMP): $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build --silent
	@touch $@

web: $(WEB_STAMP)

run: $(STAMP) $(LAUNCHER) $(WEB_STAMP)
	@if [ -z "$$NEO4J_URI" ]; then $(ECOSYSTEM) neo4j start; fi
	$(ECOSYSTEM) migrate
	@# A database of someone else's (NEO4J_URI) gets the seed data only when asked: SEED=1.
	@if [ -z "$$NEO4J_URI" ] || [ "$$SEED" = 1 ]; then $(ECOSYSTEM) seed --if-missing; \
	else echo "NEO4J_URI is set: not seeding it (make run SEED=1 loads the seed data into it)."; fi
	ECOSYSTEM_PUBLIC_READ=$${ECOSYSTEM_PUBLIC_READ:-true} $(ECOSYSTEM) serve

stop: $(STAMP)
	$(ECOSYSTEM) neo4j stop

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest starts the test Neo4j itself when it is not running and stops what it started
# (tests/conftest.py); TEST_NEO4J_URI points the suite at another server instead, which it wipes.
unit: $(STAMP) $(LAUNCHER) $(WEB_STAMP)
	env -u NEO4J_URI $(TEST_ENV) $(BIN)/pytest

test: lint typecheck unit

# Ours against @neo4j/graphql and the raw driver (bench/compare/run.py; BENCH_SCALE=500 for
# about a million nodes). Never part of `make test`.
PEER_DEPS := bench/peer/node_modules/.installed

$(PEER_DEPS): bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

bench: $(STAMP) $(LAUNCHER) $(PEER_DEPS)
	env -u NEO4J_URI $(BIN)/python -m bench.compare

schema: $(STAMP)
	$(ECOSYSTEM) schema

# The wheel and the sdist, into dist/: the wheel carries the migrations, the facts and the
# built web pages (setup.py); it is built from the sdist, as an index's users would build it.
dist: $(STAMP) $(WEB_STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

# The typed Python client (clients/python/ecosystem_client, not in git), generated from the
# schema and the cookbook's operations. The generator pins an older ruff and graphql-core than
# ours, so it gets a virtualenv of its own (tests/docs/test_cookbook.py uses the same one).
CODEGEN := $(VENV)/codegen
$(CODEGEN)/bin/ariadne-codegen: clients/python/codegen.txt
	@test -x $(CODEGEN)/bin/python || $(PYTHON) -m venv $(CODEGEN)
	$(CODEGEN)/bin/python -m pip install --quiet -r clients/python/codegen.txt
	@touch $@

client: $(CODEGEN)/bin/ariadne-codegen
	cd clients/python && $(CURDIR)/$(CODEGEN)/bin/ariadne-codegen client

clean:
	rm -rf $(VENV) neo4j/target .mypy_cache .pytest_cache .ruff_cache web/node_modules web/dist \
		bench/peer/node_modules build dist
