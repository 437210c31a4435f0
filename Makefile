# edukg: `make run` builds the sample corpus's graph into output/; `make test` runs the test suite.
# Both set up a local virtual environment (.venv) first; nothing else needs installing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
REPORTS := data/reports
OUT    := output

.PHONY: run test build viz browser clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kg build $(REPORTS) -o $(OUT)
	$(BIN)/kg viz -o $(OUT)/graph.html

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# Scale benchmarks (quick mode, a few minutes): figures go to BENCHMARKS.md; full mode: bench/run_all.py
bench: $(STAMP)
	$(BIN)/python bench/run_all.py --quick

# The HTML view's test drives a real headless Chromium with CJK fonts; install them when we can
# (root with apt), otherwise the browser test skips with a message saying what is missing.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
		|| echo "note: could not install chromium; the browser test will be skipped"; \
	fi

clean:
	rm -rf $(OUT) $(VENV)
