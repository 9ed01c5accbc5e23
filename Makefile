# Resilience: `make run` starts the platform with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-only lint client chromium bench clean-data help

help:
	@echo "make run   - install, build, migrate, load demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test  - install what the tests need (Chromium too) and run lint and the suite"
	@echo "make lint  - ruff everywhere, mypy --strict on src/resilience/sim"
	@echo "make bench - run the benchmarks in bench/"

$(VENV)/.run-deps: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# The three.js client is built by esbuild into src/resilience/static/client/ when it exists.
client:
	@if [ -f client/package.json ]; then \
	  cd client && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build; \
	fi

# Debian's Chromium drives the real-browser tests (Playwright never downloads a browser
# here); poppler's pdftoppm renders the funder pack's PDF pages in its test.
chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ]; then \
	  echo "Installing Debian's chromium and poppler-utils for the tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium poppler-utils >/dev/null; \
	fi

run: $(VENV)/.run-deps client
	$(BIN)/resilience migrate --verbosity 0
	$(BIN)/resilience demo
	$(BIN)/resilience serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/mypy

test-only: $(VENV)/.test-deps
	$(PY) -m pytest

test: $(VENV)/.test-deps client chromium lint test-only

bench: $(VENV)/.test-deps
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean-data:
	rm -rf data
