"""How long `paycalc validate` takes on all the bundled files, against Python's own start-up.

Runs each command in a fresh process several times and prints the median wall time and its ratio
to `python -c pass` measured in the same run. The target is under 300 ms for `paycalc validate`.

    python benchmarks/bench_validate.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

PAYCALC = [sys.executable, "-c", "from paycalc.cli import main; main()"]

COMMANDS = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "paycalc --help": [*PAYCALC, "--help"],
    "paycalc validate (bundled)": [*PAYCALC, "validate"],
    "paycalc validate --format json": [*PAYCALC, "validate", "--format", "json"],
}


def timings_ms(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append((time.perf_counter() - start) * 1000)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()}")
    return times


def in_process_ms(runs: int) -> float:
    """validate() alone, imports already done: the part the files cost."""
    from paycalc.validate.run import validate

    validate()  # warm up: imports and pydantic's first validation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        validate()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    subprocess.run([*PAYCALC, "validate"], capture_output=True, check=False)  # warm the disk cache
    # Interleave the commands so that load from other processes falls on all of them alike.
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, cmd in COMMANDS.items():
            times[name] += timings_ms(cmd, 1)
    medians = {name: statistics.median(t) for name, t in times.items()}
    base = medians["python -c pass (baseline)"]
    print(f"{runs} runs each; median (fastest)")
    for name, ms in medians.items():
        print(f"{name:34} {ms:7.1f} ms ({min(times[name]):6.1f})  {ms / base:5.2f}x baseline")
    print(f"{'validate() in-process, warm':34} {in_process_ms(runs):7.1f} ms")
    verdict = "under" if medians["paycalc validate (bundled)"] < 300 else "OVER"
    print(f"paycalc validate on the bundled files: {verdict} the 300 ms target")


if __name__ == "__main__":
    main()
