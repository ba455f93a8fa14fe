#!/usr/bin/env bash
# Installs what the interop rows (tests/interop/run.sh) need on a fresh
# Debian bookworm machine, as root. Idempotent: whatever is already there is
# left alone, so a second run downloads nothing.
#
#   Debian:  kannel (bearerbox, smsbox), libnet-smpp-perl, haproxy, and when missing
#            nodejs + npm, a JDK, maven, python3 + venv
#   npm:     node/package.json + package-lock.json (smpp, exact versions) -> node/node_modules
#   PyPI:    python/requirements.txt (smpplib, pinned) -> .venv
#   Maven:   java/pom.xml (jsmpp, slf4j-simple, pinned) -> ~/.m2 and java/lib
#   Go:      gosmpp comes from the repository's go.mod (module proxy, at build time)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"
export PATH="/usr/local/go/bin:$HOME/go/bin:$PATH"

need=()
have_deb() { dpkg -s "$1" >/dev/null 2>&1; }
have_deb kannel || need+=(kannel)
have_deb haproxy || need+=(haproxy)
have_deb libnet-smpp-perl || perl -MNet::SMPP -e1 >/dev/null 2>&1 || need+=(libnet-smpp-perl)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# Debian's python3 needs python3-venv for `python3 -m venv`; a python3 built
# elsewhere (pyenv) has ensurepip built in.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then need+=(python3-venv); fi
command -v timeout >/dev/null 2>&1 || need+=(coreutils)
command -v openssl >/dev/null 2>&1 || need+=(openssl) # the TLS rows: s_client

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need[*]}"
  apt-get update -qq
  # policy-rc.d keeps Debian's kannel and haproxy services from starting:
  # the rows run bearerbox, smsbox and haproxy themselves, with
  # configurations of their own.
  policy=/usr/sbin/policy-rc.d
  made_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  [ "$made_policy" = 1 ] && rm -f "$policy"
fi

# npm: exact versions from the committed lock file.
if ! grep -q '"version": "0.5.1"' node/node_modules/smpp/package.json 2>/dev/null; then
  echo "install-deps: npm ci (node/)"
  (cd node && npm ci --no-audit --no-fund --loglevel=error)
fi

# PyPI: a venv of our own.
if ! .venv/bin/python -c 'import importlib.metadata as m; assert m.version("smpplib") == "2.2.4"' >/dev/null 2>&1; then
  echo "install-deps: pip install -r python/requirements.txt (.venv)"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r python/requirements.txt
fi

# Maven Central: jsmpp and slf4j into java/lib (and the ~/.m2 cache).
if [ ! -f java/lib/jsmpp-3.0.2.jar ] || [ ! -f java/lib/slf4j-simple-1.7.36.jar ]; then
  echo "install-deps: mvn dependency:copy-dependencies (java/)"
  (cd java && mvn -B -q dependency:copy-dependencies)
fi

# Go: gosmpp, from the module proxy into the module cache.
if command -v go >/dev/null 2>&1; then
  (cd "$HERE/../.." && go mod download github.com/linxGnu/gosmpp)
fi
echo "install-deps: done"
