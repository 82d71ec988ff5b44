# errata — the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# Set by .ci/run on CI: the suite runs a second time on this PostgreSQL database.
TEST_POSTGRES_URL ?=
WIDGET := src/errata/widget

.PHONY: help system-packages install install-test demo serve test lint typecheck migrations-check pytest bench docs widget messages grammalecte clean

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# Debian packages, in one place: scripts/system-packages lists them with what each is for.
# `serve` is what the demo needs; `test` (the default) adds what the tests need, and
# `bench` the load generator. It is an order-only prerequisite: checked once per make run,
# installed only when missing (one apt-get update, one apt-get install), and never a
# reason to rebuild what depends on it.
SYSTEM_PACKAGES = test
install demo serve: SYSTEM_PACKAGES = serve
bench: SYSTEM_PACKAGES = bench
system-packages:  ## install the Debian packages errata needs, when missing (SYSTEM_PACKAGES=serve|test|bench)
	@PYTHON=$(PYTHON) scripts/system-packages $(SYSTEM_PACKAGES)

$(BIN)/uv: | system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --quiet
	@touch $@

$(VENV)/.installed-test: $(BIN)/uv pyproject.toml uv.lock | system-packages
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --inexact --quiet --extra test
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed | system-packages  ## install errata into .venv

install-test: $(VENV)/.installed-test  ## install errata and its test tools into .venv

grammalecte: install-test  ## optional French grammar checker, GPL-3.0 (docs/triage.md), linked into .venv
	ln -sfn /usr/lib/python3/dist-packages/grammalecte "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/grammalecte"

messages: install  ## compile the desk's translations (.po → .mo)
	cd src/errata && ../../$(BIN)/python -m django compilemessages --settings=errata.conf.settings -v 0

demo: install messages  ## prepare the SQLite database and demo data, then serve at http://127.0.0.1:8000/
	export ERRATA_PUBLIC_URL="$${ERRATA_PUBLIC_URL:-http://$(HOST):$(PORT)}"; \
	$(BIN)/errata demo && $(BIN)/errata serve --host $(HOST) --port $(PORT)

serve: install messages  ## serve without touching the data
	$(BIN)/errata serve --host $(HOST) --port $(PORT)

lint: install-test  ## ruff (lint + format check)
	$(BIN)/ruff check src tests bench .ci/demo-check
	$(BIN)/ruff format --check src tests bench .ci/demo-check

typecheck: install-test  ## mypy, strict
	$(BIN)/mypy

migrations-check: install-test  ## fail when a model change has no migration
	$(BIN)/python -m django makemigrations --check --dry-run --settings=errata.conf.settings

# The widget's build and test tools, from npm (Node.js and npm come with system-packages).
$(WIDGET)/node_modules/.package-lock.json: $(WIDGET)/package-lock.json | system-packages
	cd $(WIDGET) && npm ci --no-audit --no-fund

widget: $(WIDGET)/node_modules/.package-lock.json  ## rebuild src/errata/widget/dist (committed)
	cd $(WIDGET) && npm run build

# The CMS integrations (docs/integrations.md) bring their own rules; the suite's round
# trips drive a real WordPress and the Wagtail app from its own virtual environment.
include integrations/wordpress/wordpress.mk
include integrations/wagtail/wagtail.mk

pytest: install-test messages grammalecte $(WIDGET)/node_modules/.package-lock.json $(WAGTAIL_VENV)/.installed wordpress-database  ## the test suite on SQLite, then on TEST_POSTGRES_URL when set
	$(BIN)/pytest
	@if [ -n "$(TEST_POSTGRES_URL)" ]; then \
		echo "--- the same suite on PostgreSQL"; \
		DATABASE_URL="$(TEST_POSTGRES_URL)" $(BIN)/pytest; \
	fi

test: lint typecheck migrations-check wordpress-check wagtail-test pytest  ## install test dependencies and run every check and the whole suite

# The intake benchmark drops and creates this database (never the test suite's).
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/bench_errata

bench: install-test  ## benchmarks: intake throughput on SQLite and PostgreSQL beside isso (docs/performance.md)
	$(BIN)/python -m errata.widget.size
	$(BIN)/python -m bench.intake --postgres-url "$(BENCH_POSTGRES_URL)"
	$(BIN)/python -m bench.slow_clients
	$(BIN)/python -m bench.triage.evaluate

docs: install-test  ## regenerate docs/cli.md and docs/settings.md
	$(BIN)/errata docs

clean:  ## remove the virtual environment and local data
	rm -rf $(VENV) var
