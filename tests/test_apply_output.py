"""`apply`'s output as payroll loads it back: the full-time salary beside the pay at FTE, check's
flags on every row written (or, with --strict, the row rejected), rejects named from the whole
output name, and thousands separators in what people read.

Figures are worked by hand from tests/fixtures/payroll: band 3 is 20000, 21000, 22000, 23000;
band 4 is 26000, 27000, 28000; the award moves everyone up one point on 1 April 2020.
"""

from __future__ import annotations

import csv
import json
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from paycalc.apply.run import apply_payroll
from paycalc.check.run import check_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_REJECTS, EXIT_USAGE
from paycalc.payroll.columns import ColumnSpec

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")
BANDS = {"3": (20000, 21000, 22000, 23000), "4": (26000, 27000, 28000)}
PENNY = Decimal("0.01")

# One row per rule that can reach a written row, in an HR export's own names.
FLAGGED = """\
Emp No,Grade,Spinal Point,Annual Salary,FTE,Actual Salary
E1,3,1,,1,20000.00
E2,3,,100000,0.1,10000.00
E3,3,,25000,0.5,
E4,3,,10500,0.5,
E5,3,2,21500,1,
E6,4,1,,,
E7,4,2,,0.5,27000.00
E8,4,2,,0.5,13500.00
"""
# By hand, from the rules in docs (payroll guide, "flags"):
EXPECTED_FLAGS = {
    "E1": "",  # point 1 is 20000; actual 20000 = 20000 x 1
    "E2": "low_fte_high_salary",  # 100000 > 23000 (band 3 top) at FTE 0.1 < 0.2
    "E3": "above_top",  # 25000 > 23000 at FTE 0.5
    "E5": "not_point_value",  # point 2 is 21000, the file says 21500
    "E6": "missing_fte",  # no FTE written
    "E7": "actual_pay",  # 27000 x 0.5 = 13500, not 27000 (the full-time figure)
    "E8": "",  # the same position as E7, its actual pay right
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- new_full_time_salary -----------------------------------------------------------------------


def test_new_full_time_salary_is_the_salary_at_full_time_beside_the_pay_at_fte(
    tmp_path: Path,
) -> None:
    src = write(tmp_path / "p.csv", "employee_id,band,point,fte\nP1,3,2,0.4\nP2,4,1,1\n")
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    rows = {r["employee_id"]: r for r in read_rows(tmp_path / "o.csv")}
    # point 2 (21000) moves to point 3, 22000 full time; at 0.4 that is 8800
    assert (rows["P1"]["new_full_time_salary"], rows["P1"]["new_salary"]) == ("22000.00", "8800.00")
    # point 1 (26000) moves to point 2, 27000, full time
    assert (rows["P2"]["new_full_time_salary"], rows["P2"]["new_salary"]) == (
        "27000.00",
        "27000.00",
    )


# The three ways an FTE is written: a fraction, a percentage column, weekly hours of 37.
FTE_MODES = {
    "fraction": ("fte", st.decimals(Decimal("0.01"), Decimal(1), places=2)),
    # (1 or less in a percent column is refused as ambiguous: 0.6 there would be 0.6 %)
    "percent": ("FTE %", st.decimals(Decimal("1.1"), Decimal(100), places=1)),
    "hours": ("weekly_hours", st.decimals(Decimal("0.1"), Decimal(37), places=1)),
}


def fte_of(mode: str, written: Decimal) -> Decimal:
    """The FTE a cell means, by the payroll guide: a fraction as it is, a percentage over 100,
    hours over the full-time 37."""
    return {"fraction": written, "percent": written / 100, "hours": written / Decimal(37)}[mode]


@st.composite
def part_time_rows(draw, mode: str) -> list[tuple[str, str, str, Decimal]]:  # type: ignore[no-untyped-def]
    """(band, point, salary, FTE as written): on a point, or a salary from the band bottom to
    well above its top (protected), at any FTE the mode can write."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        band = draw(st.sampled_from(sorted(BANDS)))
        points = BANDS[band]
        point = salary = ""
        if draw(st.booleans()):
            point = str(draw(st.integers(1, len(points))))
        else:
            pence = draw(st.integers(points[0] * 100, points[-1] * 300))
            salary = f"{Decimal(pence) / 100:.2f}"
        rows.append((band, point, salary, draw(FTE_MODES[mode][1])))
    return rows


@settings(max_examples=40)
@given(data=st.data(), mode=st.sampled_from(sorted(FTE_MODES)))
def test_new_full_time_salary_times_the_fte_is_new_salary_to_the_penny(
    data: st.DataObject, mode: str
) -> None:
    rows = data.draw(part_time_rows(mode))
    name = FTE_MODES[mode][0]
    lines = [f"employee_id,band,point,salary,{name}"]
    lines += [f"E{i},{b},{p},{s},{f}" for i, (b, p, s, f) in enumerate(rows)]
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = write(d / "p.csv", "\n".join(lines) + "\n")
        spec = ColumnSpec(full_time_hours=Decimal(37)) if mode == "hours" else None
        report = apply_payroll(SCHEME, src, d / "o.csv", columns=spec)
        assert report.counts.rejected == 0
        out = read_rows(d / "o.csv")
    assert len(out) == len(rows)
    for row, (_band, _point, _salary, written) in zip(out, rows, strict=True):
        full_time = Decimal(row["new_full_time_salary"])
        assert full_time == full_time.quantize(PENNY)  # a full-time salary in pence
        # new_salary is the full-time figure times the FTE, rounded half up to the penny
        expected = (full_time * fte_of(mode, written)).quantize(PENNY, ROUND_HALF_UP)
        assert Decimal(row["new_salary"]) == expected, row


@settings(max_examples=40)
@given(
    band=st.sampled_from(sorted(BANDS)),
    fte=st.sampled_from(["0.01", "0.1", "0.19", "0.2", "0.21", "0.5", "1"]),
    above=st.sampled_from([-100, 0, 1, 77_000]),
)
def test_low_fte_high_salary_is_flagged_exactly_below_0_2_fte_above_the_band_top(
    band: str, fte: str, above: int
) -> None:
    top = BANDS[band][-1]
    salary = Decimal(top) + Decimal(above) / 100 if above in (0, 1) else Decimal(top + above)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        src = write(d / "p.csv", f"employee_id,band,salary,fte\nE1,{band},{salary},{fte}\n")
        apply_payroll(SCHEME, src, d / "o.csv")
        [row] = read_rows(d / "o.csv")
    flags = row["flags"].split(";") if row["flags"] else []
    assert ("low_fte_high_salary" in flags) == (Decimal(fte) < Decimal("0.2") and salary > top)
    assert ("above_top" in flags) == (Decimal(fte) >= Decimal("0.2") and salary > top)


# --- check's rules on every row written ----------------------------------------------------------


def test_each_row_written_carries_the_codes_check_gives_it(tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", FLAGGED)
    report = apply_payroll(SCHEME, src, tmp_path / "o.csv")
    flags = {r["Emp No"]: r["flags"] for r in read_rows(tmp_path / "o.csv")}
    assert flags == EXPECTED_FLAGS
    # E4's 10500 is below band 3's bottom: apply cannot place it (check calls it a part-time
    # amount); the only reject
    [reject] = read_rows(tmp_path / "o.csv.rejects.csv")
    assert (reject["Emp No"], reject["column"]) == ("E4", "Annual Salary")
    # The same rules, one definition: check gives each written row the same codes.
    checked = check_payroll(src, scheme_ref=SCHEME)
    by_row: dict[str, list[str]] = {}
    for f in checked.flags:
        by_row.setdefault(f"E{f.row - 1}", []).append(f.code)
    assert {e: ";".join(by_row.get(e, [])) for e in EXPECTED_FLAGS} == EXPECTED_FLAGS
    assert by_row["E4"] == ["part_time_amount"]
    summary = report.to_dict()
    assert summary["flags"] == {
        "low_fte_high_salary": 1,
        "above_top": 1,
        "actual_pay": 1,
        "not_point_value": 1,
        "missing_fte": 1,
    }
    assert summary["rows_flagged"] == 5 and summary["strict"] is False


def test_a_point_with_a_salary_below_the_band_is_written_with_both_flags(tmp_path: Path) -> None:
    # point 1 of band 3 is 20000; the file says 9000 at 0.5, and 9000 / 0.5 = 18000 is still
    # below the bottom: below_bottom (not part_time_amount), and not_point_value
    src = write(tmp_path / "p.csv", "employee_id,band,point,salary,fte\nE9,3,1,9000,0.5\n")
    apply_payroll(SCHEME, src, tmp_path / "o.csv")
    [row] = read_rows(tmp_path / "o.csv")
    assert row["flags"] == "below_bottom;not_point_value"
    assert row["new_full_time_salary"] == "21000.00" and row["new_salary"] == "10500.00"


def test_a_short_rejected_row_in_a_file_with_an_actual_pay_column_is_only_a_reject(
    tmp_path: Path,
) -> None:
    # A cell over the reader's 131,072 characters rejects its row as read: three cells of the
    # header's five, so the actual-pay rule must not look for the fifth.
    long_cell = "x" * 131_073
    text = f"employee_id,band,point,fte,actual_pay\nE1,3,1,1,20000\nE2,3,{long_cell}\n"
    report = apply_payroll(SCHEME, write(tmp_path / "p.csv", text), tmp_path / "o.csv")
    assert (report.counts.written, report.counts.rejected) == (1, 1)
    assert [r["flags"] for r in read_rows(tmp_path / "o.csv")] == [""]


def test_strict_rejects_the_flagged_rows_with_their_flags_as_the_reason(
    tmp_path: Path, runner: CliRunner
) -> None:
    src = write(tmp_path / "staff.csv", FLAGGED)
    code, _, err = invoke(
        runner, "apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--strict"
    )
    assert code == EXIT_REJECTS
    # E4 too: with --strict its part_time_amount flag is its reason
    assert (
        "6 rows rejected for flags (--strict): 1 low_fte_high_salary, 1 above_top, "
        "1 part_time_amount, 1 actual_pay, 1 not_point_value, 1 missing_fte"
    ) in err
    assert [r["Emp No"] for r in read_rows(tmp_path / "o.csv")] == ["E1", "E8"]
    rejects = {r["Emp No"]: r for r in read_rows(tmp_path / "o.csv.rejects.csv")}
    assert sorted(rejects) == ["E2", "E3", "E4", "E5", "E6", "E7"]
    e2 = rejects["E2"]
    assert e2["column"] == "Annual Salary"
    # 100000 - 23000 = 77000 above the top; 100000 x 0.1 = 10000 actual; 90000 overstated
    assert e2["reason"] == (
        "low_fte_high_salary: FTE 0.1 with a full-time salary of £100,000.00, £77,000.00 above "
        "the band 3 top (£23,000.00): the actual pay is £10,000.00, and budgeting the full "
        "salary overstates it by £90,000.00"
    )
    assert rejects["E6"]["column"] == "FTE" and rejects["E6"]["reason"].startswith("missing_fte:")
    assert rejects["E4"]["reason"].startswith("part_time_amount: salary £10,500.00 is below")
    assert rejects["E7"]["column"] == "Actual Salary"
    assert rejects["E7"]["reason"].startswith("actual_pay: actual pay £27,000.00: it is the full")


def test_the_flag_counts_go_to_stderr_and_the_summary(tmp_path: Path, runner: CliRunner) -> None:
    src = write(tmp_path / "staff.csv", FLAGGED)
    out = tmp_path / "o.csv"
    code, stdout, err = invoke(runner, "apply", SCHEME, str(src), "-o", str(out), "--summary")
    assert code == EXIT_REJECTS
    assert (
        "paycalc: 5 rows written with flags (see the flags column): 1 low_fte_high_salary, "
        "1 above_top, 1 actual_pay, 1 not_point_value, 1 missing_fte"
    ) in err
    assert "5 rows written with a flag: the rules of paycalc check" in stdout
    assert "low_fte_high_salary     1" in stdout


# --- rejects files ---------------------------------------------------------------------


def test_two_runs_of_one_stem_to_csv_and_xlsx_leave_two_rejects_files(tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\nE2,9,1\n")
    for out in ("out.csv", "out.xlsx"):
        report = apply_payroll(SCHEME, src, tmp_path / out)
        assert report.rejects == tmp_path / f"{out}.rejects.csv"
    for out in ("out.csv", "out.xlsx"):
        [reject] = read_rows(tmp_path / f"{out}.rejects.csv")
        assert (reject["row"], reject["employee_id"]) == ("3", "E2")


def test_a_rejects_file_of_another_output_is_never_replaced(
    tmp_path: Path, runner: CliRunner
) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\nE2,9,1\n")
    apply_payroll(SCHEME, src, tmp_path / "out.csv")
    theirs = tmp_path / "out.csv.rejects.csv"
    before = theirs.read_bytes()
    other = tmp_path / "other.csv"
    code, _, err = invoke(
        runner, "apply", SCHEME, str(src), "-o", str(other), "--rejects", str(theirs)
    )
    assert code == EXIT_USAGE
    assert f"rejects {theirs} holds the rejects of {tmp_path / 'out.csv'}, another output" in err
    assert theirs.read_bytes() == before and not other.exists()


def test_a_file_given_as_rejects_that_holds_no_rejects_is_never_replaced(
    tmp_path: Path, runner: CliRunner
) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    notes = write(tmp_path / "notes.csv", "who,what\nAnn,holiday\n")
    code, _, err = invoke(
        runner, "apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--rejects", str(notes)
    )
    assert code == EXIT_USAGE
    assert "is not a paycalc rejects file" in err
    assert notes.read_text() == "who,what\nAnn,holiday\n"
    # a rejects file given again (the same run twice) is replaced, as the default one is
    apply_payroll(SCHEME, src, tmp_path / "o.csv", tmp_path / "r.csv")
    apply_payroll(SCHEME, src, tmp_path / "o.csv", tmp_path / "r.csv")
    assert read_rows(tmp_path / "r.csv") == []


# --- figures for people -----------------------------------------------------------------


def test_summaries_for_people_use_thousands_separators_and_json_stays_plain(
    tmp_path: Path, runner: CliRunner
) -> None:
    rows = "".join(f"E{i},3,1,1\n" for i in range(1200))
    src = write(tmp_path / "big.csv", "employee_id,band,point,fte\n" + rows)
    out = str(tmp_path / "o.csv")
    _, table, _ = invoke(runner, "apply", SCHEME, str(src), "-o", out, "--summary")
    # 1200 x 20000 = 24,000,000 before; 1200 x 21000 = 25,200,000 after
    assert "Head count 1,200 (FTE 1,200)" in table
    assert "£24,000,000.00" in table and "£25,200,000.00" in table
    _, text, _ = invoke(runner, "apply", SCHEME, str(src), "-o", out, "--format", "json")
    data = json.loads(text)
    assert data["fte"] == "1200" and data["cost"]["pay_bill_before"] == "24000000.00"
    _, compared, _ = invoke(runner, "compare", SCHEME, "--payroll", str(src))
    assert "1,200 people (1,200 FTE); pay bill £24,000,000.00 before, £25,200,000.00 after" in (
        " ".join(compared.split())
    )
