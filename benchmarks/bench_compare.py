"""Times `paycalc compare` (every bundled offer) and `paycalc --help` as a user runs them.

Each command runs N times as a fresh subprocess (imports and all), interleaved with a baseline
`python -c pass` measured in the same run, so the ratios say how much paycalc adds to starting
Python on this machine. Targets: compare under 0.5 s, --help under 150 ms.

    python benchmarks/bench_compare.py [-n 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"paycalc compare": 0.5, "paycalc --help": 0.150}


def paycalc_script() -> list[str]:
    """The installed console script beside this Python (not a pyenv shim, whose own start-up
    would be timed too), or the same entry point through `python -c`."""
    script = Path(sys.executable).with_name("paycalc")
    if script.is_file():
        return [str(script)]
    found = shutil.which("paycalc")
    if found and "shims" not in found:
        return [found]
    return [sys.executable, "-c", "from paycalc.cli import main; main()"]


def run_once(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    paycalc = paycalc_script()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "paycalc --help": [*paycalc, "--help"],
        "paycalc compare": [*paycalc, "compare"],
        "paycalc compare --format html": [*paycalc, "compare", "--format", "html"],
    }
    for cmd in commands.values():  # warm the file cache and the .pyc files
        run_once(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.n):  # interleaved, so a busy moment slows every command alike
        for name, cmd in commands.items():
            times[name].append(run_once(cmd))
    base = statistics.median(times["python -c pass"])
    print(f"{args.n} runs each; script: {' '.join(paycalc)}")
    print(f"{'command':32} {'median':>9} {'min':>9} {'x baseline':>11}  target")
    for name, samples in times.items():
        med = statistics.median(samples)
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"< {target * 1000:.0f} ms " + ("ok" if med < target else "MISSED")
        )
        print(
            f"{name:32} {med * 1000:7.1f}ms {min(samples) * 1000:7.1f}ms "
            f"{med / base:10.2f}x  {verdict}"
        )


if __name__ == "__main__":
    main()
