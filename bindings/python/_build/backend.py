"""In-tree PEP 517 build backend for the ``smscserver`` wheel (docs/abi.md, Python).

No build dependencies: ``pip install bindings/python``, ``pip wheel`` and
``pip install --no-build-isolation --no-index`` work offline, also where
setuptools has no ``wheel`` package.

Where ``libsmscserver.so`` comes from, first match wins:

1. ``SMSCSERVER_BUILD_LIB`` (or the config setting ``lib``): a built library,
   e.g. ``make wheel`` passes ``$(BUILD)/libsmscserver.so``;
2. the repository around this directory, built with the Go toolchain by
   ``make -C <repo> BUILD=<tmp> <tmp>/libsmscserver.so`` (Go 1.24+, gcc, make);
3. a ``smscserver/libsmscserver.so`` already copied into the source tree.

The wheel is tagged ``py3-none-<platform>`` (e.g. ``py3-none-linux_x86_64``):
the code is pure Python over ctypes, but the bundled library is not. The
platform is the running interpreter's unless ``SMSCSERVER_WHEEL_PLAT`` (or the
config setting ``plat``) names another, e.g. ``manylinux2014_aarch64``: the
Linux release wheels bundle a library cross-built against glibc 2.17
(mk/linux.mk), checked with ``auditwheel show`` before the tag is trusted.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # bindings/python
PKG = "smscserver"
LIBNAME = "libsmscserver.so"


def _project():
    """Name, version, summary, requires-python and readme from pyproject/_version."""
    version = None
    with open(os.path.join(ROOT, PKG, "_version.py"), encoding="utf-8") as f:
        m = re.search(r'^__version__\s*=\s*"([^"]+)"', f.read(), re.M)
        if m:
            version = m.group(1)
    meta = {"name": PKG, "version": version or "0", "description": "", "requires-python": ">=3.8"}
    try:
        import tomllib  # Python 3.11+

        with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
            proj = tomllib.load(f).get("project", {})
        for k in ("name", "description", "requires-python"):
            if k in proj:
                meta[k] = proj[k]
        meta["license"] = (proj.get("license") or {}).get("text", "")
        meta["classifiers"] = proj.get("classifiers", [])
        meta["urls"] = proj.get("urls", {})
    except ImportError:
        pass
    return meta


def _dist_name(meta):
    return re.sub(r"[-_.]+", "_", meta["name"]).lower() + "-" + meta["version"]


def _metadata(meta):
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % meta["name"],
        "Version: %s" % meta["version"],
        "Summary: %s" % meta.get("description", ""),
        "Requires-Python: %s" % meta.get("requires-python", ">=3.8"),
    ]
    if meta.get("license"):
        lines.append("License: %s" % meta["license"])
    for c in meta.get("classifiers", []):
        lines.append("Classifier: %s" % c)
    for k, v in meta.get("urls", {}).items():
        lines.append("Project-URL: %s, %s" % (k, v))
    readme = os.path.join(ROOT, "README.md")
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = f.read()
        return "\n".join(lines) + "\n\n" + body
    return "\n".join(lines) + "\n"


def _tag(config_settings=None):
    plat = (config_settings or {}).get("plat") or os.environ.get("SMSCSERVER_WHEEL_PLAT")
    if not plat:
        plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if not re.fullmatch(r"[a-z0-9_]+", plat):
        raise RuntimeError("smscserver: bad wheel platform tag %r" % plat)
    return "py3-none-" + plat


def _wheel_file(tag, purelib=False):
    return (
        "Wheel-Version: 1.0\nGenerator: smscserver-backend\nRoot-Is-Purelib: %s\nTag: %s\n"
        % ("true" if purelib else "false", tag)
    )


def _find_repo():
    d = ROOT
    for _ in range(6):
        gomod = os.path.join(d, "go.mod")
        if os.path.exists(gomod) and os.path.exists(os.path.join(d, "Makefile")):
            with open(gomod, encoding="utf-8") as f:
                if "module github.com/smscserver/libsmscserver" in f.read():
                    return d
        d = os.path.dirname(d)
    return None


def _build_lib(tmp):
    """Run the repository's Makefile into ``tmp``; return the .so path or None."""
    repo = _find_repo()
    if repo is None:
        return None
    env = dict(os.environ)
    path = env.get("PATH", "")
    for extra in ("/usr/local/go/bin", os.path.expanduser("~/go/bin")):
        if os.path.isdir(extra) and extra not in path.split(os.pathsep):
            path = path + os.pathsep + extra
    env["PATH"] = path
    if shutil.which(env.get("GO", "go"), path=path) is None or shutil.which("make", path=path) is None:
        return None
    out = os.path.join(tmp, "build")
    target = os.path.join(out, LIBNAME)
    cmd = ["make", "-C", repo, "BUILD=" + out, target]
    print("smscserver backend: building the library: " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, env=env, check=True, stdout=sys.stderr)
    return target


