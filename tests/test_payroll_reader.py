"""One reader, one rule: `apply` and `compare --payroll` count the same people on the same file,
and every row left out says why."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from paycalc.cli import cli
from paycalc.errors import PaycalcError
from paycalc.payroll.columns import Columns, ColumnSpec, normalise_header, parse_column_map
from paycalc.payroll.read import as_position, open_payroll, read_people
from paycalc.payroll.rows import RowError, parse_position
from paycalc.typed import FteMode

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")

# 9 rows: E1 and E2 good; E1 again (duplicate of row 2); E3 band 9 (not on the scale);
# E4 point x (unreadable); a row with too many cells; no id; E5 'Band 4' (= band 4); E6 good.
MIXED = """\
employee_id,band,point,fte
E1,3,1,
E2,3,top,0.5
E1,3,2,
E3,9,1,
E4,3,x,
E7,3,1,,extra
,3,1,
E5,Band 4,2,
E6,4,1,
"""


def test_apply_and_compare_count_the_same_people_and_give_each_left_out_rows_reason(
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    src = tmp_path / "staff.csv"
    src.write_text(MIXED)
    applied = runner.invoke(cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv")])
    # By hand: E1, E2, E5, E6 are placed (4); rows 4 (duplicate), 5 (band 9), 6 (point x),
    # 7 (too many cells) and 8 (no id) are left out (5).
    assert "4 of 9 rows applied" in applied.stderr
    compared = runner.invoke(cli, ["compare", SCHEME, "--payroll", str(src), "--format", "json"])
    assert compared.exit_code == 0, compared.output
    [summary] = json.loads(compared.stdout)["summaries"]
    assert (summary["total"], summary["excluded"]) == (4, 5)
    reasons = {o["row"]: (o["column"], o["reason"]) for o in summary["left_out"]}
    assert reasons[4] == (
        "employee_id",
        "duplicate employee_id 'E1': an earlier row has the same id",
    )
    assert reasons[5][0] == "band" and "'9'" in reasons[5][1]
    assert reasons[6][0] == "point"
    assert reasons[7] == ("", "5 fields, but the header has 4")
    assert reasons[8] == ("employee_id", "employee_id is missing")
    table = runner.invoke(cli, ["compare", SCHEME, "--payroll", str(src), "--format", "table"])
    assert "duplicate employee_id 'E1'" in " ".join(table.stdout.split())


def band_name(text: str) -> str:
    return parse_position(text, "1", "", "").band


def parse_fte(text: str, mode: FteMode = "fraction", hours: Decimal | None = None) -> Decimal:
    return parse_position("3", "1", "", text, fte_mode=mode, full_time_hours=hours).fte


def test_band_word_is_dropped_so_band_3_and_3_are_the_same_band() -> None:
    assert [band_name(b) for b in ("Band 3", " band 3 ", "BAND3", "band-4", "3")] == [
        "3",
        "3",
        "3",
        "4",
        "3",
    ]
    # the word alone, or a name that only starts with it, is left as written
    assert band_name("Band") == "Band"
    assert band_name("Bandwidth") == "Bandwidth"


def test_fte_reads_fractions_percent_signs_percent_columns_and_hours() -> None:
    assert parse_fte("0.6") == Decimal("0.6")
    assert parse_fte("60%") == Decimal("0.6")
    assert parse_fte("60", "percent") == Decimal("0.6")
    assert parse_fte("60 %", "fraction") == Decimal("0.6")
    # 18.5 of 37 hours is half time
    assert parse_fte("18.5", "hours", Decimal(37)) == Decimal("0.5")
    with pytest.raises(RowError, match="write 60 for 60 %"):
        parse_fte("0.6", "percent")
    with pytest.raises(RowError, match="at most the full-time 37"):
        parse_fte("40", "hours", Decimal(37))
    with pytest.raises(RowError, match="not above 0 and at most 1"):
        parse_fte("60")


def test_hr_header_names_are_recognised_and_reported() -> None:
    header = ["Emp No", "Grade", "Spinal Point", "Annual Salary", "FTE %", "Name"]
    columns = Columns.from_header(header, "f.csv")
    assert columns.index == {"employee_id": 0, "band": 1, "point": 2, "salary": 3, "fte": 4}
    assert columns.fte_mode == "percent"
    assert columns.used() == {
        "employee_id": "Emp No",
        "band": "Grade",
        "point": "Spinal Point",
        "salary": "Annual Salary",
        "fte": "FTE % (percent)",
    }
    assert normalise_header(" Emp. No. ") == "emp_no"


def test_columns_option_maps_any_header_and_names_a_missing_one() -> None:
    spec = ColumnSpec(parse_column_map('employee_id="Ref, No",band=Level,point=Step'))
    columns = Columns.from_header(["Ref, No", "Level", "Step"], "f.csv", spec=spec)
    assert columns.index == {"employee_id": 0, "band": 1, "point": 2}
    with pytest.raises(PaycalcError, match="--columns band=Tier: no such column"):
        Columns.from_header(["id", "Level", "point"], "f.csv", spec=ColumnSpec({"band": "Tier"}))
    with pytest.raises(PaycalcError, match="'sallary' is not a column paycalc reads"):
        parse_column_map("sallary=Pay")


def test_two_columns_that_both_read_as_band_are_refused_with_the_way_out() -> None:
    with pytest.raises(PaycalcError, match=r"both read as 'band'; say which with --columns"):
        Columns.from_header(["id", "Grade", "Band", "point"], "f.csv")


def test_hours_need_the_full_time_hours() -> None:
    with pytest.raises(PaycalcError, match="give --full-time-hours"):
        Columns.from_header(["id", "band", "point", "Hours"], "f.csv")
    spec = ColumnSpec(full_time_hours=Decimal(37))
    columns = Columns.from_header(["id", "band", "point", "Hours"], "f.csv", spec=spec)
    assert (columns.index["fte"], columns.fte_mode) == (3, "hours")
    position = parse_position("3", "1", "", "29.6", fte_mode="hours", full_time_hours=Decimal(37))
    assert position.fte == Decimal("0.8")  # 29.6 / 37


def test_read_people_counts_heads_by_position(tmp_path: Path) -> None:
    src = tmp_path / "staff.csv"
    src.write_text(MIXED)
    people = read_people(src)
    # E1 (3,1,1), E2 (3,top,0.5), E3 (9,1,1), E5 (4,2,1), E6 (4,1,1): band 9 is only
    # judged against a scheme, so the reader keeps it; 4 rows are left out by the reader.
    assert sum(people.heads.values()) == 5
    assert people.rejected == 4
    assert people.heads[("4", 2, None, Decimal(1), None)] == 1


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["E1", "E2", "E3", "E10", "E9", "F1", "e1"]), st.booleans()),
        max_size=14,
    ),
    st.booleans(),
)
def test_a_repeated_id_is_left_out_exactly_in_any_order(
    rows: list[tuple[str, bool]], sort: bool
) -> None:
    # Ids in ascending order are kept in a list and the first one out of order moves them to a
    # set: whatever the order, exactly the later rows of an id already seen are left out. A row
    # whose note spans two lines is read by the step-by-step rule instead of the common loop.
    import tempfile

    if sort:
        rows = sorted(rows)
    lines = ["employee_id,band,point,note"]
    for eid, spans in rows:
        lines.append(f'{eid},3,1,"a\r\nb"' if spans else f"{eid},3,1,x")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "p.csv"
        src.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8", newline="")
        with open_payroll(src, need_id=True) as payroll:
            repeats = [
                isinstance(found, RowError) and found.reason.startswith("duplicate")
                for _n, _fields, _text, found in payroll.rows(as_position)
            ]
    seen: set[str] = set()
    expected = []
    for eid, _spans in rows:
        expected.append(eid in seen)
        seen.add(eid)
    assert repeats == expected
