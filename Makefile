# Two commands on a fresh machine with Python 3.11+:  make run  and  make test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
UV     := $(BIN)/uv

.PHONY: run check test lint bench lock clean

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

run: check

check: $(VENV)/.installed
	$(BIN)/top100 check

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.check_speed

# Re-pin after changing dependencies in pyproject.toml (needs the network to PyPI).
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet -o requirements.lock
	$(UV) pip compile pyproject.toml --python-version 3.11 --generate-hashes --quiet --extra test -o requirements-test.lock

clean:
	rm -rf $(VENV) site .pytest_cache .mypy_cache .ruff_cache
