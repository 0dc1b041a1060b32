# HallMark: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Development defaults only; production sets its own through the environment.
export DEBUG ?= 1

.PHONY: demo test venv dev-deps run migrate seed worker lint format messages clean lock

# Installs come from the lock files only: every package pinned, every download checked
# against its hash (pip refuses anything unlisted or altered). The project itself is then
# installed without its dependencies and without build isolation, so even the build backend
# (setuptools, pinned in the lock) is the locked one. `make lock` refreshes the locks.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.lock
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $@

venv: $(VENV)/.installed

dev-deps: $(VENV)/.dev-installed

migrate: venv
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# One background-job worker runs beside the web server and stops with it (Ctrl-C).
demo: seed
	@echo ""
	@echo "HallMark demo hall on http://127.0.0.1:8000/ (with one background-job worker)"
	@echo "  logins (password hallmark-demo, demo only): manager, cadre, leader, integrity, admin (superuser: /admin/)"
	@echo ""
	@$(PY) manage.py jobs_worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# A worker alone (production runs these under a process manager; see the README).
worker: migrate
	$(PY) manage.py jobs_worker

test: dev-deps
	$(PY) -m pytest

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (a developer's tool): the compiled .mo files are committed,
# so a machine with only Python runs the translated product as it is. compilemessages skips
# the venv, whose packages' catalogues are theirs to compile.
messages: venv
	cd config && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete
	for app in kernel jobs staffmgmt roster feedback integrity_files assessment dashboards; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete) || exit 1; \
	done
	$(PY) manage.py compilemessages --ignore=$(VENV)

# Refreshes requirements.lock (runtime) and requirements-dev.lock (runtime + dev, the same
# runtime versions) from pyproject.toml, for Python 3.11 and up on every platform, with hashes.
# uv is a developer's tool, installed into the venv here, not a dependency of the project.
# Run after changing a dependency in pyproject.toml (pins already in the locks are kept);
# `make lock UPGRADE=--upgrade` takes the newest releases allowed. Commit both files.
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" --quiet
lock: venv
	$(PIP) install --quiet uv
	echo "setuptools>=70" | $(VENV)/bin/uv pip compile pyproject.toml - $(LOCK_FLAGS) $(UPGRADE) -o requirements.lock
	echo "setuptools>=70" | $(VENV)/bin/uv pip compile pyproject.toml - --extra dev -c requirements.lock $(LOCK_FLAGS) $(UPGRADE) -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache
