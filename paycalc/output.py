"""Writing output files safely: the one atomic writer every command uses.

- A regular file is written under a temporary name in a private (0700) directory beside it,
  flushed to disk and renamed over the target only when complete; an existing file's
  permissions are kept. A symlinked output is written through (its target is replaced, the link
  kept).
- A character device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, `>(…)`) is written
  directly, never renamed over; `-` is standard output.
- While a run writes a file it holds an exclusive lock on that path, so a second run to the same
  output is refused (exit 2) instead of mixing its files with the first run's.
- An output that is one of the run's inputs (by any spelling, a symlink or a hard link), or a
  scheme or scale file paycalc can find (`protected_files`), is refused, `--force` or not:
  nothing paycalc reads is ever replaced.
- The lock file is created with O_EXCL and opened with O_NOFOLLOW, so a link planted in its
  place is refused, never followed; no output may be named as a lock file is.
- SIGHUP, SIGQUIT and SIGTERM stop a run as Ctrl-C does (`on_signals`), so every temporary file
  is removed on any signal that can be caught.

Standard library, paycalc.errors and paycalc.lock only, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from paycalc.errors import PaycalcError
from paycalc.lock import LOCK_SUFFIX, Lock, is_lock_name

STDOUT = "-"


def is_stdout(path: Path | str) -> bool:
    return str(path) == STDOUT


def is_special(path: Path | str) -> bool:
    """Standard output, or an existing device, FIFO or socket (followed through symlinks):
    written directly, since renaming over it would replace it with a regular file."""
    if is_stdout(path):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two names are the same file: any spelling, a symlink or a hard link."""
    if is_stdout(a) or is_stdout(b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist (yet): compare where they lead.
        return os.path.realpath(a) == os.path.realpath(b)


def same_file_as(a: Path | str) -> Callable[[Path | str], bool]:
    """`same_file(a, b)` for many b, as a function of b: `a` is looked at once, and each b's
    folder once (an output is checked against every file paycalc can find, and os.path.realpath
    takes a stat per folder on the way, for each)."""
    if is_stdout(a):
        return lambda b: False
    try:
        a_stat: os.stat_result | None = os.stat(a)
    except OSError:
        a_stat = None
    a_real = ""
    folders: dict[str, str] = {}

    def real(b: str) -> str:
        # os.path.realpath(b): its folder's, and its name when the name is not a link.
        head, name = os.path.split(b)
        if name in ("", os.curdir, os.pardir) or os.path.islink(b):
            return os.path.realpath(b)
        if head not in folders:
            folders[head] = os.path.realpath(head or os.curdir)
        return os.path.join(folders[head], name)

    def same(b: Path | str) -> bool:
        nonlocal a_real
        if is_stdout(b):
            return False
        if a_stat is not None:
            try:
                return os.path.samestat(a_stat, os.stat(b))
            except OSError:
                pass
        # One of them does not exist (yet): compare where they lead.
        a_real = a_real or os.path.realpath(a)
        return a_real == real(os.fspath(b))

    return same


def refuse_inputs(outputs: Iterable[tuple[str, Path | str]], inputs: Iterable[Path | str]) -> None:
    """Raise PaycalcError (exit 2) when an output (what, path) is one of the inputs, or when two
    outputs are the same file."""
    inputs = [p for p in inputs if not is_stdout(p)]
    named = [(what, p) for what, p in outputs if not is_stdout(p) and not is_special(p)]
    for what, out in named:
        is_out = same_file_as(out)
        for source in inputs:
            if is_out(source):
                raise PaycalcError(
                    f"{what} {out} is the input file {source}; paycalc never overwrites its input"
                )
    for i, (what, out) in enumerate(named):
        for other_what, other in named[i + 1 :]:
            if same_file(out, other):
                raise PaycalcError(f"the {what} and the {other_what} file are both {out}")
    for what, out in named:
        refuse_target(what, out)


# The scheme and scale files paycalc can find, which no run may write over (`--force`
# included): set by the command line, since this module may not import the registry; asked
# only when a file is about to be written.
protected_files: Callable[[], Iterable[Path]] | None = None


def refuse_target(what: str, path: Path | str) -> None:
    """Raise PaycalcError (exit 2) for an output named as a lock file is, or one that is a
    scheme or scale file paycalc can find (`protected_files`)."""
    if is_stdout(path) or is_special(path):
        return
    if is_lock_name(path):
        raise PaycalcError(
            f"{what} {path} is named as paycalc's lock files are ('.NAME{LOCK_SUFFIX}'); "
            "give another name"
        )
    if protected_files is None:
        return
    is_path = same_file_as(path)
    for found in protected_files():
        if is_path(found):
            raise PaycalcError(
                f"{what} {path} is a file paycalc may read as a scheme or scale ({found}); it "
                "never writes over one, even with --force: give another name"
            )


def real_target(path: Path) -> Path:
    """Where a regular output goes: a symlink is followed (written through), and the
    directory must exist."""
    try:
        real = Path(os.path.realpath(path, strict=False))
        if path.is_symlink():
            os.stat(path)  # a symlink loop raises ELOOP here, a dangling link ENOENT
    except FileNotFoundError:
        pass  # a dangling link: its target is created
    except (OSError, RuntimeError) as e:
        raise PaycalcError(f"{path}: cannot follow the symlink ({_reason(e)})") from None
    if not real.parent.is_dir():
        raise PaycalcError(f"output directory {path.parent} does not exist")
    if real.is_dir():
        raise PaycalcError(f"{path} is a directory; give a file name")
    return real


def _reason(e: BaseException) -> str:
    return e.strerror if isinstance(e, OSError) and e.strerror else str(e)


class AtomicFile:
    """A text file written so that readers only ever see a complete one (see the module).

    Use as a context manager; `file` is the open text stream. `finish()` then `commit()` put it
    in place (or `commit_all`); leaving the block without committing removes every trace.
    """

    def __init__(self, target: Path | str, encoding: str = "utf-8", *, lock: bool = True) -> None:
        self.name = str(target)
        self.target = Path(target)
        self._done = False
        self._tmp: Path | None = None
        self._dir: Path | None = None
        self._lock: Lock | None = None
        self._stdout = is_stdout(target)
        if self._stdout:
            sys.stdout.flush()
            buffer = getattr(sys.stdout, "buffer", None)
            self.file: IO[str] = (
                io.TextIOWrapper(buffer, encoding=encoding, newline="")
                if buffer is not None
                else sys.stdout
            )
            return
        if is_special(self.target):
            self.file = open(self.target, "w", encoding=encoding, newline="")  # noqa: SIM115
            return
        refuse_target("output", self.target)
        self.target = real_target(self.target)
        if lock:
            self._lock = Lock(self.target)
        try:
            # Private to the user (0700), so the data's name and content are hidden from others
            # even in a shared directory; beside the target, so the rename stays on one disk.
            self._dir = _private_dir(self.target.parent)
            self._tmp = self._dir / self.target.name
            fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            # Closed by finish() or discard(), which the context manager guarantees.
            self.file = open(fd, "w", encoding=encoding, newline="", buffering=1 << 20)  # noqa: SIM115
        except BaseException:
            self._cleanup()
            raise

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self._done:
            self.discard()

    def set_encoding(self, encoding: str) -> None:
        """Change the encoding before anything is written (apply learns it from the input after
        taking the lock)."""
        if self.file is not sys.stdout and isinstance(self.file, io.TextIOWrapper):
            self.file.reconfigure(encoding=encoding)

    def finish(self) -> None:
        """Flush to disk and give the file the target's permissions (a new one's by default)."""
        self.file.flush()
        if self._tmp is None:
            if self._stdout and self.file is not sys.stdout:
                self.file.detach()  # type: ignore[attr-defined]
            elif not self._stdout:
                self.file.close()
            return
        os.fsync(self.file.fileno())
        self.file.close()
        try:
            mode = stat.S_IMODE(os.stat(self.target).st_mode)
        except FileNotFoundError:
            mode = _default_mode()
        os.chmod(self._tmp, mode)

    def commit(self) -> None:
        """Rename over the target (call `finish` first)."""
        if self._tmp is not None:
            os.replace(self._tmp, self.target)
        self._done = True
        self._cleanup()

    def discard(self) -> None:
        # Closing flushes the buffer, which fails again on a full disk; the temporary file must
        # go whatever happens.
        try:
            with contextlib.suppress(OSError, ValueError):
                if self._stdout and self.file is not sys.stdout:
                    self.file.detach()  # type: ignore[attr-defined]
                elif not self._stdout:
                    self.file.close()
        finally:
            self._done = True
            self._cleanup()

    def _cleanup(self) -> None:
        if self._dir is not None:
            _remove(self._dir)
            self._dir = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def commit_all(files: list[AtomicFile]) -> None:
    """Flush every file, then rename them all, so no rename happens before all are complete."""
    for f in files:
        f.finish()
    for f in files:
        f.commit()
    for parent in {f.target.parent for f in files if f._tmp is not None}:
        with contextlib.suppress(OSError):
            fd = os.open(parent, os.O_RDONLY)
            try:
                os.fsync(fd)  # make the renames durable
            finally:
                os.close(fd)


def write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    """The whole of `text` to `path` through AtomicFile."""
    with AtomicFile(path, encoding) as out:
        out.file.write(text)
        commit_all([out])


def _default_mode() -> int:
    # A file the user names gets the usual 0666 less the umask.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def private_dir(near: Path | None = None) -> Iterator[Path]:
    """A directory only the user can read (0700), removed with everything in it at the end: for
    temporary copies of personal data (held rows, a spooled pipe). Beside `near` when given,
    else in the system's temporary directory."""
    path = _private_dir(near)
    try:
        yield path
    finally:
        _remove(path)


# tempfile and shutil (with the compression modules shutil loads) are imported only by a run
# that writes a file: they cost about a third of a bare Python start, and a run printing to
# standard output (compare, list) needs neither.
def _private_dir(near: Path | None) -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix=".paycalc-", dir=near))


