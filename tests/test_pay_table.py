"""An employer's pay table read for `new-scale --from-table` (paycalc.author.table): each band's
points in order, and one line naming the row and column of what cannot be a scale."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from paycalc.author.table import TableBand, read_table
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import ColumnSpec


def table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "t.csv: the file is empty (no header row)", id="empty"),
        # Points 2 and 3 without 1; 1, 2 and 4 without 3: the first gap and the highest point.
        pytest.param(
            "band,point,salary\n3,2,100\n3,3,200\n",
            "t.csv: band 3 has no point 1 (it has 3)",
            id="no-point-1",
        ),
        pytest.param(
            "band,point,salary\n3,1,100\n3,2,200\n3,4,300\n",
            "t.csv: band 3 has no point 3 (it has 4)",
            id="gap-below-the-top",
        ),
        # Each point is compared with the one below it: 150 after 200, and 200 after 200.
        pytest.param(
            "band,salary\n3,100\n3,200\n3,150\n",
            "t.csv: row 4: band 3 point 3 (£150.00) is not above point 2 (£200.00)",
            id="falls",
        ),
        pytest.param(
            "band,salary\n3,200\n3,200\n",
            "t.csv: row 3: band 3 point 2 (£200.00) is not above point 1 (£200.00)",
            id="level",
        ),
        # A row that stops before the salary column reads it as empty.
        pytest.param(
            "band,salary\n3,100\n3\n",
            "t.csv: row 3, column 'salary': '' is not a number: e.g. £24,300 or 24300.00",
            id="short-row",
        ),
        pytest.param(
            "band,salary\n,100\n",
            "t.csv: row 2, column 'band': give a band name, e.g. 3",
            id="no-band",
        ),
        # The point column is named as the header writes it.
        pytest.param(
            "band,Spinal Point,salary\n3,x,100\n",
            "t.csv: row 2, column 'Spinal Point': 'x' is not a point: give a whole number from "
            "1, or 'top' (e.g. 3)",
            id="not-a-point",
        ),
        pytest.param(
            "band,Spinal Point,salary\n3,1,100\n3,1,200\n",
            "t.csv: row 3, column 'Spinal Point': band 3 point 1 is on row 2 too",
            id="point-twice",
        ),
        pytest.param(
            "band,Spinal Point,salary\n3,top,100\n",
            "t.csv: row 2, column 'Spinal Point': a table numbers its points: give 1, 2, 3 ...",
            id="top",
        ),
        # A header below blank lines is named at its own line.
        pytest.param(
            "\n\nband,salary,salary\n3,1,2\n",
            "t.csv: line 3: columns 2 ('salary') and 3 ('salary') both read as 'salary'",
            id="header-line",
        ),
    ],
)
def test_a_table_that_cannot_be_a_scale_names_the_row_and_the_rule(
    tmp_path: Path, text: str, message: str
) -> None:
    path = table(tmp_path, text)
    with pytest.raises(PaycalcError) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{tmp_path}/{message}")


def test_a_row_that_stops_before_the_role_keeps_the_bands_role(tmp_path: Path) -> None:
    path = table(tmp_path, "band,salary,role\n3,100,PSO\n3,200\n")
    assert read_table(path) == [TableBand("3", (D("100.00"), D("200.00")), "PSO")]


def test_a_salary_column_under_another_name_is_read_when_named(tmp_path: Path) -> None:
    # 'Pay' holds the salaries; the column headed 'salary' is something else.
    path = table(tmp_path, "band,Pay,salary\n3,100,5\n3,200,6\n")
    named = read_table(path, spec=ColumnSpec(names={"salary": "Pay"}))
    assert named == [TableBand("3", (D("100.00"), D("200.00")))]


def test_a_workbook_sheet_named_is_the_one_read(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["band", "salary"])
    first.append(["9", "1"])
    pay = book.create_sheet("Pay")
    for row in (["band", "salary", "role"], ["3", "22300", "PSO"], ["3", "22900", ""]):
        pay.append(row)
    book.save(tmp_path / "t.xlsx")
    assert read_table(tmp_path / "t.xlsx", sheet="Pay") == [
        TableBand("3", (D("22300.00"), D("22900.00")), "PSO")
    ]
