# Aihio's two commands (README.md):
#   make run    set up .venv, migrate, create the demo workshop, serve on 0.0.0.0:5000
#               (RESET=1: a new facilitator password and projector link)
#   make test   set up .venv, lint, run the whole test suite (SQLite, or TEST_DATABASE_URL)
#
# Installing is idempotent: .venv/.aihio-installed holds a hash of pyproject.toml, and
# pip runs again only when that file changes (or the venv is missing or broken); likewise
# node_modules/.aihio-installed for package.json + package-lock.json and `npm ci`.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aihio-installed
TRANSLATIONS := workshop/translations
CHROMIUM ?= /usr/bin/chromium
AIHIO_PORT ?= 5000
PYTEST_ARGS ?=

.PHONY: help install venv translations static chromium run serve lint format test test-fast clean

help:
	@echo "make run        set up, migrate, create the demo workshop, serve on port $(AIHIO_PORT)"
	@echo "make test       set up, lint (ruff), run all tests (TEST_DATABASE_URL for PostgreSQL)"
	@echo "make test-fast  tests without the browser and real-server ones, no lint"
	@echo "make format     ruff format + ruff check --fix"
	@echo "make install    only create/update $(VENV)"

# Create the venv if it is missing or broken, then install the project with its dev tools
# unless the stamp says this very pyproject.toml is already installed.
install venv:
	@if ! [ -x "$(BIN)/python" ] || ! "$(BIN)/python" -c "import sys" >/dev/null 2>&1; then \
		echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
		rm -rf "$(VENV)"; \
		$(PYTHON) -m venv "$(VENV)"; \
	fi
	@want="$$(sha256sum pyproject.toml | cut -d' ' -f1)"; \
	have="$$(cat "$(STAMP)" 2>/dev/null || true)"; \
	if [ "$$want" != "$$have" ]; then \
		echo "Installing Aihio and its dev tools into $(VENV) (pip install -e .[dev]; a few minutes the first time)"; \
		"$(BIN)/python" -m pip install --disable-pip-version-check --progress-bar on -e '.[dev]'; \
		echo "$$want" > "$(STAMP)"; \
	fi

# Compile the message catalogues (*.mo are not committed); nothing to do without any.
translations: install
	@if compgen -G "$(TRANSLATIONS)/*/LC_MESSAGES/*.po" >/dev/null; then \
		"$(BIN)/pybabel" -q compile -d "$(TRANSLATIONS)"; \
	fi

# The browser code: `npm ci` when package.json or its lock changed, then bundle it into
# static/dist (not committed; esbuild takes well under a second).
static:
	@if [ -f package.json ]; then \
		if ! command -v npm >/dev/null; then \
			echo "npm is missing: install Node.js 20 (it bundles the browser code)." >&2; exit 1; \
		fi; \
		want="$$(cat package.json package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1)"; \
		have="$$(cat node_modules/.aihio-installed 2>/dev/null || true)"; \
		if [ "$$want" != "$$have" ]; then \
			echo "Installing the browser code's packages (npm ci)"; \
			if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; \
			else npm install --no-audit --no-fund --loglevel=error; fi; \
			echo "$$want" > node_modules/.aihio-installed; \
		fi; \
		npm run --silent build; \
	fi

# Browser tests drive Debian's Chromium. As root, install it when it is missing.
chromium:
	@if ! [ -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "WARNING: $(CHROMIUM) is missing: the browser tests will fail." >&2; \
			echo "         Install it: sudo apt-get install -y chromium" >&2; \
		fi; \
	fi

# START: an embedded SQLite database in ./instance unless DATABASE_URL says otherwise.
# The join address is AIHIO_PUBLIC_URL, else this machine's LAN address (printed with a QR
# code); the facilitator's password and the projector link stay the same across runs
# unless RESET=1 (make run RESET=1).
run: translations static
	"$(BIN)/aihio" db upgrade
	"$(BIN)/aihio" demo --port "$(AIHIO_PORT)" $(if $(RESET),--reset-password)
	exec "$(BIN)/aihio" serve --host 0.0.0.0 --port "$(AIHIO_PORT)"

serve: run

lint: install
	"$(BIN)/ruff" check .
	"$(BIN)/ruff" format --check .

format: install
	"$(BIN)/ruff" format .
	"$(BIN)/ruff" check --fix .

# TEST: lint, the browser code's unit tests (node --test), then pytest; each runs even
# when one before it failed (pytest's summary is always printed); fails if any failed.
test: translations static chromium
	@status=0; \
	echo "== ruff check ."; "$(BIN)/ruff" check . || status=1; \
	echo "== ruff format --check ."; "$(BIN)/ruff" format --check . || status=1; \
	if [ "$$status" != 0 ]; then echo "== lint FAILED (see above); running the tests anyway"; fi; \
	if [ -f package.json ] && [ -d static/src/tests ]; then \
		echo "== npm test (browser code)"; npm test --silent || status=1; \
	fi; \
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then db="PostgreSQL: TEST_DATABASE_URL"; else db=SQLite; fi; \
	echo "== pytest ($$db)"; \
	"$(BIN)/python" -m pytest $(PYTEST_ARGS) || status=$$?; \
	exit $$status

test-fast: translations static
	"$(BIN)/python" -m pytest -m "not browser and not server" $(PYTEST_ARGS)

clean:
	rm -rf "$(VENV)" node_modules static/dist .pytest_cache .ruff_cache .hypothesis test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
