"""`paycalc apply` as an HR officer runs it: every row accounted for, nothing overwritten."""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.apply.run import OUTPUT_COLUMNS, apply_payroll
from paycalc.cli import cli
from paycalc.errors import EXIT_OK, EXIT_REJECTS, EXIT_USAGE
from paycalc.model import PersonSpec
from paycalc.payroll.read import as_position, open_payroll
from paycalc.payroll.rows import RowError

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")

GOOD_AND_BAD = """\
employee_id,band,point,salary,fte,name
E1,3,1,,,Ann
E2,3,top,,0.5,Bob
E3,9,1,,,Cy
E4,3,7,,,Di
E5,3,,19000,,Ed
E6,4,,"£27,500.00",0.8,Flo
E7,3,,abc,,Gus
E8,3,,-5,,Hal
E9,3,2,,1.5,Ivy
,3,1,,,Jo
E1,3,2,,,Kit
E10,3,,,,Lou
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def by_id(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}


def apply(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    out = runner.invoke(cli, ["apply", *args])
    return out.exit_code, out.stdout, out.stderr


def test_good_and_bad_rows_go_to_output_and_rejects_with_row_numbers(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD)
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_REJECTS
    assert "3 of 12 rows applied" in err and "9 rejected" in err
    out = read_csv(tmp_path / "out.csv")
    assert out[0] == ["employee_id", "band", "point", "salary", "fte", "name", *OUTPUT_COLUMNS]
    assert [r[0] for r in out[1:]] == ["E1", "E2", "E6"]
    rejects = read_csv(tmp_path / "out.csv.rejects.csv")
    header = ["employee_id", "band", "point", "salary", "fte", "name"]
    assert rejects[0] == ["row", "column", "reason", *header]
    found = {(int(r[0]), r[1]) for r in rejects[1:]}
    assert found == {
        (4, "band"),  # band 9 is not on the scale
        (5, "point"),  # point 7 is beyond band 3
        (6, "salary"),  # below the band minimum
        (8, "salary"),  # not a number
        (9, "salary"),  # negative
        (10, "fte"),  # above 1
        (11, "employee_id"),  # missing
        (12, "employee_id"),  # a duplicate of row 2
        (13, "point"),  # neither point nor salary
    }
    assert (len(out) - 1) + (len(rejects) - 1) == 12  # rows in = out + rejects
    reasons = {int(r[0]): r[2] for r in rejects[1:]}
    assert reasons[12] == "duplicate employee_id 'E1': an earlier row has the same id"
    assert "below the minimum" in reasons[6]
    # the original fields follow, untouched
    assert next(r for r in rejects if r[0] == "4")[3:] == ["E3", "9", "1", "", "", "Cy"]


def test_rows_in_equal_rows_out_plus_rejects(tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD)
    report = apply_payroll(SCHEME, src, tmp_path / "out.csv")
    c = report.counts
    assert (c.read, c.written, c.rejected) == (12, 3, 9)
    assert c.read == c.written + c.rejected
    assert len(read_csv(tmp_path / "out.csv")) - 1 == c.written
    assert len(read_csv(tmp_path / "out.csv.rejects.csv")) - 1 == c.rejected


def test_each_good_row_has_the_figures_worked_by_hand(tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD)
    apply_payroll(SCHEME, src, tmp_path / "out.csv")
    rows = by_id(read_csv(tmp_path / "out.csv"))
    columns = list(
        OUTPUT_COLUMNS[OUTPUT_COLUMNS.index("new_salary") : OUTPUT_COLUMNS.index("notes")]
    )
    expected = {
        # band 3 point 1, full time: 20000 -> point 2, 21000 (+1000, 5.00 %); not at the top
        # when the one-off is judged, so none; the lowest reference point at or above 21000 is
        # 21500 (the default parity rule, transfer): gap -500, and
        # -500 / 21500 = -2.3256 %
        # (new_full_time_salary: 21000 at full time)
        "E1": [
            "21000.00",
            "21000.00",
            "1000.00",
            "5.00",
            "0.00",
            "5.00",
            "21500.00",
            "-500.00",
            "-2.33",
        ],
        # band 3 top (23000) at half time: 11500, no increment; the one-off 500 x 0.5 = 250,
        # 250 / 11500 = 2.1739 %; the lowest reference point at or above 23000 is 23500, at half
        # time 11750: gap -250, -250 / 11750 = -2.1277 %. Full time: 23000.
        "E2": [
            "11500.00",
            "23000.00",
            "0.00",
            "0.00",
            "250.00",
            "2.17",
            "11750.00",
            "-250.00",
            "-2.13",
        ],
        # band 4 salary 27500 is point 2 (27000 <= 27500 < 28000); at 0.8 it is 22000. The
        # increment reaches point 3, 28000 x 0.8 = 22400 (+400, 400 / 22000 = 1.8182 %); the
        # one-off of the same day is judged after it, at the top: 500 x 0.8 = 400, so the total
        # is 800 / 22000 = 3.6364 %. The lowest reference point at or above 28000 is 28500; at
        # 0.8 that is 22800: gap -400, -400 / 22800 = -1.7544 %. Full time: 28000.
        "E6": [
            "22400.00",
            "28000.00",
            "400.00",
            "1.82",
            "400.00",
            "3.64",
            "22800.00",
            "-400.00",
            "-1.75",
        ],
    }
    for eid, figures_by_hand in expected.items():
        assert [rows[eid][c] for c in columns] == figures_by_hand, eid
        # crc-pay is illustrative and the scheme an offer: said once in the summary, so the
        # notes have nothing particular to say about these rows
        assert rows[eid]["notes"] == ""


def test_hand_checked_figures_for_one_row(tmp_path: Path) -> None:
    src = write(tmp_path / "one.csv", "employee_id,band,point\nE1,3,1\n")
    apply_payroll(SCHEME, src, tmp_path / "out.csv")
    row = by_id(read_csv(tmp_path / "out.csv"))["E1"]
    # point 1 (20000) moves to point 2 (21000) on 1 April 2020, the start of the period (no
    # paid_on, so no arrears); the reference's lowest band 3 point at or above 21000 is 21500
    assert [row[c] for c in OUTPUT_COLUMNS[: OUTPUT_COLUMNS.index("notes")]] == [
        "3",
        "2",
        "false",
        "point",
        "2020-04-01",
        "0.00",
        "21000.00",
        "21000.00",  # full time, as the row is
        "1000.00",
        "5.00",
        "0.00",
        "5.00",
        "21500.00",
        "-500.00",
        "-2.33",
    ]
    # The file has no FTE column: check's missing_fte (read as full time).
    assert row["notes"] == "" and row["flags"] == "missing_fte"


def test_all_rows_applied_exits_0_and_still_writes_an_empty_rejects_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\nE2,4,2\n")
    stale = write(tmp_path / "out.csv.rejects.csv", "an old rejects file\n")  # this output's own
    code, _, _ = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_OK
    assert read_csv(stale) == [["row", "column", "reason", "employee_id", "band", "point"]]


def test_rejects_path_can_be_chosen(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,9,1\n")
    rej = tmp_path / "bad.csv"
    code, _, err = apply(
        runner, SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--rejects", str(rej)
    )
    assert code == EXIT_REJECTS
    assert str(rej) in err
    assert read_csv(rej)[1][:2] == ["2", "band"]


def test_point_wins_over_a_salary_that_disagrees_and_the_row_says_so(tmp_path: Path) -> None:
    text = "employee_id,band,point,salary\nE1,3,1,20000\nE2,3,1,20500\n"
    apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    rows = by_id(read_csv(tmp_path / "out.csv"))
    assert rows["E1"]["new_salary"] == rows["E2"]["new_salary"] == "21000.00"
    assert "salary" not in rows["E1"]["notes"].split(";")[0]
    assert rows["E2"]["notes"].startswith(
        "salary 20500.00 in the file is not the value of point 1 (20000.00); the point was used"
    )


def test_headers_in_any_case_order_and_spacing_are_recognised(tmp_path: Path) -> None:
    text = " FTE ,Salary , Employee ID,Point,BAND,Cost-Centre\n,,E1,2,3,X1\n"
    report = apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    assert report.counts.written == 1
    rows = read_csv(tmp_path / "out.csv")
    assert rows[0][:6] == [" FTE ", "Salary ", " Employee ID", "Point", "BAND", "Cost-Centre"]
    assert rows[1][6 + OUTPUT_COLUMNS.index("new_salary")] == "22000.00"


def test_cp1252_input_with_a_pound_sign_is_read(tmp_path: Path) -> None:
    text = 'employee_id,band,salary,name\r\nE1,4,"£27,000.00",Zoë\r\n'
    src = write(tmp_path / "legacy.csv", text, "cp1252")
    assert b"\xa3" in src.read_bytes()
    report = apply_payroll(SCHEME, src, tmp_path / "out.csv")
    assert report.exit_code == EXIT_OK
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so Excel reads the £ back
    row = by_id(read_csv(tmp_path / "out.csv"))["E1"]
    assert row["salary"] == "£27,000.00" and row["name"] == "Zoë"
    assert row["new_salary"] == "28000.00"


def test_utf8_bom_input_keeps_its_bom_and_its_first_column(tmp_path: Path) -> None:
    src = write(tmp_path / "bom.csv", "\ufeffemployee_id,band,point\nE1,3,1\n")
    report = apply_payroll(SCHEME, src, tmp_path / "out.csv")
    assert report.counts.written == 1
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfemployee_id,band,point,new_band")


def test_money_with_pound_sign_and_thousands_separators_and_spaces(tmp_path: Path) -> None:
    text = 'employee_id,band,salary,fte\nE1,4," £27,000.00 ", 0.5 \nE2,4,27000,0.50\n'
    apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    rows = by_id(read_csv(tmp_path / "out.csv"))
    assert rows["E1"]["new_salary"] == rows["E2"]["new_salary"] == "14000.00"


def test_blank_lines_are_skipped_but_row_numbers_stay_physical(tmp_path: Path) -> None:
    text = "\nemployee_id,band,point\n\nE1,3,1\n,,\n  \nE2,9,1\n"
    report = apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    assert (report.counts.read, report.counts.blank_lines) == (2, 3)
    assert read_csv(tmp_path / "out.csv.rejects.csv")[1][:2] == ["7", "band"]


def test_quoted_fields_with_commas_quotes_and_newlines_pass_through(tmp_path: Path) -> None:
    text = (
        "employee_id,band,point,note\r\n"
        'E1,3,1,"Smith, J ""Jo"""\r\n'
        'E2,3,2,"line one\r\nline two"\r\n'
        "E3,9,1,after\r\n"
    )
    apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    rows = by_id(read_csv(tmp_path / "out.csv"))
    assert rows["E1"]["note"] == 'Smith, J "Jo"'
    assert rows["E2"]["note"] == "line one\r\nline two"
    assert read_csv(tmp_path / "out.csv.rejects.csv")[1][:2] == ["5", "band"]  # E3 starts on line 5


