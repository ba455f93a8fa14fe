#!/bin/sh
# check_wheel.sh AUDITWHEEL WHEEL ARCH - `auditwheel show` must find WHEEL
# consistent with manylinux2014 (glibc 2.17) or an older manylinux policy on
# ARCH (x86_64, aarch64); anything else (linux_<arch>, a newer glibc, an
# external library outside the policy, another architecture) fails.
#
# auditwheel reads the ELF files only, so the aarch64 wheel is checked on an
# x86_64 machine too. It prints the most compatible tag it finds, e.g.
# "manylinux_2_5_x86_64" for a library that needs only glibc 2.3.2: that
# tag's glibc must be <= 2.17, which is what manylinux2014 promises.
set -eu
[ $# -eq 3 ] || { echo "usage: $0 AUDITWHEEL WHEEL ARCH" >&2; exit 2; }
aw=$1 wheel=$2 arch=$3
[ -f "$wheel" ] || { echo "FAIL $wheel: no such file"; exit 1; }
out=$("$aw" show "$wheel" 2>&1) || { printf '%s\n' "$out"; echo "FAIL auditwheel show $wheel"; exit 1; }
printf '%s\n' "$out" | sed 's/^/    /'
# the tag auditwheel settles on, in either spelling
tag=$(printf '%s\n' "$out" | tr '\n' ' ' | sed -n 's/.*following platform tag: *"\([^"]*\)".*/\1/p')
case $tag in
    manylinux_2_*_"$arch")
        minor=$(printf '%s\n' "$tag" | sed 's/^manylinux_2_\([0-9]*\)_.*/\1/')
        if [ "$minor" -le 17 ]; then
            echo "ok   $(basename "$wheel"): auditwheel says $tag (manylinux2014 = manylinux_2_17 or older is fine)"
            exit 0
        fi ;;
esac
echo "FAIL $(basename "$wheel"): auditwheel's tag is '$tag', want manylinux_2_<=17_$arch"
exit 1
