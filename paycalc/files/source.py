"""Reading a scheme or scale file's text, bounded: regular files only, never more than
`limits.MAX_FILE_BYTES` read, whatever the file says its size is.

No YAML here, so a run that finds every file in the cache reads them without importing it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from paycalc.errors import FileProblems, Problem
from paycalc.limits import MAX_FILE_BYTES


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A YAML file's text. FileProblems (PC001) for a file that is missing, a directory, not a
    regular file (a FIFO would hang the read, /dev/zero never end it), larger than `max_bytes`
    (checked by stat first, then by reading at most one byte more, since a file may grow or a
    /proc file say 0), binary or not UTF-8."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise problem(name, "no such file") from None
    except IsADirectoryError:
        raise problem(name, "is a directory, not a file") from None
    except OSError as e:
        raise problem(name, f"cannot read file: {e.strerror or e}") from None
    try:
        raw = _read_regular(fd, name, max_bytes)
    finally:
        os.close(fd)
    if b"\x00" in raw:
        raise problem(name, "not a text file (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise problem(
            name, f"not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})"
        ) from None


def _read_regular(fd: int, name: str, max_bytes: int) -> bytes:
    """At most `max_bytes` of an open file, if it is a regular one. Plain os.read calls on the
    descriptor: a file object around it would stat it again and buffer what is read once.
    O_NONBLOCK, kept, changes nothing for a regular file."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise problem(name, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise problem(name, f"not a regular file ({special_kind(info.st_mode)})")
    if info.st_size > max_bytes:
        raise too_large(name, info.st_size, max_bytes)
    chunks: list[bytes] = []
    size = 0
    want = info.st_size + 1  # all of it, and the end of file at once when it has not grown
    while True:
        try:
            chunk = os.read(fd, max(want, 65536))
        except OSError as e:
            raise problem(name, f"cannot read file: {e.strerror or e}") from None
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise too_large(name, None, max_bytes)
        want = max_bytes + 1 - size


def is_regular(path: Path) -> bool:
    """Whether `path` (followed through symlinks) is a regular file; False if it cannot be
    stat'ed. Never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def special_kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def too_large(name: str, size: int | None, max_bytes: int) -> FileProblems:
    shown = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return problem(
        name, f"file is too large ({shown}; a scheme or scale file is at most {max_bytes:,})"
    )


def problem(name: str, message: str) -> FileProblems:
    return FileProblems([Problem(name, None, None, "PC001", message)])
