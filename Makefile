# Two commands do all the set-up:  make run  (the portal)  and  make test  (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test check coverage bench lint messages clean mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

static/vendor/.stamp: $(RUN_STAMP)
	$(BIN)/python -m lotse vendor static/vendor
	touch $@

## Start the portal on the shipped content at http://localhost:8501
run: $(RUN_STAMP) static/vendor/.stamp
	$(BIN)/python -m lotse check --errors-only
	$(BIN)/streamlit run app.py --server.port $(PORT)

## Run the whole test suite: lint, types, content check, unit, app and browser tests
test: $(DEV_STAMP) static/vendor/.stamp
	$(BIN)/ruff check app.py lotse portal pages tests bench
	$(BIN)/mypy lotse
	$(BIN)/python -m lotse check --errors-only
	$(BIN)/pytest -q

check: $(RUN_STAMP)
	$(BIN)/python -m lotse check

coverage: $(RUN_STAMP)
	$(BIN)/python -m lotse coverage

## Benchmarks on a generated directory of 2,000 offices and 5,000 offers in ten languages
bench: $(DEV_STAMP) static/vendor/.stamp
	$(BIN)/python -m bench.bench_search
	$(BIN)/python -m bench.bench_map

## Mutation testing (mutmut, fast tier only; not part of make test): make mutation [MODULE=lotse/hours.py]
# Modules least likely to change first; one mutant at a time unless MAX_CHILDREN says otherwise.
MUTATION_MODULES := lotse/hours.py lotse/routes.py lotse/i18n.py lotse/review.py lotse/handout.py lotse/export.py \
	lotse/maps.py lotse/translations.py portal/__init__.py portal/view.py portal/chrome.py portal/finder.py \
	lotse/content.py lotse/search.py
MAX_CHILDREN ?= 1
mutation: $(DEV_STAMP) static/vendor/.stamp
	@for module in $(or $(MODULE),$(MUTATION_MODULES)); do \
	  name=$${module%.py}; name=$${name%/__init__}; \
	  echo "== $$module"; \
	  $(BIN)/mutmut run --max-children $(MAX_CHILDREN) "$$(echo $$name | tr / .).x*" || exit 1; \
	done
	$(BIN)/python tests/mutation/score.py $(MODULE)

clean:
	rm -rf $(VENV) static/vendor .pytest_cache .mypy_cache .ruff_cache mutants
