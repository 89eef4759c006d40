"""nps-2022, the 2022/23-2024/25 three-year award: each year progression, a rise and the year's
scale; the lowest point of Bands 2-6 deleted; a new top point in year 3 whose values are
UNISON's quoted cash values (probationmatters, 1 September 2022): PB2 £25210, PB3 £31650,
PB4 £42000, PB5 £46000, PB6 £52939.

The scale values are checked against the rules their files state, worked here from the
2021/22 values with Decimal (not through paycalc's engine)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.engine import end_scale, run, runs_on
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec

REGISTRY = Registry.bundled()
SCHEME = REGISTRY.scheme("nps-2022")
UNISON_URL = "https://probationmatters.blogspot.com/2022/09/pay-offer-2022.html"
QUOTED_TOPS = {"2": "25210", "3": "31650", "4": "42000", "5": "46000", "6": "52939"}


def pound(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def points(scale_id: str) -> dict[str, list[Decimal]]:
    return {b: list(p) for b, p in REGISTRY.scale(scale_id).band_points().items()}


def test_year_1_is_every_2021_22_point_up_3_2_percent_without_band_1_or_any_bottom_point() -> None:
    before, after = points("nps-2021-22"), points("nps-2022-23")
    # e.g. Band 2: 20775 x 1.032 = 21439.80 (deleted), 21337 -> 22019.78 -> 22020,
    # 21915 -> 22616.28 -> 22616, 22509 -> 23229.29 -> 23229.
    assert after["2"] == [Decimal(v) for v in ("22020", "22616", "23229")]
    assert sorted(after) == ["2", "3", "4", "5", "6"]
    for band, values in after.items():
        assert values == [pound(v * Decimal("1.032")) for v in before[band][1:]]


def test_year_2_is_every_2022_23_point_up_3_2_percent() -> None:
    before, after = points("nps-2022-23"), points("nps-2023-24")
    # e.g. Band 6 top: 50587 x 1.032 = 52205.78 -> 52206.
    assert after["6"][-1] == Decimal("52206")
    for band, values in after.items():
        assert values == [pound(v * Decimal("1.032")) for v in before[band]]


def test_year_3_adds_the_quoted_top_and_raises_the_rest_so_it_is_one_step_above() -> None:
    before, after = points("nps-2023-24"), points("nps-2024-25")
    # Band 6: s = sqrt(52939 / 52206) = 1.006996; 52206 x s = 52571.22 -> 52571, one step of
    # the same size below 52939 (52571 x 1.006996 = 52938.8).
    assert after["6"] == [Decimal(v) for v in ("48605", "50549", "52571", "52939")]
    for band, values in after.items():
        top = Decimal(QUOTED_TOPS[band])
        step = (top / before[band][-1]).sqrt()
        assert values == [pound(v * step) for v in before[band]] + [top]


@pytest.mark.parametrize(("band", "top"), sorted(QUOTED_TOPS.items()))
def test_the_2024_25_band_tops_are_quoted_from_unison(band: str, top: str) -> None:
    scale = REGISTRY.scale("nps-2024-25")
    found = scale.band(band)
    assert found is not None and found.points[-1] == Decimal(top)
    (known,) = found.known
    assert (known.point, known.basis) == ("top", "quoted")
    source = next(s for s in scale.sources if s.id == known.source)
    assert source.url == UNISON_URL


@pytest.mark.parametrize(("band", "top"), sorted(QUOTED_TOPS.items()))
def test_explain_the_top_of_each_band_ends_on_the_quoted_value_with_its_source(
    runner: CliRunner, band: str, top: str
) -> None:
    args = ["explain", "nps-2022", "--band", band, "--point", "top"]
    out = runner.invoke(cli, args, env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    pounds = f"£{int(top):,}.00"
    assert f"nps-2024-25 band {band} point " in out.stdout
    assert f"After: {pounds} (quoted)" in out.stdout
    assert f"After {pounds}: quoted" in out.stdout and UNISON_URL in out.stdout


def test_explain_json_names_the_source_of_the_quoted_top(runner: CliRunner) -> None:
    out = runner.invoke(
        cli, ["explain", "nps-2022", "--band", "4", "--point", "top", "--format", "json"]
    )
    data = json.loads(out.stdout)
    after = next(v for v in data["value_sources"] if v["figure"] == "after")
    assert (after["value"], after["basis"], after["source"], after["where"]) == (
        "42000.00",
        "quoted",
        "unison-2022-25-maxima",
        UNISON_URL,
    )
    # 37174 before: the 2021 careers page, secondary.
    before = next(v for v in data["value_sources"] if v["figure"] == "before")
    assert (before["value"], before["basis"]) == ("37174.00", "secondary")


def test_band_2_bottom_by_hand() -> None:
    # 2022: progression 20775 -> 21337, x 1.032 = 22019.78 -> 22020 (the new point 1; the old
    # bottom raised, 21440, is deleted). 2023: progression -> 22616, x 1.032 = 23339.71 ->
    # 23340. 2024: onto nps-2024-25 at 23935 (23340 x 1.025497 = 23935.09), progression ->
    # 24583.
    res = run(SCHEME, PersonSpec(band="2", point=1), REGISTRY)
    salaries = [str(e.after.salary) for e in res.events]
    assert salaries == [
        "21337.00",
        "22020.00",
        "22020.00",
        "22616.00",
        "23340.00",
        "23340.00",
        "23935.00",
        "24583.00",
    ]


def test_band_1_goes_onto_band_2_in_the_first_year() -> None:
    # 18424 x 1.032 = 19013.57 -> 19014, below Band 2's bottom 22020: up to 22020.
    res = run(SCHEME, PersonSpec(band="1", point="top"), REGISTRY)
    year_1 = res.events[2].after
    assert (year_1.scale_id, year_1.band, year_1.point, year_1.salary) == (
        "nps-2022-23",
        "2",
        1,
        Decimal("22020"),
    )


@pytest.mark.parametrize(
    ("band", "point"),
    [(b.name, p) for b in REGISTRY.scale("nps-2021-22").bands for p in range(1, len(b.points) + 1)],
)
def test_everyone_moves_up_by_progression_and_ends_on_a_2024_25_point(
    band: str, point: int
) -> None:
    res = run(SCHEME, PersonSpec(band=band, point=point), REGISTRY)
    end = res.end
    # Bands 2-6, point p of n: 2022 progression to p + 1, the bottom deleted, so p of n - 1;
    # 2023 p + 1 (capped at n - 1); 2024 the new top makes n points, progression p + 2 (capped
    # at n, the new top). Band 1's single point: Band 2 point 1, then 2, then 3.
    n = len(REGISTRY.scale("nps-2021-22").band_points()[band])
    expected = ("2", 3) if band == "1" else (band, min(point + 2, n))
    assert (end.scale_id, end.band, end.point, end.protected) == ("nps-2024-25", *expected, False)
    assert end.salary == REGISTRY.scale("nps-2024-25").band_points()[end.band][end.point - 1]
    # At least two 3.2 % rises (year 3's rise is 0.70 % in Band 6, more elsewhere).
    assert end.salary >= pound(pound(res.start.salary * Decimal("1.032")) * Decimal("1.032"))


def test_nps_2022_runs_on_from_nps_2021() -> None:
    first = REGISTRY.scheme("nps-2021")
    assert end_scale(first) == SCHEME.from_scale == "nps-2021-22"
    assert runs_on(first, SCHEME, lambda scale: REGISTRY.scale(scale).employer)
