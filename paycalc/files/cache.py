"""A per-user cache of files already read and validated, so no run redoes an earlier one's work.

An entry holds what reading one file produced (what `list` shows of it, its model and its
marked YAML data) and is used only for the very text and code that made it:

- The entry's name is a CRC-32 of the file's text with its length and the code's fingerprint: a
  cheap name, since the entry itself holds the whole text, which must equal the file's, byte for
  byte, and the whole fingerprint. Two texts with the same CRC share a name and replace each
  other's entry (a missed shortcut), but never read each other's.
- The code's fingerprint is a SHA-256 of this paycalc's source files (their names within the
  package and their text), pydantic's version file and the Python version. A changed file, an
  upgraded or edited paycalc or pydantic and another Python each give other entries; two copies
  of the same paycalc (a checkout and an installed wheel of it) share them.
- Hashing the source (and importing hashlib, which loads OpenSSL) on every run would cost more
  than a warm run's work, so the fingerprint is kept in a stamp per copy of paycalc: beside it,
  each source file's size, times and inode as `stat` gives them. A run stats the files and uses
  the stamp's fingerprint only when every line is the same. Any write to a file changes its
  ctime, which no program can set back; a stamp is not written while a file is younger than
  two seconds, so an edit in the same tick of a coarse file-system clock cannot go unseen.

An entry is only ever a shortcut: one that is missing, truncated, corrupt (a CRC-32 of its body
is checked first) or written by something else is ignored and the file is read again; deleting
the directory at any time is safe.

The directory is `$PAYCALC_CACHE_DIR`, else `$XDG_CACHE_HOME/paycalc`, else `~/.cache/paycalc`,
made with mode 0700; a directory that another user owns or may write to is not used (entries
hold pickles, so only their owner may write them). `PAYCALC_NO_CACHE=1` turns the cache off.
Entries are written under a temporary name and renamed into place, so two runs storing the same
entry at once never leave a mixed file; they are not flushed to disk (a crash can at worst
leave an entry that is ignored).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any
from zlib import crc32

FORMAT = b"paycalc-cache 2\n"  # the first bytes of every entry; changed when the layout changes
SUFFIX = ".entry"
STAMP_SUFFIX = ".stamp"
# A stamp is not written while a source file changed less than this long ago (nanoseconds):
# more than the coarsest file-system clock in use (FAT's two seconds).
SETTLED_NS = 2_100_000_000

# How each part of an entry is stored: plain data (tuples of str, int, None) with marshal, which
# a warm `list` can read without importing pickle; anything else with pickle.
_MARSHAL, _PICKLE = b"m", b"p"
_LEN = 8  # bytes of each length in an entry

_fingerprint: bytes | None = None


def directory() -> Path | None:
    """Where entries live, or None when the cache is off or the directory is unsafe."""
    folder = _folder()
    return None if folder is None else Path(folder)


def _folder() -> str | None:
    # Plain strings and a stat first (mkdir only when it is missing): asked once per file read.
    if os.environ.get("PAYCALC_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("PAYCALC_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        if chosen:
            folder = chosen
        elif os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
            folder = os.path.join(xdg, "paycalc")
        else:
            folder = os.path.join(Path.home(), ".cache", "paycalc")
        try:
            info = os.stat(folder)
        except FileNotFoundError:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            info = os.stat(folder)
    except (OSError, RuntimeError):  # no home directory, read-only file system, ...
        return None
    if not stat.S_ISDIR(info.st_mode) or not _safe(info):
        return None
    return folder


def _safe(info: os.stat_result) -> bool:
    """Only this user may have written it: owned by us, not writable by group or others."""
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


# -- the code's fingerprint ---------------------------------------------------------------------


def fingerprint(folder: str) -> bytes:
    """What made this run's entries (worked out once per run): from the stamp of this copy of
    paycalc in `folder` when no source file changed since it was written, else by hashing."""
    global _fingerprint
    if _fingerprint is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        _fingerprint = stamped_fingerprint(package, folder)
    return _fingerprint


def stamped_fingerprint(package: str, folder: str, settled_ns: int = SETTLED_NS) -> bytes:
    """`code_fingerprint(package)`, read from the stamp in `folder` when the package's files are
    as the stamp saw them, else worked out and stamped (unless a file changed less than
    `settled_ns` ago)."""
    files = code_files(package)
    seen, youngest = _stat_lines(package, files)
    name = f"{crc32(package.encode('utf-8', 'surrogateescape')):08x}{STAMP_SUFFIX}"
    where = os.path.join(folder, name)
    stamp = _unsealed(_read_own(where))  # the fingerprint, then the lines it was made from
    if stamp is not None and stamp[32:] == seen:
        return stamp[:32]
    found = code_fingerprint(package, files)
    if time.time_ns() - youngest > settled_ns:
        _write(folder, where, _sealed(found + seen))
    return found


def code_files(package: str) -> list[tuple[str, str]]:
    """(path, name within the package) of each file of code that made an entry: pydantic's
    version file, and every .py file of the package (and .pyc beside it, as a package installed
    without its source has them), in name order, a folder's files before its subfolders (as
    os.walk gives them; plain strings and one scandir per folder, which cost less)."""
    out: list[tuple[str, str]] = []
    pydantic = _pydantic_version_file()
    if pydantic is not None:
        out.append((pydantic, "pydantic version.py"))
    _source_files(package, "", out)
    return out


def _pydantic_version_file() -> str | None:
    """pydantic's version.py in the first folder on sys.path that has the package, as `import`
    finds it (a stat or two per folder: importlib.util.find_spec costs more)."""
    for entry in sys.path:
        package = os.path.join(entry or os.getcwd(), "pydantic")
        if os.path.isfile(os.path.join(package, "__init__.py")):
            return os.path.join(package, "version.py")
    return None


def _source_files(folder: str, prefix: str, out: list[tuple[str, str]]) -> None:
    files, subfolders = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # os.walk lists a link to a folder but does not enter it
                    if entry.name != "__pycache__" and not entry.is_symlink():
                        subfolders.append(entry.name)
                elif entry.name.endswith((".py", ".pyc")):
                    files.append(entry.name)
    except OSError:  # as os.walk, a folder that cannot be listed adds nothing
        return
    for name in sorted(files):
        out.append((os.path.join(folder, name), prefix + name))
    for name in sorted(subfolders):
        _source_files(os.path.join(folder, name), f"{prefix}{name}/", out)


def _stat_lines(package: str, files: list[tuple[str, str]]) -> tuple[bytes, int]:
    """A line per file as `stat` sees it (size, modification and change times, inode), after the
    package's own path and the Python running; and the latest of those times."""
    lines = [package, sys.version, sys.implementation.cache_tag]
    youngest = 0
    for path, name in files:
        try:
            info = os.stat(path)
        except OSError:
            lines.append(f"{name} missing")
            continue
        changed = max(info.st_mtime_ns, info.st_ctime_ns)
        youngest = max(youngest, changed)
        lines.append(f"{name} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}")
    return "\n".join(lines).encode("utf-8", "surrogateescape"), youngest


