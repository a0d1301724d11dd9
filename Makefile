# The HIGM course. Two commands do everything on a fresh machine:
#   make lab    create the environment and open the course in JupyterLab
#   make test   create the environment if needed and run every test (real-browser ones
#               included: Chromium is installed if missing and possible, else it stops)
# Other targets: test-fast (all but the browser tests), present LESSON=NN, bench, snapshot,
# strip, lint, lock, clean, help; for a class on JupyterHub (deploy/): class-test, class-link.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8888
LESSON ?=
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
BENCH_ARGS ?=

# No display (a server, a container, CI): do not try to open a browser.
NO_BROWSER := $(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(filter Darwin,$(shell uname -s))),,--no-browser)
# Jupyter refuses to run as root unless told; allow it where we are root.
ROOT_FLAG  := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help venv lab chromium test test-fast bench present snapshot strip lint lock clean \
	class-test class-link

help:
	@sed -n '1,7p' Makefile | sed 's/^# \{0,1\}//'

$(BIN)/python:
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

# Reinstall (into the same environment) whenever the pins or settings change.
$(STAMP): $(BIN)/python pyproject.toml requirements/constraints.txt jupyter-config/overrides.json jupyter-config/voila.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[test]'
	$(BIN)/python tools/install_jupyter_settings.py
	@touch $@

venv: $(STAMP)

lab: $(STAMP)
	@echo "Starting JupyterLab on http://$(HOST):$(PORT)/lab/tree/00_start_here.ipynb (the lessons folder)"
	@echo "(open the full URL with its token, printed below; stop with Ctrl+C)"
	$(BIN)/jupyter-lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 $(NO_BROWSER) $(ROOT_FLAG) notebooks/00_start_here.ipynb

# The browser tests must run, never skip: Chromium first (before the long install).
chromium:
	@sh tools/ensure_chromium.sh

# Lint, the import contract (layers, no cycles: see pyproject.toml), the type checker,
# then every test (the packaging test builds and installs the wheel outside the checkout).
test: chromium $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy
	HIGM_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

# Everything except the real-browser tests, for quick runs (no Chromium needed).
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not browser" $(PYTEST_ARGS)

# Speed against the design's budgets; exits 1 over budget. Results: build/bench/results.json.
# A subset: make bench BENCH_ARGS="--only import,kernel --lessons 02,09"
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

present: $(STAMP)
	@if [ -z "$(LESSON)" ]; then echo "usage: make present LESSON=NN (for example LESSON=00)" >&2; exit 2; fi
	@nb=$$($(BIN)/python -m higm_lessons.course notebook "$(LESSON)") || exit 2; \
	echo "Presenting $$nb in Voila on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"; \
	$(BIN)/voila --Voila.ip=$(HOST) --port=$(PORT) $(NO_BROWSER) "$$nb"

# A class rehearsal on this machine (deploy/class-test/rehearsal.py): a real JupyterHub on
# 127.0.0.1 with configurable-http-proxy (installed here by npm ci), LEARNERS simulated
# learners and the live classroom's security checks; about 2 minutes for 3 learners.
# For the class-size figures, on a quiet machine: make class-test LEARNERS="5 10 20"
LEARNERS ?= 3
CLASS_LESSON ?= antibodies_in_early_life
HUB_STAMP := $(VENV)/.hub-installed
CHP := deploy/class-test/node_modules/.bin/configurable-http-proxy

$(HUB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[test,hub]'
	@touch $@

$(CHP): deploy/class-test/package.json deploy/class-test/package-lock.json
	npm ci --prefix deploy/class-test --no-audit --no-fund
	@touch $@

class-test: $(HUB_STAMP) $(CHP)
	$(BIN)/python -m pytest -p no:cacheprovider -q tests/test_class_link.py \
		tests/test_classroom_store.py tests/test_classroom_client.py tests/test_deploy.py
	$(BIN)/python deploy/class-test/rehearsal.py --learners $(LEARNERS) --lesson $(CLASS_LESSON)

# The link a class clicks, pinned to a release: make class-link REF=v1.2.0 HUB=https://your.hub
class-link:
	@if [ -z "$(REF)" ]; then echo "usage: make class-link REF=<release tag> HUB=<hub address>" >&2; exit 2; fi
	@$(PYTHON) deploy/class_link.py --ref "$(REF)" $(if $(HUB),--hub "$(HUB)")

snapshot: $(STAMP)
	$(BIN)/python tools/snapshot_outputs.py

# --keep-id: nbstripout would otherwise renumber every cell id, and the ids name the
# expected outputs in tests/expected_outputs/.
strip: $(STAMP)
	$(BIN)/nbstripout --keep-id --drop-empty-cells notebooks/*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy

lock: $(STAMP)
	@{ echo "# Exact versions the course was tested with (pip freeze of .venv). Regenerate with 'make lock'."; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^-e' -e '^pip==' | sort -f; } > requirements/constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .hypothesis test-artifacts build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
