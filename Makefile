# Two commands: `make run` opens the trainer, `make test` runs the whole suite headless.
# Both create the virtual environment in .venv and install the project first.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench screenshots clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cwstrainer needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) main.py

LINTED := $(wildcard cwstrainer ui tests benchmarks main.py)

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/mypy

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) main.py --screenshots docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
