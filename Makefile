# Opora: the two commands a newcomer runs are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo test test-sqlite test-postgres lint format bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Demo: SQLite file under var/, the demo region loaded, a development server on 127.0.0.1:8000.
demo: install
	mkdir -p var
	DEBUG=1 $(BIN)/opora migrate --no-input
	DEBUG=1 $(BIN)/opora demo
	@echo ""
	@echo "Откройте http://$(HOST):$(PORT)/ (остановить сервер: Ctrl+C)"
	DEBUG=1 $(BIN)/opora runserver $(HOST):$(PORT)

# All tests: SQLite (with the browser tests), then the database tests again on a throwaway
# PostgreSQL cluster. Missing PostgreSQL or Chromium is reported and skipped, unless OPORA_REQUIRE_ALL=1.
test: install test-sqlite test-postgres

test-sqlite: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres: install
	$(BIN)/python tests/postgres.py -q -p no:cacheprovider

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache .hypothesis
