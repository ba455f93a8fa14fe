# .NET binding (bindings/dotnet) built with Mono's C# compiler and run with
# mono. Included by the top-level Makefile, whose BUILD, GO, LIB_SRC and
# toolchain it uses:
#
#   make dotnet         build/dotnet/SmscServer.dll
#   make dotnet-test    the binding's tests, the usage overview example, exit tests,
#                       then the reference conformance program
#   make dotnet-conformance  tests/conformance: the reference's CIMD2 class page and
#                       usage overview, member by member, against live clients
#   make dotnet-bench   submits/s and per-event overhead (C# handler vs the Go core)
#
# Mono comes from Debian's mono-mcs and mono-runtime (.ci/run installs them).
# The same sources build with the dotnet SDK: bindings/dotnet/SmscServer/SmscServer.csproj.

MCS        ?= mcs
MONO       ?= mono
MCSFLAGS   ?= -langversion:7.2 -optimize+ -debug -warnaserror+
DOTNET_OUT := $(BUILD)/dotnet
DOTNET_LIB := $(DOTNET_OUT)/SmscServer.dll
DOTNET_SRC := $(wildcard bindings/dotnet/SmscServer/*.cs)
DOTNET_KIT := bindings/dotnet/tests/TestKit.cs
DOTNET_ENV := LD_LIBRARY_PATH=$(abspath $(BUILD))

.PHONY: dotnet dotnet-test dotnet-conformance dotnet-bench mono-toolchain

# Installs Mono from Debian when it is missing and this runs as root;
# otherwise fails loudly rather than skipping the suite.
mono-toolchain:
	@command -v $(MCS) >/dev/null 2>&1 && command -v $(MONO) >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mono-mcs mono-runtime; } || \
	  { echo "Mono not found: run .ci/run (it installs mono-mcs and mono-runtime) or apt-get install -y mono-mcs mono-runtime"; exit 1; }

dotnet: $(DOTNET_LIB)

$(DOTNET_LIB): $(DOTNET_SRC) | mono-toolchain
	@mkdir -p $(DOTNET_OUT)
	$(MCS) $(MCSFLAGS) -target:library -unsafe -out:$@ $(DOTNET_SRC)

DOTNET_TESTS := bindings/dotnet/tests/SmppTests.cs bindings/dotnet/tests/ProtocolTests.cs bindings/dotnet/tests/AbiTests.cs \
                bindings/dotnet/tests/SubmitOptionTests.cs bindings/dotnet/tests/HostThreadTests.cs \
                bindings/dotnet/tests/StatisticsTests.cs

$(DOTNET_OUT)/SmscServerTests.exe: $(DOTNET_LIB) $(DOTNET_TESTS) $(DOTNET_KIT)
	$(MCS) $(MCSFLAGS) -unsafe -r:$(DOTNET_LIB) -r:System.Core.dll -out:$@ $(DOTNET_TESTS) $(DOTNET_KIT)

# The C compiler's view of every event struct, for the layout test
# (tests/abi/zlayout.c is generated from the header with the mirrors).
$(DOTNET_OUT)/abilayout: tests/abi/zlayout.c include/smscserver.h
	@mkdir -p $(DOTNET_OUT)
	$(CC) -std=c99 -Wall -Wextra -Werror -Iinclude -o $@ $<

$(DOTNET_OUT)/SmscExitTest.exe: $(DOTNET_LIB) bindings/dotnet/tests/ExitTest.cs $(DOTNET_KIT)
	$(MCS) $(MCSFLAGS) -r:$(DOTNET_LIB) -out:$@ bindings/dotnet/tests/ExitTest.cs $(DOTNET_KIT)

$(DOTNET_OUT)/SmscUsageOverview.exe: $(DOTNET_LIB) $(wildcard examples/dotnet/*.cs) $(DOTNET_KIT)
	$(MCS) $(MCSFLAGS) -r:$(DOTNET_LIB) -out:$@ $(wildcard examples/dotnet/*.cs) $(DOTNET_KIT)

$(DOTNET_OUT)/SmscConformance.exe: $(DOTNET_LIB) tests/conformance/ReferenceConformance.cs $(DOTNET_KIT)
	$(MCS) $(MCSFLAGS) -r:$(DOTNET_LIB) -out:$@ tests/conformance/ReferenceConformance.cs $(DOTNET_KIT)

$(DOTNET_OUT)/SmscBench.exe: $(DOTNET_LIB) bindings/dotnet/bench/Bench.cs
	$(MCS) $(MCSFLAGS) -r:$(DOTNET_LIB) -out:$@ bindings/dotnet/bench/Bench.cs

# The real SMPP client of the tests (gosmpp) and the benchmark's load client.
$(DOTNET_OUT)/smppclient: bindings/dotnet/tests/client/main.go go.mod go.sum | toolchain
	@mkdir -p $(DOTNET_OUT)
	$(GO) build -o $@ ./bindings/dotnet/tests/client

$(DOTNET_OUT)/loadclient: bindings/dotnet/bench/loadclient/main.go $(LIB_SRC) | toolchain
	@mkdir -p $(DOTNET_OUT)
	$(GO) build -o $@ ./bindings/dotnet/bench/loadclient

# Run from the repository root: the usage-overview test reads
# examples/dotnet/UsageOverview.cs to check that its vendor sample is unchanged.
dotnet-test: $(BUILD)/libsmscserver.so $(DOTNET_OUT)/SmscServerTests.exe $(DOTNET_OUT)/SmscExitTest.exe \
             $(DOTNET_OUT)/SmscUsageOverview.exe $(DOTNET_OUT)/smppclient $(DOTNET_OUT)/abilayout \
             $(DOTNET_OUT)/SmscConformance.exe
	rc=0; $(DOTNET_ENV) timeout 900 $(MONO) --debug $(DOTNET_OUT)/SmscServerTests.exe || rc=1; \
	  $(DOTNET_CONFORMANCE) || rc=1; exit $$rc

# The conformance program runs after the suite, also when the suite failed.
# It finds the SMPP client next to it (build/dotnet/smppclient).
DOTNET_CONFORMANCE = $(DOTNET_ENV) timeout 300 $(MONO) --debug $(DOTNET_OUT)/SmscConformance.exe

dotnet-conformance: $(BUILD)/libsmscserver.so $(DOTNET_OUT)/SmscConformance.exe $(DOTNET_OUT)/smppclient
	$(DOTNET_CONFORMANCE)

dotnet-bench: $(BUILD)/libsmscserver.so $(DOTNET_OUT)/SmscBench.exe $(DOTNET_OUT)/loadclient
	$(DOTNET_ENV) $(MONO) $(DOTNET_OUT)/SmscBench.exe -n 200000 -runs 3
