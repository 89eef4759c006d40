"""`paycalc check`: every flag a transfer staff list can earn, and the pay bill counted two ways."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from paycalc.check.run import check_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE

SCALE = str(Path(__file__).parent / "fixtures" / "payroll" / "scales" / "crc-pay.yaml")
SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
# crc-pay: band 3 is 20000, 21000, 22000, 23000; band 4 is 26000, 27000, 28000.
STAFF = """\
employee_id,band,point,salary,fte
E1,3,1,,1
E2,4,,"£100,000.00",0.1
E3,3,2,21500,
E4,3,,11000,0.5
E5,3,,25000,1
E6,4,,20000,1
E1,3,1,,1
E7,9,1,,1
E8,3,x,,1
"""


def run_check(runner: CliRunner, tmp_path: Path, text: str, *args: str) -> tuple[int, str, str]:
    src = tmp_path / "staff.csv"
    src.write_text(text, encoding="utf-8")
    out = runner.invoke(cli, ["check", str(src), *args])
    return out.exit_code, out.stdout, out.stderr


def test_each_flag_names_its_row_column_and_code(tmp_path: Path) -> None:
    src = tmp_path / "staff.csv"
    src.write_text(STAFF, encoding="utf-8")
    report = check_payroll(src, SCALE)
    got = [(f.row, f.column, f.code) for f in report.flags]
    assert got == [
        (3, "salary", "low_fte_high_salary"),  # the seed's case: 0.1 FTE on £100k
        (4, "salary", "not_point_value"),  # point 2 is 21000, not 21500
        (4, "fte", "missing_fte"),
        (5, "salary", "part_time_amount"),  # 11000 / 0.5 = 22000, inside band 3
        (6, "salary", "above_top"),  # 25000 > 23000
        (7, "salary", "below_bottom"),  # 20000 < 26000 at full time
        (8, "employee_id", "duplicate"),  # E1 again
        (9, "band", "band"),  # no band 9
        (10, "point", "unreadable"),  # 'x' is not a point
    ]
    assert report.exit_code == EXIT_INVALID


def test_the_seeds_case_and_both_pay_bills(tmp_path: Path, runner: CliRunner) -> None:
    code, stdout, _ = run_check(runner, tmp_path, STAFF, "--scale", SCALE, "--format", "json")
    assert code == EXIT_INVALID
    data = json.loads(stdout)
    seed = next(f for f in data["flags"] if f["code"] == "low_fte_high_salary")
    # £100,000 at 0.1 FTE is £10,000 of actual pay; band 4's top is £28,000, £72,000 below it
    assert seed["reason"] == (
        "FTE 0.1 with a full-time salary of £100,000.00, £72,000.00 above the band 4 top "
        "(£28,000.00): the actual pay is £10,000.00, and budgeting the full salary overstates "
        "it by £90,000.00"
    )
    # Rows on the scale: E1 20000 x 1, E2 100000 x 0.1, E3 21500 (as listed) x 1,
    # E4 11000 x 0.5, E5 25000 x 1, E6 20000 x 1.
    # As listed: 20000 + 100000 + 21500 + 11000 + 25000 + 20000 = 197500.
    # Actual:    20000 +  10000 + 21500 +  5500 + 25000 + 20000 = 102000.
    assert data["pay_bill"] == {
        "rows_counted": 6,
        "full_salaries_as_listed": "197500.00",
        "fte_weighted_actual_pay": "102000.00",
        "difference": "95500.00",
    }
    assert (data["rows"], data["rows_flagged"]) == (9, 8)


def test_the_table_prints_both_pay_bill_totals(tmp_path: Path, runner: CliRunner) -> None:
    code, stdout, err = run_check(runner, tmp_path, STAFF, "--scheme", SCHEME)
    assert code == EXIT_INVALID
    text = " ".join(stdout.split())
    assert "full salaries as listed £197,500.00" in text
    assert "FTE-weighted actual pay £102,000.00" in text
    assert "difference £95,500.00" in text
    assert "9 rows checked, 8 flagged" in err


def test_an_actual_pay_column_catches_a_full_time_amount_in_it(tmp_path: Path) -> None:
    text = (
        "Emp No,Grade,SCP,FTE,Actual Salary\n"
        "E1,3,1,0.5,10000\n"  # 20000 x 0.5: right
        "E2,3,1,0.5,20000\n"  # the full-time salary in the actual column: the reverse case
    )
    src = tmp_path / "staff.csv"
    src.write_text(text, encoding="utf-8")
    report = check_payroll(src, SCALE)
    assert [(f.row, f.column, f.code) for f in report.flags] == [(3, "Actual Salary", "actual_pay")]
    assert "a full-time amount in the actual pay column" in report.flags[0].reason


def test_a_clean_list_exits_0_and_csv_has_only_its_header(
    tmp_path: Path, runner: CliRunner
) -> None:
    code, stdout, _ = run_check(
        runner,
        tmp_path,
        "employee_id,band,point,fte\nE1,3,1,1\nE2,4,top,0.5\n",
        "--scale",
        SCALE,
        "--format",
        "csv",
    )
    assert code == EXIT_OK
    assert stdout.splitlines() == ["row,employee_id,column,code,reason"]


def test_check_needs_a_scale_or_a_scheme(tmp_path: Path, runner: CliRunner) -> None:
    code, _, err = run_check(runner, tmp_path, STAFF)
    assert code == EXIT_USAGE
    assert "--scale SCALE or --scheme SCHEME" in err
