#!/usr/bin/env bash
# Installs what `make bench` (bench/run.py) needs besides Go and a C
# compiler, on Debian bookworm, as root. Idempotent: what is already there
# is left alone, so a second run downloads nothing.
#
#   Debian:  when missing: nodejs + npm, a JDK + maven, mono (mcs, mono) for
#            the .NET host, python3-venv
#   npm:     peers/node/package.json + package-lock.json (smpp 0.5.1, exact) -> peers/node/node_modules
#   Maven:   peers/java/pom.xml (jsmpp 3.0.2, slf4j-simple 1.7.36) -> peers/java/lib
#   PyPI:    requirements.txt (matplotlib 3.11.2 and its dependencies, pinned) -> .venv
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$HERE"

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v mcs >/dev/null 2>&1 || need+=(mono-mcs)
command -v mono >/dev/null 2>&1 || need+=(mono-runtime)
command -v cc >/dev/null 2>&1 || need+=(gcc)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then need+=(python3-venv); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "bench/install-deps: apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if ! grep -q '"version": "0.5.1"' peers/node/node_modules/smpp/package.json 2>/dev/null; then
  echo "bench/install-deps: npm ci (peers/node)"
  (cd peers/node && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ ! -f peers/java/lib/jsmpp-3.0.2.jar ] || [ ! -f peers/java/lib/slf4j-simple-1.7.36.jar ]; then
  echo "bench/install-deps: mvn dependency:copy-dependencies (peers/java)"
  (cd peers/java && mvn -B -q dependency:copy-dependencies)
fi

if ! .venv/bin/python -c 'import importlib.metadata as m; assert m.version("matplotlib") == "3.11.2"' >/dev/null 2>&1; then
  echo "bench/install-deps: pip install -r requirements.txt (.venv)"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
fi
echo "bench/install-deps: done"
