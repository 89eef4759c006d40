"""Workbooks in and out: the same payroll as CSV and as .xlsx gives the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.apply.run import apply_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_USAGE
from paycalc.payroll.columns import OUTPUT_COLUMNS
from paycalc.tabular.cell_text import display_text

openpyxl = pytest.importorskip("openpyxl")

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
HEADER = ["Emp No", "Grade", "Spinal Point", "Annual Salary", "FTE %", "Name"]
ROWS = [
    ["E1", "Band 3", 1, None, 100, "Ann"],
    ["E2", "3", "top", None, 50, "Bob"],
    ["E3", "Band 4", None, 27500, 80, "Cy"],
    ["E4", "9", 1, None, 100, "Di"],  # band 9 is not on the scale: rejected
    ["E1", "3", 2, None, 100, "Ed"],  # E1 again: rejected
]


def write_csv(path: Path) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows([["" if c is None else c for c in r] for r in ROWS])
    return path


def write_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    # money formatted as Excel shows it; a salary a formula left with binary noise
    ws["D4"] = 27499.999999999996
    ws["D4"].number_format = "#,##0.00"
    wb.save(path)
    return path


def read_out(path: Path) -> list[list[str]]:
    if path.suffix == ".xlsx":
        ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        return [[display_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_a_csv_and_the_same_payroll_as_a_workbook_give_identical_figures(tmp_path: Path) -> None:
    a = apply_payroll(SCHEME, write_csv(tmp_path / "p.csv"), tmp_path / "a.csv")
    b = apply_payroll(SCHEME, write_xlsx(tmp_path / "p.xlsx"), tmp_path / "b.csv")
    assert (a.counts.written, a.counts.rejected) == (b.counts.written, b.counts.rejected) == (3, 2)
    figures = slice(len(HEADER), None)
    assert [r[figures] for r in read_out(tmp_path / "a.csv")] == [
        r[figures] for r in read_out(tmp_path / "b.csv")
    ]
    # the rejects name the same rows (Excel's row numbers: the header is row 1)
    assert (
        [r[:2] for r in read_out(tmp_path / "a.csv.rejects.csv")]
        == [r[:2] for r in read_out(tmp_path / "b.csv.rejects.csv")]
        == [["row", "column"], ["5", "Grade"], ["6", "Emp No"]]
    )


def test_a_workbook_output_has_figures_as_numbers_a_frozen_header_and_a_summary_sheet(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.xlsx"
    report = apply_payroll(SCHEME, write_csv(tmp_path / "p.csv"), out)
    assert report.rejects == tmp_path / "out.xlsx.rejects.csv"
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == [*HEADER, *OUTPUT_COLUMNS]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    # E1: band 3 point 1 (20000) -> point 2 (21000) on 2020-04-01
    assert row["new_salary"].value == 21000
    assert row["new_salary"].number_format == "#,##0.00"
    assert row["new_point"].value == 2
    assert row["protected"].value is False
    assert row["effective_from"].value == dt.datetime(2020, 4, 1)
    assert row["parity_gap"].value == -500
    summary = {r[0]: r[1] for r in wb["summary"].iter_rows(values_only=True)}
    assert summary["rows_written"] == 3 and summary["illustrative"] is True
    # the same figures as the CSV output of the same run
    apply_payroll(SCHEME, tmp_path / "p.csv", tmp_path / "same.csv")
    csv_rows = read_out(tmp_path / "same.csv")
    xlsx_rows = read_out(out)
    money = [len(HEADER) + OUTPUT_COLUMNS.index(c) for c in ("new_salary", "parity_gap")]
    for got, want in zip(xlsx_rows[1:], csv_rows[1:], strict=True):
        assert [Decimal(got[i]) for i in money] == [Decimal(want[i]) for i in money]


def test_cells_are_read_as_excel_displays_them() -> None:
    assert display_text(27499.999999999996, "#,##0.00") == "27500.00"
    assert display_text(29180.5, '"£"#,##0.00') == "29180.50"
    assert display_text(0.6, "0%") == "60%"
    assert display_text(29180.0) == "29180"
    assert display_text(0.1 + 0.2) == "0.3"  # 15 significant digits, as Excel shows
    assert display_text(dt.datetime(2020, 4, 1)) == "2020-04-01"
    assert display_text(None) == ""


def test_a_missing_sheet_is_named_with_the_sheets_there_are(
    tmp_path: Path, runner: CliRunner
) -> None:
    src = write_xlsx(tmp_path / "p.xlsx")
    out = runner.invoke(
        cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--sheet", "Pay"]
    )
    assert out.exit_code == EXIT_USAGE
    assert "no sheet 'Pay'; the workbook has 'Staff'" in out.stderr
    assert not (tmp_path / "o.csv").exists()


def hide_package(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Every import of `package` or its modules fails, as if it were not installed: None in
    sys.modules is the import system's own way of saying so (no patching of `__import__`)."""
    loaded = [name for name in sys.modules if name.startswith(package + ".")]
    for name in [package, *loaded]:
        monkeypatch.setitem(sys.modules, name, None)


def test_a_workbook_is_read_without_openpyxl(tmp_path: Path) -> None:
    # The reader needs only the standard library: openpyxl here only writes the fixture.
    src = write_xlsx(tmp_path / "p.xlsx")
    script = (
        "import sys; from paycalc.apply.run import apply_payroll as a; a(*sys.argv[1:]); "
        "assert 'openpyxl' not in sys.modules"
    )
    cmd = [sys.executable, "-c", script, SCHEME, str(src), str(tmp_path / "o.csv")]
    subprocess.run(cmd, check=True)
    assert len(read_out(tmp_path / "o.csv")) == 4  # the header and the three rows


