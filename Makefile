# One command to run the main job, one to run the tests. Everything they need
# is installed into .venv by the targets below.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(STAMP)

install: $(STAMP)
install-test: $(TSTAMP)

run: $(STAMP)
	$(BIN)/kg build seeds -o build/graph.ttl
	$(BIN)/kg export --store build/store -o build/graph.trig

test: $(TSTAMP)
	$(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/python -m ruff check kg tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --articles 100 --json

clean:
	rm -rf build .pytest_cache
