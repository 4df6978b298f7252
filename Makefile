# Boligsosial — the two commands a fresh machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell scripts/find_python.sh)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test system-deps lint format messages bench serve clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Fant ingen Python 3.12 eller nyere. Installer Python 3.12+ og prøv igjen."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	@echo "Installerer Boligsosial og pakkene den bruker (første gang: noen minutter; pip viser hver pakke) …"
	$(BIN)/pip install --progress-bar on -e .

install-test: $(BIN)/python system-deps
	$(BIN)/pip install --quiet -e '.[test]'
	@echo "Installerer OpenID Connect-leverandøren testene logger inn gjennom (npm) …"
	@cd boligsosial/accounts/tests/oidc_provider && npm ci --no-audit --no-fund --loglevel=error

system-deps:
	@scripts/install_system_deps.sh

demo: install
	@echo "Lager databasen …"
	$(BIN)/boligsosial migrate --noinput
	@echo "Laster demonstrasjonsdata (kommuneregisteret for hele landet og de seks programkommunene) …"
	$(BIN)/boligsosial load_demo --reset
	$(BIN)/boligsosial demo_logins --host $(HOST) --port $(PORT)
	BIN=$(BIN) scripts/with_worker.sh $(BIN)/boligsosial runserver $(HOST):$(PORT)

test: install-test
	$(BIN)/pytest -n 2 --dist loadgroup

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_code_shape.py
	$(BIN)/mypy boligsosial config
	$(BIN)/python -m boligsosial makemigrations --check --dry-run

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages:
	$(BIN)/boligsosial makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=benchmarks
	$(BIN)/boligsosial compilemessages --ignore=.venv

# Production server on this machine: gunicorn on HOST:PORT beside a background worker (set
# BOLIGSOSIAL_ENV=production, SECRET_KEY, ALLOWED_HOSTS, … as SECURITY.md and
# config/settings.py describe; WEB_CONCURRENCY sets the number of web processes).
serve: install
	$(BIN)/boligsosial migrate --noinput
	$(BIN)/boligsosial collectstatic --noinput --verbosity 0
	$(BIN)/boligsosial check --deploy --database default --fail-level ERROR
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/with_worker.sh $(BIN)/gunicorn -c config/gunicorn.conf.py

# The end-to-end load benchmark (issue 14): needs DATABASE_URL=postgres://… (it creates and
# drops a database of its own on that server). BENCH_ARGS="--municipalities 30 --years 3
# --runs 1 --duration 20" runs a small country quickly; bench-all runs every other script too.
BENCH_ARGS ?=
bench: install-test
	$(BIN)/python benchmarks/load_benchmark.py $(BENCH_ARGS)

.PHONY: bench-all
bench-all: install-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var/*.sqlite3

# The longer schemathesis run (issue 11): more examples per operation, negative cases too.
# FUZZ_EXAMPLES=200 make fuzz for a deeper run.
FUZZ_EXAMPLES ?= 50
.PHONY: fuzz
fuzz: install-test
	BOLIGSOSIAL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) BOLIGSOSIAL_FUZZ_NEGATIVE=1 $(BIN)/pytest -n 0 -p no:cacheprovider boligsosial/core/tests/test_api_fuzz.py
