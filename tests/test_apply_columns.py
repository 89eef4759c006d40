"""The payroll-ready columns of `paycalc apply`: where each person ends up, the back pay owed, and
an HR export going through as it was exported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from paycalc.apply.run import apply_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_OK
from paycalc.payroll.columns import OUTPUT_COLUMNS

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
BUNDLED = Path(__file__).parent.parent / "schemes"


def rows_by_id(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r[next(iter(r))]: r for r in csv.DictReader(f)}


def run(tmp_path: Path, scheme: str, text: str) -> dict[str, dict[str, str]]:
    src = tmp_path / "staff.csv"
    src.write_text(text, encoding="utf-8")
    apply_payroll(scheme, src, tmp_path / "out.csv")
    return rows_by_id(tmp_path / "out.csv")


def test_back_pay_of_a_backdated_increment_is_the_arrears_to_the_payday_at_the_fte(
    tmp_path: Path,
) -> None:
    # interserve-2020: the increment of 1 April 2020 was paid on 31 May 2020 (paid_on).
    # Band 3 point 1 (22374.00) goes to point 2 (22673.00): 299.00 a year more.
    # 1 April to 31 May 2020 is 30 + 30 = 60 days of a 366-day year:
    # 299 x 60 / 366 = 49.016... -> 49.02 full-time; at FTE 0.5, 24.51.
    rows = run(
        tmp_path,
        "interserve-2020",
        "employee_id,band,point,fte\nE1,3,1,\nE2,3,1,0.5\nE3,3,top,\n",
    )
    assert rows["E1"]["back_pay"] == "49.02"
    assert rows["E2"]["back_pay"] == "24.51"
    # the top of the band gets no increment, so nothing is owed
    assert rows["E3"]["back_pay"] == "0.00"


def test_back_pay_of_the_mtc_2019_imposed_award_paid_late(tmp_path: Path) -> None:
    # MTC imposed its 2019 award late, backdated to 1 April 2019. The seed does not give the
    # payday, so the bundled file has no paid_on; this copy supposes it was paid with the
    # October 2019 salaries (paid_on 2019-10-31) to check the arithmetic.
    text = (BUNDLED / "mtc-2019.yaml").read_text(encoding="utf-8")
    marker = "    increment: {points: 1}\n"
    assert marker in text
    scheme = tmp_path / "mtc-2019.yaml"
    scheme.write_text(text.replace(marker, marker + "    paid_on: 2019-10-31\n"), "utf-8")
    rows = run(tmp_path, str(scheme), "employee_id,band,point,fte\nE1,2,1,\nE2,2,1,0.6\n")
    # Band 2 point 1 (17900.00) -> point 2 (18073.00): 173.00 a year more. 1 April to
    # 31 October 2019 is 30+31+30+31+31+30+30 = 213 days of 365:
    # 173 x 213 / 365 = 100.956... -> 100.96; at FTE 0.6, 100.96 x 0.6 = 60.576 -> 60.58.
    assert rows["E1"]["back_pay"] == "100.96"
    assert rows["E2"]["back_pay"] == "60.58"
    assert rows["E1"]["effective_from"] == "2019-04-01"
    assert (rows["E1"]["new_band"], rows["E1"]["new_point"]) == ("2", "2")


def test_a_scheme_without_paid_on_owes_no_back_pay(tmp_path: Path) -> None:
    # The bundled mtc-2019 has no paid_on: the rise starts on 1 April 2019, nothing in arrears.
    rows = run(tmp_path, "mtc-2019", "employee_id,band,point\nE1,2,1\n")
    assert rows["E1"]["back_pay"] == "0.00"
    assert rows["E1"]["effective_from"] == "2019-04-01"
    assert rows["E1"]["new_salary"] == "18073.00"


def test_new_band_point_protected_and_placed_by_for_each_way_in(tmp_path: Path) -> None:
    # award.yaml on crc-pay: band 3 is 20000, 21000, 22000, 23000; one increment; a one-off
    # at the top. E1: point 1 -> 2. E2: salary 21000 is point 2 -> 3. E3: top, no rise, so no
    # date the new salary starts. E4: 25000 is above the top (23000): protected, no point.
    rows = run(
        tmp_path,
        SCHEME,
        "employee_id,band,point,salary\nE1,3,1,\nE2,3,,21000\nE3,3,top,\nE4,3,,25000\n",
    )
    got = {
        eid: (r["new_band"], r["new_point"], r["protected"], r["placed_by"], r["effective_from"])
        for eid, r in rows.items()
    }
    assert got == {
        "E1": ("3", "2", "false", "point", "2020-04-01"),
        "E2": ("3", "3", "false", "salary", "2020-04-01"),
        "E3": ("3", "4", "false", "point", ""),
        "E4": ("3", "", "true", "salary", ""),
    }
    assert rows["E4"]["new_salary"] == "25000.00"


def test_notes_hold_only_what_is_particular_to_the_row(tmp_path: Path) -> None:
    # crc-pay is illustrative and the award's status is 'offer': said once, in the summary.
    rows = run(tmp_path, SCHEME, "employee_id,band,point,salary\nE1,3,1,\nE2,3,1,20500\n")
    assert rows["E1"]["notes"] == ""
    assert rows["E2"]["notes"] == (
        "salary 20500.00 in the file is not the value of point 1 (20000.00); the point was used"
    )


def test_the_summary_says_once_that_scales_are_illustrative_and_which_columns_were_read(
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    src = tmp_path / "staff.csv"
    src.write_text("Emp No,Grade,SCP\nE1,3,1\n")
    out = runner.invoke(
        cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--format", "json"]
    )
    assert out.exit_code == EXIT_OK, out.output
    data = json.loads(out.stdout)
    assert data["illustrative"] is True
    assert data["illustrative_scales"] == ["crc-pay"]
    assert data["status"] == "offer"
    assert data["parity_rule"] == "transfer"
    assert data["columns"] == {"employee_id": "Emp No", "band": "Grade", "point": "SCP"}
    assert "columns read: employee_id='Emp No', band='Grade', point='SCP'" in out.stderr


def test_an_hr_export_goes_through_without_options_and_loads_back(
    tmp_path: Path, runner: CliRunner
) -> None:
    # As an HR system exports it: its own header names, a UTF-8 BOM, CRLF line ends, grades
    # written 'Band 3', FTE as a percentage, money with a pound sign.
    src = tmp_path / "export.csv"
    src.write_bytes(
        "\ufeffEmp No,Grade,Spinal Point,Annual Salary,FTE %\r\n"
        '1001,Band 3,1,"£20,000.00",100\r\n'
        "1002,Band 3,2,21000,60\r\n"
        "1003,Band 4,,27000,50%\r\n".encode()
    )
    out = runner.invoke(cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv")])
    assert out.exit_code == EXIT_OK, out.output
    with open(tmp_path / "o.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[5:] == list(OUTPUT_COLUMNS)
    got = {r["Emp No"]: (r["new_band"], r["new_point"], r["protected"]) for r in rows}
    assert got == {
        "1001": ("3", "2", "false"),
        "1002": ("3", "3", "false"),
        "1003": ("4", "3", "false"),
    }
    # 1002: point 2 (21000) -> point 3 (22000) at 60 %: 13200.00. 1003: 27000 is band 4
    # point 2 -> point 3 (28000) at 50 %: 14000.00.
    salaries = {r["Emp No"]: r["new_salary"] for r in rows}
    assert salaries == {"1001": "21000.00", "1002": "13200.00", "1003": "14000.00"}


def test_an_export_with_its_own_notes_and_protected_keeps_them_and_names_paycalcs_apart(
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    # HR exports often carry a free-text Notes and a Protected flag of their own: theirs stay
    # as they are, and paycalc's are written as paycalc_notes and paycalc_protected.
    src = tmp_path / "export.csv"
    src.write_text("Emp No,Grade,Spinal Point,Notes,Protected\nE1,3,1,on leave,yes\n")
    out = runner.invoke(
        cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--format", "json"]
    )
    assert out.exit_code == EXIT_OK, out.output
    with open(tmp_path / "o.csv", encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    renamed = {"protected": "paycalc_protected", "notes": "paycalc_notes"}
    assert header == [
        "Emp No",
        "Grade",
        "Spinal Point",
        "Notes",
        "Protected",
        *(renamed.get(c, c) for c in OUTPUT_COLUMNS),
    ]
    got = dict(zip(header, row, strict=True))
    # band 3 point 1 (20000) -> point 2 (21000), not protected, nothing particular to note
    assert (got["Notes"], got["Protected"]) == ("on leave", "yes")
    assert (got["new_point"], got["paycalc_protected"], got["paycalc_notes"]) == ("2", "false", "")
    assert json.loads(out.stdout)["renamed_output_columns"] == renamed
    assert "protected as paycalc_protected, notes as paycalc_notes" in out.stderr


def test_an_input_holding_paycalcs_own_column_names_is_an_earlier_output_and_refused(
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    # paycalc_notes can only come from an earlier run; applying an award twice must not happen.
    src = tmp_path / "again.csv"
    src.write_text("employee_id,band,point,paycalc_notes\nE1,3,1,\n")
    out = runner.invoke(cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv")])
    assert out.exit_code == 2
    assert "output column 'paycalc_notes'" in out.stderr and "earlier run" in out.stderr
