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

$(READY): requirements.txt Makefile
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || \
	  { echo "Python 3.11 or newer is needed: '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Try: make PYTHON=python3.12 ..."; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-virtualenv -r requirements.txt
	$(VENV)/bin/python -m pip check
	@# The one place the project's own folders are put on the import path: a .pth
	@# file in the venv (as an editable install would), so the tasks, tests and
	@# benchmarks import the plugin package, scripts and settings with no sys.path
	@# edits. Pelican itself finds the plugin through PLUGIN_PATHS.
	$(VENV)/bin/python -c 'import pathlib, sysconfig; root = pathlib.Path.cwd(); \
	  pth = pathlib.Path(sysconfig.get_paths()["purelib"]) / "stories-site.pth"; \
	  pth.write_text("".join(f"{root / d}\n" for d in (".", "plugins", "scripts", "benchmarks", "tests")))'
	touch $(READY)
