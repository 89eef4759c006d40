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


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def spare_core() -> bool:
    """Whether a second process would have a core to itself: two cores or more, and fewer of
    them busy, on average over the last minute, than all but half of one (the load average,
    as `make -l` reads it). On a machine whose other cores are busy a second process only takes
    turns with this one, which is slower than doing its work here."""
    n = cores()
    if n < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system
        return True
    return load < n - 0.5


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
