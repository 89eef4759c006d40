"""The one payroll reader, rule by rule: which rows are people, which are left out and why, what
is counted, and that each position as written is placed once. Expected rows, reasons and counts
are worked out by hand from the file each test writes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import paycalc.payroll.read as read_module
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import ColumnSpec
from paycalc.payroll.read import (
    LeftOut,
    PayrollPeople,
    as_position,
    open_payroll,
    read_people,
)
from paycalc.payroll.rows import FORMULA_WITHOUT_VALUE, Position, RowError
from paycalc.tabular.csvio import MAX_CELL

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_xml(rows: list[list[str | None]]) -> str:
    """Rows of inline-text cells from A1; None is a formula without a value."""
    out = []
    for r, cells in enumerate(rows, start=1):
        xml = "".join(
            f'<c r="{chr(65 + i)}{r}"><f>1+1</f></c>'
            if text is None
            else f'<c r="{chr(65 + i)}{r}" t="inlineStr"><is><t>{text}</t></is></c>'
            for i, text in enumerate(cells)
        )
        out.append(f'<row r="{r}">{xml}</row>')
    return "".join(out)


def workbook(path: Path, sheets: dict[str, list[list[str | None]]]) -> Path:
    names = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Target="worksheets/sheet{i + 1}.xml" Type="w"/>'
        for i in range(len(sheets))
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships"><sheets>{names}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{rels}</Relationships>',
        )
        for i, rows in enumerate(sheets.values()):
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<worksheet xmlns="{MAIN}"><sheetData>{sheet_xml(rows)}</sheetData></worksheet>',
            )
    return path


Read = list[tuple[int, list[str], str | None, object]]


def read_rows(path: Path, need_id: bool = True) -> Read:
    with open_payroll(path, need_id=need_id) as payroll:
        return list(payroll.rows(as_position))


def reason(found: object) -> tuple[str | None, str]:
    assert isinstance(found, RowError), found
    return found.column, found.message


def csv_file(tmp_path: Path, text: str, name: str = "staff.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_a_header_and_a_row_with_trailing_empty_cells_read_as_without_them(tmp_path: Path) -> None:
    # The header's one trailing empty cell is no column: 3 columns. E1's row has one trailing
    # empty cell (4 cells): read as its 3, and its line is not copied as written (it has the
    # extra comma). E2 has three: the same.
    path = csv_file(tmp_path, "employee_id,band,point,\r\nE1,3,1,\r\nE2,3,2,,,\r\n")
    [(n1, f1, t1, p1), (n2, f2, t2, p2)] = read_rows(path)
    assert (n1, f1, t1) == (2, ["E1", "3", "1"], None)
    assert (n2, f2, t2) == (3, ["E2", "3", "2"], None)
    assert isinstance(p1, Position) and (p1.band, p1.point) == ("3", 1)
    assert isinstance(p2, Position) and (p2.band, p2.point) == ("3", 2)


def test_a_lines_cells_keep_their_own_spaces_and_letters_at_the_end(tmp_path: Path) -> None:
    # Only the line break is taken off the line: a note ending in a space or in an X keeps it.
    path = csv_file(tmp_path, "employee_id,band,point,note\r\nE1,3,1,BOX\r\nE2,3,1,two \r\n")
    rows = read_rows(path)
    assert [(f, t) for _n, f, t, _p in rows] == [
        (["E1", "3", "1", "BOX"], "E1,3,1,BOX"),
        (["E2", "3", "1", "two "], "E2,3,1,two "),
    ]


def test_without_an_id_column_a_one_cell_row_is_a_person_never_a_repeated_id(
    tmp_path: Path,
) -> None:
    # No employee_id column: rows are never checked for repeats. '3' twice is band 3 with no
    # point, twice (rows 2 and 3), each left out for its point; '3,1' is a person.
    path = csv_file(tmp_path, "band,point\r\n3\r\n3\r\n3,1\r\n")
    rows = read_rows(path, need_id=False)
    assert [(n, reason(p)) for n, _f, _t, p in rows[:2]] == [
        (2, ("point", "no point and no salary: give one of them")),
        (3, ("point", "no point and no salary: give one of them")),
    ]
    assert rows[2][1] == ["3", "1"] and isinstance(rows[2][3], Position)
    # the same file, with an id column asked for, is refused: it has none
    with pytest.raises(PaycalcError, match="employee_id"):
        read_rows(path, need_id=True)


def test_each_position_as_written_is_placed_once_and_forgotten_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Rows: points 1, 1, 2, 1, 2 (E1-E5, the common path), then E6 with no id cell at the end
    # dropped (read step by step: a short row), point 2. Two positions, so two placings.
    lines = ["employee_id,band,point,note"]
    lines += [f"E{i},3,{p},x" for i, p in enumerate([1, 1, 2, 1, 2], start=1)] + ["E6,3,2"]
    path = csv_file(tmp_path, "\r\n".join(lines) + "\r\n")
    placed: list[int | str | None] = []

    def place(position: Position) -> Position:
        placed.append(position.point)
        return position

    with open_payroll(path, need_id=True) as payroll:
        assert len(list(payroll.rows(place))) == 6
    assert placed == [1, 2]
    # Past MAX_POSITIONS (2 here) remembered, they are forgotten, the caller told first: points
    # 1, 2 remembered; 3 forgets them (1st), 4 is remembered; 5 forgets (2nd), 5 is remembered.
    monkeypatch.setattr(read_module, "MAX_POSITIONS", 2)
    lines = ["employee_id,band,point"] + [f"E{p},3,{p}" for p in range(1, 6)]
    path = csv_file(tmp_path, "\r\n".join(lines) + "\r\n", "five.csv")
    forgot: list[int] = []
    placed.clear()
    with open_payroll(path, need_id=True) as payroll:
        rows = list(payroll.rows(place, lambda: forgot.append(len(placed))))
    assert [n for n, *_ in rows] == [2, 3, 4, 5, 6]
    assert placed == [1, 2, 3, 4, 5]
    assert forgot == [2, 4]  # told before placing 3, and before placing 5
    # without a `forget`, they are forgotten all the same
    with open_payroll(path, need_id=True) as payroll:
        assert len(list(payroll.rows(as_position))) == 5


def test_a_workbooks_positions_are_placed_once_too(tmp_path: Path) -> None:
    rows: list[list[str | None]] = [["employee_id", "band", "point"]]
    rows += [["E1", "3", "1"], ["E2", "3", "1"], ["E3", "3", "2"]]
    path = workbook(tmp_path / "p.xlsx", {"Staff": rows})
    placed: list[object] = []

    def place(position: Position) -> Position:
        placed.append(position.point)
        return position

    with open_payroll(path, need_id=True) as payroll:
        assert (payroll.encoding, payroll.sheet) == ("xlsx", "Staff")
        assert [n for n, *_ in payroll.rows(place)] == [2, 3, 4]
        assert payroll.read == 3
    assert placed == [1, 2]


def test_a_csv_has_its_encoding_and_no_sheet(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "employee_id,band,point\r\nE1,3,1\r\n")
    with open_payroll(path, need_id=True) as payroll:
        assert (payroll.encoding, payroll.sheet) == ("utf-8", None)


def test_rows_read_count_every_row_once_however_many_lines_it_takes(tmp_path: Path) -> None:
    # Rows 2-3 (a note over two lines), 4, 5-7 (over three lines), a blank line (8), 9:
    # four rows read, the blank line skipped, the row numbers those of the first lines.
    text = (
        'employee_id,band,point,note\r\nE1,3,1,"a\r\nb"\r\nE2,3,1,x\r\n'
        'E3,3,1,"c\r\nd\r\ne"\r\n\r\nE4,3,1,y\r\n'
    )
    path = csv_file(tmp_path, text)
    with open_payroll(path, need_id=True) as payroll:
        rows = list(payroll.rows(as_position))
        assert [n for n, *_ in rows] == [2, 4, 5, 9]
        assert (payroll.read, payroll.blank) == (4, 1)


def test_a_quoted_field_never_closed_names_the_file_and_its_line(tmp_path: Path) -> None:
    path = csv_file(tmp_path, 'employee_id,band,point,note\r\nE1,3,1,x\r\nE2,3,1,"open\r\n')
    with pytest.raises(PaycalcError) as e:
        read_rows(path)
    assert str(e.value) == f"{path}: line 3: a quoted field is never closed"
    # read as a table of cells (a pay table), the same
    with pytest.raises(PaycalcError) as e, open_payroll(path, need_id=False) as table:
        list(table.cells())
    assert str(e.value) == f"{path}: line 3: a quoted field is never closed"


def test_a_file_changed_while_it_was_read_is_refused_naming_it(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "employee_id,band,point\r\nE1,3,1\r\n")
    with pytest.raises(PaycalcError) as e, open_payroll(path, need_id=True) as payroll:
        path.write_text("employee_id,band,point\r\nE1,3,1\r\nE2,3,1\r\n")
        list(payroll.rows(as_position))
    assert str(e.value) == (
        f"{path}: the file changed while it was being read; no output was written"
    )


LONG = f"a cell of {MAX_CELL + 1:,} characters; a cell may hold at most {MAX_CELL:,}"


def test_a_quoted_csv_cell_longer_than_a_cell_may_be_leaves_its_row_out(tmp_path: Path) -> None:
    # E1's note, quoted on one line, is one character too long: row 2 is left out for its
    # 'note' column, the cell not copied; E2 (row 3) is read.
    text = f'employee_id,band,point,note\r\nE1,3,1,"{"n" * (MAX_CELL + 1)}"\r\nE2,3,1,x\r\n'
    rows = read_rows(csv_file(tmp_path, text))
    (n, fields, line, found), second = rows
    assert (n, fields, line, reason(found)) == (2, ["E1", "3", "1", ""], None, ("note", LONG))
    assert second[0] == 3 and isinstance(second[3], Position)


def test_a_workbook_cell_longer_than_a_cell_may_be_leaves_its_row_out(tmp_path: Path) -> None:
    # Row 2: the note holds exactly MAX_CELL characters (kept), the name one more (too long):
    # left out for 'name', that cell blanked. Row 3: the note of exactly MAX_CELL is read.
    at_most, too_long = "n" * MAX_CELL, "m" * (MAX_CELL + 1)
    rows: list[list[str | None]] = [["employee_id", "band", "point", "note", "name"]]
    rows += [["E1", "3", "1", at_most, too_long], ["E2", "3", "1", at_most]]
    path = workbook(tmp_path / "p.xlsx", {"Staff": rows})
    (n, fields, line, found), (n2, fields2, _line2, found2) = read_rows(path)
    assert (n, fields, line) == (2, ["E1", "3", "1", at_most, ""], None)
    assert reason(found) == ("name", LONG)
    assert (n2, fields2) == (3, ["E2", "3", "1", at_most, ""]) and isinstance(found2, Position)


def test_a_formula_without_a_value_leaves_its_row_out_with_the_cell_blanked(
    tmp_path: Path,
) -> None:
    rows: list[list[str | None]] = [["employee_id", "band", "point", "fte"]]
    rows += [["E1", "3", "1", None]]
    path = workbook(tmp_path / "p.xlsx", {"Staff": rows})
    [(n, fields, line, found)] = read_rows(path)
    assert (n, fields, line, reason(found)) == (
        2,
        ["E1", "3", "1", ""],
        None,
        ("fte", FORMULA_WITHOUT_VALUE),
    )


def test_read_people_reads_the_sheet_and_the_columns_it_is_given(tmp_path: Path) -> None:
    # Sheet 'New' (not the first, 'Old'), its columns named by the spec: Ref, Level, Step.
    # Ref is never required: 'Old' has no id column at all and is read without one.
    old: list[list[str | None]] = [["Level", "Step"], ["3", "1"]]
    new: list[list[str | None]] = [["Ref", "Level", "Step"], ["E1", "3", "2"], ["E2", "3", "2"]]
    path = workbook(tmp_path / "p.xlsx", {"Old": old, "New": new})
    spec = ColumnSpec({"employee_id": "Ref", "band": "Level", "point": "Step"})
    people = read_people(path, spec=spec, sheet="New")
    assert people.columns.index == {"employee_id": 0, "band": 1, "point": 2}
    assert dict(people.heads) == {("3", 2, None, 1, None): 2}
    assert people.first_row == {("3", 2, None, 1, None): 2}
    old_people = read_people(path, spec=ColumnSpec({"band": "Level", "point": "Step"}))
    assert dict(old_people.heads) == {("3", 1, None, 1, None): 1}


def test_rows_left_out_are_all_counted_and_the_first_max_details_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three rows without an id; with MAX_DETAILS 2, two kept with their reasons, three counted.
    monkeypatch.setattr(read_module, "MAX_DETAILS", 2)
    path = csv_file(tmp_path, "employee_id,band,point\r\n,3,1\r\n,3,1\r\n,3,1\r\n")
    people = read_people(path)
    assert people.rejected == 3
    missing = {"row": 2, "column": "employee_id", "reason": "employee_id is missing", "rows": 1}
    assert [lo.to_dict() for lo in people.left_out] == [missing, {**missing, "row": 3}]
    # a reason given for several rows at once keeps their number
    counted = PayrollPeople(people.columns)
    counted.leave_out(7, RowError("band is missing", "band"), count=4)
    assert counted.rejected == 4
    assert counted.left_out == [LeftOut(7, "band", "band is missing", 4)]


def test_a_file_without_an_id_column_gives_each_row_its_person_or_its_reason(
    tmp_path: Path,
) -> None:
    path = csv_file(tmp_path, "band,point\r\n3,1\r\n3,\r\n")
    with open_payroll(path, need_id=False) as payroll:
        [(n1, _c1, _t1, person), (n2, _c2, _t2, why)] = list(payroll.rows(as_position))
    assert (n1, n2) == (2, 3)
    assert isinstance(person, Position) and (person.band, person.point) == ("3", 1)
    assert isinstance(why, RowError)
    assert (why.column, why.reason) == ("point", "no point and no salary: give one of them")
