# Quick start: `make demo` (simulated campus in a local SQLite store) and `make test` (the whole suite).
# Each creates .venv when it is missing and installs the project with what it needs.
PY ?= python3
# Three test processes on two cores: much of the suite waits on simulated lines and timers (a worker
# keeps a core about 55 % busy), so a third process fills the gaps
TEST_WORKERS ?= 3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv lint bench clean qt-libs installer

# The system libraries Qt loads (Debian/Ubuntu package: library file): QtCore needs GLib, QtGui and the
# offscreen platform the tests draw on need EGL, GL, X11, xkbcommon and fontconfig, QtPdf (printing)
# needs Kerberos' GSSAPI through QtNetwork, and the xcb platform of a desktop the xcb libraries. pip
# brings Qt itself but not these; a fresh Debian lacks libxcb-cursor0 and GLib at least, and Qt then
# aborts at start (the list is `ldd` of the Qt libraries and plugins the window and the tests load).
QT_SYSTEM_LIBS := libxcb-cursor0:libxcb-cursor.so.0 libxkbcommon-x11-0:libxkbcommon-x11.so.0 \
	libxcb-icccm4:libxcb-icccm.so.4 libxcb-image0:libxcb-image.so.0 libxcb-keysyms1:libxcb-keysyms.so.1 \
	libxcb-randr0:libxcb-randr.so.0 libxcb-render-util0:libxcb-render-util.so.0 libxcb-shape0:libxcb-shape.so.0 \
	libxcb-xkb1:libxcb-xkb.so.1 libegl1:libEGL.so.1 libgl1:libGL.so.1 libfontconfig1:libfontconfig.so.1 \
	libdbus-1-3:libdbus-1.so.3 libglib2.0-0:libglib-2.0.so.0 libgssapi-krb5-2:libgssapi_krb5.so.2

# Installs the Debian packages in $(1) where it may (root, or sudo without a password), else names
# them in one line and stops.
define apt_install
if ! command -v apt-get >/dev/null 2>&1; then \
  echo "Install them with your system's package manager, then run make again."; exit 1; \
elif [ "$$(id -u)" = 0 ]; then \
  apt-get install -y --no-install-recommends $(1) || { apt-get update && apt-get install -y --no-install-recommends $(1); }; \
elif sudo -n true 2>/dev/null; then \
  sudo apt-get install -y --no-install-recommends $(1) || { sudo apt-get update && sudo apt-get install -y --no-install-recommends $(1); }; \
else \
  echo "Install them with:  sudo apt-get install$(1)"; exit 1; \
fi
endef

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

# Installs the missing ones (see apt_install), else names them and stops.
qt-libs:
	@if [ "$$(uname -s)" = Linux ] && command -v ldconfig >/dev/null 2>&1; then \
	  missing=""; \
	  for pair in $(QT_SYSTEM_LIBS); do \
	    ldconfig -p | grep -q "$${pair#*:} " || missing="$$missing $${pair%%:*}"; \
	  done; \
	  if [ -n "$$missing" ]; then \
	    echo "Qt needs these system packages:$$missing"; \
	    $(call apt_install,$$missing); \
	  fi; \
	fi

demo: $(STAMP) qt-libs
	$(BIN)/python main.py demo

test: $(STAMP) qt-libs
	bash .ci/pg-up --optional
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile --max-worker-restart=0 --durations=25 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app db drivers ui tests bench main.py

# dist/DormWatt/: the window (DormWatt) and the meter service (dormwatt-serve) in one folder, built by
# PyInstaller from installer.spec (about a minute). On Linux PyInstaller needs binutils' objdump.
installer: $(STAMP) qt-libs
	@command -v objdump >/dev/null 2>&1 || [ "$$(uname -s)" != Linux ] || { \
	  echo "PyInstaller needs this system package: binutils"; $(call apt_install, binutils); }
	$(BIN)/python -m pip install --quiet -e '.[installer]'
	$(BIN)/pyinstaller --noconfirm --log-level WARN installer.spec

bench: $(STAMP)
	$(BIN)/python bench/store.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
