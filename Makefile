# libsmscserver: the server side of an SMS centre (SMPP, UCP/EMI, CIMD2) as a library.
#
#   make run    start the reference SMSC on 127.0.0.1:2775
#   make test   build everything and run every test suite
#
# The version lives in include/smscserver.h only; the generated mirrors of
# the C ABI come from that header and package core (make generate).

GO        ?= go
GOFLAGS   ?=
export GOFLAGS
PREFIX    ?= /usr/local
BUILD     := build
VERSION   := $(shell sed -n 's/^[#]define SMSCSERVER_VERSION "\(.*\)"$$/\1/p' include/smscserver.h)
SOMAJOR   := $(shell sed -n 's/^[#]define SMSCSERVER_ABI_VERSION \([0-9]*\)$$/\1/p' include/smscserver.h)
SONAME    := libsmscserver.so.$(SOMAJOR)
SHLIB     := $(BUILD)/libsmscserver.so.$(VERSION)
ARLIB     := $(BUILD)/libsmscserver.a
LIB_SRC   := go.mod go.sum include/smscserver.h capi/exports.map \
             $(shell find capi core codec -name '*.go' -not -name '*_test.go' -o -name '*.c' -o -name '*.h')

.PHONY: all run test vet gotest cover fuzz soak soak-short interop lib install bench fmt toolchain clean generate check-generated $(BUILD)/smscserver.pc

all: vet lib examples
	$(GO) build ./...

# The reference SMSC (cmd/smscd) on loopback: SMPP 2775, UCP/EMI 2776, CIMD2 2777, HTTP 8775.
run: toolchain
	$(GO) run ./cmd/smscd -host 127.0.0.1 -smpp-port 2775 -ucp-port 2776 -cimd2-port 2777 -http 127.0.0.1:8775

# Every suite: Go (race), a one-minute soak, C ABI (plain and ASan/LSan),
# Python binding, .NET binding, the README snippets, real clients.
test: toolchain check-generated vet gotest test-cluster soak-short ctest examples pytest dotnet-test snippets interop smscd-openapi-check smscd-page-test deploy-test dist-test

# Every mirror of the C ABI (capi/z*, the Python _cabi/_args/_events/_enums/
# _version modules, the .NET *.g.cs files, tests/abi/zlayout.c) is written by
# internal/abigen from include/smscserver.h and package core.
generate: toolchain
	$(GO) generate ./capi

# Fails when a generated file differs from what the generator writes now
# (someone edited a mirror by hand, or changed the header without running
# make generate).
check-generated: generate
	@files=$$($(GO) run ./internal/abigen -root . -list) && git diff --exit-code -- $$files && \
	  new=$$(git ls-files --others --exclude-standard -- $$files) && \
	  if [ -n "$$new" ]; then echo "generated files not in git: $$new"; exit 1; fi

vet:
	$(GO) vet ./...

# -race on every package; the fuzz targets run their seed corpora here.
gotest:
	$(GO) test -race -count=1 -timeout 15m ./...

# Every fuzz target (the codecs' and the whole sessions' over TCP) for
# FUZZTIME each, one after the other; make test runs their seed corpora
# only (gotest). An input that fails is written by Go to the target's
# testdata/fuzz/<Target>/ and from then on runs as a regression case in
# every go test: commit it with the fix.
#   make fuzz FUZZTIME=10m
FUZZTIME ?= 30s
fuzz: toolchain
	@set -e; for dir in $$($(GO) list -f '{{.Dir}}' ./...); do \
	  for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/^func //'); do \
	    echo "fuzz: $$t in $${dir#$(CURDIR)/} for $(FUZZTIME)"; \
	    $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) $$dir; \
	  done; \
	done

# The soak (core/soak_test.go): clients of all three protocols submit,
# answer deliveries and drop at random while the host delivers; at the end
# every acknowledged submit was seen once and every delivery got exactly one
# outcome; the counts are printed.
#   make soak SOAK=30m
SOAK ?= 10m
soak: toolchain
	SMSC_SOAK=$(SOAK) $(GO) test -race -count=1 -timeout 0 -run '^TestSoak$$' -v ./core/

# The one-minute form make test runs.
soak-short:
	$(MAKE) soak SOAK=60s

