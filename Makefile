# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run`'s links (emails, feed entry ids) point where it serves, unless TINTE_SITE_URL
# (environment or command line) says otherwise. Not for `make serve`: there HOST and PORT
# are gunicorn's, behind nginx, and the blog's address must be set (check --deploy says so).
RUN_SITE_URL = $(or $(TINTE_SITE_URL),http://$(HOST):$(PORT))

.PHONY: run serve test security bench install messages translations lint format

# The W3C Nu HTML checker for the validity tests, from npm into var/ (needs npm and Java;
# without them those tests skip and say so).
VNU_VERSION := 26.9.27
VNU := var/vnu/node_modules/vnu-jar/build/dist/vnu.jar

# Reinstall whenever the declared dependencies change.
$(BIN)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test,postgres,redis]"
	touch $@

install: $(BIN)/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules

# After changing user-facing strings: extract them into locale/de, translate, commit.
translations: install
	$(PY) manage.py makemessages -l de --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l de --ignore=.venv --ignore=var --ignore=tests --no-obsolete

run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_content
	TINTE_SITE_URL='$(RUN_SITE_URL)' $(PY) manage.py demo_comments  # its emails link there too
	$(PY) manage.py ensure_admin --base-url http://$(HOST):$(PORT)
	@echo "Serving the blog at http://$(HOST):$(PORT)/ (Ctrl-C stops it)."
	@echo "(Pages are not cached here, so that a changed template shows at once; make serve caches.)"
	DJANGO_SECURE_COOKIES=0 TINTE_SERVE_MEDIA=1 TINTE_PAGE_CACHE_SECONDS=0 \
		TINTE_SITE_URL='$(RUN_SITE_URL)' $(PY) manage.py runserver --insecure $(HOST):$(PORT)

# The production way to run Tinte: gunicorn, static files with hashed names through
# WhiteNoise, DEBUG off. Put nginx (docs in README) with HTTPS in front of it. Before gunicorn
# starts, it says what would not work for readers (blog/checks.py: no TINTE_SITE_URL for the
# links in emails, nothing in front to serve the uploads).
serve: messages
	$(PY) manage.py migrate --noinput
	TINTE_HASHED_STATIC=1 $(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py ensure_admin --base-url http://$(HOST):$(PORT)
	DJANGO_DEBUG=0 $(PY) manage.py check --deploy --tag tinte
	TINTE_HASHED_STATIC=1 DJANGO_DEBUG=0 TINTE_BIND=$(HOST):$(PORT) \
		$(BIN)/gunicorn -c config/gunicorn.py

# Static security lint of Tinte's code, then sqlmap against a throwaway local server
# (loopback only, a few minutes at most). See README, "Running it for real".
security: install
	$(BIN)/bandit -q -r blog comments config -x "*/migrations/*"
	.ci/security-scan

# How fast Tinte serves a large blog on this machine (README, "How fast it is"): seeds one in
# var/bench/, serves it with gunicorn and nginx on 127.0.0.1 and drives it with wrk, which
# are installed here when missing. BENCH_ARGS="--posts 1000 --seconds 3" for a quick look;
# BENCH_ARGS=--help lists the options.
bench: messages
	@command -v wrk >/dev/null && PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || \
		{ test "$$(id -u)" = 0 && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx; } || true
	$(PY) -m tests.bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VNU):
	@if command -v npm >/dev/null; then \
		npm install --prefix var/vnu --no-audit --no-fund --silent vnu-jar@$(VNU_VERSION); \
	else echo "npm not found: the HTML validity test will be skipped."; fi

test: messages lint $(VNU)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)
