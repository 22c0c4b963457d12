# The two set-up commands: `make demo` and `make test`. Both work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINT   := tools/cypher-lint
DB     ?= data/creditgraph.lbug
HOST   ?= 127.0.0.1
PORT   ?= 8000
NB_PORT ?= 8888

.PHONY: demo notebook test venv lint bench clean neo4j neo4j-stop neo4j-test-stop

$(STAMP): pyproject.toml
	@echo "installing creditgraph and its test tools into $(VENV) (once per change of pyproject.toml; log: $(VENV)/install.log)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@{ $(BIN)/pip install --quiet --upgrade pip && $(BIN)/pip install --quiet -e '.[dev]'; } >$(VENV)/install.log 2>&1 \
	  || { tail -n 30 $(VENV)/install.log; echo "pip install failed (see $(VENV)/install.log)"; exit 1; }
	@touch $(STAMP)

venv: $(STAMP)

$(LINT)/node_modules/.package-lock.json: $(LINT)/package-lock.json
	@echo "installing Neo4j's Cypher parser for the offline lint (tools/cypher-lint, pinned lockfile)"
	@cd $(LINT) && npm ci --no-audit --no-fund --loglevel=error >/dev/null

## demo: build the demo graph in the embedded store and serve the API
demo: $(STAMP)
	bash scripts/demo.sh "$(DB)" "$(HOST)" "$(PORT)"

## notebook: JupyterLab on notebooks/, reading the demo graph in $(DB) (built first if missing)
$(VENV)/.jupyter: $(STAMP)
	$(BIN)/pip install --quiet -e '.[jupyter]'
	touch $@

notebook: $(VENV)/.jupyter
	test -e "$(DB)" || $(BIN)/python -m creditgraph.demo "$(DB)"
	@echo "== JupyterLab on http://$(HOST):$(NB_PORT)/lab (the token is in the URL printed below)"
	CREDITGRAPH_DB="$(abspath $(DB))" $(BIN)/jupyter lab --no-browser --ip "$(HOST)" --port "$(NB_PORT)" \
		--ServerApp.root_dir=notebooks

## test: the whole suite (CI runs exactly this)
test: $(STAMP) $(LINT)/node_modules/.package-lock.json
	@bash scripts/test-setup.sh
	@$(BIN)/ruff check --quiet .
	@bash scripts/with-test-neo4j.sh $(BIN)/python -m pytest -n 2 -q

## neo4j: start the development Neo4j server on loopback (Bolt 7687, Browser http://127.0.0.1:7474/browser/)
neo4j:
	bash scripts/neo4j.sh start

neo4j-stop:
	bash scripts/neo4j.sh stop

## neo4j-test-stop: stop the test server a bare `pytest` started (make test stops its own)
neo4j-test-stop:
	NEO4J_HOME_DIR=build/neo4j-test bash scripts/neo4j.sh stop

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf data build .pytest_cache