# Statement coverage of the Go suites, per package and in total, without
# -race to keep it quick (docs/coverage.md). Profiles and HTML reports go to
# build/cover. capi shows 0%: only the C, Python and .NET suites call it.
COVER_PKGS ?= ./capi ./core ./codec/... ./cmd/...
cover: toolchain
	@rm -rf $(BUILD)/cover && mkdir -p $(BUILD)/cover && echo 'mode: set' > $(BUILD)/cover/all.out
	@for p in $$($(GO) list $(COVER_PKGS)); do \
	  n=$${p#*/libsmscserver/}; f=$(BUILD)/cover/$$(echo $$n | tr / _); \
	  $(GO) test -count=1 -timeout 15m -coverprofile=$$f.out $$p >$$f.log 2>&1 || { cat $$f.log; exit 1; }; \
	  $(GO) tool cover -html=$$f.out -o $$f.html; tail -n +2 $$f.out >> $(BUILD)/cover/all.out; \
	  printf '%-24s %6s\n' $$n "$$($(GO) tool cover -func=$$f.out | tail -1 | awk '{print $$NF}')"; \
	done
	@printf '%-24s %6s\n' total "$$($(GO) tool cover -func=$(BUILD)/cover/all.out | tail -1 | awk '{print $$NF}')"

# The C ABI: libsmscserver.so (soname libsmscserver.so.1, only the documented
# symbols exported) and the static libsmscserver.a.
lib: $(BUILD)/libsmscserver.so $(ARLIB)

$(SHLIB): $(LIB_SRC) | toolchain
	@mkdir -p $(BUILD)
	$(GO) build -buildmode=c-shared -trimpath \
	  -ldflags='-s -w -extldflags "-Wl,-soname,$(SONAME) -Wl,--version-script=$(CURDIR)/capi/exports.map"' \
	  -o $@ ./capi
	@rm -f $(BUILD)/libsmscserver.so.$(SOMAJOR).*.h $(BUILD)/libsmscserver.so.*.h

$(BUILD)/libsmscserver.so: $(SHLIB)
	ln -sf libsmscserver.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

$(ARLIB): $(LIB_SRC) | toolchain
	@mkdir -p $(BUILD)
	$(GO) build -buildmode=c-archive -trimpath -o $@ ./capi
	@rm -f $(BUILD)/libsmscserver.h

$(BUILD)/smscserver.pc: Makefile
	@mkdir -p $(BUILD)
	printf 'prefix=%s\nlibdir=$${prefix}/lib\nincludedir=$${prefix}/include\n\nName: smscserver\nDescription: SMSC server library (SMPP, UCP/EMI, CIMD2)\nVersion: %s\nLibs: -L$${libdir} -lsmscserver\nLibs.private: -lpthread\nCflags: -I$${includedir}\n' '$(PREFIX)' '$(VERSION)' > $@

install: lib $(BUILD)/smscserver.pc
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/smscserver.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(SHLIB) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libsmscserver.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/libsmscserver.so
	install -m 644 $(ARLIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(BUILD)/smscserver.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

# ---------------------------------------------------------------- C
CC           ?= cc
CTEST_CFLAGS := -std=c99 -Wall -Wextra -pedantic -O1 -g
CTEST_SRC    := tests/c/test_capi.c tests/c/host.c tests/c/smpp_client.c
CTEST_DEPS   := $(CTEST_SRC) tests/c/check.h tests/c/host.h tests/c/smpp_client.h include/smscserver.h

.PHONY: ctest examples bench-chost

# The C suite twice: plainly, then under AddressSanitizer/LeakSanitizer
# (tests/c/README explains why not valgrind), then the exported symbols.
ctest: lib $(BUILD)/ctest/smsc_ctest $(BUILD)/ctest/smsc_ctest_asan $(BUILD)/ctest/smsc_ctest_protocols
	LD_LIBRARY_PATH=$(BUILD) $(BUILD)/ctest/smsc_ctest
	LD_LIBRARY_PATH=$(BUILD) ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 $(BUILD)/ctest/smsc_ctest_asan
	LD_LIBRARY_PATH=$(BUILD) ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 $(BUILD)/ctest/smsc_ctest_protocols
	sh tests/c/check_exports.sh $(BUILD)

$(BUILD)/ctest/smsc_ctest: $(CTEST_DEPS) $(BUILD)/libsmscserver.so
	@mkdir -p $(@D)
	$(CC) $(CTEST_CFLAGS) -Iinclude $(CTEST_SRC) -L$(BUILD) -lsmscserver -lpthread -o $@

$(BUILD)/ctest/smsc_ctest_asan: $(CTEST_DEPS) $(BUILD)/libsmscserver.so
	@mkdir -p $(@D)
	$(CC) $(CTEST_CFLAGS) -fsanitize=address -fno-omit-frame-pointer -Iinclude $(CTEST_SRC) -L$(BUILD) -lsmscserver -lpthread -o $@

$(BUILD)/ctest/smsc_ctest_protocols: tests/c/test_protocols.c tests/c/check.h include/smscserver.h $(BUILD)/libsmscserver.so
	@mkdir -p $(@D)
	$(CC) $(CTEST_CFLAGS) -fsanitize=address -fno-omit-frame-pointer -Iinclude $< -L$(BUILD) -lsmscserver -lpthread -o $@

examples: lib $(BUILD)/examples/smsc $(BUILD)/chost/bench_host

$(BUILD)/examples/smsc: examples/c/smsc.c include/smscserver.h $(BUILD)/libsmscserver.so
	@mkdir -p $(@D)
	$(CC) -std=c99 -Wall -Wextra -pedantic -O2 -Iinclude $< -L$(BUILD) -lsmscserver -lpthread -o $@

$(BUILD)/chost/bench_host: bench/chost/bench_host.c include/smscserver.h $(BUILD)/libsmscserver.so
	@mkdir -p $(@D)
	$(CC) -std=c99 -Wall -Wextra -pedantic -O2 -Iinclude $< -L$(BUILD) -lsmscserver -lpthread -o $@

bench-chost: examples
	$(GO) build -o $(BUILD)/chost/loadclient ./bench/loadclient
	sh bench/chost/run.sh $(BUILD)

# Real SMPP clients against the core (tests/interop/README.md).
# install-deps.sh installs only what is missing (Debian packages as root,
# the pinned npm, PyPI and Maven clients into tests/interop), so a fresh
# clone runs every row, and a second run downloads nothing.
interop: toolchain
	bash tests/interop/install-deps.sh
	bash tests/interop/run.sh

# Benchmarks (bench/README.md): every server side by side with node smpp,
# jsmpp and a floor; rewrites docs/benchmarks.{md,png,json} and
# docs/benchmarks-profile.txt. Not part of `make test`. bench/install-deps.sh
# fetches the pinned peers (npm, Maven) and matplotlib (bench/.venv).
bench: lib
	bash bench/install-deps.sh
	bench/.venv/bin/python bench/run.py --build $(abspath $(BUILD))

include bindings/python/python.mk
include bindings/dotnet/dotnet.mk
include mk/linux.mk
include mk/windows.mk

# Every release file (docs/distribution.md) in dist/, with SHA256SUMS:
# Linux x86_64/aarch64 (glibc 2.17) wheels, .debs and tarballs, the Windows
# x64 zip and the NuGet package.
DISTDIR ?= dist
.PHONY: dist dist-test
dist: dist-linux dist-windows
	cd $(DISTDIR) && rm -f SHA256SUMS && sha256sum $$(ls | sort) > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS
	cd $(DISTDIR) && sha256sum -c --quiet SHA256SUMS && cat SHA256SUMS

# What make test runs of the release files: dist (so every file is built),
# then the checks of the Linux files (glibc 2.17, auditwheel, pytest on the
# manylinux wheel, the C suite under qemu-aarch64, the .deb) and of the
# Windows ones (the C suite under Wine, the NuGet sample).
dist-test: dist dist-linux-test dist-windows-test
include mk/smscd-http.mk
include mk/cluster.mk
include mk/smscd-cluster.mk

# Every code snippet of the READMEs compiles, and runs where it is a program
# (tests/snippets/check_snippets.py says how).
.PHONY: snippets
snippets: lib dotnet
	CC='$(CC)' GO='$(GO)' MCS='$(MCS)' MONO='$(MONO)' $(PYTHON) tests/snippets/check_snippets.py --build $(BUILD)

fmt:
	gofmt -l -w .

# Fails loudly when Go is missing rather than skipping suites.
toolchain:
	@command -v $(GO) >/dev/null 2>&1 || { echo "Go toolchain not found: run .ci/run (it installs one) or install Go 1.26+"; exit 1; }

clean:
	rm -rf build
