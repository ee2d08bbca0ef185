# Two commands: `make run` opens the trainer, `make test` runs the whole suite headless.
# Both create the virtual environment in .venv and install the project first.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# A real Learning Record Store (Ralph) for the tests, in its own environment.
LRS_VENV  := .venv-lrs
LRS_STAMP := $(LRS_VENV)/.installed-stamp

# The long fuzz run: this many Hypothesis cases per reader (scenario, attempt, pack, results).
FUZZ_CASES   ?= 200000
FUZZ_READERS ?= scenario,attempt,pack,results

.PHONY: run test lint bench fuzz screenshots dist dist-check clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cwstrainer needs Python 3.11 or newer; found " + sys.version.split()[0])'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

$(LRS_STAMP):
	@test -x $(LRS_VENV)/bin/python || $(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet 'ralph-malph[cli,lrs]==5.1.0' requests
	@touch $(LRS_STAMP)

# The pre-flight names (and, as root, installs) the Debian packages Qt's window needs.
run: $(STAMP)
	$(PY) scripts/preflight.py
	$(PY) main.py

LINTED := $(wildcard cwstrainer ui tests benchmarks main.py)

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/mypy

test: $(STAMP) $(LRS_STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Every reader fed FUZZ_CASES hostile inputs; prints per reader the cases tried, every
# uncaught exception (type, place, a minimal input) and every case over 5 s. (`make test`
# runs the same readers at a budget of about half a minute: tests/fuzz.)
fuzz: $(STAMP)
	$(PY) -m tests.fuzz.run --cases $(FUZZ_CASES) --readers $(FUZZ_READERS)

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py

# A one-folder build for lab laptops without Python (PyInstaller; packaging/cwstrainer.spec).
# PyInstaller is installed here only, never by the test extra.
dist: $(STAMP)
	$(PY) -m pip install --quiet 'pyinstaller>=6.10'
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/cwstrainer.spec && \
	tar -C dist -czf dist/cwstrainer-linux-$$(uname -m).tar.gz cwstrainer && \
	echo "dist: built dist/cwstrainer/ in $$(( $$(date +%s) - start )) s:" \
		"$$(du -sh dist/cwstrainer | cut -f1) folder," \
		"$$(du -sh dist/cwstrainer-linux-$$(uname -m).tar.gz | cut -f1) archive"

# Starts the built program offscreen, from a copy, without Python; checks its screenshots.
dist-check:
	$(PYTHON) scripts/check_dist.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) main.py --screenshots docs/screenshots

clean:
	rm -rf $(VENV) $(LRS_VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
