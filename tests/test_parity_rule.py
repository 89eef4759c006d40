"""The parity rule: which reference (NPS) salary a person is compared with, named in every output.

Figures worked out by hand from the fixture scales in tests/fixtures/compare/ (ref-2019-20 band 3:
22,000 23,000 24,000 25,000; band 4: 29,000 30,500 32,000; acme-2019-20 band 3: 21,000 21,500
22,000 22,500 23,500; band 4: 28,000 29,000 30,000). Bravo is 4.5 % on everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.cli.options import PARITY_NAMES
from paycalc.errors import PaycalcError
from paycalc.files.registry import Registry
from paycalc.parity import DEFAULT_PARITY, PARITY_RULES, SAME_POINT, TRANSFER, parity_rule

BRAVO = str(Path(__file__).parent / "fixtures" / "compare" / "bravo-2020.yaml")


def gaps(runner: CliRunner, rule: str, band: str) -> list[tuple[object, str, str]]:
    out = runner.invoke(
        cli, ["compare", BRAVO, "--band", band, "--format", "json", "--parity", rule]
    )
    assert out.exit_code == 0, out.output
    return [
        (r["point"], r["reference_salary"], r["parity_gap"])
        for r in json.loads(out.stdout)["results"]
    ]


def test_the_cli_offers_exactly_the_rules_parity_defines() -> None:
    assert tuple(PARITY_RULES) == PARITY_NAMES
    assert DEFAULT_PARITY is TRANSFER and PARITY_RULES["same-point"] is SAME_POINT


def test_an_unknown_rule_is_a_paycalc_error_naming_the_rules() -> None:
    with pytest.raises(PaycalcError, match="give transfer or same-point"):
        parity_rule("nearest")


def test_transfer_compares_with_the_lowest_reference_point_at_or_above_the_salary_after(
    runner: CliRunner,
) -> None:
    # after: 21,945.00 22,467.50 22,990.00 23,512.50 24,557.50 (4.5 % on each acme point)
    # next ref point at or above: 22,000 23,000 23,000 24,000 25,000
    assert gaps(runner, "transfer", "3") == [
        (1, "22000.00", "-55.00"),
        (2, "23000.00", "-532.50"),
        (3, "23000.00", "-10.00"),
        (4, "24000.00", "-487.50"),
        (5, "25000.00", "-442.50"),
    ]


def test_same_point_compares_with_the_same_point_number_capped_at_the_top(
    runner: CliRunner,
) -> None:
    # ref band 3 points 1-4, then point 5 capped at the top (25,000)
    assert gaps(runner, "same-point", "3") == [
        (1, "22000.00", "-55.00"),
        (2, "23000.00", "-532.50"),
        (3, "24000.00", "-1010.00"),
        (4, "25000.00", "-1487.50"),
        (5, "25000.00", "-442.50"),
    ]


def test_the_two_rules_part_where_a_salary_sits_between_reference_points(runner: CliRunner) -> None:
    # band 4 point 1: 28,000 × 1.045 = 29,260.00. transfer: next ref point 30,500, gap -1,240.00;
    # same-point: ref point 1 is 29,000, gap +260.00.
    assert gaps(runner, "transfer", "4")[0] == (1, "30500.00", "-1240.00")
    assert gaps(runner, "same-point", "4")[0] == (1, "29000.00", "260.00")


def test_under_transfer_every_bundled_result_is_compared_with_the_next_reference_point() -> None:
    """For all ten bundled offers, every band and point, full-time: a result not above its
    reference band's top is compared with the lowest point of that band at or above `after`;
    above the top, with the top. Checked against the scale file's points, not the engine."""
    from paycalc.compare.run import Selection, compare

    registry = Registry.bundled()
    ids = registry.ids("scheme")
    assert len(ids) >= 10
    checked = 0
    for scheme in ids:
        comparison = compare([scheme], registry, Selection(), parity="transfer")
        for row in comparison.rows:
            f = row.figures
            points = registry.scale(f.reference).band_points()[f.reference_band]
            expected = next((v for v in points if v >= f.after), points[-1])
            assert f.reference_salary == expected, (scheme, f.band, f.point)
            assert f.parity_rule == "transfer"
            checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    ("rule", "reference", "gap", "gap_pct"),
    [
        # Sodexo band 3 point 1 ends on point 2, 22,700; nps-2020-21 band 3 is 24,113 25,078 ...
        ("transfer", "24113.00", "-1413.00", "-5.86"),  # -1,413 / 24,113
        ("same-point", "25078.00", "-2378.00", "-9.48"),  # -2,378 / 25,078
    ],
)
def test_the_readme_worked_example_of_both_rules(
    rule: str, reference: str, gap: str, gap_pct: str, runner: CliRunner
) -> None:
    out = runner.invoke(
        cli,
        ["compare", "sodexo-2020", "--band", "3", "--point", "1", "--parity", rule, "-f", "json"],
    )
    assert out.exit_code == 0, out.output
    [r] = json.loads(out.stdout)["results"]
    assert (r["before"], r["after"], r["unconsolidated"]) == ("22300.00", "22700.00", "46.00")
    assert (r["reference_salary"], r["parity_gap"], r["parity_gap_pct"]) == (
        reference,
        gap,
        gap_pct,
    )


