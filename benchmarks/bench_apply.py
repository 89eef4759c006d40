"""Times `paycalc apply` on a synthetic payroll against baselines measured in the same run.

    python benchmarks/bench_apply.py                 # 1,000,000 rows, ids in order then shuffled
    python benchmarks/bench_apply.py --rows 5000000 --repeat 1 --shuffle
    python benchmarks/bench_apply.py --xlsx --rows 100000     # workbook in and out

Baselines: a stdlib csv read+write passthrough of the same file (the floor for a streaming
Python tool), a straightforward pandas script (read_csv, merge with a per-position result
table, to_csv) and the same in polars (read_csv, join, write_csv); each of the last two is
skipped, with a line saying so, when its library is missing (`--no-pandas` skips both).
Each runs as a subprocess, so every figure includes interpreter start-up; the best of
--repeat runs is kept. Peak memory (RSS) comes from os.wait4 of each child. Targets, for ids
in order and shuffled: paycalc <= 2x passthrough in elapsed time, faster than pandas, peak
memory <= 200 MB. polars runs on every core, so its CPU time can exceed its wall time.

With --xlsx the payroll is a workbook and so is the output, and the baseline is openpyxl
reading the workbook (read-only mode, every cell's value and number format) and XlsxWriter
writing the same cells (constant-memory mode). openpyxl alone reading and writing (write-only
mode) is printed as well, and the same libraries writing the cells paycalc writes (three
times the input's).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "employee_id,surname,band,point,salary,fte,cost_centre"
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Khan"]
FTES = ["", "", "", "", "1", "1.0", "0.5", "0.6", "0.8", "0.4"]
OFFSETS = [0, 0, 0, 50, 125, 300, 1000]  # salary rows: on a point, or a little above it

PAYCALC = """
from paycalc.cli import main
main()
"""

PASSTHROUGH = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o)
    for row in csv.reader(f):
        w.writerow(row)
"""

# What the pandas and polars baselines share: the figures of each distinct position, computed
# with paycalc's own engine, as rows of (key, paycalc's output cells, reason if rejected).
FIGURES = """
import sys
from paycalc.apply.positions import Positions
from paycalc.payroll.rows import RowError, parse_position
from paycalc.apply.totals import Summary
from paycalc.apply.run import OUTPUT_COLUMNS
from paycalc.files.registry import Registry

scheme_ref, src, out, rej = sys.argv[1:5]
registry = Registry.default()
positions = Positions(registry.scheme(scheme_ref), registry, Summary())
keys = ["band", "point", "salary", "fte"]


def figures(distinct):
    table = []
    for key in distinct:
        try:
            found = positions.place(parse_position(*key))
        except RowError as e:
            found = e
        cells = [""] * len(OUTPUT_COLUMNS) if isinstance(found, RowError) else found[3]
        reason = found.reason if isinstance(found, RowError) else ""
        table.append([*key, *cells, reason])
    return table
"""

# The same lookup as paycalc, the way an analyst would write it: the figures merged onto the
# payroll. It does less than paycalc apply: no duplicate-id check, no formula escaping, no row
# numbers for rejects.
PANDAS = (
    FIGURES
    + """
import pandas as pd
df = pd.read_csv(src, dtype=str, keep_default_na=False)
table = figures(df[keys].drop_duplicates().itertuples(index=False))
results = pd.DataFrame(table, columns=[*keys, *OUTPUT_COLUMNS, "reason"])
merged = df.merge(results, on=keys, how="left")
bad = merged["reason"] != ""
merged[~bad].drop(columns="reason").to_csv(out, index=False)
merged[bad][["reason", *df.columns]].to_csv(rej, index=False)
"""
)

# The same lookup in polars: the payroll read as text, the figures joined on, written out.
# polars runs on every core it finds.
POLARS = (
    FIGURES
    + """
import polars as pl
df = pl.read_csv(src, infer_schema=False, empty_string_is_null=False)
table = figures(df.select(keys).unique(maintain_order=True).iter_rows())
results = pl.DataFrame(table, schema=[*keys, *OUTPUT_COLUMNS, "reason"], orient="row")
merged = df.join(results, on=keys, how="left", maintain_order="left")
bad = merged["reason"] != ""
merged.filter(~bad).drop("reason").write_csv(out)
merged.filter(bad).select(["reason", *df.columns]).write_csv(rej)
"""
)


# The libraries paycalc uses, bare: openpyxl reads the workbook (read-only mode, every cell's
# value and number format, as paycalc reads it) and XlsxWriter writes the same cells
# (constant-memory mode, as paycalc writes): the floor for a workbook in and a workbook out.
XLSX_PASSTHROUGH = """
import sys
import openpyxl
import xlsxwriter
src = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
out = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = out.add_worksheet("payroll")
for i, cells in enumerate(src.worksheets[0].iter_rows()):
    ws.write_row(i, 0, [(c.value, c.number_format)[0] for c in cells])
out.close()
"""

