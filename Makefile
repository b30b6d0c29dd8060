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

# Exact versions: requirements/dev.lock (the suite, lint) and requirements/prod.lock (deploys),
# made by `make lock` from the ranges in pyproject.toml. Installing needs only pip.
UV_VERSION := 0.13.9
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
	--custom-compile-command "make lock" --quiet $(LOCK_ARGS)

.PHONY: venv lock run test test-fast lint bench messages services system-deps clean

$(VENV)/.installed: requirements/dev.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@# Fails when pyproject.toml asks for something the lock does not give: run `make lock`.
	$(PY) -m pip check
	touch $@

venv: $(VENV)/.installed

# Re-resolve both locks after changing a range in pyproject.toml, keeping the pinned versions that
# still fit; `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed. uv is needed
# only here.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet 'uv==$(UV_VERSION)'
	$(UV_COMPILE) --extra dev -o requirements/dev.lock
	$(UV_COMPILE) -o requirements/prod.lock

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
	$(VENV)/bin/lint-imports --no-logo

bench: venv services
	@for script in bench/*.py; do echo "== $$script"; $(TEST_ENV) $(PY) $$script || exit 1; done

messages: venv
	$(PY) manage.py makemessages -l fr -l ar --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
