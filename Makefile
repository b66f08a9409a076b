# SENDsight: `make demo` to try it, `make test` to run every test. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
SENDSIGHT := $(VENV)/bin/sendsight
PYTEST := $(VENV)/bin/pytest
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium postgresql poppler-utils fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 wrk
PG_PORT ?= 55432
PYTEST_ARGS ?=

.PHONY: help demo test test-sqlite test-postgres lint system-deps setup assets bench clean

help:
	@echo "make demo    set up and start SENDsight with demo data on http://127.0.0.1:8000"
	@echo "make test    install what the tests need, then run every test on SQLite and PostgreSQL"
	@echo "make bench   run the benchmarks in bench/ (figures go in docs/performance.md)"

# ---- set-up -------------------------------------------------------------------------------

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

core/static/govuk/govuk-frontend.css: node_modules/.installed scripts/build-assets.mjs core/static/core/sendsight.scss
	node scripts/build-assets.mjs

setup: $(VENV)/.installed assets

assets: core/static/govuk/govuk-frontend.css

# Debian packages the tests need: Chromium for browser tests, PostgreSQL for the second run,
# pango for WeasyPrint's PDFs, wrk for benchmarks. Installed only when missing.
system-deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# ---- demo ---------------------------------------------------------------------------------

demo: setup
	SENDSIGHT_MODE=demo DEBUG=1 $(SENDSIGHT) migrate --no-input
	SENDSIGHT_MODE=demo DEBUG=1 $(SENDSIGHT) load_demo
	SENDSIGHT_MODE=demo DEBUG=1 $(SENDSIGHT) runserver 127.0.0.1:8000

# ---- tests --------------------------------------------------------------------------------

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

test: system-deps setup lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: setup
	@echo "==> Test suite on SQLite"
	$(PYTEST) -n 2 $(PYTEST_ARGS)

test-postgres: setup
	@echo "==> Test suite on PostgreSQL (a throwaway server on 127.0.0.1:$(PG_PORT))"
	@scripts/pg-test-server start $(PG_PORT)
	@set -o pipefail; status=0; \
	DATABASE_URL=postgres://sendsight@127.0.0.1:$(PG_PORT)/sendsight $(PYTEST) -n 2 $(PYTEST_ARGS) || status=$$?; \
	scripts/pg-test-server stop $(PG_PORT); exit $$status

# ---- benchmarks ---------------------------------------------------------------------------

bench: system-deps setup
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) node_modules var core/static/govuk
