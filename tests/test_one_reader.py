"""apply (CSV and workbook out), compare --payroll and check read every row through one reader:
on hostile rows they agree on which rows are people, row by row."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paycalc.apply.run import apply_payroll
from paycalc.check.run import check_payroll
from paycalc.compare.shares import read_payroll
from paycalc.payroll.columns import ColumnSpec

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
HEADER = "employee_id,band,point,salary,fte,note"
LONG = "x" * 200_000  # past the 131,072 characters a cell may hold


def left_out_by_each(tmp_path: Path, src: Path) -> dict[str, dict[int, str]]:
    """{reader: {row: reason}} of the rows each way of reading leaves out, and under the keys
    ending 'people' the people each counts. apply also rejects a readable row that cannot be
    placed on the scheme's scale, which check flags as such (band, point, below the bottom):
    those rows are set aside, once apply is seen to reject each."""
    found: dict[str, dict[int, str]] = {}
    check = check_payroll(src, scheme_ref=SCHEME)
    reader_codes = ("unreadable", "duplicate")
    found["check"] = {f.row: f.reason for f in check.flags if f.code in reader_codes}
    found["check people"] = {0: str(check.rows - len(found["check"]))}
    off_scale = {f.row for f in check.flags if f.code in ("band", "point", "below_bottom")}
    for out in ("o.csv", "o.xlsx"):
        report = apply_payroll(SCHEME, src, tmp_path / out, tmp_path / f"{out}.rejects.csv")
        with open(tmp_path / f"{out}.rejects.csv", encoding="utf-8-sig", newline="") as f:
            rejects = {int(r[0]): r[2] for r in list(csv.reader(f))[1:]}
        assert off_scale <= set(rejects)
        found[f"apply -o {out}"] = {r: why for r, why in rejects.items() if r not in off_scale}
        found[f"apply -o {out} people"] = {0: str(report.counts.written + len(off_scale))}
    people = read_payroll(src)
    found["compare --payroll"] = {lo.row: lo.reason for lo in people.left_out}
    found["compare --payroll people"] = {0: str(sum(people.heads.values()))}
    return found


def assert_all_agree(found: dict[str, dict[int, str]]) -> None:
    rejects = {k: v for k, v in found.items() if not k.endswith("people")}
    people = {k: v for k, v in found.items() if k.endswith("people")}
    first = next(iter(rejects.values()))
    assert all(v == first for v in rejects.values()), rejects
    counts = next(iter(people.values()))
    assert all(v == counts for v in people.values()), people


def test_hostile_rows_are_read_alike_by_apply_compare_and_check(tmp_path: Path) -> None:
    lines = [
        "",  # a blank line before the header
        HEADER,
        "E1,3,1,,,plain",
        f"E2,3,2,,,{LONG}",  # an unquoted cell too long: rejected, never split
        f'E3,3,2,,,"{LONG}"',  # the same, quoted
        "E4,3,9x,,,unreadable point",
        "E4,3,2,,,repeats the id of the rejected row above",
        "",
        ",,,,,",  # blank cells only: skipped, not a row
        "E5,3,2",  # ragged: short, read as blank cells
        "E6,3,2,,,a,b",  # ragged: too long
        "E7,3,2,,,,,,,",  # trailing empty cells only: not too long
        'E8,3,3,,,"two\r\nlines"',
        "E9,4,1,,0.5,",
        "E1,4,1,,,a repeat of the first row",
        "E10,3,1,,1.5,fte over 1",
        ",3,1,,,no id",
    ]
    src = tmp_path / "p.csv"
    src.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    found = left_out_by_each(tmp_path, src)
    assert_all_agree(found)
    rows = found["check"]
    # Row numbers as the file shows them: the blank first line is 1, the header 2.
    assert sorted(rows) == [4, 5, 6, 7, 11, 16, 17, 18]
    assert rows[4] == rows[5] == "a cell of 200,000 characters; a cell may hold at most 131,072"
    assert rows[7] == "duplicate employee_id 'E4': an earlier row has the same id"
    assert rows[11] == "7 fields, but the header has 6"
    # E1, E5 (short), E7 (trailing empty cells), E8 (two lines) and E9.
    assert found["check people"] == {0: "5"}


@pytest.mark.parametrize("shuffle", [False, True], ids=["ids-in-order", "ids-shuffled"])
def test_a_generated_payroll_is_read_alike_from_csv_and_from_a_workbook(
    tmp_path: Path, shuffle: bool
) -> None:
    rng = random.Random(22)
    ids = list(range(300))
    if shuffle:
        rng.shuffle(ids)
    rows = []
    for n in ids:
        eid = f"E{n}" if rng.random() > 0.05 else f"E{rng.choice(ids)}"
        band = rng.choice(["3", "4", "Band 4", "9"])
        point = rng.choice(["1", "2", "top", "", "x"])
        salary = rng.choice(["", "", "26500", "£27,000.00", "-5"])
        fte = rng.choice(["", "0.5", "1", "2"])
        rows.append([eid, band, point, salary, fte, "n"])
    src = tmp_path / "p.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([HEADER.split(","), *rows])
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER.split(","), *rows]:
        sheet.append(row)
    book.save(tmp_path / "p.xlsx")
    from_csv = left_out_by_each(tmp_path, src)
    assert_all_agree(from_csv)
    from_book = left_out_by_each(tmp_path, tmp_path / "p.xlsx")
    assert_all_agree(from_book)
    assert from_csv == from_book


cell = st.text(alphabet=st.sampled_from(list('E13 ,"x\r\n')), max_size=5)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(cell, min_size=0, max_size=8), min_size=1, max_size=8))
def test_any_rows_are_read_alike_by_apply_compare_and_check(rows: list[list[str]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "p.csv"
        text = HEADER + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
        src.write_text(text, encoding="utf-8", newline="")
        try:
            found = left_out_by_each(Path(tmp), src)
        except Exception as e:  # an unclosed quote stops every reader alike
            assert "quoted field is never closed" in str(e) or "cannot read" in str(e)
            return
        assert_all_agree(found)


def test_rows_after_a_header_spanning_two_lines_keep_their_line_numbers(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes(b'employee_id,band,"point\r\n(spine)",fte\r\nE1,3,1,\r\nE2,9,1,\r\n')
    apply_payroll(SCHEME, src, tmp_path / "o.csv", columns=ColumnSpec({"point": "point (spine)"}))
    with open(tmp_path / "o.csv.rejects.csv", encoding="utf-8", newline="") as f:
        assert [r[:2] for r in list(csv.reader(f))[1:]] == [["4", "band"]]  # E2 is on line 4