def _remove(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


class Interrupted(KeyboardInterrupt):
    """A catchable signal (SIGHUP, SIGQUIT, SIGTERM) stopping a run, as Ctrl-C does."""


@contextlib.contextmanager
def on_signals() -> Iterator[None]:
    """While the block runs, SIGINT, SIGHUP, SIGQUIT and SIGTERM raise KeyboardInterrupt
    (`Interrupted` for all but SIGINT), so `with` blocks remove their temporary files. Later
    signals during that clean-up are ignored, so it cannot be cut short."""
    import signal  # here: its enums cost a command that writes no file half a millisecond

    stopping = False

    def interrupt(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Interrupted(signal.Signals(signum).name)

    previous: dict[int, object] = {}
    try:
        for name in ("SIGINT", "SIGHUP", "SIGQUIT", "SIGTERM"):
            if not hasattr(signal, name):
                continue
            sig = getattr(signal, name)
            # A signal ignored when the run started stays ignored: `nohup paycalc apply …`
            # must survive the hang-up it asked to survive (and a background job its Ctrl-C).
            if signal.getsignal(sig) is not signal.SIG_IGN:
                previous[sig] = signal.signal(sig, interrupt)
    except ValueError:  # not the main thread (some test runners): nothing was changed
        yield
        return
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
