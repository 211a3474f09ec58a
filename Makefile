# Two commands on a fresh machine with Python 3.11+:  make run  and  make test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
UV     := $(BIN)/uv

export NO_MKDOCS_2_WARNING := 1

.PHONY: run check site serve preview test bench lock clean system-deps tools lighthouse

# Debian packages the tests use (a real Redis, PostgreSQL and nginx (with its brotli_static
# module) for the production topology, wrk for its load, a real browser, pdftotext and zbarimg to read
# the printed access codes back, Node.js and Java for axe-core, Lighthouse and the W3C
# checker); installed when missing.
SYSTEM_PACKAGES := redis-server postgresql chromium chromium-driver poppler-utils zbar-tools \
  nodejs openjdk-17-jre-headless nginx libnginx-mod-http-brotli-static wrk openssl systemd

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Each use installs exactly its pinned versions (hash-checked), then the project itself:
#   .installed-site  build the site and check content (core + site extra)
#   .installed-vote  run the voting service (core + vote extra)
#   .installed-test  everything, with the test tools
# The lock files are made together by `make lock`, so a package has one version in all of them.
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check

$(VENV)/.installed-project: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --no-deps -e .
	touch $@

$(VENV)/.installed-site: requirements-site.lock | $(VENV)/.installed-project
	$(PIP_INSTALL) --require-hashes -r requirements-site.lock
	touch $@

$(VENV)/.installed-vote: requirements-vote.lock | $(VENV)/.installed-project
	$(PIP_INSTALL) --require-hashes -r requirements-vote.lock
	touch $@

$(VENV)/.installed-test: requirements-test.lock | $(VENV)/.installed-project
	$(PIP_INSTALL) --require-hashes -r requirements-test.lock
	touch $@

# Check the content, build the site, import the contests, and serve the site and the
# voting API from one origin at http://127.0.0.1:$(PORT)/ (embedded SQLite in instance/).
run: check site serve

# The demo clock (site_builder/democlock.py): `make run` shows the demo content on this day
# of its calendar, at the real time of day, so the demo regional vote of 2026 is open on any
# day of any year. `make site` and `make serve` alone run on the real calendar;
# `TOP100_DEMO_DATE= make run` does too.
DEMO_DATE ?= 2026-10-12
run: export TOP100_DEMO_DATE ?= $(DEMO_DATE)
# Absolute URLs (canonical, hreflang, og:image, sitemap) follow the port `make run` serves on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)/

check: $(VENV)/.installed-site
	$(BIN)/top100 check

# The vote pages show the key that signs the ledgers: TOP100_LEDGER_PUBLIC_KEY, or the key
# of the local service (made here if missing, the same file `make serve` signs with), which
# takes the vote's libraries too.
LEDGER_KEY_FILE ?= instance/ledger-ed25519.pem
LEDGER_PUBLIC = from pathlib import Path; from voting.notary import load_or_create, public_hex; \
  print(public_hex(load_or_create(Path('$(LEDGER_KEY_FILE)'))))
# Already compressed: photos, fonts, Pagefind's index (gzip inside).
STORED := jpg jpeg png gif webp woff woff2 gz br zip pf_fragment pf_index pf_meta pagefind pdf xlsx
# Then gzip and brotli copies of every text file, which WhiteNoise sends to browsers that take them.
site: $(VENV)/.installed-site $(VENV)/.installed-vote
	TOP100_LEDGER_PUBLIC_KEY="$${TOP100_LEDGER_PUBLIC_KEY:-$$($(BIN)/python -c "$(LEDGER_PUBLIC)")}" $(BIN)/mkdocs build
	$(BIN)/python -m whitenoise.compress -q site $(STORED)

instance/secret_key:
	mkdir -p instance
	$(PYTHON) -c "import secrets; print(secrets.token_hex(32))" > $@
	chmod 600 $@

serve: $(VENV)/.installed-vote instance/secret_key
	TOP100_SECRET_KEY_FILE=instance/secret_key $(BIN)/flask --app voting contests import
	@echo "Serving the site and /api/v1 at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	@if [ -n "$$TOP100_DEMO_DATE" ]; then echo "Demo clock: the site and the vote take $$TOP100_DEMO_DATE as today"; fi
	@echo "E-mail codes go to instance/outbox/ (and the log), not to a mail server."
	TOP100_SECRET_KEY_FILE=instance/secret_key TOP100_SITE_DIR=site TOP100_OUTBOX=instance/outbox \
	  $(BIN)/python -m voting.localserver --port $(PORT)

# Live preview for editors: rebuilds when anything in content/ or themes/ changes.
preview: $(VENV)/.installed-site
	TOP100_SEARCH=false TOP100_PRINT=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The measuring tools (axe-core, the Nu HTML checker, Lighthouse), pinned in
# benchmarks/package-lock.json; nothing is downloaded when they run.
TOOLS := benchmarks/node_modules/.installed
tools: $(TOOLS)
$(TOOLS): benchmarks/package.json benchmarks/package-lock.json | system-deps
	@command -v npm >/dev/null || $(MAKE) system-deps SYSTEM_PACKAGES=npm
	cd benchmarks && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(VENV)/.installed-test system-deps $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

# Lighthouse (mobile) on the kk home, a profile and a vote page of a `make run`-like server.
lighthouse: $(VENV)/.installed-test $(TOOLS) system-deps
	$(BIN)/python -m benchmarks.lighthouse

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.check_speed
	$(BIN)/python -m benchmarks.site_build

# Re-pin after changing dependencies in pyproject.toml (needs the network to PyPI). The test
# lock resolves everything at once; the others are resolved within it, so they agree.
LOCK := $(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(LOCK) --extra test -o requirements-test.lock
	$(LOCK) -c requirements-test.lock -o requirements.lock
	$(LOCK) -c requirements-test.lock --extra site -o requirements-site.lock
	$(LOCK) -c requirements-test.lock --extra vote -o requirements-vote.lock

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
