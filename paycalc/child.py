"""Work handed to a second Python process running this same copy of paycalc.

A large payroll has two jobs that can run side by side: `apply` checks ids out of order in one
(`apply/beside.py`), and reads a workbook in one (`payroll/xlsx_beside.py`). Each is worth it
only on a machine with a core to spare (`spare_core`), and each falls back to doing the work
in the main process when the child cannot start or stops.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

LOADAVG = "/proc/loadavg"


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spare_core() -> bool:
    """Whether a second process would have a core to itself: two cores or more, and no more
    busy than all but two of them besides this process. On a machine whose other cores are
    busy a second process only takes turns with this one, which is slower than doing its work
    here. Linux says how many processes are running at this moment (/proc/loadavg); elsewhere
    the load average of the last minute stands in, this process included, as `make -l` reads
    it."""
    n = cores()
    if n < 2:
        return False
    running = _running_now()
    if running is not None:
        return running - 1 <= n - 2
    try:
        return os.getloadavg()[0] < n - 0.5
    except (AttributeError, OSError):  # no load average on this system
        return True


def _running_now() -> int | None:
    """The processes running or ready to run now, this one among them (None: not on Linux)."""
    try:
        with open(LOADAVG, encoding="ascii") as f:
            return int(f.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


# The child runs `module` as `python -m` would, with the directory this paycalc was imported
# from on its path when it is not there already (a source checkout): never put first when it
# is already there, as an installed paycalc's site-packages first would hide the standard
# library behind any package of the same name.
_BOOT = """
import runpy, sys
root, module = sys.argv[1], sys.argv[2]
if root not in sys.path:
    sys.path.insert(0, root)
del sys.argv[1:3]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def start(module: str, args: list[str]) -> subprocess.Popen[bytes]:
    """`python -m module args` running this same paycalc, its standard output a pipe to read.
    Raises OSError when it cannot start."""
    import subprocess  # only for a large file

    root = str(Path(__file__).resolve().parent.parent)
    return subprocess.Popen(
        [sys.executable, "-c", _BOOT, root, module, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a child, whether or not it finished, and reap it."""
    if proc.poll() is None:
        proc.kill()
    if proc.stdout is not None:
        proc.stdout.close()
    proc.wait()
