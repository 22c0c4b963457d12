# The two set-up commands: `make demo` and `make test`. Both work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINT   := tools/cypher-lint
DB     ?= data/creditgraph.lbug
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test venv lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

$(LINT)/node_modules/.package-lock.json: $(LINT)/package-lock.json
	cd $(LINT) && npm ci --no-audit --no-fund --loglevel=error

## demo: build the demo graph in the embedded store and serve the API
demo: $(STAMP)
	bash scripts/demo.sh "$(DB)" "$(HOST)" "$(PORT)"

## test: the whole suite (CI runs exactly this)
test: $(STAMP) $(LINT)/node_modules/.package-lock.json
	bash scripts/test-setup.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadfile -q

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data build .pytest_cache
