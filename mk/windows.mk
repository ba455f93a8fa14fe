# Windows x64: smscserver.dll cross-compiled with Debian's mingw-w64, its C
# suite run under Wine, and the NuGet package. Included by the top-level
# Makefile, whose BUILD, GO, VERSION, LIB_SRC, CTEST_* and toolchain it uses.
#
#   make lib-win-x64       build/dist-stage/win-x64/: smscserver.dll,
#                          smscserver.lib (import library), smscserver.h
#   make vet-windows       go vet of core, codec and capi for GOOS=windows
#   make ctest-wine        vet-windows, then the C suite built for Windows,
#                          run under Wine against smscserver.dll over loopback TCP
#   make nuget             build/nuget/SmscServer.<version>.nupkg
#   make nuget-test        installs that package from a folder feed into a
#                          fresh sample and runs it against a live client
#   make dist-windows      dist/: the win-x64 zip and the .nupkg
#   make dist-windows-test ctest-wine and nuget-test
#
# Debian packages (installed here when missing and running as root, else a
# loud failure): gcc-mingw-w64-x86-64, wine64, nuget (with Mono's
# mono-mcs and mono-runtime, which dotnet.mk's mono-toolchain installs).

WIN_CC      ?= x86_64-w64-mingw32-gcc-win32
WIN_DLLTOOL ?= x86_64-w64-mingw32-dlltool
WIN_OBJDUMP ?= x86_64-w64-mingw32-objdump
WINE        ?= /usr/lib/wine/wine64
WINESERVER  ?= /usr/lib/wine/wineserver
WIN_BUILD   := $(BUILD)/win-x64
WIN_STAGE   := $(BUILD)/dist-stage/win-x64
WIN_DLL     := $(WIN_STAGE)/smscserver.dll
WIN_IMPLIB  := $(WIN_STAGE)/smscserver.lib
WIN_ZIP     := $(BUILD)/dist-stage/smscserver-$(VERSION)-win-x64.zip

.PHONY: lib-win-x64 vet-windows ctest-wine dist-windows dist-windows-test mingw-toolchain wine-toolchain

# apt-get install when a tool is missing and this runs as root; otherwise
# fail loudly rather than skip. $(1) a command that must work, $(2) the
# Debian packages that provide it.
define apt_need
	@{ $(1); } >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(2) >/dev/null && \
	    { $(1); } >/dev/null 2>&1; } || \
	  { echo "missing $(2): run .ci/run (it installs them) or apt-get install -y $(2)"; exit 1; }
endef

mingw-toolchain:
	$(call apt_need,command -v $(WIN_CC) && command -v $(WIN_DLLTOOL),gcc-mingw-w64-x86-64)

wine-toolchain:
	$(call apt_need,test -x $(WINE),wine64)

lib-win-x64: $(WIN_DLL) $(WIN_IMPLIB) $(WIN_STAGE)/smscserver.h

# go vet as the Windows build sees the library's packages (their tests
# included): catches a Unix-only call before the link does.
vet-windows: | toolchain mingw-toolchain
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$(WIN_CC) $(GO) vet ./core ./codec/... ./capi

# Two steps instead of go build -buildmode=c-shared: Go's c-shared link on
# Windows exports every //export (the internal go* entry points) and the
# header's functions defined in C (capi/shim.c, zshim.c) not at all. The Go
# code and its cgo C become a static archive; mingw links the DLL from it
# with a .def listing exactly the header's functions, the Windows twin of
# capi/exports.map. -static-libgcc keeps libgcc_s_seh-1.dll out.
$(WIN_BUILD)/libsmscserver.a: $(LIB_SRC) | toolchain mingw-toolchain
	@mkdir -p $(@D)
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=$(WIN_CC) \
	  $(GO) build -buildmode=c-archive -trimpath -ldflags='-s -w' -o $@ ./capi
	@rm -f $(WIN_BUILD)/libsmscserver.h

$(WIN_BUILD)/smscserver.def: include/smscserver.h packaging/windows/header_functions.sh
	@mkdir -p $(@D)
	{ echo 'LIBRARY smscserver.dll'; echo 'EXPORTS'; \
	  sh packaging/windows/header_functions.sh '$(CC)' | sed 's/^/    /'; } > $@.tmp && mv $@.tmp $@

$(WIN_DLL): $(WIN_BUILD)/libsmscserver.a $(WIN_BUILD)/smscserver.def | mingw-toolchain
	@mkdir -p $(@D)
	$(WIN_CC) -shared -s -static-libgcc -o $@ $(WIN_BUILD)/smscserver.def \
	  -Wl,--whole-archive $(WIN_BUILD)/libsmscserver.a -Wl,--no-whole-archive \
	  -Wl,--dynamicbase -Wl,--nxcompat -Wl,--high-entropy-va -lws2_32 -lwinmm -lntdll
	sh tests/c/check_exports_win.sh $@ $(WIN_OBJDUMP)

