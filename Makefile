# The HIGM course. Two commands do everything on a fresh machine:
#   make lab    create the environment and open the course in JupyterLab (the student
#               edition in build/student/, where a learner's own changes are kept)
#   make test   create the environment if needed and run every test (real-browser ones
#               included: Chromium is installed if missing and possible, else it stops)
#   make book   build the read-only edition, offline: build/book/ (open index.html; any
#               static host can serve it) and one PDF per lesson in build/book/pdf/
# Other targets: test-fast (all but the browser tests), lab-source (the notebooks with
# their teaching notes), present [LESSON=NN], editions, bench, snapshot, strip, lint, lock,
# clean, help; for a class on JupyterHub (deploy/): class-test, class-branch, class-link.

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
# What the static edition is built from: rebuilt by `make book` (and `make test`) when any
# of these changes.
BOOK_INPUTS := $(wildcard notebooks/*.ipynb data/*.csv data/*/*.toml higm_lessons/*.py \
	higm_lessons/*/*.py book/conf.py book/_static/*.* book/_static/vendor/*/* tools/book*.py \
	tools/run_notebook.py deploy/class_link.py)
BOOK := build/book/.built

.PHONY: help venv lab chromium test test-fast book bench present editions snapshot strip lint \
	lock clean class-test class-branch class-link lab-source

help:
	@sed -n '1,10p' Makefile | sed 's/^# \{0,1\}//'

$(BIN)/python:
	$(PYTHON) tools/bootstrap_venv.py $(VENV)

# Reinstall (into the same environment) whenever the pins or settings change.
$(STAMP): $(BIN)/python pyproject.toml requirements/constraints.txt jupyter-config/overrides.json jupyter-config/voila.json \
		$(wildcard jupyter-config/voila/templates/*/*)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements/constraints.txt -e '.[test,book]'
	$(BIN)/python tools/install_jupyter_settings.py
	@touch $@

venv: $(STAMP)

# Learners work in the student edition (build/student/: no teaching notes), brought up to
# date from notebooks/ first; a copy they changed is kept in build/student/earlier/.
lab: $(STAMP)
	@$(BIN)/python tools/editions.py --update-student
	@echo "Starting JupyterLab on http://$(HOST):$(PORT)/lab/tree/build/student/00_start_here.ipynb"
	@echo "(open the full URL with its token, printed below; stop with Ctrl+C)"
	$(BIN)/jupyter-lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 $(NO_BROWSER) $(ROOT_FLAG) build/student/00_start_here.ipynb

# Authors and instructors: the source notebooks, teaching notes included.
lab-source: $(STAMP)
	@echo "Starting JupyterLab on http://$(HOST):$(PORT)/lab/tree/notebooks/00_start_here.ipynb"
	$(BIN)/jupyter-lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) \
		--ServerApp.port_retries=0 $(NO_BROWSER) $(ROOT_FLAG) notebooks/00_start_here.ipynb

# The browser tests must run, never skip: Chromium first (before the long install).
chromium:
	@sh tools/ensure_chromium.sh

# Lint, the import contract (layers, no cycles: see pyproject.toml), the type checker,
# then every test (the packaging test builds and installs the wheel outside the checkout;
# the static edition's browser test reads the site `make book` built).
test: chromium $(STAMP) $(BOOK)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy
	HIGM_REQUIRE_BROWSER=1 HIGM_BOOK_SITE=build/book $(BIN)/python -m pytest -n 2 --dist loadscope $(PYTEST_ARGS)

# Everything except the real-browser tests, for quick runs (no Chromium needed).
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadscope -m "not browser" $(PYTEST_ARGS)

# The read-only edition (tools/book.py): every student page run in a fresh kernel, the site
# built with Sphinx, one PDF per lesson printed by Chromium. Nothing is downloaded.
# HIGM_BOOK_RELEASE=vX.Y.Z sets the tag the launch links open; HIGM_BOOK_HUB=https://... a
# class JupyterHub for the nbgitpuller links.
book: $(BOOK)

$(BOOK): $(STAMP) $(BOOK_INPUTS) | chromium
	$(BIN)/python tools/book.py
	@touch $@

# Speed against the design's budgets; exits 1 over budget. Results: build/bench/results.json.
# A subset: make bench BENCH_ARGS="--only import,kernel --lessons 02,09"
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

# The projector theme in Voila: the whole notebooks folder (Previous/Next links work),
# opened at one lesson with LESSON=NN. See tools/present.py.
present: $(STAMP)
	@$(BIN)/python tools/present.py $(if $(LESSON),--lesson "$(LESSON)") --host $(HOST) --port $(PORT) $(NO_BROWSER)

# The student edition (build/student/: no instructor cells) and the instructor edition
# (build/instructor/: teaching notes highlighted, facilitator guides, printable guides).
editions: $(STAMP)
	$(BIN)/python tools/editions.py

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

# The class branch a class link pulls: the student edition of a release (teaching notes
# left out). make class-branch REF=v1.2.0; to move a class on: ... BRANCH=class/v1.2.0
class-branch:
	@if [ -z "$(REF)" ]; then echo "usage: make class-branch REF=<release tag> [BRANCH=class/<tag>]" >&2; exit 2; fi
	@$(PYTHON) deploy/class_branch.py --ref "$(REF)" $(if $(BRANCH),--branch "$(BRANCH)")

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

# build/student/ stays: it is where learners work (make lab), and it holds their changes.
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache .hypothesis test-artifacts *.egg-info
	if [ -d build ]; then find build -mindepth 1 -maxdepth 1 ! -name student -exec rm -rf {} +; fi
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
