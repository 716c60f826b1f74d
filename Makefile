# The two-command bootstrap: `make serve` and `make test`. Everything else is an
# invoke task (`.venv/bin/invoke --list`). The virtual environment is rebuilt from
# the pinned requirements.txt whenever that file changes, and left alone otherwise.

PYTHON ?= python3
VENV := .venv
READY := $(VENV)/.ready

.PHONY: serve test build publish check clean setup

serve: $(READY)
	$(VENV)/bin/invoke serve

test: $(READY)
	$(VENV)/bin/invoke test

build: $(READY)
	$(VENV)/bin/invoke build

publish: $(READY)
	$(VENV)/bin/invoke publish

clean: $(READY)
	$(VENV)/bin/invoke clean

setup: $(READY)

$(READY): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Python 3.11 or newer is needed: '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..."; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r requirements.txt
	$(VENV)/bin/python -m pip check
	touch $(READY)
