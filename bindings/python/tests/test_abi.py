"""The binding against the header: every function bound, struct layouts and
enum values identical (compiled with the system C compiler)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings

import pytest

import smscserver as sm
from smscserver import _enums, _ffi


def _header() -> str:
    env = os.environ.get("SMSCSERVER_HEADER")
    if env:
        return env
    d = os.path.dirname(os.path.abspath(__file__))
    for _ in range(6):
        p = os.path.join(d, "include", "smscserver.h")
        if os.path.exists(p):
            return p
        d = os.path.dirname(d)
    pytest.skip("include/smscserver.h not found (set SMSCSERVER_HEADER)")
    raise AssertionError


def _header_text() -> str:
    with open(_header(), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def header_functions():
    """name -> parameter count of every function prototype in the header."""
    text = _header_text()
    text = re.sub(r"#define[^\n]*(\\\n[^\n]*)*", " ", text)
    text = re.sub(r"#[^\n]*", " ", text)
    out = {}
    for stmt in re.split(r"[;{}]", text):
        stmt = stmt.strip()
        m = re.fullmatch(r"([A-Za-z_][\w\s\*]*?)\b(\w+)\s*\(([^()]*)\)", stmt, flags=re.S)
        if not m or stmt.startswith("typedef"):
            continue
        name, params = m.group(2), m.group(3).strip()
        out[name] = 0 if params in ("", "void") else params.count(",") + 1
    return out


# Names another team is adding; the binding gets them in the same change.
PENDING_PREFIXES = ("ucp", "cimd2", "smscSetOnUcp", "smscSetOnCimd2")


def test_every_header_function_is_bound():
    fns = header_functions()
    assert "smppSendDeliverMessage" in fns and fns["smppSendDeliverMessage"] == 18
    missing, pending = [], []
    for name, nparams in sorted(fns.items()):
        if name not in _ffi.PROTOTYPES:
            (pending if name.startswith(PENDING_PREFIXES) else missing).append(name)
            continue
        assert len(_ffi.PROTOTYPES[name][1]) == nparams, name
    assert not missing, "header functions without a binding: %s" % missing
    if pending:
        warnings.warn("UCP/CIMD2 functions in the header not bound yet: %s" % pending)
    extra = set(_ffi.PROTOTYPES) - set(fns)
    assert not extra, "bound but not in the header: %s" % sorted(extra)


def test_every_event_has_a_python_event():
    events = {n[len("smscSetOn"):] for n in header_functions() if n.startswith("smscSetOn")}
    py = set()
    for cls in (sm.SMSCserverSMPP,):
        for name in dir(cls):
            if isinstance(getattr(cls, name), sm.Event):
                py.add(name[2:])
    smpp_events = {e for e in events if not e.startswith(("Ucp", "Cimd2"))}
    assert smpp_events == py


def test_enums_match_header():
    text = _header_text()
    blocks = re.findall(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*\w+\s*;", text, flags=re.S)
    assert len(blocks) >= 7
    for cname, body in blocks:
        cls = getattr(_enums, cname)
        values = dict(re.findall(r"(\w+)\s*=\s*(-?(?:0x[0-9A-Fa-f]+|\d+))", body))
        py = {m.name: int(m.value) for m in cls}
        assert py == {k: int(v, 0) for k, v in values.items()}, cname


@pytest.mark.skipif(shutil.which("cc") is None and shutil.which("gcc") is None, reason="no C compiler")
def test_struct_layout_matches_header(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc")
    lines = ["#include <stdio.h>", "#include <stddef.h>", '#include "smscserver.h"', "int main(void){"]
    expect = []
    for name, cls in sorted(_ffi.STRUCTS.items()):
        lines.append('printf("%%zu\\n", sizeof(%s));' % name)
        expect.append(ctypes_sizeof(cls))
        for fname, _ in cls._fields_:
            lines.append('printf("%%zu\\n", offsetof(%s, %s));' % (name, fname))
            expect.append(getattr(cls, fname).offset)
    lines.append("return 0;}")
    src = tmp_path / "layout.c"
    src.write_text("\n".join(lines))
    exe = tmp_path / "layout"
    subprocess.run([cc, "-Wall", "-Werror", "-I", os.path.dirname(_header()), "-o", str(exe), str(src)],
                   check=True, timeout=60)
    got = [int(x) for x in subprocess.run([str(exe)], check=True, capture_output=True, timeout=10).stdout.split()]
    assert got == expect


def ctypes_sizeof(cls):
    import ctypes

    return ctypes.sizeof(cls)


def test_versions_and_error_text():
    assert sm.abi_version() == 1
    assert sm.version() == sm.__version__
    assert "handle" in sm.error_text(sm.smscError.SMSC_ERR_INVALID_HANDLE)
    assert sm.error_text(0)
    assert sm.error_text(111)  # ECONNREFUSED: an errno text
    e = sm.SmscError(-4, "tcpAcceptConnection")
    assert e.code == -4 and e.error is sm.smscError.SMSC_ERR_UNKNOWN_CLIENT
    assert "tcpAcceptConnection" in str(e)
    with pytest.raises(sm.SmscError):
        sm.check(-5)
    assert sm.check(0) is None


def test_library_loaded_from_package_or_env():
    path = _ffi.library_path()
    if os.environ.get("SMSCSERVER_LIB"):
        assert path == os.environ["SMSCSERVER_LIB"]
    else:
        assert path == os.path.join(os.path.dirname(sm.__file__), "libsmscserver.so")
    assert os.path.exists(path)


def test_py_typed_marker():
    assert os.path.exists(os.path.join(os.path.dirname(sm.__file__), "py.typed"))


def test_pending_protocol_classes_explain_themselves():
    with pytest.raises(AttributeError, match="ucpCreateServer"):
        sm.SMSCserverUCP  # noqa: B018
    with pytest.raises(AttributeError, match="cimd2CreateServer"):
        sm.SMSCserverCIMD2  # noqa: B018


def test_public_names_documented():
    for name in sm.__all__:
        obj = getattr(sm, name)
        if name.startswith("__") or getattr(obj, "__module__", "") == "typing":
            continue  # dunders; the Handler type alias
        assert getattr(obj, "__doc__", None), name
    for cls in (sm.SMSCserver, sm.SMSCserverSMPP):
        for name, obj in vars(cls).items():
            if name.startswith("_"):
                continue
            assert getattr(obj, "__doc__", None), "%s.%s has no docstring" % (cls.__name__, name)