def test_short_rows_are_padded_and_long_rows_rejected(tmp_path: Path) -> None:
    text = "employee_id,band,point,note\nE1,3,1\nE2,3,1,a,b\n"
    report = apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    assert (report.counts.written, report.counts.rejected) == (1, 1)
    out = read_csv(tmp_path / "out.csv")
    assert out[1][:4] == ["E1", "3", "1", ""] and len(out[1]) == len(out[0])
    reject = read_csv(tmp_path / "out.csv.rejects.csv")[1]
    assert reject[:3] == ["3", "", "5 fields, but the header has 4"]


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    text = (
        "employee_id,band,point,note,adjustment,email\n"
        'E1,3,1,=HYPERLINK("http://x"),-5,@ann\n'
        "E2,3,1,+44 20 7946 0000,-12.50,ok\n"
        "=cmd|'/C calc'!A0,3,1,x,1,y\n"
    )
    apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    rows = read_csv(tmp_path / "out.csv")[1:]
    assert rows[0][3:6] == ['\'=HYPERLINK("http://x")', "-5", "'@ann"]
    assert rows[1][3:5] == ["'+44 20 7946 0000", "-12.50"]
    assert rows[2][0] == "'=cmd|'/C calc'!A0"
    # our own negative figures are plain numbers, not escaped text
    assert rows[0][OUTPUT_COLUMNS.index("parity_gap") + 6] == "-500.00"


