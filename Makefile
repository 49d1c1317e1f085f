# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test eval lint format check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## Set up on SQLite, load the demo case, print the demo logins and serve on http://127.0.0.1:8000/
run: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install the dev requirements and run the whole test suite (SQLite, or DATABASE_URL)
test: $(VENV)/.dev
	DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

## Score figure extraction and repeated-claim matching on their labelled sets (intake/evaluation/)
eval: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python -m intake.evaluation

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(VENV)/.dev
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# --- API contract ----------------------------------------------------------------
.PHONY: api-contract
## schemathesis --checks all against gunicorn serving the demo case (a throwaway PostgreSQL database), anonymously and with an editor's token. API_CONTRACT_EXAMPLES=200 for a deeper run.
api-contract: $(VENV)/.dev
	.ci/api-contract

# --- Load test ------------------------------------------------------------------
# gunicorn on PostgreSQL (database claims_load, recreated each run) driven from a second
# process on 127.0.0.1 for LOAD_SECONDS; results in bench/load-results.json.
LOAD_SECONDS ?= 60
LOAD_USERS ?= 8
LOAD_PORT ?= 8089
LOAD_WORKERS ?= 4

.PHONY: load
## Load test: requests/s, latency percentiles and errors (bench/load.py, bench/RESULTS.md)
load: $(VENV)/.dev
	$(BIN)/python bench/load.py --seconds $(LOAD_SECONDS) --users $(LOAD_USERS) \
		--port $(LOAD_PORT) --workers $(LOAD_WORKERS)

.PHONY: bench-extract
## Extraction time for a 20,000-word transcript (sentences, figures, check-worthiness), no database
bench-extract: $(VENV)/.runtime
	DEBUG=1 $(BIN)/python -m bench extract
	$(BIN)/python -m bench.intake

.PHONY: bench-intake
## The desk intake of a 20,000-word transcript end to end (analyse + match + save), a throwaway test database
bench-intake: $(VENV)/.runtime
	$(BIN)/python -m bench.intake

# --- Benchmark of the exports, API, public pages and search (bench/RESULTS.md) ---
.PHONY: bench
## Re-anchoring and extraction (no archive), then on PostgreSQL at 127.0.0.1:5432 (user postgres): generate or reuse archives of 10,000 and 100,000 claims, measure exports, pages, search and matching, write bench/RESULTS.md. BENCH_SIZES=10000 for one size.
bench: $(VENV)/.runtime
	$(BIN)/python -m bench.anchoring
	DEBUG=1 $(BIN)/python -m bench extract
	$(BIN)/python -m bench.intake
	$(BIN)/python -m bench $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES))

.PHONY: bench-anchoring
## Re-anchoring 100 and 500 anchors on a 200 kB source after a revision (a throwaway test database).
bench-anchoring: $(VENV)/.runtime
	$(BIN)/python -m bench.anchoring
