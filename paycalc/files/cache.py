"""A per-user cache of files already read and validated, so no run redoes an earlier one's work.

An entry holds what reading one file produced (its model and its marked YAML data), keyed by a
hash of the file's text and of the code that read it: the text of this paycalc's own source
files, pydantic's version file and the Python version. A changed file, an upgraded or edited
paycalc or pydantic and another Python each give other keys, so an entry is never used across
versions; two copies of the same paycalc (a checkout and an installed wheel of it) share their
entries. An entry is
only ever a shortcut: one that is missing, truncated, corrupt or written by something else is
ignored and the file is read again; deleting the directory at any time is safe.

The directory is `$PAYCALC_CACHE_DIR`, else `$XDG_CACHE_HOME/paycalc`, else `~/.cache/paycalc`,
made with mode 0700; a directory that another user owns or may write to is not used (entries are
pickles, so only their owner may write them). `PAYCALC_NO_CACHE=1` turns the cache off.
Entries are written under a temporary name and renamed into place, so two runs storing the same
entry at once never leave a mixed file; they are not flushed to disk (a crash can at worst
leave an entry that is ignored).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import Any

FORMAT = b"paycalc-cache 1\n"  # the first bytes of every entry; changed when the layout changes
SUFFIX = ".pickle"

_fingerprint: bytes | None = None


def directory() -> Path | None:
    """Where entries live, or None when the cache is off or the directory is unsafe."""
    if os.environ.get("PAYCALC_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("PAYCALC_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        if chosen:
            folder = Path(chosen)
        elif os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
            folder = Path(xdg) / "paycalc"
        else:
            folder = Path.home() / ".cache" / "paycalc"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, RuntimeError):  # no home directory, read-only file system, ...
        return None
    if not _safe(info):
        return None
    return folder


def _safe(info: os.stat_result) -> bool:
    """Only this user may have written it: owned by us, not writable by group or others."""
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def fingerprint() -> bytes:
    """What made this run's entries (worked out once per run)."""
    global _fingerprint
    if _fingerprint is None:
        _fingerprint = code_fingerprint(Path(__file__).resolve().parents[1])
    return _fingerprint


def code_fingerprint(package: Path) -> bytes:
    """The Python version, pydantic's version file and every source file of the package (its
    name within the package and its text), so that any change of code gives new keys, and
    where the package is installed does not."""
    parts = [FORMAT, sys.version.encode(), sys.implementation.cache_tag.encode()]
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin is not None:
        version = os.path.join(os.path.dirname(spec.origin), "version.py")
        parts.append(_file_part(version, "pydantic version.py"))
    _source_parts(str(package), "", parts)
    return _hash(b"\0".join(parts))


def _source_parts(folder: str, prefix: str, parts: list[bytes]) -> None:
    """The name and text of each .py file under `folder`, in name order, a folder's files
    before its subfolders (as os.walk gives them). Plain strings and one scandir per folder:
    the Path objects of os.walk cost more than reading the files on every warm run."""
    files, subfolders = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # os.walk lists a link to a folder but does not enter it
                    if entry.name != "__pycache__" and not entry.is_symlink():
                        subfolders.append(entry.name)
                elif entry.name.endswith(".py"):
                    files.append(entry.name)
    except OSError:  # as os.walk, a folder that cannot be listed adds nothing
        return
    for name in sorted(files):
        parts.append(_file_part(os.path.join(folder, name), prefix + name))
    for name in sorted(subfolders):
        _source_parts(os.path.join(folder, name), f"{prefix}{name}/", parts)


def _file_part(path: str, name: str) -> bytes:
    """A file's name and its text, with the length first, so no two files run together."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return f"{name} missing".encode()
    return f"{name} {len(data)}\n".encode() + data


def _hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def key(text: str) -> bytes:
    return _hash(fingerprint() + text.encode("utf-8", "surrogatepass"))


def get(text: str, part: int = 0) -> Any | None:
    """Part `part` of what was stored for this text by this code, or None (missing, foreign,
    corrupt, off). Parts are read in order, so reading part 0 never touches part 1's classes."""
    folder = directory()
    if folder is None:
        return None
    wanted = key(text)
    try:
        with open(folder / f"{wanted.hex()}{SUFFIX}", "rb") as f:
            if not _safe(os.fstat(f.fileno())):
                return None
            data = f.read()
    except OSError:
        return None
    head = FORMAT + wanted
    if not data.startswith(head):
        return None
    stream = io.BytesIO(data)
    stream.seek(len(head))
    try:  # our own file, checked above
        for _ in range(part):
            pickle.load(stream)
        return pickle.load(stream)
    except Exception:  # a truncated or damaged entry is only a missed shortcut
        return None


def put(text: str, *parts: Any) -> None:
    """Store values for this text, each read back on its own by `get(text, part)`; any failure
    (full disk, read-only directory) is ignored."""
    folder = directory()
    if folder is None:
        return
    wanted = key(text)
    try:
        payload = FORMAT + wanted
        payload += b"".join(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL) for v in parts)
    except Exception:  # something that cannot be pickled is simply not cached
        return
    import tempfile  # only a run that stores something needs it

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
        with open(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, folder / f"{wanted.hex()}{SUFFIX}")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
