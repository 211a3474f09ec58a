# Two commands on a fresh machine with Python 3.11+:  make run  and  make test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
UV     := $(BIN)/uv

export NO_MKDOCS_2_WARNING := 1

.PHONY: run check site serve preview test bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly the pinned versions (hash-checked), then the project itself.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	touch $@

# Check the content, build the site, and serve it at http://127.0.0.1:$(PORT)/
run: check site serve

check: $(VENV)/.installed
	$(BIN)/top100 check

site: $(VENV)/.installed
	$(BIN)/mkdocs build

serve: $(VENV)/.installed
	@echo "Serving site/ at http://127.0.0.1:$(PORT)/ (Ctrl+C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory site

# Live preview for editors: rebuilds when anything in content/ or themes/ changes.
preview: $(VENV)/.installed
	TOP100_SEARCH=false $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.check_speed
	$(BIN)/python -m benchmarks.site_build

# Re-pin after changing dependencies in pyproject.toml (needs the network to PyPI).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet -o requirements.lock
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet --extra test -o requirements-test.lock

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
