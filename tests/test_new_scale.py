"""A real scale in two minutes: `new-scale --from-table` reads an employer's pay table under a
payroll's header names and writes a scale that validates, shows, and serves `--against`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli

# An HR export's names (Grade, Spinal Point, Annual Salary) and the spellings people type.
TABLE = """\
Grade,Spinal Point,Annual Salary,Job Title
Band 3,1,"£22,300.00",Probation services officer
Band 3,2,"22,900",
Band 3,3,23500,
4,2,29900,Probation officer
4,1,28700,
4,3,31000,
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    out = runner.invoke(cli, list(args))
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception
    return out.exit_code, out.stdout, out.stderr


def _validate(runner: CliRunner, path: str) -> dict[str, object]:
    code, stdout, _ = invoke(runner, "validate", path, "--format", "json")
    assert code == 0, stdout
    result: dict[str, object] = json.loads(stdout)
    return result


def test_a_table_becomes_a_scale_that_validates_and_says_it_was_entered(
    runner: CliRunner, here: Path
) -> None:
    (here / "pay-table.csv").write_text(TABLE)
    code, _, err = invoke(
        runner,
        "new-scale", "acme-2020-21", "--from-table", "pay-table.csv",
        "--employer", "Acme CRC", "--effective", "01/04/2020",
    )  # fmt: skip
    assert code == 0, err
    assert "wrote acme-2020-21.yaml (2 bands, 6 points)" in err
    text = (here / "acme-2020-21.yaml").read_text()
    assert "status: entered" in text
    assert "effective: 2020-04-01\n" in text
    # Point 2 of band 4 came first in the table: the point column puts it in its place.
    assert "points: [28700, 29900, 31000]" in text
    assert "points: [22300, 22900, 23500]" in text
    assert 'role: "Probation services officer"' in text
    assert _validate(runner, "acme-2020-21.yaml")["problems"] == []


def test_what_the_table_does_not_say_is_a_todo_that_validate_warns_of(
    runner: CliRunner, here: Path
) -> None:
    (here / "t.csv").write_text("band,salary\n3,22300\n3,22900\n")
    code, _, err = invoke(runner, "new-scale", "acme", "--from-table", "t.csv")
    assert code == 0, err
    problems = _validate(runner, "acme.yaml")["problems"]
    assert {p["code"] for p in problems} == {"PC208"}  # type: ignore[index]
    assert all(p["severity"] == "warning" for p in problems)  # type: ignore[index]
    text = (here / "acme.yaml").read_text()
    assert "points: [22300, 22900]" in text  # no point column: the rows' order
    assert "'effective' is a placeholder" in text and "give each band its 'role'" in text


def test_the_entered_scale_serves_against(runner: CliRunner, here: Path) -> None:
    (here / "pay-table.csv").write_text(TABLE)
    invoke(
        runner,
        "new-scale",
        "acme-2020-21",
        "--from-table",
        "pay-table.csv",
        "--effective",
        "2020-04-01",
    )
    code, stdout, err = invoke(
        runner,
        "compare", "sodexo-2020", "--against", "acme-2020-21.yaml", "--band", "3", "--point", "1",
        "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    [row] = json.loads(stdout)["results"]
    # sodexo-2020-21 band 3 point 1 is 22,300, moved up one point to 22,700 (the scale file);
    # the transfer rule takes the lowest point of the table's band 3 at or above 22,700:
    # point 2, 22,900. Gap: 22,700 - 22,900 = -200.00.
    assert row["reference_salary"] == "22900.00"
    assert row["parity_gap"] == "-200.00"
    assert row["reference_basis"] == "entered"


def test_a_workbook_table_reads_as_the_csv_does(runner: CliRunner, here: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in TABLE.splitlines():
        ws.append(next(csv.reader([line])))
    wb.save(here / "pay-table.xlsx")
    (here / "pay-table.csv").write_text(TABLE)
    invoke(runner, "new-scale", "from-csv", "--from-table", "pay-table.csv", "-o", "a.yaml")
    invoke(runner, "new-scale", "from-xlsx", "--from-table", "pay-table.xlsx", "-o", "b.yaml")
    a = (here / "a.yaml").read_text().split("\nbands:")[1]
    b = (here / "b.yaml").read_text().split("\nbands:")[1]
    assert a == b


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("band,salary\n3,22300\n3,abc\n", "row 3, column 'salary': 'abc' is not a number"),
        ("Grade,SCP,Pay\n3,1,22300\n", "a pay table needs a salary column"),
        ("band,point,salary\n3,1,22300\n3,1,22900\n", "band 3 point 1 is on row 2 too"),
        ("band,point,salary\n3,1,22300\n3,3,22900\n", "band 3 has no point 2"),
        ("band,salary\n3,22300\n3,22000\n", "row 3: band 3 point 2 (£22,000.00) is not above"),
        ("band,salary\n", "the table has a header but no rows"),
    ],
)
def test_a_table_that_cannot_be_a_scale_is_one_line_with_its_row(
    runner: CliRunner, here: Path, table: str, message: str
) -> None:
    (here / "t.csv").write_text(table)
    code, _, err = invoke(runner, "new-scale", "acme", "--from-table", "t.csv")
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith("paycalc: t.csv") and message in line
    assert not (here / "acme.yaml").exists()