def code_fingerprint(package: str | Path, files: list[tuple[str, str]] | None = None) -> bytes:
    """A SHA-256 of the Python version and the name and text of each file of code (by default
    `code_files(package)`), so that any change of code gives new entries, and where the package
    is installed does not."""
    import hashlib  # only when the code changed since its stamp: it loads OpenSSL

    if files is None:
        files = code_files(str(package))
    digest = hashlib.sha256(FORMAT)
    digest.update(f"{sys.version}\0{sys.implementation.cache_tag}\0".encode())
    for path, name in files:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            digest.update(f"{name} missing\0".encode())
            continue
        # The length first, so no two files run together.
        digest.update(f"{name} {len(data)}\n".encode())
        digest.update(data)
    return digest.digest()


# -- entries ------------------------------------------------------------------------------------


def _name(data: bytes, code: bytes) -> str:
    return f"{crc32(data):08x}{len(data):x}-{code[:8].hex()}{SUFFIX}"


def get(text: str, part: int = 0) -> Any | None:
    """Part `part` of what was stored for this very text by this very code, or None (missing,
    foreign, corrupt, off). Only that part is decoded, so reading part 0 never touches part 1's
    classes, nor pickle when part 0 is plain data."""
    folder = _folder()
    if folder is None:
        return None
    code = fingerprint(folder)
    data = text.encode("utf-8", "surrogatepass")
    # The code's fingerprint, the text's length and the text, then each part.
    body = _unsealed(_read_own(os.path.join(folder, _name(data, code))))
    at = 32 + _LEN + len(data)
    if body is None or body[:32] != code or _number(body, 32) != len(data):
        return None
    if not body.startswith(data, 32 + _LEN):
        return None  # another text with the same CRC-32 and length
    for _ in range(part):
        at += 1 + _LEN + _number(body, at + 1)
    kind, size, at = body[at : at + 1], _number(body, at + 1), at + 1 + _LEN
    value = body[at : at + size]
    if len(value) != size:
        return None
    try:  # our own file, checked above
        if kind == _MARSHAL:
            return marshal.loads(value)
        if kind == _PICKLE:
            import pickle  # only a part that is not plain data needs it

            return pickle.loads(value)
    except Exception:  # a damaged entry is only a missed shortcut
        return None
    return None


def put(text: str, *parts: Any) -> None:
    """Store values for this text, each read back on its own by `get(text, part)`; any failure
    (something that cannot be stored, a full disk, a read-only directory) is ignored."""
    folder = _folder()
    if folder is None:
        return
    code = fingerprint(folder)
    data = text.encode("utf-8", "surrogatepass")
    body = [code, len(data).to_bytes(_LEN, "big"), data]
    for value in parts:
        try:
            kind, encoded = _MARSHAL, marshal.dumps(value)
        except ValueError:  # not plain data
            import pickle

            try:
                kind, encoded = _PICKLE, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # something that cannot be pickled is simply not cached
                return
        body += [kind, len(encoded).to_bytes(_LEN, "big"), encoded]
    _write(folder, os.path.join(folder, _name(data, code)), _sealed(b"".join(body)))


def _number(body: bytes, at: int) -> int:
    return int.from_bytes(body[at : at + _LEN], "big")


def _sealed(body: bytes) -> bytes:
    """A cache file: the format line, a CRC-32 of the body (so damage is seen), the body."""
    return FORMAT + crc32(body).to_bytes(4, "big") + body


def _unsealed(stored: bytes | None) -> bytes | None:
    """The body of a cache file written by `_sealed`, or None if it is not one or is damaged."""
    if stored is None or not stored.startswith(FORMAT):
        return None
    body = stored[len(FORMAT) + 4 :]
    if stored[len(FORMAT) : len(FORMAT) + 4] != crc32(body).to_bytes(4, "big"):
        return None
    return body


def _read_own(path: str) -> bytes | None:
    """A file of the cache, if it is there and only this user may have written it."""
    try:
        # O_NONBLOCK: a FIFO in its place must not hang the run (it is then passed over).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _safe(info):
            return None
        chunks = [os.read(fd, info.st_size + 1)]  # all of it, and the end at once
        while chunks[-1]:
            chunks.append(os.read(fd, 65536))
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write(folder: str, path: str, payload: bytes) -> None:
    """`payload` at `path`, written under a temporary name and renamed into place; a failure is
    ignored."""
    import tempfile  # only a run that stores something needs it

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
        with open(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