def _library(tmp, config_settings):
    cs = config_settings or {}
    given = cs.get("lib") or os.environ.get("SMSCSERVER_BUILD_LIB")
    if given:
        if not os.path.exists(given):
            raise RuntimeError("smscserver: SMSCSERVER_BUILD_LIB=%s does not exist" % given)
        return os.path.realpath(given)
    built = _build_lib(tmp)
    if built:
        return os.path.realpath(built)
    intree = os.path.join(ROOT, PKG, LIBNAME)
    if os.path.exists(intree):
        return os.path.realpath(intree)
    raise RuntimeError(
        "smscserver: no libsmscserver.so. Build from the repository (needs Go 1.24+, gcc, make), "
        "set SMSCSERVER_BUILD_LIB to a built library, or install a wheel from `make wheel`."
    )


def _package_files():
    """(archive name, path) of every file of the package, .so and caches excluded."""
    out = []
    base = os.path.join(ROOT, PKG)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for fn in sorted(filenames):
            if fn.endswith((".pyc", ".so")) or fn.startswith("."):
                continue
            full = os.path.join(dirpath, fn)
            out.append((os.path.relpath(full, ROOT).replace(os.sep, "/"), full))
    return out


class _Wheel:
    def __init__(self, path):
        self.zf = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records = []

    def add(self, arcname, data, mode=0o644):
        zi = zipfile.ZipInfo(arcname, date_time=time.gmtime(_epoch())[:6])
        zi.external_attr = (0o100000 | mode) << 16
        zi.compress_type = zipfile.ZIP_DEFLATED
        self.zf.writestr(zi, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        self.records.append("%s,sha256=%s,%d" % (arcname, digest, len(data)))

    def close(self, record_name):
        self.records.append(record_name + ",,")
        zi = zipfile.ZipInfo(record_name, date_time=time.gmtime(_epoch())[:6])
        zi.external_attr = 0o100644 << 16
        self.zf.writestr(zi, "\n".join(self.records) + "\n")
        self.zf.close()


def _epoch():
    # reproducible archives; zip cannot store dates before 1980
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _write_dist_info(whl, meta, tag, distinfo):
    whl.add(distinfo + "/METADATA", _metadata(meta).encode("utf-8"))
    whl.add(distinfo + "/WHEEL", _wheel_file(tag).encode())
    whl.add(distinfo + "/top_level.txt", (PKG + "\n").encode())


# ----------------------------------------------------------------- PEP 517


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    meta = _project()
    distinfo = _dist_name(meta) + ".dist-info"
    d = os.path.join(metadata_directory, distinfo)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata(meta))
    with open(os.path.join(d, "WHEEL"), "w") as f:
        f.write(_wheel_file(_tag(config_settings)))
    return distinfo


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    meta = _project()
    tag = _tag(config_settings)
    name = "%s-%s.whl" % (_dist_name(meta), tag)
    distinfo = _dist_name(meta) + ".dist-info"
    os.makedirs(wheel_directory, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="smscserver-build-") as tmp:
        lib = _library(tmp, config_settings)
        whl = _Wheel(os.path.join(wheel_directory, name))
        for arc, path in _package_files():
            whl.add(arc, _read(path))
        whl.add(PKG + "/" + LIBNAME, _read(lib), 0o755)
        _write_dist_info(whl, meta, tag, distinfo)
        whl.close(distinfo + "/RECORD")
    return name


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: a .pth pointing at the source tree. The library is then taken from
    SMSCSERVER_LIB at run time (or a copy in smscserver/)."""
    meta = _project()
    tag = _tag()
    name = "%s-%s.whl" % (_dist_name(meta), tag)
    distinfo = _dist_name(meta) + ".dist-info"
    os.makedirs(wheel_directory, exist_ok=True)
    whl = _Wheel(os.path.join(wheel_directory, name))
    whl.add("__editable__.smscserver.pth", (ROOT + "\n").encode("utf-8"))
    _write_dist_info(whl, meta, tag, distinfo)
    whl.close(distinfo + "/RECORD")
    return name


def build_sdist(sdist_directory, config_settings=None):
    """Python sources only; building a wheel from it needs SMSCSERVER_BUILD_LIB."""
    meta = _project()
    base = _dist_name(meta)
    name = base + ".tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    files = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml")),
             ("README.md", os.path.join(ROOT, "README.md")),
             ("_build/backend.py", os.path.join(HERE, "backend.py"))]
    files += _package_files()
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tf:
        for arc, path in files:
            if os.path.exists(path):
                tf.add(path, arcname=base + "/" + arc)
        pkginfo = _metadata(meta).encode("utf-8")
        ti = tarfile.TarInfo(base + "/PKG-INFO")
        ti.size = len(pkginfo)
        ti.mtime = _epoch()
        tf.addfile(ti, io.BytesIO(pkginfo))
    return name