def test_without_a_table_a_commented_template_that_validates(runner: CliRunner, here: Path) -> None:
    code, stdout, err = invoke(runner, "new-scale", "my-scale", "-o", "-")
    assert code == 0, err
    assert "kind: scale" in stdout and "status: entered" in stdout and "TODO" in stdout
    (here / "my-scale.yaml").write_text(stdout)
    problems = _validate(runner, "my-scale.yaml")["problems"]
    assert problems and all(p["code"] == "PC208" for p in problems)  # type: ignore[index]


def test_an_existing_file_is_kept_without_force(runner: CliRunner, here: Path) -> None:
    (here / "acme.yaml").write_text("mine\n")
    code, _, err = invoke(runner, "new-scale", "acme")
    assert code == 2 and "acme.yaml exists; give --force" in err
    assert (here / "acme.yaml").read_text() == "mine\n"
    assert invoke(runner, "new-scale", "acme", "--force")[0] == 0


def test_show_a_scale_prints_each_point_with_its_basis(runner: CliRunner) -> None:
    code, stdout, err = invoke(runner, "show", "nps-2020-21")
    assert code == 0, err
    # Band 1 is a single point of 18,174, quoted from Napo (the scale file's known: entry).
    assert "Band 1" in stdout
    line = next(x for x in stdout.splitlines() if "18,174.00" in x)
    assert "quoted (napo-nps-offer-2020)" in line
    assert "Band 3: Probation services officer" in stdout


def test_show_a_scale_as_json_lists_every_point(runner: CliRunner) -> None:
    code, stdout, _ = invoke(runner, "show", "sodexo-2020-21", "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    band3 = [p for p in data["points"] if p["band"] == "3"]
    # Band 3 of the file: [22300, 22700, 23500, 24300, 25200, 26100, 26600].
    assert [p["salary"] for p in band3] == [
        "22300.00", "22700.00", "23500.00", "24300.00", "25200.00", "26100.00", "26600.00"
    ]  # fmt: skip
    assert {p["basis"] for p in band3} == {"illustrative"}
    assert data["status"] == "illustrative"


def test_the_written_scale_passes_the_json_schema_editors_use(
    runner: CliRunner, here: Path
) -> None:
    from jsonschema import Draft202012Validator
    from test_schema import as_json

    from paycalc.files.schema import json_schema
    from paycalc.files.yamlio import load_file

    (here / "pay-table.csv").write_text(TABLE)
    invoke(runner, "new-scale", "acme", "--from-table", "pay-table.csv")
    invoke(runner, "new-scale", "template")
    for name in ("acme.yaml", "template.yaml"):
        data = as_json(load_file(here / name))
        assert list(Draft202012Validator(json_schema()).iter_errors(data)) == []
