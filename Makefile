# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-fast fuzz lint typecheck bench bench-optimise clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/collectsim run experiments/quickstart.toml

test: $(STAMP)
	$(PY) -m pytest -q -n auto --durations=15

# the edit loop: everything but the tests marked slow (whole experiments, reports, subprocesses)
test-fast: $(STAMP)
	$(PY) -m pytest -q -n auto -m "not slow"

# thousands of new fuzz cases (tests/cli/test_fuzz.py), with how each ended
fuzz: $(STAMP)
	$(PY) -m pytest -q tests/cli/test_fuzz.py --hypothesis-profile=fuzz --hypothesis-show-statistics

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) benchmarks/run.py

# the issue's optimisation (200 trials x 3 replications x 10k borrowers x 365 days, 2 workers)
bench-optimise: $(STAMP)
	$(PY) benchmarks/optimise.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
