#!/bin/sh
# check_exports_win.sh DLL [OBJDUMP] - the Windows half of check_exports.sh:
#  1. smscserver.dll exports exactly the functions include/smscserver.h
#     declares (none of the go* entry points behind them, nothing of the Go
#     runtime);
#  2. it imports only DLLs every Windows has (no libgcc_s, no winpthread),
#     so the one file is all a user copies.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dll=$1
OBJDUMP=${2:-x86_64-w64-mingw32-objdump}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

sh "$root/packaging/windows/header_functions.sh" >"$tmp/declared"
$OBJDUMP -p "$dll" >"$tmp/pe"
# The export name table: lines "[   n] name" after "[Ordinal/Name Pointer] Table".
sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' "$tmp/pe" | sed -n 's/^[[:space:]]*\[ *[0-9]*\] \(.*\)$/\1/p' |
    LC_ALL=C sort -u >"$tmp/exported"
if [ ! -s "$tmp/declared" ]; then echo "FAIL no declarations found in the header"; fail=1; fi
if diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
    echo "ok   $(wc -l <"$tmp/exported") exports of $(basename "$dll") = the functions of the header"
else
    echo "FAIL exports differ from the header (- header only, + DLL only):"
    sed -n '3,$p' "$tmp/diff" | grep '^[-+]'
    fail=1
fi
sed -n 's/^[[:space:]]*DLL Name: \(.*\)$/\1/p' "$tmp/pe" | tr 'A-Z' 'a-z' | LC_ALL=C sort -u >"$tmp/imports"
if grep -v -x -e kernel32.dll -e msvcrt.dll -e ntdll.dll -e ws2_32.dll -e winmm.dll -e advapi32.dll "$tmp/imports" >"$tmp/odd"; then
    echo "FAIL imports a DLL that Windows does not ship:"; cat "$tmp/odd"; fail=1
else
    echo "ok   imports only system DLLs: $(tr '\n' ' ' <"$tmp/imports")"
fi
exit $fail
