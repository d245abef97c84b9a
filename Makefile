# One command to run the main job, one to run the tests. Everything they need
# is installed into .venv by the targets below.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: run test install install-test install-browser install-virtuoso lint bench clean

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
install-test: $(TSTAMP) install-browser install-virtuoso

# The browser tests drive Debian's chromium through Debian's chromium-driver (versions
# that match). Installed here when missing and we may (root with apt-get, as in CI);
# elsewhere the browser tests are skipped with a note, except under CI=true.
install-browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null; \
	else echo "note: chromium and chromium-driver are missing: the browser tests will be skipped"; fi

# The Virtuoso tests start Debian's virtuoso-opensource (virtuoso-t + isql-vt) on a
# throwaway database. Installed here when missing and we may (root with apt-get, as in
# CI); elsewhere those tests are skipped with a note, except under CI=true.
install-virtuoso:
	@if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends virtuoso-opensource >/dev/null; \
	else echo "note: virtuoso-opensource is missing: the Virtuoso tests will be skipped"; fi

run: $(STAMP)
	$(BIN)/kg build seeds -o build/graph.ttl
	$(BIN)/kg export --store build/store -o build/graph.trig

test: $(TSTAMP) install-browser install-virtuoso
	$(BIN)/python -m pytest

lint: $(TSTAMP)
	$(BIN)/python -m ruff check kg tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --articles 100 --json

clean:
	rm -rf build .pytest_cache
