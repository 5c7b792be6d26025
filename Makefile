# Ritme: `make run` serves the app with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app backend
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: run test test-python test-postgres test-js test-calendar lint deps frontend chromium bench bench-web bench-boards clean

# RITME_DEMO=0 starts empty with the first-run setup screen open (/setup).
run: export RITME_ALLOW_SIGNUP := $(if $(filter 0,$(RITME_DEMO)),1,$(RITME_ALLOW_SIGNUP))
# Links in invites and password-reset mails (and the log, without a mail server) point where this serves.
# Never taken from the request's Host header: that would let anyone aim a reset link at their own site.
run: export RITME_BASE_URL := $(or $(RITME_BASE_URL),http://$(HOST):$(PORT))
run: deps frontend
	@mkdir -p instance
	$(FLASK) db upgrade
	@if [ "$${RITME_DEMO:-1}" != "0" ]; then $(FLASK) seed-demo --if-empty; fi
	@if [ "$${RITME_DEMO:-1}" = "0" ]; then echo "First run: open http://$(HOST):$(PORT)/setup to create your organisation"; fi
	@if [ "$${RITME_DEMO:-1}" != "0" ]; then echo "Ritme on http://$(HOST):$(PORT)  (demo password: $${DEMO_PASSWORD:-ritme-demo})"; \
	else echo "Ritme on http://$(HOST):$(PORT)"; fi
	@# The push scheduler runs beside gunicorn as its own process (one, however many web workers),
	@# sending in its own threads; it stops when the server stops.
	$(FLASK) push-scheduler --queue threads & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn --config backend/serving.py --workers $(WORKERS) --bind $(HOST):$(PORT) --access-logfile - "backend:create_app()"

test: deps frontend chromium
	$(MAKE) --no-print-directory lint test-js test-python test-postgres test-calendar

test-python:
	@echo "== Python tests on SQLite (unit, API, browser) =="
	RITME_TEST_DB=sqlite $(PY) -m pytest

test-postgres:
	@echo "== Python tests on PostgreSQL (a throwaway database) =="
	@$(PY) -c "import sys; from tests.databases import postgres_available as up; sys.exit(0 if up() else 1)" || \
		echo "!!!!!! PostgreSQL is not reachable: its tests are SKIPPED (under CI=true they FAIL) !!!!!!"
	RITME_TEST_DB=postgres $(PY) -m pytest -m "not e2e"

test-js:
	@echo "== JavaScript unit tests =="
	npm test

# Static checks: ruff for the Python, typescript-eslint (type-aware) and tsc for the PWA.
lint: deps
	@echo "== Static checks (ruff, eslint, tsc) =="
	$(VENV)/bin/ruff check backend tests config.py bench
	npx eslint frontend
	npm run --silent typecheck

# The date-sensitive tests at each day of one week, around midnight and on both DST days (tests/calendar_sweep.py).
test-calendar:
	$(PY) tests/calendar_sweep.py

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

frontend: frontend/dist/index.html

frontend/dist/index.html: node_modules/.installed $(FRONTEND_SOURCES)
	npm run build

# The browser tests drive Debian's Chromium (a Playwright browser download cannot work offline).
chromium:
	@if ! command -v chromium >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; \
	fi

bench: deps frontend
	$(PY) bench/run.py

# The PWA on a throttled phone in Chromium (cold and warm open, paints, taps, first-load bytes): bench/web.py.
bench-web: deps frontend chromium
	$(PY) bench/web.py

bench-boards: deps
	$(PY) bench/boards.py

clean:
	rm -rf $(VENV) node_modules frontend/dist .pytest_cache