# openpyxl alone, reading and writing (write-only mode): the floor before paycalc wrote its
# workbooks with XlsxWriter, printed so both ratios can be seen.
XLSX_OPENPYXL = """
import sys
import openpyxl
src = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
out = openpyxl.Workbook(write_only=True)
ws = out.create_sheet("payroll")
for cells in src.worksheets[0].iter_rows():
    ws.append([(c.value, c.number_format)[0] for c in cells])
out.save(sys.argv[2])
"""

# The same libraries writing what paycalc writes: the input's cells, then 15 more, the money
# ones with a number format: the floor for paycalc's own output.
XLSX_SAME_SHAPE = """
import sys
import openpyxl
import xlsxwriter
src = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
out = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = out.add_worksheet("payroll")
money = out.add_format({"num_format": "#,##0.00"})
extra = ["3", 5, False, "point", None, *(1234.56 for _ in range(9)), ""]
for i, cells in enumerate(src.worksheets[0].iter_rows()):
    values = [(c.value, c.number_format)[0] for c in cells]
    ws.write_row(i, 0, values)
    for j, v in enumerate(extra, len(values)):
        if isinstance(v, float):
            ws.write_number(i, j, v, money)
        elif v is not None:
            ws.write(i, j, v)
out.close()
"""

TO_XLSX = """
import csv, sys
import openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Staff")
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        ws.append(row)
wb.save(sys.argv[2])
"""


