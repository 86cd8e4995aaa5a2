# Two commands do everything: `make run` starts the bot, `make test` runs every check.
# Both create the virtual environment in .venv on first use and install pinned versions.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

test: $(STAMP)
	$(BIN)/ruff check bot cogs storage tests benchmarks
	$(BIN)/ruff format --check bot cogs storage tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/interactions.py --bot leap
	$(BIN)/python benchmarks/interactions.py --bot contribute
	$(BIN)/python benchmarks/export.py
	$(BIN)/python benchmarks/timers_startup.py
	$(BIN)/python benchmarks/reminders.py
	$(BIN)/python benchmarks/mydata.py
	$(BIN)/python benchmarks/review.py
	$(BIN)/python benchmarks/readability.py
	$(BIN)/python benchmarks/notices.py

clean:
	rm -rf $(VENV)
