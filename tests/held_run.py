"""A `paycalc apply` held mid-run for as long as a test needs, whatever the machine's speed.

Its rejects go to a FIFO that the test does not read until it says so. The payroll rejects
every other row, far more text than a pipe holds, so once the run has written its first
rejects it cannot finish: it waits, mid-run, in a write to the full pipe. The test then does
what it needs (sends a signal, starts a second run) and `finish` reads the FIFO to its end, so
the run goes on to exit. The only wait is for the run's first rejects (polled, up to a
minute); nothing depends on how fast the run is.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

PAYCALC = [sys.executable, "-c", "from paycalc.cli import main; main()"]
ROWS = 30_000  # half of them rejected, at least 20 bytes each: over four times a pipe's 64 KiB
WAIT = 60.0  # seconds: how long a run may take to start writing before the test gives up


def write_half_rejected(path: Path) -> None:
    """A payroll on the bundled Interserve scale: even rows on band 3 (applied), odd rows on
    band 9, which the scale lacks (rejected)."""
    lines = ["employee_id,band,point,salary,fte"]
    lines += [f"E{i:05d},{9 if i % 2 else 3},1,,1" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class HeldRun:
    """`paycalc ARGS --rejects FIFO` in `cwd`, started and held once it is writing rows."""

    def __init__(
        self,
        args: list[str],
        cwd: Path,
        fifo: Path,
        preexec: Callable[[], object] | None = None,
    ) -> None:
        os.mkfifo(fifo)
        # Open first, without waiting for a writer, so paycalc's open of the FIFO does not
        # block and the test can watch how much is waiting in the pipe.
        self.fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.proc = subprocess.Popen(
            [*PAYCALC, *args, "--rejects", str(fifo)],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "CI": "true"},
            preexec_fn=preexec,
        )
        assert fcntl.fcntl(self.fd, fcntl.F_GETPIPE_SZ) * 4 < (ROWS // 2) * 20
        deadline = time.monotonic() + WAIT
        while self.waiting() == 0:  # not a race: only a guard against a run that never writes
            if self.proc.poll() is not None:
                raise AssertionError(f"the run ended before it was held: {self.proc.communicate()}")
            assert time.monotonic() < deadline, "the run wrote no reject"
            time.sleep(0.01)

    def waiting(self) -> int:
        """Bytes written to the FIFO and not read yet."""
        return struct.unpack("i", fcntl.ioctl(self.fd, termios.FIONREAD, b"\0" * 4))[0]

    def signal(self, sig: signal.Signals) -> None:
        assert self.proc.poll() is None  # still held: it cannot finish while the pipe is full
        self.proc.send_signal(sig)

    def finish(self) -> tuple[int, str, int]:
        """Read the FIFO to its end, then wait for the run: its exit code, its stderr and how
        many bytes of rejects came through the FIFO."""
        os.set_blocking(self.fd, True)
        read = 0
        try:
            while chunk := os.read(self.fd, 1 << 16):
                read += len(chunk)
        finally:
            os.close(self.fd)
        _, stderr = self.proc.communicate(timeout=WAIT)
        return self.proc.returncode, stderr, read