# The import library, from the same .def: MSVC's link.exe and mingw's ld
# both take it (the C suite below links against it).
$(WIN_IMPLIB): $(WIN_BUILD)/smscserver.def | mingw-toolchain
	@mkdir -p $(@D)
	$(WIN_DLLTOOL) -m i386:x86-64 -d $< -D smscserver.dll -l $@

$(WIN_STAGE)/smscserver.h: include/smscserver.h
	@mkdir -p $(@D)
	cp $< $@

# ----------------------------------------------------------- C under Wine
# The suite of `make ctest` (no ASan: mingw has none) built for Windows:
# tests/c/portable.h maps its few socket calls to Winsock; threads come from
# mingw's winpthreads, linked statically. tests/c/README lists what differs.
WIN_CTEST_CFLAGS := $(CTEST_CFLAGS) -D_WIN32_WINNT=0x0600
WIN_CTEST        := $(WIN_BUILD)/ctest
WINE_PREFIX      := $(abspath $(BUILD))/wine/prefix
WINE_ENV         := WINEPREFIX=$(WINE_PREFIX) WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES='mscoree,mshtml='

$(WIN_CTEST)/smsc_ctest.exe: $(CTEST_DEPS) tests/c/portable.h $(WIN_IMPLIB) | mingw-toolchain
	@mkdir -p $(@D)
	$(WIN_CC) $(WIN_CTEST_CFLAGS) -static -Iinclude $(CTEST_SRC) $(WIN_IMPLIB) -lws2_32 -lpthread -o $@

$(WIN_CTEST)/smsc_ctest_protocols.exe: tests/c/test_protocols.c tests/c/check.h tests/c/portable.h include/smscserver.h $(WIN_IMPLIB) | mingw-toolchain
	@mkdir -p $(@D)
	$(WIN_CC) $(WIN_CTEST_CFLAGS) -static -Iinclude $< $(WIN_IMPLIB) -lws2_32 -lpthread -o $@

$(WIN_CTEST)/smscserver.dll: $(WIN_DLL)
	@mkdir -p $(@D)
	cp $< $@

# Test-only: Wine 8.0 lacks ProcessPrng (tests/wine/processprng.c says
# why Go needs it). Real Windows has it; this DLL is never shipped.
$(BUILD)/wine/bcryptprimitives.dll: tests/wine/processprng.c tests/wine/processprng.def | mingw-toolchain
	@mkdir -p $(@D)
	$(WIN_CC) -O2 -Wall -Wextra -shared -s -o $@ $^ -ladvapi32

# A private prefix under build/ (never ~/.wine), made once, headless.
$(WINE_PREFIX)/.ready: $(BUILD)/wine/bcryptprimitives.dll | wine-toolchain
	rm -rf $(WINE_PREFIX)
	$(WINE_ENV) $(WINE) wineboot --init >/dev/null 2>&1
	cp $< $(WINE_PREFIX)/drive_c/windows/system32/bcryptprimitives.dll
	touch $@

ctest-wine: vet-windows $(WIN_CTEST)/smsc_ctest.exe $(WIN_CTEST)/smsc_ctest_protocols.exe $(WIN_CTEST)/smscserver.dll $(WINE_PREFIX)/.ready
	cd $(WIN_CTEST) && $(WINE_ENV) timeout 900 $(WINE) smsc_ctest.exe
	cd $(WIN_CTEST) && $(WINE_ENV) timeout 300 $(WINE) smsc_ctest_protocols.exe
	$(WINE_ENV) $(WINESERVER) -k 2>/dev/null || true

# ------------------------------------------------------------------ NuGet
# The package SmscServer (packaging/nuget/SmscServer.nuspec), packed with
# Debian's nuget (NuGet 2.8 on Mono). lib/netstandard2.0 holds the binding
# as make dotnet builds it and dotnet-test tests it (mcs, Mono's default
# profile: see packaging/nuget/README.md for why not the netstandard
# facade). runtimes/*/native: the Linux libraries of mk/linux.mk
# (lib-linux-x64, lib-linux-arm64, glibc 2.17) and smscserver.dll above,
# each under the one name DllImport("smscserver") probes on its platform.
NUGET          ?= nuget
NUGET_DIR      := $(BUILD)/nuget
NUGET_STAGE    := $(NUGET_DIR)/stage
NUPKG          := $(NUGET_DIR)/SmscServer.$(VERSION).nupkg
LINUX_X64_SO   := $(BUILD)/dist-stage/linux-x64/libsmscserver.so.$(VERSION)
LINUX_ARM64_SO := $(BUILD)/dist-stage/linux-arm64/libsmscserver.so.$(VERSION)
PYTHON3        ?= python3

