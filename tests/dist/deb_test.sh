#!/bin/sh
# deb_test.sh DEB MULTIARCH - the .deb as a C user on Debian/Ubuntu meets it:
#  1. dpkg -i installs it (root only; CI runs as root) and the files, soname
#     links and ld.so cache entry are where a C program looks for them;
#  2. examples/c/smsc.c compiles with `pkg-config --cflags --libs smscserver`
#     (shared) and against the installed libsmscserver.a (static);
#  3. both programs serve one SMPP session over loopback (smpp_probe.py) on
#     a port the library picks (argument 0) and stop cleanly on SIGTERM;
#  4. dpkg --purge removes it again, leaving the machine as it was.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 DEB MULTIARCH" >&2; exit 2; }
deb=$1 ma=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CC=${CC:-cc}
PYTHON=${PYTHON:-python3}
[ "$(id -u)" = 0 ] || { echo "FAIL deb_test needs root for dpkg -i (CI runs as root)"; exit 1; }
for t in dpkg pkg-config "$CC" "$PYTHON"; do
    command -v "$t" >/dev/null 2>&1 || { echo "FAIL deb_test: $t not found"; exit 1; }
done
if dpkg -s libsmscserver >/dev/null 2>&1; then
    echo "FAIL libsmscserver is already installed here; not touching it (dpkg --purge libsmscserver first)"
    exit 1
fi
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    dpkg --purge libsmscserver >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

dpkg -i "$deb"
lib=/usr/lib/$ma
for f in "$lib/libsmscserver.so.1" "$lib/libsmscserver.so" "$lib/libsmscserver.a" \
         "$lib/pkgconfig/smscserver.pc" /usr/include/smscserver.h; do
    [ -e "$f" ] || { echo "FAIL $f not installed"; exit 1; }
done
[ "$(readlink "$lib/libsmscserver.so.1")" = "$(basename "$(ls "$lib"/libsmscserver.so.1.*)")" ] ||
    { echo "FAIL $lib/libsmscserver.so.1 does not point at the versioned file"; exit 1; }
# (on merged-/usr systems the cache says /lib/<multiarch>, the same directory)
ldconfig -p | grep -Eq "libsmscserver\.so\.1 .*=> (/usr)?/lib/$ma/libsmscserver\.so\.1\$" ||
    { echo "FAIL ld.so cache does not know libsmscserver.so.1 (postinst ldconfig)"; exit 1; }
echo "ok   installed: $(pkg-config --modversion smscserver), $(ls "$lib"/libsmscserver.so.1.*)"

flags=$(pkg-config --cflags --libs smscserver)
echo "     pkg-config --cflags --libs smscserver: $flags"
# shellcheck disable=SC2086 # flags are words
$CC -std=c99 -Wall -Wextra -pedantic -O2 "$root/examples/c/smsc.c" $flags -lpthread -o "$tmp/smsc"
ldd "$tmp/smsc" | grep -Eq "libsmscserver\.so\.1 => (/usr)?/lib/$ma/libsmscserver\.so\.1 " ||
    { ldd "$tmp/smsc"; echo "FAIL smsc does not load the installed library"; exit 1; }
# shellcheck disable=SC2086
$CC -std=c99 -Wall -Wextra -pedantic -O2 $(pkg-config --cflags smscserver) "$root/examples/c/smsc.c" \
    "$(pkg-config --variable=libdir smscserver)/libsmscserver.a" -lpthread -o "$tmp/smsc_static"
if ldd "$tmp/smsc_static" | grep -q libsmscserver; then echo "FAIL smsc_static links the shared library"; exit 1; fi
echo "ok   examples/c/smsc.c built with pkg-config (shared) and against libsmscserver.a (static)"

for prog in smsc smsc_static; do
    "$tmp/$prog" 0 >"$tmp/$prog.out" 2>&1 &
    pid=$!
    port=
    i=0
    while [ $i -lt 100 ]; do   # up to 10 s for the listening line
        port=$(sed -n 's/^SMSC listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$tmp/$prog.out")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1; i=$((i + 1))
    done
    [ -n "$port" ] || { cat "$tmp/$prog.out"; echo "FAIL $prog did not start listening"; exit 1; }
    echo "     $prog listening on port $port"
    "$PYTHON" "$here/smpp_probe.py" "$port"
    kill -TERM "$pid"
    rc=0; wait "$pid" || rc=$?
    pid=
    grep -q '^stopped$' "$tmp/$prog.out" && [ $rc -eq 0 ] ||
        { cat "$tmp/$prog.out"; echo "FAIL $prog did not stop cleanly (exit $rc)"; exit 1; }
    grep -q 'message .* "hello from the .deb"' "$tmp/$prog.out" ||
        { cat "$tmp/$prog.out"; echo "FAIL $prog did not report the submitted message"; exit 1; }
    echo "ok   $prog served an SMPP session over loopback and stopped on SIGTERM"
done

dpkg --purge libsmscserver
for f in "$lib/libsmscserver.so.1" "$lib/libsmscserver.a" /usr/include/smscserver.h; do
    [ ! -e "$f" ] || { echo "FAIL $f still there after dpkg --purge"; exit 1; }
done
if ldconfig -p | grep -q libsmscserver; then echo "FAIL ld.so cache still lists libsmscserver"; exit 1; fi
echo "ok   dpkg --purge removed every file"
