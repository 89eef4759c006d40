"""The lock an output path is held by while a run writes it: `.NAME.paycalc-lock` beside it,
created O_EXCL and opened O_NOFOLLOW, so a second run is refused and a planted link is never
followed.

Standard library and paycalc.errors only, so every layer may use it (through `output`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from paycalc.errors import PaycalcError

LOCK_SUFFIX = ".paycalc-lock"


def lock_path(target: Path) -> Path:
    """The lock file of an output: `.NAME.paycalc-lock` in the output's own folder; for a name
    too long to take 14 more bytes (most file systems allow 255), `.HASH.paycalc-lock`."""
    name = f".{target.name}{LOCK_SUFFIX}"
    if len(os.fsencode(name)) > 255:
        import hashlib

        digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:32]
        name = f".{digest}{LOCK_SUFFIX}"
    return target.with_name(name)


def is_lock_name(path: Path | str) -> bool:
    """Whether a path (or, through a symlink, where it leads) is named as a lock file is: no
    output may be one, since releasing the lock removes it."""
    if str(path) == "-":  # standard output
        return False
    names = (Path(path).name, os.path.basename(os.path.realpath(path)))
    return any(n.startswith(".") and n.endswith(LOCK_SUFFIX) for n in names)


# O_NOFOLLOW: a symlink planted where the lock goes (a shared folder) is refused, never followed
# to create or open the file it names; O_NONBLOCK: a FIFO planted there cannot hang the open.
_LOCK_FLAGS = (
    os.O_RDWR
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _open(path: Path, target: Path) -> int:
    """The lock file, created (O_CREAT|O_EXCL, so never through a link) or, when one is there
    (a run writing now, or one that was killed), opened without following a link and only if it
    is a plain file with one name."""
    while True:
        try:
            return os.open(path, _LOCK_FLAGS | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        try:
            fd = os.open(path, _LOCK_FLAGS)
        except FileNotFoundError:
            continue  # removed by a run that just finished: create it
        except PermissionError:
            raise PaycalcError(
                f"{target}: another user's paycalc run is writing this file, or left its lock "
                f"{path} (nothing was written)"
            ) from None
        except OSError as e:  # ELOOP: a symlink
            raise PaycalcError(
                f"{path}: not a lock file paycalc made ({e.strerror or e}); remove it (nothing was "
                "written)"
            ) from None
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_nlink == 1:
            return fd
        os.close(fd)
        raise PaycalcError(
            f"{path}: not a lock file paycalc made (not a plain file with one name); remove it "
            "(nothing was written)"
        )


class Lock:
    """An exclusive lock on an output path for as long as a run writes it: a lock file
    `.NAME.paycalc-lock` beside it, removed on release. A second run is refused at once."""

    def __init__(self, target: Path) -> None:
        self._path = lock_path(target)
        self._fd: int | None = None
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, no lock
            return
        while True:
            fd = _open(self._path, target)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise PaycalcError(
                    f"{target}: another paycalc run is writing this file; "
                    "wait for it to finish (nothing was written)"
                ) from None
            # The lock file may have been removed by a run that just finished, after we opened
            # it: then our lock is on a file no other run will see, so take it again.
            try:
                same = os.path.samestat(os.fstat(fd), os.lstat(self._path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            # Only our own lock file: never a file put under its name meanwhile.
            if os.path.samestat(os.fstat(self._fd), os.lstat(self._path)):
                self._path.unlink()
        os.close(self._fd)  # closing releases the lock
        self._fd = None
