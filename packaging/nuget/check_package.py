"""check_package.py NUPKG VERSION - the SmscServer package holds what a user
needs, each native library built for its runtime's machine:

  lib/netstandard2.0/SmscServer.dll           a .NET assembly
  runtimes/linux-x64/native/libsmscserver.so  ELF, x86-64
  runtimes/linux-arm64/native/libsmscserver.so ELF, AArch64
  runtimes/win-x64/native/smscserver.dll      PE32+, x86-64

and the .nuspec inside names id SmscServer and the header's version.
Reads the headers itself (no `file` or `unzip` needed). Exit 1 on any miss.
"""
import re
import struct
import sys
import zipfile

ELF_X86_64, ELF_AARCH64, PE_AMD64 = 62, 183, 0x8664


def elf_machine(b):
    if b[:4] != b"\x7fELF" or b[4] != 2:  # 64-bit ELF
        return None
    return struct.unpack_from("<H", b, 18)[0]


def pe_machine(b):
    if b[:2] != b"MZ":
        return None
    off = struct.unpack_from("<I", b, 0x3C)[0]
    if b[off:off + 4] != b"PE\0\0":
        return None
    return struct.unpack_from("<H", b, off + 4)[0]


def is_dotnet(b):
    # A managed PE has a CLI header: data directory 14 of the optional header.
    off = struct.unpack_from("<I", b, 0x3C)[0] + 24
    magic = struct.unpack_from("<H", b, off)[0]
    dirs = off + (96 if magic == 0x10B else 112)
    rva, size = struct.unpack_from("<II", b, dirs + 14 * 8)
    return rva != 0 and size != 0


def main():
    path, version = sys.argv[1], sys.argv[2]
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    fail = 0

    def check(ok, what):
        nonlocal fail
        print(("ok   " if ok else "FAIL ") + what)
        fail |= not ok

    want = {
        "lib/netstandard2.0/SmscServer.dll": lambda b: pe_machine(b) is not None and is_dotnet(b),
        "runtimes/linux-x64/native/libsmscserver.so": lambda b: elf_machine(b) == ELF_X86_64,
        "runtimes/linux-arm64/native/libsmscserver.so": lambda b: elf_machine(b) == ELF_AARCH64,
        "runtimes/win-x64/native/smscserver.dll": lambda b: pe_machine(b) == PE_AMD64 and not is_dotnet(b),
    }
    what = {
        "lib/netstandard2.0/SmscServer.dll": ".NET assembly",
        "runtimes/linux-x64/native/libsmscserver.so": "ELF x86-64",
        "runtimes/linux-arm64/native/libsmscserver.so": "ELF AArch64",
        "runtimes/win-x64/native/smscserver.dll": "native PE32+ x86-64",
    }
    for name, test in want.items():
        if name not in names:
            check(False, name + " missing")
            continue
        check(test(z.read(name)), name + " is " + what[name])
    spec = z.read("SmscServer.nuspec").decode("utf-8")
    check(re.search(r"<id>SmscServer</id>", spec) is not None, "nuspec id SmscServer")
    check(re.search(r"<version>" + re.escape(version) + r"</version>", spec) is not None, "nuspec version " + version)
    return fail


if __name__ == "__main__":
    sys.exit(main())
