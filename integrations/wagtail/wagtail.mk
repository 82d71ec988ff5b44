# The Wagtail app (integrations/wagtail), included by the repository's Makefile.
# It lives in a virtual environment of its own: Wagtail and errata never share one, as a
# newsroom's Wagtail and its errata server do not (docs/decisions/0022).
WAGTAIL_DIR := integrations/wagtail
WAGTAIL_VENV := $(WAGTAIL_DIR)/.venv

.PHONY: wagtail-app wagtail-test wagtail-lock

$(WAGTAIL_VENV)/.installed: $(BIN)/uv $(WAGTAIL_DIR)/pyproject.toml $(WAGTAIL_DIR)/requirements-test.lock
	test -x $(WAGTAIL_VENV)/bin/python || $(PYTHON) -m venv $(WAGTAIL_VENV)
	VIRTUAL_ENV=$(abspath $(WAGTAIL_VENV)) $(BIN)/uv pip install --quiet -r $(WAGTAIL_DIR)/requirements-test.lock
	VIRTUAL_ENV=$(abspath $(WAGTAIL_VENV)) $(BIN)/uv pip install --quiet --no-deps -e $(WAGTAIL_DIR)
	@touch $@

wagtail-app: $(BIN)/uv  ## build the Wagtail app's wheel (errata-wagtail) into dist/
	$(BIN)/uv build --quiet --wheel --out-dir dist $(WAGTAIL_DIR)

wagtail-test: $(WAGTAIL_VENV)/.installed $(VENV)/.installed-test  ## the Wagtail app's tests, in its own venv, against a real errata
	cd $(WAGTAIL_DIR) && .venv/bin/pytest -q

wagtail-lock: $(BIN)/uv  ## re-pin the Wagtail app's test environment (requirements-test.lock)
	cd $(WAGTAIL_DIR) && ../../$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --quiet -o requirements-test.lock
