# The two commands of the quick start are `make site` and `make test`; both set up what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
VENDOR := .vendor/iframe-worker/shim.js
AXE    := .vendor/axe-core/axe.min.js
CLIENT ?= fernhill

.PHONY: site test lint golden bench clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The search shim for file:// pages, from the npm registry at set-up time (never at build time).
$(VENDOR): tools/fetch_vendor.py | $(STAMP)
	$(BIN)/python tools/fetch_vendor.py .vendor

# axe-core for the accessibility test, from the npm registry at set-up time; never in a site.
$(AXE): tools/fetch_axe.py | $(STAMP)
	$(BIN)/python tools/fetch_axe.py .vendor

# Debian's Chromium for the browser tests (Playwright never downloads a browser here), and
# Debian's Java for the Nu HTML checker.
browser:
	@{ command -v chromium && command -v java; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium default-jre-headless >/dev/null; }

site: $(STAMP) $(VENDOR)
	$(BIN)/playbook validate playbooks
	$(BIN)/playbook build $(CLIENT)
	@echo "Open site/$(CLIENT)/index.html in a browser (it works from disk), or run: $(BIN)/playbook serve $(CLIENT)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) $(VENDOR) $(AXE) browser lint
	$(BIN)/pytest

# Rewrite the expected outputs of the golden tests after an intended change; review the diff.
golden: $(STAMP) $(VENDOR)
	PLAYBOOK_UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_cases.py tests/test_golden.py tests/test_diff.py

bench: $(STAMP) $(VENDOR)
	$(BIN)/python -m bench

clean:
	rm -rf site build dist .vendor
