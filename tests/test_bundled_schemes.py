"""The bundled schemes do what the offers say, for every band and point of their starting scale.

Each test names the sentence of the offer it checks. The figures come from the bundled files only
(schemes/), never from the research notes they were built from.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

import pytest

from paycalc.engine import Result, run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.parity import Figures, figures
from paycalc.steps import LumpSum

REGISTRY = Registry.bundled()
HALF_PENNY = Decimal("0.005")


def pence(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def people(scale_id: str) -> list[tuple[str, int, int]]:
    """(band, point, number of points in the band) for every point of a bundled scale."""
    scale = REGISTRY.scale(scale_id)
    return [(b.name, n, len(b.points)) for b in scale.bands for n in range(1, len(b.points) + 1)]


def params(scheme_id: str) -> list[object]:
    scheme = REGISTRY.scheme(scheme_id)
    return [
        pytest.param(band, point, size, id=f"band {band} point {point}")
        for band, point, size in people(scheme.from_scale)
    ]


def outcome(scheme_id: str, band: str, point: int) -> tuple[Result, Figures]:
    scheme = REGISTRY.scheme(scheme_id)
    res = run(scheme, PersonSpec(band=band, point=point), REGISTRY)
    return res, figures(res, REGISTRY)


def salary_on(scale_id: str, band: str, point: int) -> Decimal:
    scale = REGISTRY.scale(scale_id)
    return scale.band_points()[band][point - 1]


# --- Interserve 2020/21 -----------------------------------------------------------------------


@pytest.mark.parametrize(("band", "point", "size"), params("interserve-2020"))
def test_interserve_200_pounds_unconsolidated_only_for_the_top_spine_point(band, point, size):
    """'an unconsolidated amount of £200 for those at the top spine point for their grade'
    (£300 a year × 8/12, April to November 2020)."""
    _, f = outcome("interserve-2020", band, point)
    expected = Decimal("200.00") if point == size else Decimal("0.00")
    assert f.unconsolidated == expected


def test_interserve_200_pounds_is_300_pro_rata_for_eight_months():
    # The file says £300 for April to November 2020: 8 whole months of 12, 300 x 8/12 = 200
    (step,) = [s for s in REGISTRY.scheme("interserve-2020").steps if isinstance(s, LumpSum)]
    assert step.lump_sum.amount == Decimal("300")
    assert step.lump_sum.pro_rata is not None
    assert step.lump_sum.pro_rata.fraction() == (8, 12)


@pytest.mark.parametrize(("band", "point", "size"), params("interserve-2020"))
def test_interserve_moves_onto_the_nps_scale_on_5_december_2020(band, point, size):
    """'NPS pay parity which will be paid in December 2020 payroll'."""
    res, _ = outcome("interserve-2020", band, point)
    before, on = res.state_at(date(2020, 12, 4)), res.state_at(date(2020, 12, 5))
    assert before.scale_id == "interserve-2019-20"
    assert on.scale_id == "nps-2019-20"
    nps = REGISTRY.scale("nps-2019-20").band_points()[band]
    assert on.salary in nps  # onto a point: every Interserve salary is below the NPS band top
    assert on.salary >= before.salary


@pytest.mark.parametrize(("band", "point", "size"), params("interserve-2020"))
def test_interserve_no_band_5_salary_left_in_the_band_4_overlap(band, point, size):
    """'Removal of pay band overlap between bands 4 and 5, effective from 1 April 2020'."""
    res, _ = outcome("interserve-2020", band, point)
    state = res.state_at(date(2020, 4, 1))
    band4_top = REGISTRY.scale("interserve-2019-20").band_points()["4"][-1]
    assert min(state.bands["5"]) > band4_top
    if band == "5":
        assert state.salary > band4_top


def test_interserve_bundled_spine_has_a_band_4_5_overlap_to_remove():
    bands = REGISTRY.scale("interserve-2019-20").band_points()
    assert bands["5"][0] <= bands["4"][-1]


# --- Seetec 2020/21 ---------------------------------------------------------------------------


@pytest.mark.parametrize(("band", "point", "size"), params("seetec-2020"))
def test_seetec_nobody_ends_below_the_19977_minimum(band, point, size):
    """'the new minimum salary for any employee would be £19,977'."""
    _, f = outcome("seetec-2020", band, point)
    assert f.after >= Decimal("19977")


@pytest.mark.parametrize(("band", "point", "size"), params("seetec-2020"))
def test_seetec_everyone_gets_at_least_3_percent_counting_the_unconsolidated_top_up(
    band, point, size
):
    """'if this results in less than a 3% increase for any employee, SEETEC would apply an
    unconsolidated payment for the % differential'."""
    _, f = outcome("seetec-2020", band, point)
    assert f.after - f.before + f.unconsolidated >= f.before * 3 / 100 - HALF_PENNY


