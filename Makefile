# The two-command bootstrap: `make serve` and `make test`; the everyday tasks are
# make targets too. Everything else is an invoke task (`.venv/bin/invoke --list`). The virtual environment is rebuilt from
# the pinned requirements.txt whenever that file changes, and left alone otherwise.

PYTHON ?= python3
VENV := .venv
READY := $(VENV)/.ready

.PHONY: serve serve-published test build publish check new deploy rollback \
	digest proof clean setup

# Everyday tasks, so nobody needs invoke on their PATH. Options go in variables:
#   make serve HOST=0.0.0.0 PORT=8001   (preview on a phone on the same network)
#   make new TITLE="Our walk for hope" SECTION=stories
#   make deploy TARGET=/srv/site        (then `make rollback` undoes it there)
#   make digest SINCE=2025-09-01 UNTIL=2025-10-31
#   make proof FILE=content/stories/our-walk-for-hope.md
# They reach the commands as environment variables ("$$TITLE"), never pasted
# into a shell line, so a title with quotes or backticks is just a title.
# $(if $(X),...) only asks whether one was given. The tasks see MAKELEVEL (make
# sets it) and name these variables, not invoke's options, in what they say.
export HOST ?= 127.0.0.1
export PORT ?= 8000
export TITLE TARGET SECTION CONTENT OUTPUT SINCE UNTIL FILE KEEP

# exec: the server replaces the recipe's shell, so it is make's own child and
# the SIGTERM make passes on when it is stopped (kill <pid of make>) reaches it.
serve: $(READY)
	exec $(VENV)/bin/invoke serve --host "$$HOST" --port "$$PORT"$(if $(CONTENT), --content "$$CONTENT")$(if $(OUTPUT), --output "$$OUTPUT")

serve-published: $(READY)
	exec $(VENV)/bin/invoke serve-published --port "$$PORT"$(if $(CONTENT), --content "$$CONTENT")

test: $(READY)
	$(VENV)/bin/invoke test

build: $(READY)
	$(VENV)/bin/invoke build$(if $(CONTENT), --content "$$CONTENT")$(if $(OUTPUT), --output "$$OUTPUT")

check: $(READY)
	$(VENV)/bin/invoke check$(if $(CONTENT), --content "$$CONTENT")

new: $(READY)
	@test -n "$$TITLE" || { echo 'error: give the title, like: make new TITLE="Our walk for hope" SECTION=stories'; exit 1; }
	$(VENV)/bin/invoke new "$$TITLE"$(if $(SECTION), --section "$$SECTION")$(if $(CONTENT), --content "$$CONTENT")

publish: $(READY)
	$(VENV)/bin/invoke publish

deploy: $(READY)
	$(VENV)/bin/invoke deploy$(if $(TARGET), --target "$$TARGET")$(if $(KEEP), --keep "$$KEEP")$(if $(OUTPUT), --output "$$OUTPUT")

# Without TARGET: where the last deploy from this computer went.
rollback: $(READY)
	$(VENV)/bin/invoke deploy --rollback$(if $(TARGET), --target "$$TARGET")

digest: $(READY)
	$(VENV)/bin/invoke digest$(if $(SINCE), --since "$$SINCE")$(if $(UNTIL), --until "$$UNTIL")$(if $(CONTENT), --content "$$CONTENT")$(if $(OUTPUT), --output "$$OUTPUT")

proof: $(READY)
	$(VENV)/bin/invoke proof$(if $(FILE), --file "$$FILE")$(if $(OUTPUT), --output "$$OUTPUT")

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
	@# benchmarks import the plugin, the tasks' own package (charity_site_ops) and
	@# the settings by name, with no sys.path edits. Pelican itself finds the
	@# plugin through PLUGIN_PATHS.
	$(VENV)/bin/python -c 'import pathlib, sysconfig; root = pathlib.Path.cwd(); \
	  pth = pathlib.Path(sysconfig.get_paths()["purelib"]) / "stories-site.pth"; \
	  pth.write_text("".join(f"{root / d}\n" for d in (".", "plugins", "benchmarks", "tests")))'
	touch $(READY)