.PHONY: nuget nuget-test nuget-toolchain

nuget-toolchain: mono-toolchain
	$(call apt_need,command -v $(NUGET),nuget)

nuget: $(NUPKG)

# lib-linux-x64 and lib-linux-arm64 are phony: the package is packed anew
# each time (a second), from whatever those rules left in dist-stage.
$(NUPKG): lib-linux-x64 lib-linux-arm64 $(WIN_DLL) $(DOTNET_LIB) packaging/nuget/SmscServer.nuspec \
          packaging/nuget/check_package.py LICENSE | nuget-toolchain
	rm -rf $(NUGET_STAGE) && mkdir -p $(NUGET_STAGE)/lib/netstandard2.0 \
	  $(NUGET_STAGE)/runtimes/linux-x64/native $(NUGET_STAGE)/runtimes/linux-arm64/native $(NUGET_STAGE)/runtimes/win-x64/native
	cp $(DOTNET_LIB) $(NUGET_STAGE)/lib/netstandard2.0/SmscServer.dll
	cp $(LINUX_X64_SO) $(NUGET_STAGE)/runtimes/linux-x64/native/libsmscserver.so
	cp $(LINUX_ARM64_SO) $(NUGET_STAGE)/runtimes/linux-arm64/native/libsmscserver.so
	cp $(WIN_DLL) $(NUGET_STAGE)/runtimes/win-x64/native/smscserver.dll
	cp packaging/nuget/SmscServer.nuspec LICENSE $(NUGET_STAGE)/
	rm -f $@
	cd $(NUGET_STAGE) && HOME=$(abspath $(NUGET_DIR))/home $(NUGET) pack SmscServer.nuspec -Version $(VERSION) \
	  -OutputDirectory .. -NoPackageAnalysis -NonInteractive
	$(PYTHON3) packaging/nuget/check_package.py $@ $(VERSION)

# A user's view: the package from a folder feed into a fresh directory, the
# sample (tests/nuget/Sample.cs) compiled against the installed package
# alone and run with its runtimes/linux-x64/native library, the sample being
# its own SMPP client over loopback TCP.
NUGET_T := $(NUGET_DIR)/test
NUGET_PKG_DIR := $(NUGET_T)/packages/SmscServer.$(VERSION)

nuget-test: $(NUPKG) tests/nuget/Sample.cs | nuget-toolchain
	rm -rf $(NUGET_T) && mkdir -p $(NUGET_T)/feed $(NUGET_T)/app
	cp $(NUPKG) $(NUGET_T)/feed/
	cd $(NUGET_T) && HOME=$(abspath $(NUGET_DIR))/home $(NUGET) install SmscServer -Version $(VERSION) \
	  -Source $(abspath $(NUGET_T))/feed -OutputDirectory packages -NonInteractive
	$(MCS) -langversion:7.2 -warnaserror+ -r:$(NUGET_PKG_DIR)/lib/netstandard2.0/SmscServer.dll \
	  -out:$(NUGET_T)/app/SmscNuGetSample.exe tests/nuget/Sample.cs
	cp $(NUGET_PKG_DIR)/lib/netstandard2.0/SmscServer.dll $(NUGET_T)/app/
	LD_LIBRARY_PATH=$(abspath $(NUGET_PKG_DIR))/runtimes/linux-x64/native timeout 120 $(MONO) $(NUGET_T)/app/SmscNuGetSample.exe

# ------------------------------------------------------------------ dist
# The Windows C download: smscserver.dll, its import library and the header.
$(WIN_ZIP): $(WIN_DLL) $(WIN_IMPLIB) $(WIN_STAGE)/smscserver.h LICENSE
	rm -f $@
	cp LICENSE $(WIN_STAGE)/LICENSE
	# flat: the zip's top level holds the four files
	cd $(BUILD)/dist-stage && $(PYTHON3) -m zipfile -c $(notdir $@) win-x64/smscserver.dll win-x64/smscserver.lib \
	  win-x64/smscserver.h win-x64/LICENSE

dist-windows: $(WIN_ZIP) $(NUPKG)
	@mkdir -p $(DISTDIR)
	cp $(WIN_ZIP) $(NUPKG) $(DISTDIR)/

dist-windows-test: ctest-wine nuget-test
