# Plenary: `make run` serves the demo conferences, `make test` runs everything CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST := $(PY) -m pytest
PYTEST_ARGS ?= -q -n 2
HOST ?= 127.0.0.1
PORT ?= 8000
RUN_ENV := DEBUG=1 SITE_URL=http://$(HOST):$(PORT)
# make serve: production settings over plain http on loopback (PLENARY_LOCAL_HTTP), its own database unless
# DATABASE_URL says otherwise (make run's demo accounts would be deleted: DEBUG off has none), mail printed here.
WORKERS ?= 1
SERVE_DATABASE_URL := $(or $(DATABASE_URL),sqlite:///$(CURDIR)/serve.sqlite3)
SERVE_ENV := DEBUG=0 PLENARY_LOCAL_HTTP=1 ALLOWED_HOSTS=$(HOST),localhost SITE_URL=http://$(HOST):$(PORT) \
	CSRF_TRUSTED_ORIGINS=http://$(HOST):$(PORT) DATABASE_URL=$(SERVE_DATABASE_URL) \
	EMAIL_BACKEND=$(or $(EMAIL_BACKEND),plenary.console_mail.EmailBackend) GUNICORN_BIND=$(HOST):$(PORT)

.PHONY: help run serve test lint migrations-check test-sqlite test-postgres test-browser messages compilemessages screenshots bench load mfa-code clean

help:
	@echo "make run    set up .venv, migrate, load the demo conferences and serve http://$(HOST):$(PORT)"
	@echo "make serve  the production stack on this machine: gunicorn, workers under nice, DEBUG off (PORT, WORKERS, DATABASE_URL)"
	@echo "make test   lint, migrations check, tests on SQLite and PostgreSQL, browser tests in Chromium"

$(VENV)/.installed-run: requirements.txt
	@test -x $(PY) || { PYTHON_BIN=$$(.ci/find-python) && $$PYTHON_BIN -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

compilemessages: $(VENV)/.installed-run
	@if command -v msgfmt >/dev/null; then DEBUG=1 $(MANAGE) compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt (gettext) not installed: using the committed .mo files"; fi

messages: $(VENV)/.installed-dev
	DEBUG=1 $(MANAGE) makemessages -l ar -l fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	DEBUG=1 $(MANAGE) compilemessages --ignore=.venv

run: $(VENV)/.installed-run compilemessages
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo
	$(RUN_ENV) $(MANAGE) fail_stale_jobs  # jobs a previous worker left unfinished
	@echo
	@echo "  Tenth (open):   http://$(HOST):$(PORT)/en/tenth-conference/   (Arabic: /ar/tenth-conference/)"
	@echo "  Ninth (2025):   http://$(HOST):$(PORT)/en/brussels-2025/   (archived, recommendations published)"
	@echo "  Secretariat:    http://$(HOST):$(PORT)/en/accounts/login/  as secretariat@plenary.example / plenary-demo"
	@echo "  Admin:          http://$(HOST):$(PORT)/admin/   (same account; e-mails print in this terminal)"
	@echo
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(MANAGE) run_worker & worker=$$!; \
	$(RUN_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# The secret key of make serve: generated once, kept out of git (.gitignore).
.secret-key:
	@umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: $(VENV)/.installed-run compilemessages .secret-key
	@export SECRET_KEY=$$(cat .secret-key) $(SERVE_ENV); \
	$(MANAGE) collectstatic --noinput -v 0 && $(MANAGE) migrate --noinput -v 0 && \
	$(MANAGE) createcachetable -v 0 && $(MANAGE) load_demo && $(MANAGE) fail_stale_jobs || exit 1; \
	echo; \
	echo "  Production stack on http://$(HOST):$(PORT)/ (gunicorn, $(WORKERS) worker(s) under nice, DEBUG off)"; \
	echo "  Tenth (open):   http://$(HOST):$(PORT)/en/tenth-conference/"; \
	echo "  Health:         http://$(HOST):$(PORT)/healthz"; \
	echo "  No demo accounts with DEBUG off: manage.py createsuperuser, then send_mfa_invitation (mail prints here)"; \
	echo; \
	pids=(); trap 'kill $${pids[@]} 2>/dev/null; wait' EXIT INT TERM; \
	for i in $$(seq $(WORKERS)); do nice -n 10 $(MANAGE) run_worker & pids+=($$!); done; \
	$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py & pids+=($$!); \
	wait $${pids[-1]}

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(VENV)/.installed-dev
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

test-sqlite: $(VENV)/.installed-dev compilemessages
	$(PYTEST) $(PYTEST_ARGS) -m "not browser"

# A throwaway PostgreSQL server from the Debian binaries; without them the pass is skipped loudly (failed in CI).
# It runs tests/deploy/test_scale_out.py too: two gunicorn instances and two workers behind nginx.
test-postgres: $(VENV)/.installed-dev compilemessages
	@if url=$$(.ci/pg-test-server start); then \
		trap '.ci/pg-test-server stop' EXIT; \
		echo "PostgreSQL pass on $$url (private files in the database, as on several machines)"; \
		DATABASE_URL=$$url PLENARY_FILE_STORAGE=database $(PYTEST) $(PYTEST_ARGS) -m "not browser"; \
	elif [ "$$CI" = "true" ]; then echo "CI: PostgreSQL is required" >&2; exit 1; \
	else echo; echo "!!!!!! PostgreSQL NOT INSTALLED: PostgreSQL TESTS SKIPPED (apt-get install postgresql) !!!!!!"; echo; fi

test-browser: $(VENV)/.installed-dev compilemessages
	@if [ -x /usr/bin/chromium ]; then $(PYTEST) -q -m browser; \
	elif [ "$$CI" = "true" ]; then echo "CI: /usr/bin/chromium is required" >&2; exit 1; \
	else echo; echo "!!!!!! /usr/bin/chromium NOT INSTALLED: BROWSER TESTS SKIPPED (apt-get install chromium) !!!!!!"; echo; fi

test: lint migrations-check test-sqlite test-postgres test-browser

screenshots: $(VENV)/.installed-dev
	PLENARY_SCREENSHOTS=docs/screenshots $(PYTEST) -q -m browser tests/browser/test_screenshots.py

bench: $(VENV)/.installed-dev
	@for script in bench/[!_]*.py; do case $$script in bench/locustfile.py|bench/load_*) continue;; esac; \
		echo "== $$script"; DEBUG=1 $(PY) $$script || exit 1; done

# The load tests (Locust against gunicorn, db_workers, nginx and PostgreSQL started by bench/_stack.py): 5 and
# 10 minutes at their full lengths; LOAD_ARGS="--duration 60" for a short run.
load: $(VENV)/.installed-dev
	$(PY) bench/load_rush.py $(LOAD_ARGS)
	$(PY) bench/load_door.py $(LOAD_ARGS)

mfa-code: $(VENV)/.installed-run
	@DEBUG=1 $(MANAGE) shell -v0 -c "import time; from allauth.mfa.totp.internal.auth import hotp_value, format_hotp_value; print(format_hotp_value(hotp_value('PLENARYDEMOSECRETPLENARYDEMO2345', int(time.time()) // 30)))"

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm serve.sqlite3 serve.sqlite3-wal serve.sqlite3-shm