@pytest.mark.parametrize(("band", "point", "size"), params("seetec-2020"))
def test_seetec_realigns_everyone_onto_the_nps_scale(band, point, size):
    """'Realignment of all salary bands to the current NPS Pay bandings'."""
    res, _ = outcome("seetec-2020", band, point)
    assert res.end.scale_id == "nps-2019-20"


# --- Durham Tees Valley 2020/21 ---------------------------------------------------------------


@pytest.mark.parametrize(("band", "point", "size"), params("dtv-2020"))
def test_dtv_consolidated_increase_is_at_least_6_percent(band, point, size):
    """'guaranteed minimum pay award of 6%, payable from April 2020'."""
    _, f = outcome("dtv-2020", band, point)
    assert f.unconsolidated == 0
    assert f.after - f.before >= f.before * 6 / 100 - HALF_PENNY
    assert f.consolidated_increase_pct >= Decimal("6.00")


@pytest.mark.parametrize(("band", "point", "size"), params("dtv-2020"))
def test_dtv_assimilates_onto_the_nps_scale_in_april_2020(band, point, size):
    """'assimilation onto the NPS pay scales'."""
    res, _ = outcome("dtv-2020", band, point)
    assert res.state_at(date(2020, 4, 1)).scale_id == "nps-2019-20"


# --- Sodexo 2020/21 and 2021/22 ---------------------------------------------------------------


def sodexo(at_top: bool) -> list[object]:
    return [
        pytest.param(scheme_id, band, point, id=f"{scheme_id} band {band} point {point}")
        for scheme_id in ("sodexo-2020", "sodexo-2021")
        for band, point, size in people("sodexo-2020-21")
        if (point == size) == at_top
    ]


@pytest.mark.parametrize(("scheme_id", "band", "point"), sodexo(at_top=False))
def test_sodexo_at_least_2_percent_for_everyone_not_at_the_top(scheme_id, band, point):
    """'A minimum pay increase for all other staff of 2.0%' (increment, topped up one-off)."""
    _, f = outcome(scheme_id, band, point)
    assert f.after > f.before  # an increment for everyone below the top
    assert f.after - f.before + f.unconsolidated >= f.before * 2 / 100 - HALF_PENNY


@pytest.mark.parametrize(("scheme_id", "band", "point"), sodexo(at_top=True))
def test_sodexo_exactly_2_5_percent_one_off_at_the_top_of_every_band(scheme_id, band, point):
    """'2.5% Non-consolidated payment for those at the top of their pay band' (both years; the
    2021/22 'pay band 4' is read as every band's top)."""
    _, f = outcome(scheme_id, band, point)
    assert f.after == f.before
    assert f.unconsolidated == pence(f.before * Decimal("2.5") / 100)


# --- MTC 2019/20 ------------------------------------------------------------------------------


@pytest.mark.parametrize(("band", "point", "size"), params("mtc-2019"))
def test_mtc_one_spinal_point_and_a_1_percent_one_off_or_2_percent_at_the_top(band, point, size):
    """'Staff moved up one spinal point and a non-consolidated payment of 1%, staff at the top of
    their scale received a 2% payment'."""
    _, f = outcome("mtc-2019", band, point)
    if point == size:
        assert f.end_point == point
        assert f.after == f.before
        assert f.unconsolidated == pence(f.before * 2 / 100)
    else:
        assert f.end_point == point + 1
        assert f.after == salary_on("mtc-2018-19", band, point + 1)
        assert f.unconsolidated == pence(f.after * 1 / 100)


# --- RRP and WWM 2020/21 ----------------------------------------------------------------------


