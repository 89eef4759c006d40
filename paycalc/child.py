"""Work handed to a second Python process running this same copy of paycalc.

A large payroll has two jobs that can run side by side: `apply` checks ids out of order in one
(`apply/beside.py`), and reads a workbook in one (`payroll/xlsx_beside.py`). Each is worth it
only on a machine with a core to spare, and each falls back to doing the work in the main
process when the child cannot start or stops.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start(module: str, args: list[str]) -> subprocess.Popen[bytes]:
    """`python -m module args`, its standard output a pipe to read, with the paycalc this one
    was imported from (wherever that is) first on its path. Raises OSError when it cannot
    start."""
    import subprocess  # only for a large file

    root = str(Path(__file__).resolve().parent.parent)
    path = os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, PYTHONPATH=path),
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a child, whether or not it finished, and reap it."""
    if proc.poll() is None:
        proc.kill()
    if proc.stdout is not None:
        proc.stdout.close()
    proc.wait()
