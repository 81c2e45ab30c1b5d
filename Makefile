# Quick start: `make demo` (simulated campus in a local SQLite store) and `make test` (the whole suite).
# Each creates .venv when it is missing and installs the project with what it needs.
PY ?= python3
# Three test processes on two cores: much of the suite waits on simulated lines and timers (a worker
# keeps a core about 55 % busy), so a third process fills the gaps
TEST_WORKERS ?= 3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv lint bench clean qt-libs

# The system libraries Qt's xcb platform plugin loads (Debian/Ubuntu package: library file). pip brings
# Qt itself but not these; a fresh Debian lacks libxcb-cursor0 at least, and Qt then aborts at start.
QT_SYSTEM_LIBS := libxcb-cursor0:libxcb-cursor.so.0 libxkbcommon-x11-0:libxkbcommon-x11.so.0 \
	libxcb-icccm4:libxcb-icccm.so.4 libxcb-image0:libxcb-image.so.0 libxcb-keysyms1:libxcb-keysyms.so.1 \
	libxcb-randr0:libxcb-randr.so.0 libxcb-render-util0:libxcb-render-util.so.0 libxcb-shape0:libxcb-shape.so.0 \
	libxcb-xkb1:libxcb-xkb.so.1 libegl1:libEGL.so.1 libgl1:libGL.so.1 libfontconfig1:libfontconfig.so.1 \
	libdbus-1-3:libdbus-1.so.3

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Installs the missing ones where it may (root, or sudo without a password), else names them and stops.
qt-libs:
	@if [ "$$(uname -s)" = Linux ] && command -v ldconfig >/dev/null 2>&1; then \
	  missing=""; \
	  for pair in $(QT_SYSTEM_LIBS); do \
	    ldconfig -p | grep -q "$${pair#*:} " || missing="$$missing $${pair%%:*}"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "Qt needs these system packages:$$missing"; \
	    if ! command -v apt-get >/dev/null 2>&1; then \
	      echo "Install them with your system's package manager, then run 'make demo' again."; exit 1; \
	    elif [ "$$(id -u)" = 0 ]; then \
	      apt-get install -y --no-install-recommends $$missing || { apt-get update && apt-get install -y --no-install-recommends $$missing; }; \
	    elif sudo -n true 2>/dev/null; then \
	      sudo apt-get install -y --no-install-recommends $$missing || { sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing; }; \
	    else \
	      echo "Install them with:  sudo apt-get install$$missing"; exit 1; \
	    fi; \
	  fi; \
	fi

demo: $(STAMP) qt-libs
	$(BIN)/python main.py demo

test: $(STAMP)
	bash .ci/pg-up --optional
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --max-worker-restart=0 --durations=25 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app db drivers ui tests bench main.py

bench: $(STAMP)
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
