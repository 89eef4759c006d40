"""Workbooks as scripts and careless exports write them: every person is in the output or the
rejects, and any workbook is read in bounded time and memory, or refused in one line."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import paycalc.limits
from paycalc.apply.run import OUTPUT_COLUMNS, apply_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_REJECTS, EXIT_USAGE, PaycalcError
from paycalc.payroll.rows import FORMULA_WITHOUT_VALUE

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def cell(ref: str, value: str | None = None, formula: str | None = None) -> str:
    """A cell as Excel stores it: text inline, a number as is, a formula with or without its
    cached value."""
    f = f"<f>{formula}</f>" if formula is not None else ""
    if value is None:
        return f'<c r="{ref}">{f}</c>'
    if formula is None and not value.replace(".", "").isdigit():
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}">{f}<v>{value}</v></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def header(number: int = 1) -> str:
    return row(number, *(cell(f"{c}{number}", t) for c, t in zip("ABCD", HEADER, strict=True)))


HEADER = ["employee_id", "band", "point", "fte"]


def person(number: int, eid: str, point: str = "1", fte: str = "") -> str:
    cells = [cell(f"A{number}", eid), cell(f"B{number}", "3"), cell(f"C{number}", point)]
    if fte:
        cells.append(cell(f"D{number}", fte))
    return row(number, *cells)


def workbook(
    path: Path,
    sheets: list[tuple[str, str]],
    *,
    active: int = 0,
    hidden: tuple[str, ...] = (),
    dimension: str = "",
    strings: str = "",
    styles: str = "",
) -> Path:
    """A workbook of (name, rows XML) sheets, written the way Excel lays one out."""
    state = ' state="hidden"'
    names = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"{state if n in hidden else ""}/>'
        for i, (n, _rows) in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Target="worksheets/sheet{i + 1}.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
        for i in range(len(sheets))
    )
    if strings:
        rels += (
            '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
        )
    if styles:
        rels += (
            '<Relationship Id="rIdT" Target="styles.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/styles"/>'
        )
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = [("/xl/workbook.xml", f"{kind}.sheet.main+xml")]
    parts += [
        (f"/xl/worksheets/sheet{i + 1}.xml", f"{kind}.worksheet+xml") for i in range(len(sheets))
    ]
    if strings:
        parts.append(("/xl/sharedStrings.xml", f"{kind}.sharedStrings+xml"))
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f"{overrides}</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><bookViews>'
            f'<workbookView activeTab="{active}"/></bookViews><sheets>{names}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        for i, (_name, rows) in enumerate(sheets):
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{rows}</sheetData></worksheet>',
            )
        if strings:
            z.writestr("xl/sharedStrings.xml", strings)
        if styles:
            z.writestr("xl/styles.xml", styles)
    return path


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def apply_cli(runner: CliRunner, *args: str) -> tuple[int, str]:
    out = runner.invoke(cli, ["apply", SCHEME, *args])
    assert "Traceback" not in out.output
    return out.exit_code, out.stderr


# --- formulas ------------------------------------------------------------------------------------


def test_a_formula_without_a_value_is_its_rows_reject_never_read_as_blank(tmp_path: Path) -> None:
    # A script wrote the FTE of E1 as =1/2 without computing it: read as blank, E1 would be
    # paid full time. E2's formula was computed when the file was saved: read as its value.
    rows = header() + row(
        2, cell("A2", "E1"), cell("B2", "3"), cell("C2", "1"), cell("D2", None, "1/2")
    )
    rows += row(3, cell("A3", "E2"), cell("B3", "3"), cell("C3", "1"), cell("D3", "0.5", "1/2"))
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (1, 1)
    [reject] = rows_of(tmp_path / "o.csv.rejects.csv")[1:]
    assert reject[:3] == ["2", "fte", FORMULA_WITHOUT_VALUE]
    [written] = rows_of(tmp_path / "o.csv")[1:]
    assert written[:4] == ["E2", "3", "1", "0.5"]


def test_check_and_compare_leave_out_a_formula_without_a_value_too(tmp_path: Path) -> None:
    from paycalc.check.run import check_payroll
    from paycalc.compare.shares import read_payroll

    rows = header() + row(2, cell("A2", "E1"), cell("B2", "3"), cell("C2", None, "1+1"))
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    [flag] = check_payroll(book, scheme_ref=SCHEME).flags
    assert (flag.row, flag.column, flag.code, flag.reason) == (
        2,
        "point",
        "unreadable",
        FORMULA_WITHOUT_VALUE,
    )
    people = read_payroll(book)
    assert [(lo.row, lo.column, lo.reason) for lo in people.left_out] == [
        (2, "point", FORMULA_WITHOUT_VALUE)
    ]


# --- Excel's limits -------------------------------------------------------------------------------


def test_an_xlsx_output_past_the_row_limit_is_refused_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Excel's limit is 1,048,576 rows; the test lowers it to 4 (the header and 3 people) rather
    # than write a million rows. Four people: refused, never cut short.
    monkeypatch.setattr(paycalc.limits, "SHEET_ROWS", 4)
    src = tmp_path / "p.csv"
    src.write_text("employee_id,band,point\nE1,3,1\nE2,3,1\nE3,3,1\nE4,3,1\n")
    with pytest.raises(PaycalcError, match="more than 3 rows, the most a workbook sheet holds"):
        apply_payroll(SCHEME, src, tmp_path / "o.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]
    src.write_text("employee_id,band,point\nE1,3,1\nE2,3,1\nE3,3,1\n")
    assert apply_payroll(SCHEME, src, tmp_path / "o.xlsx").counts.written == 3


def test_an_xlsx_output_past_the_column_limit_is_refused_and_nothing_is_written(
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    # The input's columns and paycalc's make 16,385: one more than a sheet holds.
    extra = 16_385 - 3 - len(OUTPUT_COLUMNS)
    names = ["employee_id", "band", "point", *(f"c{i}" for i in range(extra))]
    src = tmp_path / "p.csv"
    src.write_text(",".join(names) + "\nE1,3,1\n")
    code, err = apply_cli(runner, str(src), "-o", str(tmp_path / "o.xlsx"))
    assert code == EXIT_USAGE
    assert "the output would have 16,385 columns, more than the 16,384" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


# --- rows and columns as the sheet holds them ---------------------------------------------------


def test_rows_stored_out_of_order_are_read_in_the_sheets_row_order(tmp_path: Path) -> None:
    rows = header() + person(2, "E1") + person(4, "E3") + person(3, "E2")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert report.counts.written == 3
    assert [r[0] for r in rows_of(tmp_path / "o.csv")[1:]] == ["E1", "E2", "E3"]


@pytest.mark.parametrize(
    "dimension, far_cell",
    [
        pytest.param("A1:XFD1048576", "", id="a-dimension-to-XFD1048576"),
        pytest.param("", '<c r="XFD1" t="inlineStr"><is><t> </t></is></c>', id="a-blank-XFD1"),
    ],
)
def test_trailing_empty_columns_never_count(tmp_path: Path, dimension: str, far_cell: str) -> None:
    rows = header().replace("</row>", far_cell + "</row>") + person(2, "E1") + person(3, "E2")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)], dimension=dimension)
    for out in ("o.csv", "o.xlsx"):
        report = apply_payroll(SCHEME, book, tmp_path / out)
        assert report.counts.written == 2
    assert len(rows_of(tmp_path / "o.csv")[0]) == len(HEADER) + len(OUTPUT_COLUMNS)


def test_a_data_cell_at_XFD_makes_its_row_too_long_and_no_other(tmp_path: Path) -> None:
    far = '<c r="XFD3" t="inlineStr"><is><t>stray</t></is></c>'
    rows = header() + person(2, "E1") + person(3, "E2").replace("</row>", far + "</row>")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (1, 1)
    [reject] = rows_of(tmp_path / "o.csv.rejects.csv")[1:]
    assert reject[:3] == ["3", "", "16384 fields, but the header has 4"]


def test_one_cell_on_the_last_row_of_a_huge_declared_sheet_is_read_at_once(
    tmp_path: Path,
) -> None:
    # The dimension claims A1:XFD1048576; the file holds a header and one person on the last
    # row. Only real cells are read: one person, with the row number Excel shows.
    rows = header() + person(1_048_576, "E1")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)], dimension="A1:XFD1048576")
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert report.counts.written == 1


def test_shared_strings_beyond_what_the_file_can_use_are_refused_in_one_line(
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    # 2,000,000 empty shared strings compress to a few kilobytes: more strings than the file
    # has bytes, which no sheet in it could use. Refused after reading as many as it has bytes.
    strings = f'<sst xmlns="{MAIN}">' + "<si><t></t></si>" * 2_000_000 + "</sst>"
    rows = header() + person(2, "E1")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)], strings=strings)
    assert book.stat().st_size < 200_000
    code, err = apply_cli(runner, str(book), "-o", str(tmp_path / "o.csv"))
    assert code == EXIT_USAGE
    assert f"more shared strings than a file of {book.stat().st_size:,} bytes can use" in err


# --- which sheet --------------------------------------------------------------------------------


def test_the_active_visible_sheet_is_read_by_default_and_named(
    runner: CliRunner, tmp_path: Path
) -> None:
    old = header() + person(2, "OLD")
    new = header() + person(2, "E1") + person(3, "E2")
    book = workbook(
        tmp_path / "p.xlsx", [("2019 (old)", old), ("2020", new)], active=1, hidden=("2019 (old)",)
    )
    code, err = apply_cli(runner, str(book), "-o", str(tmp_path / "o.csv"), "--format", "json")
    assert code == 0
    assert f"paycalc: read sheet '2020' of {book}" in err
    assert [r[0] for r in rows_of(tmp_path / "o.csv")[1:]] == ["E1", "E2"]
    out = runner.invoke(
        cli, ["apply", SCHEME, str(book), "-o", str(tmp_path / "b.csv"), "--format", "json"]
    )
    assert json.loads(out.stdout)["sheet"] == "2020"


def test_an_active_sheet_that_is_hidden_gives_way_to_the_first_visible_one(tmp_path: Path) -> None:
    sheets = [("A", header() + person(2, "A1")), ("B", header() + person(2, "B1"))]
    book = workbook(tmp_path / "p.xlsx", sheets, active=0, hidden=("A",))
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert report.sheet == "B"
    assert [r[0] for r in rows_of(tmp_path / "o.csv")[1:]] == ["B1"]


def test_check_names_the_sheet_it_read(runner: CliRunner, tmp_path: Path) -> None:
    from paycalc.check.run import check_payroll

    book = workbook(tmp_path / "p.xlsx", [("Pay 2020", header() + person(2, "E1"))])
    assert check_payroll(book, scheme_ref=SCHEME).to_dict()["sheet"] == "Pay 2020"
    out = runner.invoke(cli, ["check", str(book), "--scheme", SCHEME])
    assert "sheet 'Pay 2020' against scale crc-pay" in " ".join(out.stdout.split())


# --- files that are not workbooks ---------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    "content, message",
    [
        pytest.param(OLE + b"\x00" * 600, "old-style Excel workbook (.xls)", id="xls"),
        pytest.param(
            OLE + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100,
            "the workbook is protected by a password",
            id="encrypted-xlsx",
        ),
        pytest.param(
            b"employee_id,band,point\nE1,3,1\n", "a text file (CSV?)", id="csv-named-xlsx"
        ),
        pytest.param(b"PK\x03\x04 truncated", "cannot read the workbook", id="damaged-zip"),
    ],
)
def test_a_file_named_xlsx_that_is_no_workbook_gets_one_clear_line(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    src = tmp_path / "p.xlsx"
    src.write_bytes(content)
    code, err = apply_cli(runner, str(src), "-o", str(tmp_path / "o.csv"))
    assert code == EXIT_USAGE
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_a_rejected_row_of_a_workbook_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    rows = header() + person(2, "E1") + person(3, "E1")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    code, _err = apply_cli(runner, str(book), "-o", str(tmp_path / "o.xlsx"))
    assert code == EXIT_REJECTS


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("stored", ["abc", "NaN", "Infinity", "1e999999999"])
def test_a_number_cell_that_holds_no_number_is_one_clear_line(
    runner: CliRunner, tmp_path: Path, stored: str
) -> None:
    bad = row(2, cell("A2", "E1"), cell("B2", "3"), f'<c r="C2"><v>{stored}</v></c>')
    book = workbook(tmp_path / "p.xlsx", [("Staff", header() + bad)])
    code, err = apply_cli(runner, str(book), "-o", str(tmp_path / "o.csv"))
    assert code == EXIT_USAGE
    assert err.startswith("paycalc: ") and "a number cell holds" in err
    assert not (tmp_path / "o.csv").exists()


def test_a_stored_double_reads_as_excel_shows_it_and_goes_out_to_the_penny(
    tmp_path: Path,
) -> None:
    # A formula's 0.6 is often stored as 0.59999999999999998; Excel shows 15 significant
    # digits, so 0.600000000000000: the FTE is 0.6. The award moves band 3 point 1 up one
    # point, to 21,000.00 full time (fixtures/payroll/scales/crc-pay.yaml); at FTE 0.6 the new
    # salary is 21,000.00 x 0.6 = 12,600.00, as for a CSV saying 0.6.
    rows = header() + person(2, "E1", fte="0.59999999999999998")
    book = workbook(tmp_path / "p.xlsx", [("Staff", rows)])
    apply_payroll(SCHEME, book, tmp_path / "o.csv")
    apply_payroll(
        SCHEME,
        write_csv(tmp_path / "p.csv", "employee_id,band,point,fte\nE1,3,1,0.6\n"),
        tmp_path / "c.csv",
    )
    from_book, from_csv = rows_of(tmp_path / "o.csv"), rows_of(tmp_path / "c.csv")
    salary = from_csv[0].index("new_salary")
    assert from_book[1][salary] == from_csv[1][salary]
    # Out to a workbook, the new salary is a number cell holding 12600 exactly.
    apply_payroll(SCHEME, book, tmp_path / "o.xlsx")
    with zipfile.ZipFile(tmp_path / "o.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    numbers = [Decimal(v) for v in re.findall(r"<v>([-0-9.E+]+)</v>", sheet)]
    assert Decimal(from_csv[1][salary]) == Decimal("12600.00") and Decimal("12600") in numbers


@pytest.mark.parametrize(
    ("stored", "shown"), [("1e-999999999", "0"), ("-5e-400", "0"), ("2.5e-3", "0.0025")]
)
def test_a_number_below_what_a_double_holds_reads_as_zero(
    tmp_path: Path, stored: str, shown: str
) -> None:
    cells = row(
        2, cell("A2", "E1"), cell("B2", "3"), cell("C2", "1"), f'<c r="D2"><v>{stored}</v></c>'
    )
    book = workbook(tmp_path / "p.xlsx", [("Staff", header() + cells)])
    from paycalc.payroll.read import as_position, open_payroll

    with open_payroll(book, need_id=True) as payroll:
        [(_n, read, _text, _found)] = list(payroll.rows(as_position))
    assert read[3] == shown


@pytest.mark.parametrize(
    ("serial", "shown"),
    [("43922", "2020-04-01"), ("3000000", "3000000"), ("1e300", "1" + "0" * 300)],
)
def test_a_date_cell_past_year_9999_reads_as_its_number_not_a_traceback(
    tmp_path: Path, serial: str, shown: str
) -> None:
    # Style 0 shows the built-in format 14 (a date). Day 43,922 after 1899-12-30 is 2020-04-01
    # (Excel's serial for that day); 3,000,000 days is past 9999-12-31, which Excel shows as
    # '#####': read as the number it holds.
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs><xf numFmtId="14"/></cellXfs></styleSheet>'
    cells = row(2, cell("A2", "E1"), cell("B2", "3"), f'<c r="C2" s="0"><v>{serial}</v></c>')
    book = workbook(tmp_path / "p.xlsx", [("Staff", header() + cells)], styles=styles)
    from paycalc.payroll.read import as_position, open_payroll

    with open_payroll(book, need_id=True) as payroll:
        [(_n, read, _text, _found)] = list(payroll.rows(as_position))
    assert read[2] == shown


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