@pytest.mark.parametrize(
    "scheme", ["sodexo-2020", "sodexo-2021", "mtc-2019", "rrp-2020", "wwm-2020", "interserve-2019"]
)
def test_same_point_keeps_the_old_figures_of_the_offers_that_used_it(scheme: str) -> None:
    """These offers never move staff onto the NPS scale; before the rule was chosen they were
    compared point for point: the NPS point with the person's end point number, capped at the
    top, and the top for a protected salary. Checked against the scale file's points."""
    from paycalc.compare.run import Selection, compare

    registry = Registry.bundled()
    rows = compare([scheme], registry, Selection(), parity="same-point").rows
    assert rows
    for row in rows:
        f = row.figures
        points = registry.scale(f.reference).band_points()[f.reference_band]
        expected = points[-1] if f.protected else points[min(f.end_point, len(points)) - 1]
        assert f.reference_salary == expected, (scheme, f.band, f.point)


def test_one_schemes_figures_reader_keeps_nothing_of_one_person_for_the_next() -> None:
    """figures_for works out a scheme's reference and notes once for all its people; the
    people themselves, two of them differing only in FTE, never share a figure."""
    from decimal import Decimal

    from paycalc.engine import run
    from paycalc.model import PersonSpec
    from paycalc.parity import figures_for

    registry = Registry.bundled()
    scheme = registry.scheme(BRAVO)
    of = figures_for(scheme, registry)

    def read(band: str, fte: str = "1") -> tuple[str, ...]:
        f = of(run(scheme, PersonSpec(band=band, point=1, fte=Decimal(fte)), registry))
        figures = (f.before, f.after, f.reference_salary, f.parity_gap, f.cash_gain)
        return tuple(str(x) for x in figures)

    # Cash window 1 Apr 2020 to 25 Jun 2021: 275/366 + 176/365 = 0.751366 + 0.482192 = 1.233558
    # of a year. Band 3 point 1 full-time: 21,000 -> 21,945 (4.5 %), next reference point 22,000;
    # cash 21,945 x 1.233558 = 27,070.43 against 21,000 x 1.233558 = 25,904.72, gain 1,165.71.
    assert read("3") == ("21000.00", "21945.00", "22000.00", "-55.00", "1165.71")
    # The same point at FTE 0.5: halved, the gain 10,972.50 x 1.233558 = 13,535.21 less
    # 10,500 x 1.233558 = 12,952.36, so 582.85 (each sum rounded to the penny first).
    assert read("3", "0.5") == ("10500.00", "10972.50", "11000.00", "-27.50", "582.85")
    # Band 4 point 1: 28,000 -> 29,260, transfer to the next reference point 30,500; cash
    # 36,093.90 against 34,539.62.
    assert read("4") == ("28000.00", "29260.00", "30500.00", "-1240.00", "1554.28")
    # Another reader of the same scheme under same-point: reference point 1, 29,000.
    same_point = figures_for(scheme, registry, parity="same-point")
    f = same_point(run(scheme, PersonSpec(band="4", point=1), registry))
    assert (f.reference_salary, f.parity_gap, f.parity_rule) == (
        Decimal("29000.00"),
        Decimal("260.00"),
        "same-point",
    )


def test_a_schemes_figures_reader_refuses_another_schemes_timeline() -> None:
    from paycalc.engine import run
    from paycalc.model import PersonSpec
    from paycalc.parity import figures_for

    registry = Registry.bundled()
    bravo = registry.scheme(BRAVO)
    other = registry.scheme("sodexo-2020")
    with pytest.raises(ValueError, match="a timeline of sodexo-2020 read as one of bravo-2020"):
        figures_for(bravo, registry)(run(other, PersonSpec(band="3", point=1), registry))


