"""The generated ctypes mirrors against the C compiler: every event struct of
the header, every member's offset and size, every struct's size, as printed by
tests/abi/zlayout.c compiled against the real header."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess

import pytest

from smscserver import _ffi
from test_abi import _header


def _c_layout(tmp_path):
    include = os.path.dirname(_header())
    src = os.path.join(os.path.dirname(include), "tests", "abi", "zlayout.c")
    assert os.path.exists(src), src
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is needed to check the struct layouts"
    exe = str(tmp_path / "zlayout")
    subprocess.run([cc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", include, "-o", exe, src],
                   check=True, timeout=60)
    out = subprocess.run([exe], check=True, capture_output=True, text=True, timeout=10).stdout
    sizes, members = {}, {}
    for line in out.splitlines():
        f = line.split()
        if f[0] == "struct":
            sizes[f[1]] = int(f[2])
            members[f[1]] = []
        else:
            members[f[1]].append((f[2], int(f[3]), int(f[4])))
    return sizes, members


def test_every_struct_matches_the_c_compiler(tmp_path):
    sizes, members = _c_layout(tmp_path)
    assert len(sizes) >= 25
    assert sorted(_ffi.STRUCTS) == sorted(sizes), "the same structs"
    n = 0
    for name, cls in _ffi.STRUCTS.items():
        assert ctypes.sizeof(cls) == sizes[name], name
        py = [(fname, getattr(cls, fname).offset, getattr(cls, fname).size) for fname, _ in cls._fields_]
        assert py == members[name], name
        n += len(py)
    assert n >= 190


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(pytest.main([__file__]))