def test_formula_cells_in_rejects_are_neutralised_too(tmp_path: Path) -> None:
    text = "employee_id,band,point\n@E1,9,1\n"
    apply_payroll(SCHEME, write(tmp_path / "s.csv", text), tmp_path / "out.csv")
    assert read_csv(tmp_path / "out.csv.rejects.csv")[1][3] == "'@E1"


def test_the_input_file_is_byte_for_byte_untouched(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD.replace("\n", "\r\n"), "cp1252")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "output",
    [
        pytest.param("staff.csv", id="same-name"),
        pytest.param("./sub/../staff.csv", id="another-spelling"),
        pytest.param("link.csv", id="hard-link"),
    ],
)
def test_output_equal_to_the_input_is_refused(
    runner: CliRunner, tmp_path: Path, output: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    (tmp_path / "link.csv").hardlink_to(src)
    before = src.read_bytes()
    code, _, err = apply(runner, SCHEME, "staff.csv", "-o", output)
    assert code == EXIT_USAGE
    assert "is the input file" in err
    assert src.read_bytes() == before


def test_rejects_path_equal_to_the_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    code, _, err = apply(
        runner, SCHEME, str(src), "-o", str(tmp_path / "o.csv"), "--rejects", str(src)
    )
    assert code == EXIT_USAGE
    assert "rejects" in err and "is the input file" in err


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        pytest.param("employee_id,point", "band", id="band"),
        pytest.param("band,point", "employee_id", id="employee_id"),
        pytest.param("employee_id,band,fte", "point' or 'salary", id="point-or-salary"),
    ],
)
def test_a_missing_required_column_stops_the_run_naming_it(
    runner: CliRunner, tmp_path: Path, header: str, missing: str
) -> None:
    src = write(tmp_path / "staff.csv", header + "\nE1,3\n")
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_USAGE
    assert f"missing column '{missing}'" in err
    assert not (tmp_path / "out.csv").exists()


