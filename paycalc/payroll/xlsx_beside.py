"""A workbook's rows read in a second process, while the main process works on them.

openpyxl reading a sheet (each cell's value and number format, `xlsx.read_sheet`) takes about
as long as everything else `apply` does with a workbook, writing the output included. On a
machine with a core to spare a large workbook is read in a child process instead, which sends
the rows on as it reads them: the two halves of the work run at the same time.

The child writes one JSON value per line to its standard output: a list of [row, cells] pairs
(rows as Excel numbers them, cells as `read_sheet` gives them), then `{"end": true}`; or, when
the workbook cannot be read, `{"error": message}` with `read_sheet`'s own message. A child that
cannot start or stops without its end makes the main process read the rest itself, from the
row after the last one received: it costs time, never a row.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc import child
from paycalc.errors import PaycalcError
from paycalc.payroll.xlsx import read_sheet

if TYPE_CHECKING:
    import subprocess

# Below this size a workbook is read faster than a second Python starts with openpyxl.
FROM_BYTES = 512 << 10
_BATCH = 500


def worth_it(size: int) -> bool:
    """Whether a workbook of `size` bytes is worth a second process on this machine."""
    return size >= FROM_BYTES and child.spare_core()


def rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """`xlsx.read_sheet(path, sheet)`, read by a child process when that is worth it."""
    # Without openpyxl the child could only fail: read_sheet says what to install.
    if not worth_it(path.stat().st_size) or importlib.util.find_spec("openpyxl") is None:
        return read_sheet(path, sheet)
    try:
        proc = child.start("paycalc.payroll.xlsx_beside", [str(path), *([sheet] if sheet else [])])
    except OSError:
        return read_sheet(path, sheet)
    return _received(proc, path, sheet)


def _received(
    proc: subprocess.Popen[bytes], path: Path, sheet: str | None
) -> Iterator[tuple[int, list[str]]]:
    last = 0
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                value = json.loads(line)
            except ValueError:
                break
            if isinstance(value, dict):
                if "error" in value:
                    raise PaycalcError(str(value["error"]))
                if value.get("end") is True:
                    return
                break
            for row, cells in value:
                yield row, cells
                last = row
    finally:
        child.stop(proc)
    # The child stopped without its end: read on from the row after the last one received.
    for row, cells in read_sheet(path, sheet):
        if row > last:
            yield row, cells


def main() -> None:
    path, sheet = Path(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else None)
    out = sys.stdout
    try:
        batch: list[tuple[int, list[str]]] = []
        for row in read_sheet(path, sheet):
            batch.append(row)
            if len(batch) == _BATCH:
                out.write(json.dumps(batch) + "\n")
                batch = []
        out.write(json.dumps(batch) + "\n")
        out.write('{"end": true}\n')
    except PaycalcError as e:
        out.write(json.dumps({"error": str(e)}) + "\n")
    except (Exception, KeyboardInterrupt):
        # The main process reads the workbook itself and reports what is wrong with it.
        raise SystemExit(3) from None
    out.flush()


if __name__ == "__main__":
    main()
