# Two commands matter: `make demo` (run the app with demo data) and `make test` (what CI checks).

# Bascule runs on Python 3.11 to 3.14 (pyproject.toml). The first of these commands that is
# such a Python is used; name another one with `make PYTHON=/path/to/python3.12 demo`.
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3.14 python3
ifndef PYTHON
PYTHON := $(shell for candidate in $(PYTHON_CANDIDATES); do \
	$$candidate -c 'import sys; sys.exit(not (3, 11) <= sys.version_info < (3, 15))' \
	>/dev/null 2>&1 && { echo $$candidate; break; }; done)
endif
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Quiet: errors and warnings only, without setuptools' notice that every editable install
# of a project laid out like this one gets.
PIP := PYTHONWARNINGS="ignore:Editable installation:UserWarning" \
	$(PY) -m pip --quiet --disable-pip-version-check

# `make demo`: its own SQLite database (demo.sqlite3), e-mails kept in its outbox instead of
# sent, served on 127.0.0.1:$(PORT); links in e-mails follow the port.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)
DEMO_DB := demo.sqlite3
DEMO_ENV := DATABASE_URL=sqlite:///$(CURDIR)/$(DEMO_DB) SITE_URL=$(SITE_URL) DEMO_OUTBOX=true

.PHONY: install messages demo demo-reset serve test lint format clean

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { \
		echo "Bascule needs Python 3.11, 3.12, 3.13 or 3.14: none of $(PYTHON_CANDIDATES) is one."; \
		echo "Install one (e.g. apt-get install python3 python3-venv), or name it:"; \
		echo "  make PYTHON=/path/to/python3.12 $(or $(MAKECMDGOALS),install)"; \
		exit 1; }
	@test -x $(PY) || { echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"; \
		$(PYTHON) -m venv $(VENV); }
	@echo "Installing Bascule and its dependencies into $(VENV) (a few minutes the first time)"
	@$(PIP) install --upgrade pip
	@$(PIP) install -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Compile the translation catalogs (.po -> .mo) with Babel: no system gettext needed.
messages: install
	@$(VENV)/bin/pybabel --quiet compile --domain django --directory locale

demo: messages
	@echo "Preparing the demo database ($(DEMO_DB))"
	@$(DEMO_ENV) $(PY) manage.py migrate --verbosity 0
	@$(DEMO_ENV) $(PY) manage.py seed_demo
	@# One worker sends the queued e-mails beside the server, and stops with it.
	@$(DEMO_ENV) $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Start the demo again from scratch: deletes the database `make demo` created, nothing else.
demo-reset:
	@echo "Deleting $(DEMO_DB), the demo's own database, to start the demo again."
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@$(MAKE) --no-print-directory demo

# `make serve`: the real thing on this machine (docs/deployment.md). gunicorn with DEBUG off,
# static files collected and served by whitenoise, its own SQLite database (serve.sqlite3),
# over plain HTTP on 127.0.0.1:$(PORT). Every variable below can be set in the environment
# instead; these defaults are for this machine only (the secret key above all).
SERVE_DB := serve.sqlite3
serve: SERVE_WORKERS ?= 2
serve: SECRET_KEY ?= make-serve-local-only-never-use-this-key-on-a-real-server
serve: ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: CSRF_TRUSTED_ORIGINS ?= http://127.0.0.1:$(PORT),http://localhost:$(PORT)
serve: DATABASE_URL ?= sqlite:///$(CURDIR)/$(SERVE_DB)
serve: SECURE_SSL_REDIRECT ?= false
serve: SESSION_COOKIE_SECURE ?= false
serve: CSRF_COOKIE_SECURE ?= false
serve: SECURE_HSTS_SECONDS ?= 0
SERVE_ENV = DEBUG=false SECRET_KEY="$(SECRET_KEY)" ALLOWED_HOSTS="$(ALLOWED_HOSTS)" \
	CSRF_TRUSTED_ORIGINS="$(CSRF_TRUSTED_ORIGINS)" DATABASE_URL="$(DATABASE_URL)" \
	SITE_URL="$(SITE_URL)" SECURE_SSL_REDIRECT="$(SECURE_SSL_REDIRECT)" \
	SESSION_COOKIE_SECURE="$(SESSION_COOKIE_SECURE)" CSRF_COOKIE_SECURE="$(CSRF_COOKIE_SECURE)" \
	SECURE_HSTS_SECONDS="$(SECURE_HSTS_SECONDS)"

serve: messages
	@$(SERVE_ENV) $(PY) manage.py migrate --verbosity 0
	@$(SERVE_ENV) $(PY) manage.py load_training > /dev/null
	@$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving with gunicorn, DEBUG off, on http://127.0.0.1:$(PORT) ($(SERVE_DB))"
	@$(SERVE_ENV) $(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) \
		--workers $(SERVE_WORKERS) --access-logfile -

test: messages
	$(PY) scripts/run_tests.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles artifacts bascule.sqlite3* $(DEMO_DB)* $(SERVE_DB)*
