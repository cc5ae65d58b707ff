# Two commands do all the set-up:  make run  (the portal)  and  make test  (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test check coverage bench lint messages clean mutation prod

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PyICU (search in other scripts) compiles against Debian's ICU: installed here when missing (as root),
# so the two commands stay the whole set-up on a fresh machine.
SYSTEM_DEPS := libicu-dev pkg-config g++
define system_deps
	@if ! pkg-config --exists icu-uc 2>/dev/null || ! command -v g++ >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_DEPS) >/dev/null; \
	  else echo "PyICU needs ICU to build: sudo apt-get install $(SYSTEM_DEPS)"; exit 1; fi; fi
endef

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(system_deps)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(system_deps)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

static/vendor/.stamp: $(RUN_STAMP)
	$(BIN)/python -m lotse vendor static/vendor
	touch $@

## Start the portal on the shipped content at http://localhost:8501
run: $(RUN_STAMP) static/vendor/.stamp
	$(BIN)/python -m lotse check --errors-only
	$(BIN)/streamlit run serve.py --server.port $(PORT)

## Run the whole test suite: lint, types, content check, unit, app and browser tests
test: $(DEV_STAMP) static/vendor/.stamp
	$(BIN)/ruff check app.py serve.py lotse portal pages web tests bench
	$(BIN)/mypy lotse web
	$(BIN)/python -m lotse check --errors-only
	$(BIN)/pytest -q

## Several portal processes behind nginx on PORT: make prod PORT=8080 REPLICAS=2 (Ctrl-C stops them all)
# nginx comes from Debian (nginx-light; plain nginx where that flavour is gone), installed here when missing (as root).
REPLICAS ?= 2
define nginx_dep
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null \
	    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null; }; \
	  else echo "make prod needs nginx: sudo apt-get install nginx-light"; exit 1; fi; fi
endef
prod: $(RUN_STAMP) static/vendor/.stamp
	$(nginx_dep)
	$(BIN)/python -m lotse check --errors-only $${LOTSE_CONTENT:-.}
	$(BIN)/python -m lotse prod --port $(PORT) --replicas $(REPLICAS)

check: $(RUN_STAMP)
	$(BIN)/python -m lotse check

coverage: $(RUN_STAMP)
	$(BIN)/python -m lotse coverage

## Benchmarks on a generated directory of 2,000 offices and 5,000 offers in ten languages; a slow phone network
## (light pages and the first visit, in Chromium); load with many sessions
bench: $(DEV_STAMP) static/vendor/.stamp
	$(BIN)/python -m bench.bench_search
	$(BIN)/python -m bench.bench_search_quality
	$(BIN)/python -m bench.bench_map
	$(BIN)/python -m bench.bench_light
	$(BIN)/python -m bench.load --sessions 1,10,50,100,200 --seconds 30 --reload

## Mutation testing (mutmut, fast tier only; not part of make test): make mutation [MODULE=lotse/hours.py]
# Modules least likely to change first; one mutant at a time unless MAX_CHILDREN says otherwise.
MUTATION_MODULES := lotse/hours.py lotse/routes.py lotse/i18n.py lotse/review.py lotse/handout.py lotse/export.py \
	lotse/maps.py lotse/translations.py portal/__init__.py portal/view.py portal/chrome.py portal/finder.py \
	lotse/search/__init__.py lotse/search/language.py lotse/search/evaluation.py lotse/content.py
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