def test_without_xlsxwriter_a_workbook_output_gets_one_line_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    hide_package(monkeypatch, "xlsxwriter")
    monkeypatch.delitem(sys.modules, "xlsxwriter", raising=False)
    src = write_csv(tmp_path / "p.csv")
    out = runner.invoke(cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.xlsx")])
    assert out.exit_code == EXIT_USAGE
    assert "needs the optional XlsxWriter package: pip install 'paycalc[xlsx]'" in out.stderr
    assert "Traceback" not in out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_a_cell_longer_than_a_workbook_cell_is_its_rows_reject_never_cut_short(
    tmp_path: Path,
) -> None:
    # A CSV cell may hold 131,072 characters, a workbook cell 32,767 (Excel's limit). Rows by
    # hand: header 1, E1 2 (a 40,000-character name: rejected), E2 3 (written in full).
    src = tmp_path / "p.csv"
    src.write_text(f"employee_id,band,point,name\nE1,3,1,{'x' * 40_000}\nE2,3,2,ok\n")
    report = apply_payroll(SCHEME, src, tmp_path / "o.xlsx")
    assert (report.counts.written, report.counts.rejected) == (1, 1)
    [reject] = read_out(tmp_path / "o.xlsx.rejects.csv")[1:]
    assert reject[:3] == [
        "2",
        "",
        "a cell of 40,000 characters; a workbook cell holds at most 32,767",
    ]
    assert [r[0] for r in read_out(tmp_path / "o.xlsx")] == ["employee_id", "E2"]


def test_a_workbook_without_its_extension_is_still_read_as_a_workbook(tmp_path: Path) -> None:
    # a download saved as 'staff' (no .xlsx): recognised by its zip header, same figures
    book = write_xlsx(tmp_path / "p.xlsx").rename(tmp_path / "staff")
    report = apply_payroll(SCHEME, book, tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (3, 2)


def test_a_workbook_on_standard_input_is_read_as_a_workbook(
    tmp_path: Path, runner: CliRunner
) -> None:
    book = write_xlsx(tmp_path / "p.xlsx")
    by_name = runner.invoke(cli, ["apply", SCHEME, str(book), "-o", str(tmp_path / "a.csv")])
    piped = runner.invoke(
        cli,
        ["apply", SCHEME, "-", "-o", str(tmp_path / "b.csv")],
        input=book.read_bytes(),
    )
    assert piped.exit_code == by_name.exit_code
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert "PK" not in piped.stderr


# --- a workbook out keeps each cell as it came in ---------------------------------------------


def hr_workbook(path: Path) -> Path:
    """An HR export: a text id with leading zeros, money and dates formatted, a numeric cost
    centre."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(["Emp No", "Grade", "Spinal Point", "Annual Salary", "FTE %", "Start", "Cost Centre"])
    ws.append(["00123", "3", 2, None, 40, dt.datetime(2005, 5, 13), 4410])
    ws.append(["00124", "4", None, 27000, 100, dt.datetime(2019, 9, 1), 4411])
    for row in ws.iter_rows(min_row=2):
        row[0].number_format = "@"
        row[3].number_format = "#,##0.00"
        row[5].number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def test_an_xlsx_out_keeps_numbers_dates_and_text_as_they_came_in(tmp_path: Path) -> None:
    apply_payroll(SCHEME, hr_workbook(tmp_path / "hr.xlsx"), tmp_path / "o.xlsx")
    book = openpyxl.load_workbook(tmp_path / "o.xlsx")
    ws = book["payroll"]
    header = [c.value for c in ws[1]]
    first, second = ({h: c for h, c in zip(header, row, strict=True)} for row in ws.iter_rows(2))
    assert first["Emp No"].value == "00123" and first["Emp No"].data_type == "s"
    assert first["Cost Centre"].value == 4410 and first["Cost Centre"].data_type == "n"
    assert first["Start"].value == dt.datetime(2005, 5, 13)
    assert first["Start"].number_format == "dd/mm/yyyy"
    assert first["FTE %"].value == 40
    assert second["Annual Salary"].value == 27000
    assert second["Annual Salary"].number_format == "#,##0.00"
    # point 2 (21000) to point 3, 22000 full time; at 40 % 8800
    assert first["new_salary"].value == 8800 and first["new_full_time_salary"].value == 22000
    for column in ("new_salary", "new_full_time_salary", "back_pay", "parity_gap"):
        assert first[column].data_type == "n" and first[column].number_format == "#,##0.00"
    # Every column at least as wide as its header (the widest, notes, capped).
    widths = {}
    for dim in ws.column_dimensions.values():  # openpyxl groups equal neighbours
        widths.update(dict.fromkeys(range(dim.min, dim.max + 1), dim.width))
    for cell in ws[1]:
        assert widths[cell.column] >= min(len(str(cell.value)), 60), cell.value
    summary = {r[0].value: r[1] for r in book["summary"].iter_rows()}
    # 8800 + 27000 x 1 (27000 is point 2 of band 4, moved to 28000)
    assert summary["cost.pay_bill_after"].value == 8800 + 28000
    assert summary["cost.pay_bill_after"].number_format == "#,##0.00"
    assert summary["head_count"].value == 2 and summary["fte"].value == 1.4


def test_a_csv_in_and_an_xlsx_out_keeps_the_input_cells_as_text(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("employee_id,band,point,cost_centre\n00123,3,1,4410\n", encoding="utf-8")
    apply_payroll(SCHEME, src, tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "o.xlsx")["payroll"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row["employee_id"].value == "00123" and row["cost_centre"].value == "4410"
    assert row["new_salary"].value == 21000 and row["new_salary"].data_type == "n"
