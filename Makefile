# Plenaria: `make run` serves the demo forum, `make test` runs the whole suite against the real services.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The services the suite runs against (see README.md, "Testing").
TEST_ENV := DATABASE_URL=$${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} \
	REDIS_URL=$${TEST_REDIS_URL:-redis://127.0.0.1:6379/1} \
	SECRET_KEY=plenaria-test-only-key-0123456789-abcdefghijklmnopqrstuvwxyz \
	DEBUG=false ALLOWED_HOSTS=testserver,127.0.0.1,localhost SECURE_SSL_REDIRECT=false \
	PLENARIA_VAR_DIR=$(CURDIR)/var/test

.PHONY: venv run test test-fast lint bench messages services system-deps clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --size small --if-empty
	@echo "Serving Plenaria on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(VENV)/bin/daphne -b $(HOST) -p $(PORT) forum.asgi:application

system-deps:
	@bash .ci/system-deps

services:
	@bash .ci/services

test: venv system-deps services
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: venv services
	@for script in bench/*.py; do echo "== $$script"; $(TEST_ENV) $(PY) $$script || exit 1; done

messages: venv
	$(PY) manage.py makemessages -l fr -l ar --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
