# libsmscserver: the server side of an SMS centre (SMPP, UCP/EMI, CIMD2) as a library.
#
#   make run    start the reference SMSC on 127.0.0.1:2775
#   make test   build everything and run every test suite

GO        ?= go
GOFLAGS   ?=
export GOFLAGS

.PHONY: all run test vet gotest fmt toolchain clean

all: vet
	$(GO) build ./...

# The reference SMSC (cmd/smscd) on loopback port 2775.
run: toolchain
	$(GO) run ./cmd/smscd -host 127.0.0.1 -smpp-port 2775

test: toolchain vet gotest

vet:
	$(GO) vet ./...

# -race on every package; the fuzz targets run their seed corpora here.
gotest:
	$(GO) test -race -count=1 -timeout 15m ./...

fmt:
	gofmt -l -w .

# Fails loudly when Go is missing rather than skipping suites.
toolchain:
	@command -v $(GO) >/dev/null 2>&1 || { echo "Go toolchain not found: run .ci/run (it installs one) or install Go 1.24+"; exit 1; }

clean:
	rm -rf build
