# Linux release artifacts (docs/distribution.md): one build per architecture
# that loads on every current distribution, and the checks that prove it.
# Included by the top-level Makefile after bindings/python/python.mk.
#
#   make lib-linux-x64     build/dist-stage/linux-x64/libsmscserver.so.<version> + .a (glibc 2.17 baseline)
#   make lib-linux-arm64   the same for aarch64
#   make wheels-linux      manylinux2014 x86_64 and aarch64 wheels bundling those libraries
#   make deb-linux         libsmscserver_<version>_{amd64,arm64}.deb (nfpm)
#   make dist-linux        all of it (and a tar.gz per architecture) into dist/
#   make dist-linux-test   glibc check, auditwheel show, the Python suite on the manylinux
#                          wheel, the C suite on aarch64 under qemu, the .deb installed and used
#
# Why Zig: `zig cc -target <arch>-linux-gnu.2.17` links against glibc 2.17
# stubs that Zig generates itself, so cgo cross-compiles for both
# architectures against an old glibc from one stock Debian machine, without
# a manylinux container or a sysroot per target. Zig comes from PyPI
# (ziglang), pinned, into build/zig.

LINUX_GLIBC        := 2.17
ZIG_VERSION        := 0.17.0
AUDITWHEEL_VERSION := 6.8.2
NFPM_VERSION       := v2.48.0
LINUX_ARCHS        := linux-x64 linux-arm64

STAGE      := $(BUILD)/dist-stage
DISTDIR    ?= dist
ZIGDIR     := $(BUILD)/zig
ZIG        := $(abspath $(ZIGDIR))/pkg/ziglang/zig
ZIGSTAMP   := $(ZIGDIR)/.ziglang-$(ZIG_VERSION)
# Zig's caches stay in the build tree, not in $HOME.
ZIGENV     := ZIG_GLOBAL_CACHE_DIR=$(abspath $(ZIGDIR))/cache ZIG_LOCAL_CACHE_DIR=$(abspath $(ZIGDIR))/cache
NFPM       := $(BUILD)/nfpm/$(NFPM_VERSION)/nfpm
AWVENV     := $(BUILD)/auditwheel-venv
AUDITWHEEL := $(AWVENV)/bin/auditwheel
AWSTAMP    := $(AWVENV)/.auditwheel-$(AUDITWHEEL_VERSION)
QEMU_SYSROOT := /usr/aarch64-linux-gnu

# Per architecture: Go's name, Zig's target, the wheel tag, the objdump that
# reads it, Debian's architecture and multiarch triplet.
GOARCH_linux-x64     := amd64
GOARCH_linux-arm64   := arm64
ZIGT_linux-x64       := x86_64-linux-gnu.$(LINUX_GLIBC)
ZIGT_linux-arm64     := aarch64-linux-gnu.$(LINUX_GLIBC)
WHEELPLAT_linux-x64  := manylinux2014_x86_64
WHEELPLAT_linux-arm64 := manylinux2014_aarch64
OBJDUMP_linux-x64    := objdump
OBJDUMP_linux-arm64  := aarch64-linux-gnu-objdump
DEBARCH_linux-x64    := amd64
DEBARCH_linux-arm64  := arm64
MULTIARCH_linux-x64  := x86_64-linux-gnu
MULTIARCH_linux-arm64 := aarch64-linux-gnu

