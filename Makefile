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

# Demo: SQLite file under var/, the demo region loaded, the web server (gunicorn) and the task
# worker on 127.0.0.1:8000, as in production (Russian error pages, no debug output) but over plain
# HTTP on this machine only. Ctrl+C stops both.
DEMO_ENV := DEBUG=0 SECRET_KEY=opora-local-demo-key-not-for-any-real-server-0123456789 \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \
	SECURE_HSTS_SECONDS=0

demo: install
	mkdir -p var
	$(DEMO_ENV) $(BIN)/opora migrate --no-input
	$(DEMO_ENV) $(BIN)/opora collectstatic --no-input --verbosity 0
	$(DEMO_ENV) $(BIN)/opora demo
	@echo ""
	@echo "Откройте http://$(HOST):$(PORT)/ (остановить сервер: Ctrl+C)"
	$(DEMO_ENV) $(BIN)/opora serve $(HOST):$(PORT)

# All tests: SQLite (with the browser tests), and the database tests again on a throwaway
# PostgreSQL cluster, the two side by side (each runs on one core; each one's output is printed
# whole when it ends). Missing PostgreSQL or Chromium is reported and skipped, unless OPORA_REQUIRE_ALL=1.
test: install
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: install
	$(BIN)/python -m pytest -q -p no:cacheprovider --durations=15

test-postgres: install
	$(BIN)/python tests/postgres.py -q -p no:cacheprovider --durations=15

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