def generate(
    path: Path, rows: int, scheme_ref: str, shuffle: bool = False, seed: int = 2020
) -> int:
    """Write a synthetic payroll on the scheme's own bands; returns how many rows are bad.

    Employee ids run in order, as in most HR exports, unless `shuffle`: then they are a random
    permutation (paycalc's duplicate check then needs its hash table from the second row)."""
    from paycalc.files.registry import Registry

    registry = Registry.default()
    scheme = registry.scheme(scheme_ref)
    bands = registry.bands(scheme.from_scale)
    names = list(bands)
    rng = random.Random(seed)
    every = max(rows // 12, 1)  # a dozen bad rows, whatever the size
    bad = 0
    ids = list(range(rows))
    if shuffle:
        rng.shuffle(ids)
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(HEADER + "\r\n")
        for n in range(rows):
            band = rng.choice(names)
            points = bands[band]
            point = salary = ""
            r = rng.random()
            if r < 0.65:
                point = str(rng.randint(1, len(points)))
            elif r < 0.70:
                point = "top"
            elif r < 0.95:
                value = points[rng.randrange(len(points))] + rng.choice(OFFSETS)
                salary = f'"£{value:,.2f}"' if rng.random() < 0.2 else f"{value}"
            else:
                i = rng.randrange(len(points))
                point, salary = str(i + 1), f"{points[i]}"
            eid, fte = f"E{ids[n]:07d}", rng.choice(FTES)
            if n % every == every // 2:
                bad += 1
                kind = (n // every) % 6
                if kind == 0:
                    band = "99"
                elif kind == 1:
                    point, salary = str(len(points) + 3), ""
                elif kind == 2:
                    point, salary = "", "-100"
                elif kind == 3:
                    point, salary = "", "n/a"
                elif kind == 4:
                    eid = f"E{ids[n - 1]:07d}"  # the same id as the row before
                else:
                    fte = "1.5"
            f.write(
                f"{eid},{rng.choice(SURNAMES)},{band},{point},{salary},{fte},CC{n % 40:03d}\r\n"
            )
    return bad


def timed(cmd: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit code, CPU seconds) of one child process and the
    processes it started. On a shared machine the wall clock counts other programs' time too;
    the CPU time (user + system) is the work the processes themselves did."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd[:3])} failed ({proc.returncode}): {err}")
    return wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime


def best(cmd: list[str], repeat: int) -> tuple[float, float, int, float]:
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2], min(r[3] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scheme", default="sodexo-2020")
    parser.add_argument("--repeat", type=int, default=3, help="keep the best of N runs")
    parser.add_argument("--shuffle", action="store_true", help="only ids in random order")
    parser.add_argument("--in-order", action="store_true", help="only ids in order")
    parser.add_argument("--xlsx", action="store_true", help="a workbook in and a workbook out")
    parser.add_argument(
        "--no-pandas", action="store_true", help="skip the pandas and polars baselines"
    )
    parser.add_argument("--generate", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        print(generate(Path(args.generate), args.rows, args.scheme, args.shuffle))
        return
    if args.xlsx:
        bench_xlsx(args)
        return
    for shuffle in [False, True] if args.shuffle == args.in_order else [args.shuffle]:
        bench_csv(args, shuffle)
        print()


def bench_csv(args: argparse.Namespace, shuffle: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        d = Path(tmp)
        src = d / "payroll.csv"
        t0 = time.perf_counter()
        # In a child process: a child's peak RSS starts from its parent's size at fork, so this
        # process stays small (paycalc is never imported here).
        generator = [sys.executable, __file__, "--generate", str(src), "--rows", str(args.rows)]
        generator += ["--scheme", args.scheme, *(["--shuffle"] if shuffle else [])]
        bad = int(subprocess.run(generator, check=True, capture_output=True, text=True).stdout)
        size = src.stat().st_size / 1e6
        print(
            f"payroll: {args.rows:,} rows ({bad} bad), {size:.0f} MB, scheme {args.scheme}, ids "
            f"{'shuffled' if shuffle else 'in order'}, "
            f"generated in {time.perf_counter() - t0:.1f} s; best of {args.repeat}"
        )
        py = sys.executable
        passthrough = best([py, "-c", PASSTHROUGH, str(src), str(d / "pass.csv")], args.repeat)
        paycalc_cmd = [py, "-c", PAYCALC, "apply", args.scheme, str(src)]
        paycalc = best([*paycalc_cmd, "-o", str(d / "out.csv")], args.repeat)
        out_mb = (d / "out.csv").stat().st_size / 1e6
        frames: dict[str, tuple[float, float, int, float] | None] = {}
        for library, script in (("pandas", PANDAS), ("polars", POLARS)):
            frames[library] = None
            if args.no_pandas:
                continue
            if importlib.util.find_spec(library) is None:
                print(f"{library} is not installed: the {library} baseline is skipped")
                continue
            out = str(d / f"{library}.csv")
            cmd = [py, "-c", script, args.scheme, str(src), out, str(d / "r")]
            frames[library] = best(cmd, args.repeat)
        pandas_run, polars_run = frames["pandas"], frames["polars"]

    print(f"{'':22} {'wall':>8} {'CPU':>8} {'peak RSS':>10}")
    rows = [
        ("csv passthrough", passthrough),
        ("pandas merge", pandas_run),
        ("polars join", polars_run),
        ("paycalc apply", paycalc),
    ]
    for label, r in rows:
        if r is not None:
            print(f"{label:22} {r[0]:7.2f}s {r[3]:7.2f}s {r[1]:8.0f}MB")
    print(f"paycalc output: {out_mb:.0f} MB (the input is {size:.0f} MB); exit {paycalc[2]}")
    for label, i in (("wall", 0), ("CPU", 3)):
        ratio = paycalc[i] / passthrough[i]
        verdict = "ok" if ratio <= 2 else "OVER the 2x target"
        print(f"paycalc / passthrough ({label}): {ratio:.2f}x ({verdict})")
        for name, run in (("pandas", pandas_run), ("polars", polars_run)):
            if run:
                ratio = paycalc[i] / run[i]
                verdict = "ok" if ratio < 1 else f"NOT faster than {name}"
                print(f"{'paycalc / ' + name + f' ({label}):':29} {ratio:.2f}x ({verdict})")
    verdict = "ok" if paycalc[1] <= 200 else "OVER the 200 MB target"
    print(f"paycalc peak RSS:      {paycalc[1]:.0f} MB ({verdict})")


def bench_xlsx(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        d = Path(tmp)
        src, book = d / "payroll.csv", d / "payroll.xlsx"
        generator = [sys.executable, __file__, "--generate", str(src), "--rows", str(args.rows)]
        generator += ["--scheme", args.scheme]
        bad = int(subprocess.run(generator, check=True, capture_output=True, text=True).stdout)
        subprocess.run([sys.executable, "-c", TO_XLSX, str(src), str(book)], check=True)
        size = book.stat().st_size / 1e6
        print(
            f"workbook: {args.rows:,} rows ({bad} bad), {size:.1f} MB, scheme {args.scheme}; "
            f"best of {args.repeat}"
        )
        py = sys.executable
        bare = best([py, "-c", XLSX_PASSTHROUGH, str(book), str(d / "bare.xlsx")], args.repeat)
        alone = best([py, "-c", XLSX_OPENPYXL, str(book), str(d / "alone.xlsx")], args.repeat)
        shaped = best([py, "-c", XLSX_SAME_SHAPE, str(book), str(d / "shape.xlsx")], args.repeat)
        paycalc_cmd = [py, "-c", PAYCALC, "apply", args.scheme]
        paycalc = best([*paycalc_cmd, str(book), "-o", str(d / "out.xlsx")], args.repeat)
    runs = [
        ("openpyxl + XlsxWriter copy", bare),
        ("openpyxl alone, copy", alone),
        ("the same cells as paycalc", shaped),
        ("paycalc apply xlsx->xlsx", paycalc),
    ]
    print(f"{'':26} {'wall':>8} {'CPU':>8} {'peak RSS':>10}")
    for label, r in runs:
        print(f"{label:26} {r[0]:7.2f}s {r[3]:7.2f}s {r[1]:8.0f}MB")
    for label, i in (("wall", 0), ("CPU", 3)):
        print(f"paycalc / openpyxl + XlsxWriter copy ({label}): {paycalc[i] / bare[i]:.2f}x")
        print(f"paycalc / openpyxl alone, copy ({label}): {paycalc[i] / alone[i]:.2f}x")
        print(f"paycalc / the same cells as paycalc ({label}): {paycalc[i] / shaped[i]:.2f}x")


if __name__ == "__main__":
    main()
