# Verbatim: `make run` serves the site with demo data, `make test` runs lint and every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Canonical links, Open Graph addresses and feeds name the address the site is served at.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test lint format migrations-check demo clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Verbatim needs Python 3.11 or newer (set PYTHON=python3.x).")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

run: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "Verbatim is at http://$(HOST):$(PORT)/ and the editors' admin at http://$(HOST):$(PORT)/admin/"
	@echo "No account exists yet. Create one with:  $(PY) manage.py createsuperuser"
	@echo "then add editors in the admin (Users > Add user, tick 'Staff status', group 'Editors')."
	@echo ""
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

test: lint migrations-check
	$(PY) -m pytest

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
