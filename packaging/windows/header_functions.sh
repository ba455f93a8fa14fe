#!/bin/sh
# header_functions.sh [CC] - prints the functions include/smscserver.h
# declares, one a line, sorted: the exports smscserver.dll must have.
# The header is the single source of truth: smscserver.def is written from
# this list at build time (mk/windows.mk) and tests/c/check_exports_win.sh
# compares the DLL's export table with it. The same extraction as
# tests/c/check_exports.sh: preprocess without the system headers (drops
# comments and the C++ guard), cut into statements at ';', skip typedefs,
# take the name before the first '('.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
CC=${1:-${CC:-cc}}
grep -v '^#include' "$root/include/smscserver.h" | $CC -E -P -x c - | tr '\n' ' ' | tr ';' '\n' |
    sed -e 's/^ *//' | grep -v '^typedef' | grep '(' |
    sed -e 's/^\([^(]*[^A-Za-z0-9_(]\)\{0,1\}\([A-Za-z_][A-Za-z0-9_]*\) *(.*/\2/' |
    LC_ALL=C sort -u
