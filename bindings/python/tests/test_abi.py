"""The binding against the header: every function bound, struct layouts and
enum values identical (compiled with the system C compiler)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

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
    # The suite runs from the source tree (make pytest): a missing header is a failure.
    pytest.fail("include/smscserver.h not found (set SMSCSERVER_HEADER)")
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


def test_every_header_function_is_bound():
    """Every function of the header (SMPP, UCP/EMI, CIMD2) is required."""
    fns = header_functions()
    assert "smppSendDeliverMessage" in fns and fns["smppSendDeliverMessage"] == 18
    assert fns.get("ucpSendDeliverMessage") == 14 and fns.get("cimd2SendDeliverMessage") == 14
    missing = []
    for name, nparams in sorted(fns.items()):
        if name not in _ffi.PROTOTYPES:
            missing.append(name)
            continue
        assert len(_ffi.PROTOTYPES[name][1]) == nparams, name
    assert not missing, "header functions without a binding: %s" % missing
    assert not _ffi.OPTIONAL, "every function of the header is required"
    extra = set(_ffi.PROTOTYPES) - set(fns)
    assert not extra, "bound but not in the header: %s" % sorted(extra)


def test_loaded_library_exports_every_function():
    lib = _ffi.load()
    assert not _ffi.missing
    for name in _ffi.PROTOTYPES:
        assert hasattr(lib, name), name


def _py_events(cls):
    return {name[2:] for name in dir(cls) if isinstance(getattr(cls, name), sm.Event)}


def test_every_event_has_a_python_event():
    events = {n[len("smscSetOn"):] for n in header_functions() if n.startswith("smscSetOn")}
    tcp = {"TcpConnected", "TcpDisconnected"}
    assert tcp <= events
    for cls, prefix in ((sm.SMSCserverSMPP, "Smpp"), (sm.SMSCserverUCP, "Ucp"), (sm.SMSCserverCIMD2, "Cimd2")):
        want = tcp | {e for e in events if e.startswith(prefix)}
        assert _py_events(cls) == want, cls.__name__


def test_every_protocol_function_is_a_method():
    """ucp*/cimd2*/smpp* functions are methods of their class, with the header's
    argument names in order (the handle dropped; out arrays become one list)."""
    import inspect

    text = _header_text()
    for cls, prefix in ((sm.SMSCserverSMPP, "smpp"), (sm.SMSCserverUCP, "ucp"), (sm.SMSCserverCIMD2, "cimd2")):
        for name in header_functions():
            if not name.startswith(prefix) or name.endswith("CreateServer"):
                continue
            m = re.search(r"\b%s\s*\(([^()]*)\)" % name, text)
            assert m, name
            cnames = [re.findall(r"\w+", p)[-1] for p in m.group(1).split(",")][1:]
            if cnames[-3:] in (["TransactionNumbers", "Capacity", "Count"],
                               ["SequenceNumbers", "Capacity", "Count"]):
                cnames = cnames[:-2]
            method = getattr(cls, name, None)
            assert method is not None, "%s.%s missing" % (cls.__name__, name)
            params = list(inspect.signature(method).parameters)[1:]
            assert params == cnames, name


def test_enums_match_header():
    text = _header_text()
    blocks = re.findall(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}\s*\w+\s*;", text, flags=re.S)
    assert len(blocks) >= 7
    for cname, body in blocks:
        cls = getattr(_enums, cname)
        values = dict(re.findall(r"(\w+)\s*=\s*(-?(?:0x[0-9A-Fa-f]+|\d+))", body))
        py = {m.name: int(m.value) for m in cls}
        assert py == {k: int(v, 0) for k, v in values.items()}, cname


def test_struct_layout_matches_header(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is needed to check the struct layouts (make test builds the C suite with it too)"
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


def test_protocol_classes_share_the_base():
    for cls in (sm.SMSCserverSMPP, sm.SMSCserverUCP, sm.SMSCserverCIMD2):
        assert issubclass(cls, sm.SMSCserver)
    with pytest.raises(TypeError, match="abstract"):
        sm.SMSCserver()
    with pytest.raises(AttributeError):
        sm.SMSCserverFoo  # noqa: B018


def test_public_names_documented():
    for name in sm.__all__:
        obj = getattr(sm, name)
        if name.startswith("__") or getattr(obj, "__module__", "") == "typing":
            continue  # dunders; the Handler type alias
        assert getattr(obj, "__doc__", None), name
    for cls in (sm.SMSCserver, sm.SMSCserverSMPP, sm.SMSCserverUCP, sm.SMSCserverCIMD2):
        for name, obj in vars(cls).items():
            if name.startswith("_"):
                continue
            assert getattr(obj, "__doc__", None), "%s.%s has no docstring" % (cls.__name__, name)
