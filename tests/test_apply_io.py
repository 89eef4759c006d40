"""The parts of `paycalc apply` an HR officer never sees but relies on: duplicate ids found
exactly, no partial files, bounded caches, and CSV read exactly as the csv module reads it."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import paycalc.apply.positions
import paycalc.output
import paycalc.payroll.read
import paycalc.tabular.csvio
from paycalc.apply.run import apply_payroll
from paycalc.csvcell import escape_cell
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import OUTPUT_COLUMNS
from paycalc.tabular.csvio import records

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[1:]


def payroll(ids: list[str]) -> str:
    return "employee_id,band,point\n" + "".join(f"{i},3,{n % 4 + 1}\n" for n, i in enumerate(ids))


# --- duplicate employee ids --------------------------------------------------------------------


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param(["A1", "A2", "A2", "A3"], id="in-order-adjacent"),
        pytest.param(["B7", "A2", "C1", "A2", "D4"], id="out-of-order"),
        pytest.param(["A1", "A2", "A3", "A1", "A4"], id="order-breaks-on-the-duplicate"),
        pytest.param(["A1", " A1 ", "A2"], id="surrounding-spaces"),
    ],
)
def test_a_repeated_employee_id_is_rejected_as_a_duplicate(tmp_path: Path, ids: list[str]) -> None:
    report = apply_payroll(SCHEME, write(tmp_path / "p.csv", payroll(ids)), tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (len(ids) - 1, 1)
    [reject] = rows_of(tmp_path / "o.csv.rejects.csv")
    repeat = next(i for i, eid in enumerate(ids) if eid.strip() in {e.strip() for e in ids[:i]})
    assert reject[:2] == [str(repeat + 2), "employee_id"]
    assert (
        reject[2]
        == f"duplicate employee_id '{ids[repeat].strip()}': an earlier row has the same id"
    )


@pytest.mark.parametrize("seed", ["0", "1", "random"])
def test_output_order_is_the_input_order_whatever_the_hash_seed(tmp_path: Path, seed: str) -> None:
    # Ids out of order from the second row, with repeats: every new id is written in the
    # input's order and every repeat rejected, the same under any PYTHONHASHSEED.
    ids = [f"E{(n * 7919) % 500:04d}" for n in range(600)]  # 100 repeats of earlier ids
    src = write(tmp_path / "p.csv", payroll(ids))
    env = {**os.environ, "PYTHONHASHSEED": seed}
    script = "import sys; from paycalc.apply.run import apply_payroll as a; a(*sys.argv[1:])"
    subprocess.run(
        [sys.executable, "-c", script, SCHEME, str(src), str(tmp_path / "o.csv")],
        check=True,
        env=env,
    )
    first_seen = list(dict.fromkeys(ids))
    assert [r[0] for r in rows_of(tmp_path / "o.csv")] == first_seen
    assert [int(r[0]) for r in rows_of(tmp_path / "o.csv.rejects.csv")] == [
        n + 2 for n, eid in enumerate(ids) if eid in ids[:n]
    ]


def test_an_interrupt_leaves_no_output_no_rejects_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", payroll([f"E{n:03d}" for n in range(50)] + ["E001"]))
    calls = iter(range(100))

    def interrupted(self, position):  # type: ignore[no-untyped-def]
        if next(calls) == 3:
            raise KeyboardInterrupt
        return original(self, position)

    original = paycalc.apply.positions.Positions.place
    monkeypatch.setattr(paycalc.apply.positions.Positions, "place", interrupted)
    with pytest.raises(KeyboardInterrupt):
        apply_payroll(SCHEME, src, tmp_path / "o.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_a_failed_run_leaves_an_earlier_output_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", payroll(["E1", "E2"]))
    old = write(tmp_path / "o.csv", "yesterday's output\n")

    def broken(self, position):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(paycalc.apply.positions.Positions, "place", broken)
    with pytest.raises(OSError, match="disk full"):
        apply_payroll(SCHEME, src, old)
    assert old.read_text() == "yesterday's output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "p.csv"]


def test_an_output_directory_we_may_not_write_in_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "p.csv", payroll(["E1"]))

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    with pytest.raises(PermissionError, match="Permission denied"):
        apply_payroll(SCHEME, src, tmp_path / "o.csv")


def test_a_new_output_gets_the_usual_file_mode(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", payroll(["E1"]))
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "o.csv").stat().st_mode & 0o777 == 0o666 & ~umask


# --- caches --------------------------------------------------------------------------------------


def test_full_caches_are_emptied_without_losing_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A million distinct salaries must run in bounded memory: the caches empty when full, and
    # the summary must still count every row once.
    monkeypatch.setattr(paycalc.payroll.read, "MAX_POSITIONS", 3)
    monkeypatch.setattr(paycalc.apply.positions, "MAX_EVENTS", 2)
    lines = [f"E{n:03d},4,{26000 + n * 10},{'0.5' if n % 3 else ''}" for n in range(40)]
    text = "employee_id,band,salary,fte\n" + "\n".join([*lines, "E900,4,26000,", "E901,9,1,"])
    report = apply_payroll(SCHEME, write(tmp_path / "p.csv", text), tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (41, 1)
    assert report.summary.head_count == 41
    written = rows_of(tmp_path / "o.csv")
    at = 4 + OUTPUT_COLUMNS.index("consolidated_increase")
    total = sum(Decimal(r[at]) for r in written)
    assert Decimal(report.to_dict()["cost"]["consolidated_per_year"]) == total  # type: ignore[index]


def test_the_same_position_written_two_ways_is_counted_once_per_row(tmp_path: Path) -> None:
    text = 'employee_id,band,salary\nE1,4,27000\nE2,4,"£27,000.00"\nE3,4,27000.00\n'
    report = apply_payroll(SCHEME, write(tmp_path / "p.csv", text), tmp_path / "o.csv")
    assert report.summary.head_count == 3
    at = 3 + OUTPUT_COLUMNS.index("new_salary")
    assert {r[at] for r in rows_of(tmp_path / "o.csv")} == {"28000.00"}


def test_progress_is_reported_up_to_the_file_size(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", payroll(["E1", "E2"]))
    seen: list[tuple[int, int]] = []
    apply_payroll(SCHEME, src, tmp_path / "o.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (src.stat().st_size, src.stat().st_size)


# --- reading CSV -------------------------------------------------------------------------------

cells = st.text(alphabet=st.sampled_from(list('ab ,"£=\r\n-')), max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=6))
def test_records_reads_exactly_what_the_csv_module_reads(rows: list[list[str]]) -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    text = buf.getvalue()
    expected = list(csv.reader(io.StringIO(text, newline="")))
    got = [fields for _, _, fields in records(io.StringIO(text, newline=""))]
    # the csv module gives [] for a blank line; records gives [''] (both are blank rows)
    assert [f or [""] for f in expected] == got


def test_records_give_the_line_each_record_starts_on() -> None:
    text = 'h\r\n"a\r\nb"\r\n\r\nc\r\n'
    assert [n for n, _, _ in records(io.StringIO(text, newline=""))] == [1, 2, 4, 5]


def test_an_unclosed_quote_stops_the_run(tmp_path: Path) -> None:
    src = write(tmp_path / "p.csv", 'employee_id,band,point\nE1,3,"1\nE2,3,1\n')
    with pytest.raises(PaycalcError, match="line 2: a quoted field is never closed"):
        apply_payroll(SCHEME, src, tmp_path / "o.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_a_stray_cp1252_byte_in_a_utf8_file_is_read_as_cp1252(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes("employee_id,band,point,name\nE1,3,1,Zoë\n".encode() + b"E2,3,1,\xa3\n")
    report = apply_payroll(SCHEME, src, tmp_path / "o.csv")
    assert report.counts.written == 2
    assert [r[3] for r in rows_of(tmp_path / "o.csv")] == ["Zoë", "£"]


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-701.00", "-701.00"),
        ("+5", "+5"),
        ("-.5", "-.5"),
        ("Smith-Jones", "Smith-Jones"),
        ("", ""),
    ],
)
def test_escape_cell_neutralises_formulas_and_leaves_numbers(cell: str, escaped: str) -> None:
    assert escape_cell(cell) == escaped