def test_a_semicolon_separated_file_gets_a_hint(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id;band;point\nE1;3;1\n")
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_USAGE
    assert "';'" in err


def test_an_unknown_scheme_stops_the_run(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    code, _, err = apply(runner, "no-such-scheme", str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_USAGE
    assert "unknown scheme 'no-such-scheme'" in err


def test_a_missing_output_directory_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "nope" / "out.csv"))
    assert code == EXIT_USAGE
    assert "output directory" in err and "does not exist" in err


def test_an_empty_file_stops_the_run(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "\n\n")
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_USAGE
    assert "empty" in err


def test_an_output_of_an_earlier_run_is_refused_as_input(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    code, _, err = apply(
        runner, SCHEME, str(tmp_path / "out.csv"), "-o", str(tmp_path / "again.csv")
    )
    assert code == EXIT_USAGE
    assert "output column 'new_band'" in err and "earlier run" in err


def test_summary_as_json_counts_spreads_and_costs(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD)
    code, stdout, _ = apply(
        runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"), "--summary", "--format", "json"
    )
    assert code == EXIT_REJECTS
    data = json.loads(stdout)
    assert (data["rows_read"], data["rows_written"], data["rows_rejected"]) == (12, 3, 9)
    rows = list(by_id(read_csv(tmp_path / "out.csv")).values())
    money = lambda col: sum(Decimal(r[col]) for r in rows)  # noqa: E731
    assert Decimal(data["cost"]["consolidated_per_year"]) == money("consolidated_increase")
    assert Decimal(data["cost"]["one_off"]) == money("unconsolidated")
    assert sum(data["total_increase_pct"].values()) == data["head_count"] == 3
    gaps = sorted(Decimal(r["parity_gap"]) for r in rows)
    assert Decimal(data["parity_gap"]["min"]) == gaps[0]
    assert Decimal(data["parity_gap"]["max"]) == gaps[-1]
    assert Decimal(data["parity_gap"]["median"]) == gaps[1]


def test_summary_as_a_table_names_the_counts(runner: CliRunner, tmp_path: Path) -> None:
    src = write(tmp_path / "staff.csv", GOOD_AND_BAD)
    code, stdout, _ = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"), "--summary")
    assert code == EXIT_REJECTS
    for text in ("read", "written", "rejected", "Head count 3", "consolidated, per year"):
        assert text in stdout


def test_the_reader_gives_each_row_its_person_or_its_reason_by_row_number() -> None:
    path = Path(__file__).parent / "fixtures" / "payroll" / "people.csv"
    with open_payroll(path, need_id=False) as payroll:
        people = [(n, found) for n, _cells, _text, found in payroll.rows(as_position)]
    assert [(row, not isinstance(p, RowError)) for row, p in people] == [
        (2, True),
        (4, True),
        (5, False),
    ]
    second = people[1][1]
    assert not isinstance(second, RowError)
    assert second.person() == PersonSpec(band="4", salary=Decimal("27500"), fte=Decimal("0.5"))
    third = people[2][1]
    assert isinstance(third, RowError)
    assert (third.column, third.reason) == (
        "fte",
        "fte 2 is not above 0 and at most 1 (0.5 or 50% is half time)",
    )


def test_an_interrupted_run_exits_2_and_says_nothing_was_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paycalc.apply.run

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(paycalc.apply.run, "apply_payroll", interrupted)
    src = write(tmp_path / "staff.csv", "employee_id,band,point\nE1,3,1\n")
    code, _, err = apply(runner, SCHEME, str(src), "-o", str(tmp_path / "out.csv"))
    assert code == EXIT_USAGE
    assert err.strip().splitlines() == ["paycalc: interrupted; no output was written"]
