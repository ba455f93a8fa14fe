# Python binding (bindings/python). Included by the top-level Makefile:
#   include bindings/python/python.mk
#
#   make wheel    $(BUILD)/wheel/smscserver-<version>-py3-none-<platform>.whl (bundles the .so)
#   make pytest   venv in $(BUILD)/venv with the wheel + pinned pytest/smpplib, then the suite
#   make pybench  Python host vs C host under the Go load client (window 64)
#
# Needs python3 with venv (Debian: python3-venv); pytest and smpplib come from PyPI.

PYTHON          ?= python3
PYVENV          := $(BUILD)/venv
PYWHEELDIR      := $(BUILD)/wheel
PYTEST_VERSION  := 9.2.0
SMPPLIB_VERSION := 2.2.4
PIP             := $(PYVENV)/bin/python -m pip -q --disable-pip-version-check

.PHONY: wheel pytest pybench

$(PYVENV)/bin/python:
	$(PYTHON) -m venv $(PYVENV)

# --no-build-isolation --no-index: the in-tree backend needs nothing from PyPI.
wheel: $(BUILD)/libsmscserver.so $(PYVENV)/bin/python
	@mkdir -p $(PYWHEELDIR)
	rm -f $(PYWHEELDIR)/smscserver-*.whl
	SMSCSERVER_BUILD_LIB=$(abspath $(BUILD))/libsmscserver.so \
	  $(PIP) wheel --no-deps --no-build-isolation --no-index -w $(PYWHEELDIR) bindings/python

$(PYVENV)/.deps-stamp: $(PYVENV)/bin/python
	$(PIP) install pytest==$(PYTEST_VERSION) smpplib==$(SMPPLIB_VERSION)
	touch $@

# Runs from the repository root against the installed wheel (not the source tree).
pytest: wheel
	$(MAKE) --no-print-directory pytest-installed

# The suite against PYTEST_WHEEL installed into PYVENV; mk/linux.mk runs it
# with a fresh venv and the manylinux2014 wheel:
#   make pytest-installed PYVENV=build/venv-manylinux PYTEST_WHEEL=dist/...whl
PYTEST_WHEEL ?= $(PYWHEELDIR)/smscserver-*.whl
.PHONY: pytest-installed
pytest-installed: $(PYVENV)/.deps-stamp
	$(PIP) install --force-reinstall --no-deps $(PYTEST_WHEEL)
	env -u SMSCSERVER_LIB $(PYVENV)/bin/python -m pytest -q bindings/python/tests

pybench: wheel $(PYVENV)/.deps-stamp
	$(PIP) install --force-reinstall --no-deps $(PYWHEELDIR)/smscserver-*.whl
	env -u SMSCSERVER_LIB $(PYVENV)/bin/python bindings/python/bench/run.py --build $(abspath $(BUILD))
