"""Start-up cost of `paycalc list`, `compare`, `validate` and a 10-row `apply`, cold and warm.

Every command runs as a fresh subprocess with its output piped (as in CI), interleaved with the
same interpreter's bare start (`python -c pass`) measured in the same run, so the ratios say how
much paycalc adds to starting Python on this machine, whatever its speed or load.

- cold: paycalc's cache directory is emptied before each run, so every file is read and
  validated from scratch;
- warm: the cache holds what an earlier run validated.

The goal: each command at most 6x the bare start warm and 12x cold.

Measured in the same run, for scale: `compare` of one offer (start-up without compare's work on
every scheme), and what the libraries alone cost: importing click, which every command needs,
and importing pydantic and building the validators of scheme and scale files, which every cold
run needs.

`--against PYTHON` times another paycalc in the same run: PYTHON is the interpreter of another
checkout's environment (`/path/to/old/.venv/bin/python`), each of its runs alternating with
this one's, each with a cache of its own, and the two are compared command by command.

    python benchmarks/bench_startup.py [-n 11] [--against PYTHON]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = {"cold": 12.0, "warm": 6.0}
RUN_PAYCALC = "from paycalc.cli import main; main()"
VALIDATORS = (
    "import click\n"
    "from paycalc.files.load import adapter\n"
    "from paycalc.model import Scale, Scheme\n"
    "adapter(Scheme), adapter(Scale)"
)


def payroll(path: Path) -> None:
    """Ten people on the bundled Sodexo scale, by point, by salary and part time."""
    rows = [
        "employee_id,band,point,salary,fte",
        "E01,3,1,,",
        "E02,3,2,,",
        "E03,3,top,,",
        "E04,4,1,,0.5",
        "E05,4,top,,",
        "E06,2,1,,",
        "E07,2,top,,0.8",
        "E08,5,1,,",
        "E09,5,top,,",
        "E10,3,2,,1",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(
    cmd: list[str], env: dict[str, str], cache: Path | None, cwd: Path | None = None
) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run, in seconds."""
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    cpu = cpu_of_children()
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False, env=env, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed, cpu_of_children() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=11, help="runs of each command (default 11)")
    parser.add_argument(
        "--against", metavar="PYTHON", help="another paycalc's interpreter, timed in the same run"
    )
    args = parser.parse_args()
    pythons = {"this": sys.executable}
    if args.against:
        pythons["against"] = args.against
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        payroll(work / "staff.csv")
        envs = {}
        for side in pythons:
            env = {**os.environ, "PAYCALC_CACHE_DIR": str(work / f"cache-{side}")}
            env.pop("PAYCALC_NO_CACHE", None)
            env.pop("PAYCALC_PATH", None)
            # Python caches compiled modules (.pyc) as an installed paycalc has them; a setting
            # that stops it would time compiling paycalc's source on every run instead.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            envs[side] = env
        commands = {
            "list": ["list"],
            "compare": ["compare"],
            "compare (one offer)": ["compare", "sodexo-2020"],
            "validate": ["validate"],
            "apply (10 rows)": [
                "apply",
                "sodexo-2020",
                str(work / "staff.csv"),
                "-o",
                str(work / "out.csv"),
            ],
        }
        floors = {"import click": "import click", "click + pydantic validators": VALIDATORS}
        every = {
            "bare": "pass",
            **floors,
            **{name: RUN_PAYCALC for name in commands},
        }
        # Run where there are no scheme files (paycalc also finds those in the current directory).
        runs_in = work

        def run(side: str, name: str, cold: bool = False) -> tuple[float, float]:
            cmd = [pythons[side], "-c", every[name], *commands.get(name, [])]
            cache = work / f"cache-{side}" if cold else None
            return run_once(cmd, envs[side], cache, runs_in)

        for side in pythons:  # the disk cache, .pyc files, the caches' stamps
            for name in every:
                run(side, name)
        runs: dict[str, list[tuple[float, float]]] = {}
        for i in range(args.n):  # interleaved, so a busy moment slows every command alike
            order = list(pythons) if i % 2 == 0 else list(reversed(pythons))
            for name in every:
                for side in order:
                    key = f"{side}:{name}"
                    if name not in commands:
                        runs.setdefault(key, []).append(run(side, name))
                        continue
                    runs.setdefault(f"{key} cold", []).append(run(side, name, cold=True))
                    run(side, name)  # fills the cache, if the cold run did not
                    runs.setdefault(f"{key} warm", []).append(run(side, name))
    report(runs, list(commands), list(floors), args.n)
    if args.against:
        compare_sides(runs, list(commands), args.n, args.against)


