# smscd's HTTP API and status page (cmd/smscd/internal/httpapi, docs/smscd-http.md).
# Included by the top-level Makefile:
#
#   make smscd-openapi-check   schemathesis (PyPI, pinned, in $(BUILD)/schemathesis-venv)
#                              validates openapi.yaml against a running server
#   make smscd-page-test       the status page in headless chromium (Debian's; installed
#                              when missing and running as root): asserts what it shows
#                              and writes $(BUILD)/smscd-status-page.png
#
# The server under test: SMSCD_HTTP_SERVE is a shell command that serves the
# API on a free loopback port and writes its base URL to the file named by
# $$URL_FILE (first line; a line smpp=HOST:PORT may follow, and the page test
# then binds an SMPP session of its own); SMSCD_HTTP_SERVER_BIN is what must
# be built first. The default is smscd itself (accepting every login, no
# store file) on free ports; the development server (memback, seeded with
# sessions and messages) serves the same handler for work on the page alone:
#   make smscd-page-test SMSCD_HTTP_SERVER_BIN=build/smscd-devserver \
#     SMSCD_HTTP_SERVE='exec build/smscd-devserver -url-file "$$URL_FILE"'

# SMSCD_PAGE_TEST_ARGS passes more to tests/smscd/page_test.py (e.g.
# --smpp 127.0.0.1:PORT to bind an SMPP session of its own on the real smscd).

PYTHON               ?= python3
SCHEMATHESIS_VERSION := 4.32.5
ST_VENV              := $(BUILD)/schemathesis-venv
SMSCD_HTTP_SERVER_BIN ?= $(BUILD)/smscd
SMSCD_HTTP_SERVE     ?= exec $(BUILD)/smscd -smpp-port 0 -ucp-port -1 -cimd2-port -1 -http 127.0.0.1:0 -url-file "$$URL_FILE" -quiet
SMSCD_PAGE_TEST_ARGS ?=
HTTPAPI_SRC          := $(shell find cmd/smscd/internal -name '*.go' -not -name '*_test.go') \
                        cmd/smscd/internal/httpapi/openapi.yaml cmd/smscd/internal/httpapi/status.html

.PHONY: smscd-openapi-check smscd-page-test smscd-chromium

$(BUILD)/smscd: $(HTTPAPI_SRC) $(wildcard cmd/smscd/*.go) $(LIB_SRC) | toolchain
	$(GO) build -o $@ ./cmd/smscd

$(BUILD)/smscd-devserver: $(HTTPAPI_SRC) go.mod go.sum | toolchain
	$(GO) build -o $@ ./cmd/smscd/internal/httpapi/internal/devserver

$(ST_VENV)/.schemathesis-$(SCHEMATHESIS_VERSION):
	$(PYTHON) -m venv $(ST_VENV)
	$(ST_VENV)/bin/python -m pip -q --disable-pip-version-check install schemathesis==$(SCHEMATHESIS_VERSION)
	touch $@

smscd-openapi-check: $(ST_VENV)/.schemathesis-$(SCHEMATHESIS_VERSION) $(SMSCD_HTTP_SERVER_BIN)
	bash tests/smscd/with-server.sh '$(SMSCD_HTTP_SERVE)' \
	  env ST=$(ST_VENV)/bin/st bash tests/smscd/schemathesis.sh

# Debian's chromium, never a downloaded browser build.
smscd-chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  [ "$$(id -u)" = 0 ] || { echo "smscd-page-test: chromium is missing; as root: apt-get install chromium" >&2; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

smscd-page-test: smscd-chromium $(SMSCD_HTTP_SERVER_BIN)
	bash tests/smscd/with-server.sh '$(SMSCD_HTTP_SERVE)' \
	  $(PYTHON) tests/smscd/page_test.py --out $(BUILD)/smscd-status-page.png $(SMSCD_PAGE_TEST_ARGS)
