#!/bin/sh
# check_glibc.sh MAX OBJDUMP LIB... - fails when a shared library needs a glibc
# symbol version newer than MAX (e.g. 2.17, the manylinux2014 baseline).
#
# The Linux release libraries are cross-built against glibc 2.17 (mk/linux.mk)
# so that one file loads on every current distribution (RHEL 7/8, Ubuntu
# 20.04, Amazon Linux 2, ...). A newer reference slips in silently (a libc
# call the Go runtime or cgo starts using, a compiler default), so every
# build is checked. OBJDUMP is the objdump that reads LIB's architecture
# (objdump for x86_64, aarch64-linux-gnu-objdump for aarch64); both the
# dynamic symbols (-T) and the version references (-p) are read.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 MAX OBJDUMP LIB..." >&2; exit 2; }
max=$1 objdump=$2
shift 2
command -v "$objdump" >/dev/null 2>&1 || { echo "check_glibc: $objdump not found" >&2; exit 1; }
fail=0
for lib in "$@"; do
    [ -f "$lib" ] || { echo "FAIL $lib: no such file"; fail=1; continue; }
    out=$("$objdump" -T -p "$lib") || { echo "FAIL $lib: $objdump cannot read it"; fail=1; continue; }
    vers=$(printf '%s\n' "$out" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/^GLIBC_//' | sort -u -V)
    [ -n "$vers" ] || { echo "FAIL $lib: no GLIBC_ version found (not a glibc-linked library?)"; fail=1; continue; }
    newest=$(printf '%s\n' "$vers" | tail -1)
    # newer than max: max sorts strictly before it
    if [ "$newest" != "$max" ] && [ "$(printf '%s\n%s\n' "$max" "$newest" | sort -V | tail -1)" = "$newest" ]; then
        echo "FAIL $lib needs GLIBC_$newest (> $max):"
        printf '%s\n' "$out" | grep -E "GLIBC_($(printf '%s\n' "$vers" | awk -v m="$max" '
            { split($0, a, "."); split(m, b, ".");
              n = (a[1] > b[1]) || (a[1] == b[1] && a[2] + 0 > b[2] + 0) ||
                  (a[1] == b[1] && a[2] + 0 == b[2] + 0 && a[3] + 0 > b[3] + 0);
              if (n) { gsub(/\./, "\\."); printf "%s%s", sep, $0; sep = "|" } }'))([ )]|$)" | sed 's/^/    /'
        fail=1
    else
        echo "ok   $lib: newest glibc symbol version GLIBC_$newest (<= $max)"
    fi
done
exit $fail
