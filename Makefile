# iopkit: two commands for a newcomer: `make lab` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.iopkit-installed
PYTEST := $(BIN)/python -m pytest
NBVAL  := --nbval notebooks --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout=180

CHP    := artifacts/chp/node_modules/.bin/configurable-http-proxy
LOADTEST_N ?= 20

# Where `make lab` and `make workshop` listen: `make workshop PORT=9000 IP=0.0.0.0`.
IP ?= 127.0.0.1
lab: PORT ?= 8888
workshop: PORT ?= 8866

.PHONY: fuzz help setup lab test test-fast lint notebooks schema workshop bench hub-test loadtest clean

help:
	@echo "make lab       set up .venv and open the kit in JupyterLab (PORT=8888, IP=127.0.0.1)"
	@echo "make test      set up .venv and run every test (unit, doctest, nbval, browser)"
	@echo "make workshop  serve the notebooks code-free with Voila (PORT=8866, IP=127.0.0.1)"
	@echo "make notebooks re-execute the notebooks in place (review, then commit)"
	@echo "make bench     print the benchmark figures"
	@echo "make fuzz      throw 100,000 broken files at the commands and loaders (long)"
	@echo "make hub-test  3 trainees answer and hand in, the debrief shows them (JupyterHub; then real Unix users, as root)"
	@echo "make loadtest  N trainees at once (LOADTEST_N=20) against Voila, or a hub (LOADTEST_HUB=URL)"
	@echo "make lint      ruff and mypy"
	@echo "make schema    regenerate iopkit/vignettes/vignette.schema.json from the models"

# The virtual environment is (re)built when missing, broken, or older than pyproject.toml.
$(STAMP): pyproject.toml
	@if ! $(BIN)/python -c "import sys" >/dev/null 2>&1; then \
		echo "Creating $(VENV) ..."; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=$(IP) --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test: $(STAMP)
	$(BIN)/ruff check iopkit tests benchmarks tools
	$(BIN)/ruff format --check iopkit tests benchmarks tools
	$(BIN)/mypy
	$(PYTEST) -q iopkit tests --ignore=tests/hub -m "not hub" $(NBVAL)

test-fast: $(STAMP)
	$(PYTEST) -q -x iopkit tests --ignore=tests/hub -m "not browser and not hub"

lint: $(STAMP)
	$(BIN)/ruff check iopkit tests benchmarks tools
	$(BIN)/ruff format --check iopkit tests benchmarks tools
	$(BIN)/mypy

notebooks: $(STAMP)
	$(BIN)/python tools/run_notebooks.py notebooks

schema: $(STAMP)
	$(BIN)/python -m iopkit.vignettes.schema

# Laptop/demo mode: each trainee page waits ready in a preheated kernel (tools/workshop/voila.json,
# read beside ./voila.json:
# a pool per notebook; the debrief and the editor are never preheated). WORKSHOP_PREHEAT=0: plain.
WORKSHOP_PREHEAT ?= 1
workshop: $(STAMP)
	$(BIN)/voila notebooks --no-browser --port=$(PORT) --Voila.ip=$(IP) --VoilaExecutor.iopub_timeout=60 \
		$(if $(filter 1,$(WORKSHOP_PREHEAT)),--Voila.config_file_paths=. --Voila.config_file_paths=tools/workshop)

fuzz: $(STAMP)
	IOPKIT_FUZZ_EXAMPLES=$${IOPKIT_FUZZ_EXAMPLES:-25000} $(PYTEST) -q -s -p no:randomly tests/test_fuzz_inputs.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# configurable-http-proxy in its own npm prefix (an `npm install --no-save` elsewhere would prune
# the browser tests' axe-core). Needs Node and npm (`.ci/run` installs Debian's when missing).
$(CHP):
	npm install --no-save --no-audit --no-fund --prefix artifacts/chp configurable-http-proxy@5

# Everything the hub starts carries HUBTEST_RUN=<marker>; the sweep afterwards kills whatever
# carries this run's marker even if pytest itself was killed.
hub-test: $(STAMP) $(CHP)
	$(BIN)/python -m pip install --quiet "jupyterhub>=5.3"
	@marker=$$($(BIN)/python -c "import uuid; print(uuid.uuid4().hex)"); \
	HUBTEST_RUN=$$marker $(PYTEST) -q -s -p no:randomly tests/hub -m hub; status=$$?; \
	$(BIN)/python tools/testhub.py sweep $$marker; exit $$status

loadtest: $(STAMP)
	@if [ -n "$(LOADTEST_HUB)" ]; then $(MAKE) --no-print-directory $(CHP); \
		$(BIN)/python -m pip install --quiet "jupyterhub>=5.3"; fi
	$(BIN)/python -m benchmarks.loadtest --trainees $(LOADTEST_N) $(if $(LOADTEST_HUB),--hub $(LOADTEST_HUB))

clean:
	rm -rf $(VENV) artifacts .bench
