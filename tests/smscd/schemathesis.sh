#!/usr/bin/env bash
# Validates smscd's OpenAPI file against a running server with schemathesis:
# every operation, in the examples, coverage, fuzzing and stateful phases,
# with every check (schema and status conformance of each answer, invalid
# input rejected, valid input accepted, 405 with Allow for undocumented
# methods, no 5xx). Exits non-zero on any violation.
#
#   tests/smscd/schemathesis.sh BASEURL
#
# ST (default build/schemathesis-venv/bin/st, installed by
# `make smscd-openapi-check`), ST_EXAMPLES (default 100 per operation),
# ST_SEED (default: random; the run prints the seed to replay it). It runs
# in build/smscd-schemathesis/, where the JUnit report goes and where
# `st replay ID` finds a failure's request.
# The stateful phase follows the document's links, so it disconnects the
# server's sessions: point it at a server nobody else is using.
set -euo pipefail
base=${1:?usage: $0 BASEURL}
base=${base%/}
st=${ST:-build/schemathesis-venv/bin/st}
[ -x "$st" ] || { echo "schemathesis: $st is missing (make smscd-openapi-check installs it)" >&2; exit 1; }
st=$(realpath "$st")
# schemathesis keeps its crash cache (for `st replay ID`) in ./.schemathesis:
# run it in build/ so the cache stays out of the source tree.
work=build/smscd-schemathesis
mkdir -p "$work"
cd "$work"
seed=()
[ -n "${ST_SEED:-}" ] && seed=(--seed "$ST_SEED")
# One worker: the server under test may be on a shared, two-core machine.
exec "$st" run "$base/openapi.yaml" --url "$base" \
  --checks all --max-examples "${ST_EXAMPLES:-100}" --workers 1 \
  --request-timeout 10 --max-response-time 2 \
  --report junit --report-junit-path smscd-schemathesis.xml \
  "${seed[@]}"