def report(
    runs: dict[str, list[tuple[float, float]]], names: list[str], floors: list[str], n: int
) -> None:
    """Medians of wall time (the goal) and of CPU time (steadier on a loaded machine)."""

    def median(key: str, which: int) -> float:
        return statistics.median(r[which] for r in runs[f"this:{key}"])

    base, base_cpu = median("bare", 0), median("bare", 1)
    print(
        f"{n} runs each, medians. Bare start (python -c pass): wall {base * 1000:.1f} ms, "
        f"CPU {base_cpu * 1000:.1f} ms.\nGoal (wall): cold <= {GOAL['cold']:g}x, "
        f"warm <= {GOAL['warm']:g}x"
    )
    print(f"{'':18} {'---------- wall ----------':>37}   {'----- CPU -----':>21}")
    print(f"{'command':18} {'cold':>9} {'x':>6} {'warm':>9} {'x':>6}   {'cold x':>9} {'warm x':>9}")
    missed = 0
    for name in names:
        cells, cpu_cells, verdicts = [], [], []
        for mode in ("cold", "warm"):
            wall = median(f"{name} {mode}", 0)
            ratio = wall / base
            cells.append(f"{wall * 1000:7.1f}ms {ratio:5.1f}x")
            cpu_cells.append(f"{median(f'{name} {mode}', 1) / base_cpu:8.1f}x")
            ok = ratio <= GOAL[mode]
            missed += not ok
            verdicts.append("ok" if ok else "MISSED")
        print(f"{name:18} {' '.join(cells)}   {' '.join(cpu_cells)}  {'/'.join(verdicts)}")
    print("all within the goal" if not missed else f"{missed} of {2 * len(names)} missed")
    print("What the libraries alone cost (same run):")
    for name in floors:
        wall, cpu = median(name, 0), median(name, 1)
        print(f"  {name:28} {wall * 1000:7.1f}ms {wall / base:5.1f}x   CPU {cpu / base_cpu:5.1f}x")


def compare_sides(
    runs: dict[str, list[tuple[float, float]]], names: list[str], n: int, against: str
) -> None:
    """This paycalc's warm runs against the other's, each as a multiple of its own bare start
    (the two interpreters may differ) and in milliseconds, wall and CPU."""
    where = subprocess.run(
        [against, "-c", "import paycalc; print(paycalc.__file__)"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tempfile.gettempdir(),  # as the runs are: never a paycalc/ in the working directory
    ).stdout.strip()

    def median(side: str, key: str, which: int) -> float:
        return statistics.median(r[which] for r in runs[f"{side}:{key}"]) * 1000

    print(f"\nWarm, against {against} (paycalc from {where or 'unknown'}),")
    print(f"{n} runs each, alternating; ms, and wall as a multiple of each one's bare start:")
    head = ("wall this", "against", "x bare", "CPU this", "against")
    print(f"{'':20} {head[0]:>10} {head[1]:>9} {head[2]:>13} {head[3]:>10} {head[4]:>9}")
    for name in ["bare", *names]:
        key = name if name == "bare" else f"{name} warm"
        wall = [median(side, key, 0) for side in ("this", "against")]
        cpu = [median(side, key, 1) for side in ("this", "against")]
        bare = [median(side, "bare", 0) for side in ("this", "against")]
        ratios = f"{wall[0] / bare[0]:5.1f} /{wall[1] / bare[1]:5.1f}"
        walls = f"{wall[0]:8.1f}ms {wall[1]:7.1f}ms"
        print(f"{name:20} {walls} {ratios:>13} {cpu[0]:8.1f}ms {cpu[1]:7.1f}ms")


if __name__ == "__main__":
    main()