def test_apply_reads_the_reference_salary_of_one_end_state_under_each_rule() -> None:
    """parity.reference_salary, what apply asks for each row (ref-2019-20 band 3: 22,000 23,000
    24,000 25,000; no band 9)."""
    from decimal import Decimal

    from paycalc.engine import EngineError
    from paycalc.parity import reference_salary
    from paycalc.state import State

    registry = Registry.bundled()
    scheme, ref = registry.scheme(BRAVO), registry.scale("ref-2019-20")
    bands = registry.bands("acme-2019-20")

    def state(point: int, salary: str, protected: bool = False, band: str = "3") -> State:
        return State("acme-2019-20", bands, band, point, Decimal(salary), protected)

    # Transfer: the lowest point at or above 23,000 is 23,000 itself; 24,100 goes up to 25,000.
    assert reference_salary(scheme, state(2, "23000"), ref) == ("3", Decimal(23000), "")
    assert reference_salary(scheme, state(4, "24100"), ref, TRANSFER)[1] == Decimal(25000)
    top = "salary above the top of band 3 on ref-2019-20: compared with its top"
    assert reference_salary(scheme, state(5, "25500", True), ref) == ("3", Decimal(25000), top)
    # Same point: point 2 is 23,000; point 5 of acme's 5 is past ref's 4, so the top.
    assert reference_salary(scheme, state(2, "23000"), ref, SAME_POINT)[1] == Decimal(23000)
    capped = "reference: band 3 of ref-2019-20 has 4 points; compared with its top"
    assert reference_salary(scheme, state(5, "23500"), ref, SAME_POINT) == (
        "3",
        Decimal(25000),
        capped,
    )
    with pytest.raises(EngineError, match="reference scale ref-2019-20 has no band '9'"):
        reference_salary(scheme, state(1, "20000", band="9"), ref)


def test_one_schemes_figures_reader_reads_no_scale_again_after_its_first_person() -> None:
    """figures_for keeps what depends on the scheme alone: after the first person, the next
    ones read no scale again (bravo starts on acme-2019-20 and is compared with ref-2019-20)."""
    from collections import Counter

    from paycalc.engine import run
    from paycalc.model import PersonSpec, Scale
    from paycalc.parity import figures_for

    registry = Registry.bundled()
    scheme = registry.scheme(BRAVO)
    reads: Counter[str] = Counter()

    class Counting:
        def scale(self, ref: str) -> Scale:
            reads[ref] += 1
            return registry.scale(ref)

    of = figures_for(scheme, Counting())
    of(run(scheme, PersonSpec(band="3", point=1), registry))
    first = dict(reads)
    assert set(first) == {"acme-2019-20", "ref-2019-20"}
    for band, point in [("3", 2), ("3", 5), ("4", 1)]:
        of(run(scheme, PersonSpec(band=band, point=point), registry))
    assert dict(reads) == first


def test_a_band_the_reference_no_longer_has_is_compared_with_its_successor(
    runner: CliRunner, tmp_path: Path
) -> None:
    # ref-2019-20 again, without band 3: its staff went onto band 4 (former_bands {"3": "4"}).
    # Bravo's band 3 point 2 ends on 21,500 x 1.045 = 22,467.50; band 4 is 29,000 30,500 32,000,
    # so under transfer it is compared with 29,000: gap 22,467.50 - 29,000 = -6,532.50.
    ref = Path(__file__).parent / "fixtures" / "compare" / "scales" / "ref-2019-20.yaml"
    text = ref.read_text(encoding="utf-8")
    band_3 = (
        '  - name: "3"\n    role: Probation services officer\n'
        "    points: [22000, 23000, 24000, 25000]\n"
    )
    assert band_3 in text
    merged = tmp_path / "merged.yaml"
    text = text.replace(band_3, "").replace("id: ref-2019-20", "id: merged")
    merged.write_text(text + 'former_bands: {"3": "4"}\n', encoding="utf-8")
    args = ["compare", BRAVO, "--band", "3", "--point", "2", "--against", str(merged)]
    out = runner.invoke(cli, [*args, "--format", "json"])
    assert out.exit_code == 0, out.output
    (row,) = json.loads(out.stdout)["results"]
    assert (row["reference_band"], row["reference_salary"]) == ("4", "29000.00")
    assert row["parity_gap"] == "-6532.50"
