# Salon: `make demo` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo demo-reset serve install install-dev test test-fast lint format typecheck bench chromium idp clean messages gettext

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

$(DEV_STAMP): requirements.lock requirements-dev.lock $(STAMP)
	$(BIN)/pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $@

install: $(STAMP)

install-dev: $(DEV_STAMP)

# Links the demo builds (invitations, emails, calendar feeds) point at the port it serves
# on, unless SALON_BASE_URL is set explicitly.
DEMO_ENV = SALON_BASE_URL="$${SALON_BASE_URL:-http://127.0.0.1:$(PORT)}"

## demo: install, migrate, seed both case studies (or reuse them) and serve on
## http://127.0.0.1:$(PORT); running it again keeps whatever people did in the demo
demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Salon is starting on http://127.0.0.1:$(PORT)  (Ctrl-C stops it)"
	$(DEMO_ENV) $(BIN)/python manage.py run_salon --port $(PORT)

## demo-reset: start the demo over; says what it deletes and asks first (YES=1 skips the question)
demo-reset: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py reset_demo $(if $(YES),--yes)

## chromium: the browser the Playwright tests drive (Debian's package)
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## gettext: the tools `make messages` needs (Debian's package); nothing else needs them, as
## the compiled catalogues are committed
gettext:
	@if ! command -v msgfmt >/dev/null 2>&1 || ! command -v xgettext >/dev/null 2>&1; then \
		echo "Installing Debian's gettext for the translation catalogues"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq gettext >/dev/null; \
	fi

## messages: gather every string marked for translation into salon/locale/<language>/
## LC_MESSAGES/django.po (new ones arrive untranslated), then compile the .mo files; commit
## both (docs/languages.md)
MESSAGE_IGNORES = --ignore ".venv/*" --ignore "staticfiles/*" --ignore "var/*" --ignore "bench/*" --ignore "tests/*" --ignore "*/tests/*"
messages: install-dev gettext
	$(BIN)/python manage.py makemessages --all -e html,txt,py --add-location file $(MESSAGE_IGNORES)
	$(BIN)/python manage.py compilemessages $(MESSAGE_IGNORES)

## idp: the identity provider the sign-in tests run on loopback (npm's oidc-provider, in
## tests/idp; for the tests only, never a dependency of Salon itself); Debian's node if needed
IDP_STAMP := tests/idp/node_modules/.package-lock.json
$(IDP_STAMP): tests/idp/package.json tests/idp/package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "Installing Debian's node and npm for the sign-in tests' identity provider"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	npm ci --prefix tests/idp --no-audit --no-fund --loglevel=error
	touch $@

idp: $(IDP_STAMP)

## test: install what the tests need and run the whole suite
test: install-dev chromium idp
	$(BIN)/python manage.py collectstatic --no-input -v 0
	$(BIN)/pytest -n 2 -q -m "not browser"
	# Browser journeys run in their own processes: Playwright's event loop would otherwise
	# stay in the test thread and break async code (Channels) in later tests.
	$(BIN)/pytest -n 2 -q -m browser

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck:
	$(BIN)/mypy salon

## bench: build a large community, serve its pages with gunicorn (2 sync workers) next to a
## plain Django hello world on the same, and measure both from another process in the same
## rounds (bench/README.md; options through BENCH_ARGS, e.g. BENCH_ARGS="--show-queries")
BENCH_ARGS ?=
bench: install-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles var/test.sqlite3* tests/idp/node_modules