INCREMENT_ONLY = [
    pytest.param(scheme_id, band, point, size, id=f"{scheme_id} band {band} point {point}")
    for scheme_id in ("rrp-2020", "wwm-2020")
    for band, point, size in people(REGISTRY.scheme(scheme_id).from_scale)
]


@pytest.mark.parametrize(("scheme_id", "band", "point", "size"), INCREMENT_ONLY)
def test_rrp_and_wwm_pay_only_the_annual_increment(scheme_id, band, point, size):
    """RRP 'unable to fund an additional pay award beyond the cost of annual increments'; 'WWM
    have only been able to make incremental progression payments'."""
    _, f = outcome(scheme_id, band, point)
    assert f.unconsolidated == 0
    assert f.end_point == min(point + 1, size)


# --- NPS 2020/21 ------------------------------------------------------------------------------


@pytest.mark.parametrize(("band", "point", "size"), params("nps-2020"))
def test_nps_2020_increment_below_the_top_and_2_percent_one_off_at_the_top(band, point, size):
    """Incremental progression for staff not at the top on 31 March 2020; 2 % of basic salary
    one-off for staff at the top."""
    res, f = outcome("nps-2020", band, point)
    assert res.end.scale_id == "nps-2020-21"
    if point == size:
        assert f.unconsolidated == pence(f.after * 2 / 100)
    else:
        assert f.unconsolidated == 0
        assert f.after >= salary_on("nps-2019-20", band, point + 1)


def test_nps_2020_21_scale_is_2019_20_without_bottom_points_and_band_1_at_18174():
    old = REGISTRY.scale("nps-2019-20").band_points()
    new = REGISTRY.scale("nps-2020-21").band_points()
    assert new["1"] == (Decimal(18174),)
    assert old["1"][-1] == Decimal(17764)
    for band in old:
        if band != "1":
            assert new[band] == old[band][1:]


def test_nps_scales_carry_the_quoted_and_inferred_values():
    old = REGISTRY.scale("nps-2019-20").band_points()
    assert old["2"][0] == 19977
    assert old["4"][:2] == (29038, 30208)
    assert [old[b][-1] for b in ("2", "3", "4", "5", "6")] == [22259, 28209, 37174, 41020, 49018]


# --- every scheme -----------------------------------------------------------------------------


def _everyone() -> list[object]:
    out = []
    for ident in REGISTRY.ids("scheme"):
        scheme = REGISTRY.scheme(ident)
        for band, point, _ in people(scheme.from_scale):
            person = {"band": band, "point": point}
            out.append(pytest.param(ident, person, id=f"{ident} {band}/{point}"))
        # a salary between two points (and, for the top, above the band: protected)
        for band, points in REGISTRY.scale(scheme.from_scale).band_points().items():
            for salary in [(a + b) / 2 for a, b in pairwise(points)] + [points[-1] + 500]:
                out.append(
                    pytest.param(
                        ident,
                        {"band": band, "salary": pence(salary)},
                        id=f"{ident} {band}/£{pence(salary)}",
                    )
                )
    return out


@pytest.mark.parametrize(("scheme_id", "person"), _everyone())
def test_no_scheme_ever_lowers_consolidated_pay_at_any_step(scheme_id, person):
    scheme = REGISTRY.scheme(scheme_id)
    res = run(scheme, PersonSpec(**person), REGISTRY)
    for event in res.events:
        assert event.after.salary >= event.before.salary, event.summary
    assert all(p.amount >= 0 for p in res.payments())


def test_every_step_of_every_bundled_scheme_quotes_the_text_it_implements():
    missing = [
        (ident, i)
        for ident in REGISTRY.ids("scheme")
        for i, step in enumerate(REGISTRY.scheme(ident).steps)
        if not step.quote
    ]
    assert missing == []


def test_every_crc_band_tops_out_below_the_nps_band_top():
    """The illustrative CRC scales sit below NPS pay, so the parity gaps show."""
    for ident in REGISTRY.ids("scheme"):
        scheme = REGISTRY.scheme(ident)
        if scheme.from_scale.startswith("nps-"):
            continue
        crc = REGISTRY.scale(scheme.from_scale).band_points()
        nps = REGISTRY.scale(scheme.reference).band_points()
        for band, points in crc.items():
            assert points[-1] < nps[band][-1], (ident, band)
