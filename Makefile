# Two commands: `make run` serves the hub with demo content, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The site's public address: every absolute URL it writes (sitemap, feeds, API, og links…).
BASE_URL ?= http://127.0.0.1:$(PORT)
export BASE_URL

.PHONY: run test lint format search-engine search-engine-stop

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_admin
	@# The background worker (search index, e-mails, scheduled publishing, kit ZIPs, query log)
	@# runs beside the dev server and stops with it.
	@$(PY) manage.py worker -v0 & worker=$$!; \
	trap "kill $$worker 2>/dev/null; wait $$worker" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-dev
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_e2e_tools.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	bash scripts/test.sh

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# A real OpenSearch node from Maven Central jars, on 127.0.0.1:9200 (foreground).
search-engine:
	bash search/engine/run.sh foreground