linux_wheel = $(STAGE)/smscserver-$(VERSION)-py3-none-$(WHEELPLAT_$(1)).whl
linux_deb   = $(STAGE)/libsmscserver_$(VERSION)_$(DEBARCH_$(1)).deb
linux_tar   = $(STAGE)/smscserver-$(VERSION)-$(1).tar.gz
LINUX_WHEELS := $(foreach a,$(LINUX_ARCHS),$(call linux_wheel,$(a)))
LINUX_DEBS   := $(foreach a,$(LINUX_ARCHS),$(call linux_deb,$(a)))
LINUX_TARS   := $(foreach a,$(LINUX_ARCHS),$(call linux_tar,$(a)))
PYBIND_SRC   := bindings/python/pyproject.toml bindings/python/README.md bindings/python/_build/backend.py \
                $(wildcard bindings/python/smscserver/*.py) bindings/python/smscserver/py.typed

.PHONY: lib-linux-x64 lib-linux-arm64 wheels-linux deb-linux tar-linux dist-linux dist-linux-test \
        linux-tools linux-glibc-check linux-exports-check linux-auditwheel linux-pytest \
        linux-qemu-ctest linux-deb-test

# ------------------------------------------------------------ tools

# Debian packages the checks need; installed when missing and running as
# root (CI), otherwise a clear message. .ci/run may install them up front.
LINUX_APT := qemu-user libc6-arm64-cross binutils-aarch64-linux-gnu pkg-config
linux-tools:
	@command -v qemu-aarch64 >/dev/null 2>&1 && command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 && \
	  command -v pkg-config >/dev/null 2>&1 && [ -e $(QEMU_SYSROOT)/lib/ld-linux-aarch64.so.1 ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq $(LINUX_APT); } || \
	  { echo "missing Linux dist tools: run .ci/run or apt-get install -y $(LINUX_APT)"; exit 1; }

# Zig from PyPI into build/zig/pkg (a venv only to have pip: Debian's python3
# has none outside one).
$(ZIGSTAMP):
	rm -rf $(ZIGDIR)/pkg $(ZIGDIR)/venv
	$(PYTHON) -m venv $(ZIGDIR)/venv
	$(ZIGDIR)/venv/bin/python -m pip install -q --disable-pip-version-check --target $(ZIGDIR)/pkg ziglang==$(ZIG_VERSION)
	$(ZIG) version | grep -qx '$(ZIG_VERSION)'
	touch $@

$(NFPM): | toolchain
	GOBIN=$(abspath $(@D)) $(GO) install github.com/goreleaser/nfpm/v2/cmd/nfpm@$(NFPM_VERSION)

$(AWSTAMP):
	rm -rf $(AWVENV)
	$(PYTHON) -m venv $(AWVENV)
	$(AWVENV)/bin/python -m pip install -q --disable-pip-version-check auditwheel==$(AUDITWHEEL_VERSION)
	touch $@

# ------------------------------------------------------------ libraries

lib-linux-x64: $(STAGE)/linux-x64/libsmscserver.so.$(VERSION) $(STAGE)/linux-x64/libsmscserver.a
lib-linux-arm64: $(STAGE)/linux-arm64/libsmscserver.so.$(VERSION) $(STAGE)/linux-arm64/libsmscserver.a

# The flags of $(SHLIB), cross-built; a library that needs a glibc newer
# than the baseline fails the build here, before anything packs it.
$(STAGE)/%/libsmscserver.so.$(VERSION): $(LIB_SRC) $(ZIGSTAMP) | toolchain linux-tools
	@mkdir -p $(@D)
	$(ZIGENV) CGO_ENABLED=1 GOOS=linux GOARCH=$(GOARCH_$*) CC="$(ZIG) cc -target $(ZIGT_$*)" \
	  $(GO) build -buildmode=c-shared -trimpath \
	  -ldflags='-s -w -extldflags "-Wl,-soname,$(SONAME) -Wl,--version-script=$(CURDIR)/capi/exports.map"' \
	  -o $@.tmp ./capi
	rm -f $(@D)/*.h
	sh tests/dist/check_glibc.sh $(LINUX_GLIBC) $(OBJDUMP_$*) $@.tmp
	mv $@.tmp $@
	ln -sf libsmscserver.so.$(VERSION) $(@D)/$(SONAME)
	ln -sf $(SONAME) $(@D)/libsmscserver.so

$(STAGE)/%/libsmscserver.a: $(LIB_SRC) $(ZIGSTAMP) | toolchain
	@mkdir -p $(@D)/archive
	$(ZIGENV) CGO_ENABLED=1 GOOS=linux GOARCH=$(GOARCH_$*) CC="$(ZIG) cc -target $(ZIGT_$*)" \
	  $(GO) build -buildmode=c-archive -trimpath -o $(@D)/archive/libsmscserver.a ./capi
	mv $(@D)/archive/libsmscserver.a $@
	rm -rf $(@D)/archive

# pkg-config files: relocatable for the tar.gz (pkg-config's ${pcfiledir}),
# /usr and the multiarch directory for the .deb.
$(STAGE)/%/tar.pc: packaging/smscserver.pc.in include/smscserver.h
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$${pcfiledir}/../..|' -e 's|@LIBDIR@|$${prefix}/lib|' -e 's|@VERSION@|$(VERSION)|' $< > $@

$(STAGE)/%/deb/smscserver.pc: packaging/smscserver.pc.in include/smscserver.h
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|/usr|' -e 's|@LIBDIR@|$${prefix}/lib/$(MULTIARCH_$*)|' -e 's|@VERSION@|$(VERSION)|' $< > $@

# ------------------------------------------------------------ packages

# The in-tree backend (bindings/python/README.md says why it stays) bundles
# the cross-built library and tags the wheel manylinux2014_<arch>.
define linux_wheel_rule
$(call linux_wheel,$(1)): $(STAGE)/$(1)/libsmscserver.so.$(VERSION) $(PYBIND_SRC) $(PYVENV)/bin/python
	rm -f $$@
	SMSCSERVER_BUILD_LIB=$(abspath $(STAGE))/$(1)/libsmscserver.so.$(VERSION) SMSCSERVER_WHEEL_PLAT=$(WHEELPLAT_$(1)) \
	  $$(PIP) wheel --no-deps --no-build-isolation --no-index -w $(STAGE) bindings/python
	test -f $$@

$(call linux_deb,$(1)): $(STAGE)/$(1)/libsmscserver.so.$(VERSION) $(STAGE)/$(1)/libsmscserver.a \
    $(STAGE)/$(1)/deb/smscserver.pc packaging/deb/nfpm.yaml packaging/deb/ldconfig.sh LICENSE $(NFPM)
	sed -e 's|$$$${DEB_ARCH}|$(DEBARCH_$(1))|g' -e 's|$$$${MULTIARCH}|$(MULTIARCH_$(1))|g' \
	  -e 's|$$$${VERSION}|$(VERSION)|g' -e 's|$$$${STAGE}|$(STAGE)/$(1)|g' \
	  packaging/deb/nfpm.yaml > $(STAGE)/$(1)/deb/nfpm.yaml
	$(NFPM) package --packager deb --config $(STAGE)/$(1)/deb/nfpm.yaml --target $$@

# include/ and lib/ (the .so with its soname links, the .a, pkgconfig/).
$(call linux_tar,$(1)): $(STAGE)/$(1)/libsmscserver.so.$(VERSION) $(STAGE)/$(1)/libsmscserver.a \
    $(STAGE)/$(1)/tar.pc LICENSE
	rm -rf $(STAGE)/$(1)/tar && mkdir -p $(STAGE)/$(1)/tar/smscserver-$(VERSION)-$(1)/include \
	  $(STAGE)/$(1)/tar/smscserver-$(VERSION)-$(1)/lib/pkgconfig
	cd $(STAGE)/$(1) && d=tar/smscserver-$(VERSION)-$(1) && \
	  cp $(CURDIR)/include/smscserver.h $$$$d/include/ && cp $(CURDIR)/LICENSE $$$$d/ && \
	  cp libsmscserver.so.$(VERSION) libsmscserver.a $$$$d/lib/ && cp tar.pc $$$$d/lib/pkgconfig/smscserver.pc && \
	  ln -s libsmscserver.so.$(VERSION) $$$$d/lib/$(SONAME) && ln -s $(SONAME) $$$$d/lib/libsmscserver.so
	tar -C $(STAGE)/$(1)/tar --owner=0 --group=0 --numeric-owner -czf $$@ smscserver-$(VERSION)-$(1)
endef
$(foreach a,$(LINUX_ARCHS),$(eval $(call linux_wheel_rule,$(a))))

wheels-linux: $(LINUX_WHEELS)
deb-linux: $(LINUX_DEBS)
tar-linux: $(LINUX_TARS)

dist-linux: $(LINUX_WHEELS) $(LINUX_DEBS) $(LINUX_TARS)
	@mkdir -p $(DISTDIR)
	cp $^ $(DISTDIR)/

# ------------------------------------------------------------ checks

dist-linux-test: linux-glibc-check linux-exports-check linux-auditwheel linux-pytest linux-qemu-ctest linux-deb-test

# objdump -T / -p of both shared libraries: no GLIBC_ version newer than 2.17.
linux-glibc-check: lib-linux-x64 lib-linux-arm64 | linux-tools
	sh tests/dist/check_glibc.sh $(LINUX_GLIBC) $(OBJDUMP_linux-x64) $(STAGE)/linux-x64/libsmscserver.so.$(VERSION)
	sh tests/dist/check_glibc.sh $(LINUX_GLIBC) $(OBJDUMP_linux-arm64) $(STAGE)/linux-arm64/libsmscserver.so.$(VERSION)

# The exported symbols, version node and soname, as for the native build.
linux-exports-check: lib-linux-x64 lib-linux-arm64
	sh tests/c/check_exports.sh $(STAGE)/linux-x64
	sh tests/c/check_exports.sh $(STAGE)/linux-arm64

# auditwheel show on both wheels; fails unless each is manylinux2014-compatible.
linux-auditwheel: dist-linux $(AWSTAMP)
	sh tests/dist/check_wheel.sh $(AUDITWHEEL) $(DISTDIR)/$(notdir $(call linux_wheel,linux-x64)) x86_64
	sh tests/dist/check_wheel.sh $(AUDITWHEEL) $(DISTDIR)/$(notdir $(call linux_wheel,linux-arm64)) aarch64

# The Python suite against the manylinux2014 x86_64 wheel from dist/, in a
# venv made afresh each time (python.mk's pytest-installed).
linux-pytest: dist-linux
	rm -rf $(BUILD)/venv-manylinux
	$(MAKE) --no-print-directory pytest-installed PYVENV=$(BUILD)/venv-manylinux \
	  PYTEST_WHEEL=$(DISTDIR)/$(notdir $(call linux_wheel,linux-x64))

# The C suite (test_capi + host + smpp_client, and test_protocols; the latter
# also against the static library), built for aarch64 by Zig against the aarch64 library and run under qemu-aarch64 with
# Debian's arm64 glibc as the sysroot. Real TCP on loopback. No ASan here:
# the sanitizer runtimes do not run under qemu-user (the native ctest has it).
QEMU_CTEST := $(STAGE)/linux-arm64/ctest
QEMU_RUN   := qemu-aarch64 -L $(QEMU_SYSROOT) -E LD_LIBRARY_PATH=$(abspath $(STAGE))/linux-arm64

$(QEMU_CTEST)/smsc_ctest: $(CTEST_DEPS) $(STAGE)/linux-arm64/libsmscserver.so.$(VERSION) $(ZIGSTAMP)
	@mkdir -p $(@D)
	$(ZIGENV) $(ZIG) cc -target $(ZIGT_linux-arm64) $(CTEST_CFLAGS) -Iinclude $(CTEST_SRC) \
	  -L$(STAGE)/linux-arm64 -lsmscserver -lpthread -o $@

$(QEMU_CTEST)/smsc_ctest_protocols: tests/c/test_protocols.c tests/c/check.h include/smscserver.h \
    $(STAGE)/linux-arm64/libsmscserver.so.$(VERSION) $(ZIGSTAMP)
	@mkdir -p $(@D)
	$(ZIGENV) $(ZIG) cc -target $(ZIGT_linux-arm64) $(CTEST_CFLAGS) -Iinclude $< \
	  -L$(STAGE)/linux-arm64 -lsmscserver -lpthread -o $@

# test_protocols once more, linked with the aarch64 libsmscserver.a.
$(QEMU_CTEST)/smsc_ctest_protocols_static: tests/c/test_protocols.c tests/c/check.h include/smscserver.h \
    $(STAGE)/linux-arm64/libsmscserver.a $(ZIGSTAMP)
	@mkdir -p $(@D)
	$(ZIGENV) $(ZIG) cc -target $(ZIGT_linux-arm64) $(CTEST_CFLAGS) -Iinclude $< \
	  $(STAGE)/linux-arm64/libsmscserver.a -lpthread -o $@

linux-qemu-ctest: $(QEMU_CTEST)/smsc_ctest $(QEMU_CTEST)/smsc_ctest_protocols $(QEMU_CTEST)/smsc_ctest_protocols_static | linux-tools
	$(QEMU_RUN) $(QEMU_CTEST)/smsc_ctest
	$(QEMU_RUN) $(QEMU_CTEST)/smsc_ctest_protocols
	$(QEMU_RUN) $(QEMU_CTEST)/smsc_ctest_protocols_static

# dpkg -i the amd64 .deb, build examples/c/smsc.c with pkg-config (shared
# and static), serve one SMPP session over loopback, then dpkg --purge.
linux-deb-test: dist-linux | linux-tools
	sh tests/dist/deb_test.sh $(DISTDIR)/$(notdir $(call linux_deb,linux-x64)) $(MULTIARCH_linux-x64)
