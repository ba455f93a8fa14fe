#!/bin/sh
# check_exports.sh [BUILD-DIR] - the header is the contract:
#  1. include/smscserver.h compiles cleanly as C99 (-Wall -Wextra -Werror
#     -pedantic) and as C++ (g++, same flags);
#  2. the dynamic symbols of BUILD-DIR/libsmscserver.so (default: build) are
#     exactly the functions the header declares, all in version node
#     SMSCSERVER_1, and the soname is libsmscserver.so.1.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
header=$root/include/smscserver.h
lib=$build/libsmscserver.so
CC=${CC:-cc}
CXX=${CXX:-g++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

printf '#include "smscserver.h"\nint main(void) { return smscAbiVersion() == SMSCSERVER_ABI_VERSION ? 0 : 1; }\n' >"$tmp/h.c"
if $CC -std=c99 -Wall -Wextra -Werror -pedantic -I"$root/include" -c "$tmp/h.c" -o "$tmp/h.o"; then
    echo "ok   header compiles as C99 (-Wall -Wextra -Werror -pedantic)"
else
    echo "FAIL header does not compile as C99"; fail=1
fi
cp "$tmp/h.c" "$tmp/h.cc"
if $CXX -std=c++11 -Wall -Wextra -Werror -pedantic -I"$root/include" -c "$tmp/h.cc" -o "$tmp/hxx.o"; then
    echo "ok   header compiles as C++ (g++ -std=c++11 -Wall -Wextra -Werror -pedantic)"
else
    echo "FAIL header does not compile as C++"; fail=1
fi

# Functions declared by the header: preprocess without the system headers
# (drops comments and the C++ guard), cut into statements at ';', skip
# typedefs, take the name before the first '('.
grep -v '^#include' "$header" | $CC -E -P -x c - | tr '\n' ' ' | tr ';' '\n' |
    sed -e 's/^ *//' | grep -v '^typedef' | grep '(' |
    sed -e 's/^\([^(]*[^A-Za-z0-9_(]\)\{0,1\}\([A-Za-z_][A-Za-z0-9_]*\) *(.*/\2/' |
    sort -u >"$tmp/declared"

# Defined dynamic symbols, apart from the version node itself.
nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' >"$tmp/defined.raw"
sed -e 's/@.*//' "$tmp/defined.raw" | sort -u >"$tmp/defined"

if [ ! -s "$tmp/declared" ]; then echo "FAIL no declarations found in $header"; fail=1; fi
if diff -u "$tmp/declared" "$tmp/defined" >"$tmp/diff"; then
    echo "ok   $(wc -l <"$tmp/defined") exported symbols = the functions of the header"
else
    echo "FAIL exports differ from the header (- header only, + library only):"
    sed -n '3,$p' "$tmp/diff" | grep '^[-+]'
    fail=1
fi
if grep -v '@@SMSCSERVER_1$' "$tmp/defined.raw" >"$tmp/unversioned"; then
    echo "FAIL symbols outside version node SMSCSERVER_1:"; cat "$tmp/unversioned"; fail=1
else
    echo "ok   every symbol is in version node SMSCSERVER_1"
fi
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" = libsmscserver.so.1 ]; then
    echo "ok   soname $soname"
else
    echo "FAIL soname is '$soname', want libsmscserver.so.1"; fail=1
fi
exit $fail
