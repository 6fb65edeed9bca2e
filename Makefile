# Two commands set everything up on a fresh machine (Python >= 3.10 needed):
#   make demo   build the release, autograde the sample students, print the scores
#   make test   lint and run the whole test suite
# Both create the virtual environment .venv first when it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed
# nbgrader calls `alembic` by name: the venv's bin must be on PATH.
RUN    := PATH="$(BIN):$$PATH" $(BIN)/python

.PHONY: demo test lab release check-lesson clean bench mutation

# The venv is made once; a changed pyproject.toml only reinstalls into it. (Re-running `venv` over an
# existing one with whatever `python3` is first on PATH could pair its interpreter with another's config.)
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,distributed]' --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	$(RUN) -m grading demo

test: $(STAMP)
	$(RUN) -m ruff check .
	$(RUN) -m pytest

release: $(STAMP)
	$(RUN) -m grading release

check-lesson: $(STAMP)
	$(RUN) -m grading check-lesson

# The student's view: nbgrader's Validate (checking every cell), no instructor tools
# (student_config/ holds the settings; see student_config/README.md).
lab: release
	$(RUN) student_config/lab.py build/release

bench: $(STAMP)
	$(RUN) benchmarks/autograde.py

# Mutation testing on the fast unit layer (mutmut, in build/mutation): killed/total per package.
# Not part of `make test`; about ten minutes on two cores.
mutation: $(STAMP)
	$(RUN) mutation/run.py

clean:
	rm -rf build .pytest_cache .ruff_cache
