"""No CRC transferee joined NPS Band 1 (GMB probation noticeboard, 29 April 2021: "no-one
transferring in from the CRCs in June will do so on Pay Band 1"): every transfer scheme whose
staff can start on Band 1 moves them onto NPS Band 2 at the equivalent or next highest point,
protecting only a salary above the Band 2 top.

NPS 2020/21 Band 2 (the scale staff are placed on): 20525, 21087, 21665, 22259; each then stays on
their point at its 2021/22 value (nps-2021-22, the £250 on points below £24,000): 20775, 21337,
21915, 22509."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from paycalc.engine import Result, run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.state import State

REGISTRY = Registry.bundled()
GMB = "no-one transferring in from the CRCs in June will do so on Pay Band 1"
TRANSFERS = [s for s in REGISTRY.ids("scheme") if s.startswith("transfer-2021-")]
WITH_BAND_1 = [
    s for s in TRANSFERS if REGISTRY.scale(REGISTRY.scheme(s).from_scale).band("1") is not None
]


def test_the_transfers_with_a_band_1_are_dtv_interserve_and_seetec() -> None:
    # Interserve staff start on the NPS 2019/20 scale (interserve-2020), which has a Band 1;
    # the Sodexo, MTC, RRP and WWM scales have none.
    assert sorted(WITH_BAND_1) == [
        "transfer-2021-dtv",
        "transfer-2021-interserve",
        "transfer-2021-seetec",
    ]


def _placed(res: Result) -> State:
    """Where the transfer placed the person on nps-2020-21, before the 2021/22 values."""
    return [e.after for e in res.events if e.eligible and e.after.scale_id == "nps-2020-21"][-1]


@pytest.mark.parametrize("scheme_id", WITH_BAND_1)
def test_band_1_on_19977_ends_on_band_2_bottom_unprotected(scheme_id: str) -> None:
    # 19977 is below 20525, the lowest Band 2 point, so the next highest point is 20525.
    # Then point 1's 2021/22 value, 20775.
    res = run(REGISTRY.scheme(scheme_id), PersonSpec(band="1", salary=D("19977")), REGISTRY)
    placed = _placed(res)
    assert (placed.band, placed.point, placed.salary) == ("2", 1, D("20525"))
    assert (res.end.scale_id, res.end.band, res.end.point) == ("nps-2021-22", "2", 1)
    assert res.end.salary == D("20775")
    assert not res.end.protected and res.end.protected_until is None


@pytest.mark.parametrize("scheme_id", WITH_BAND_1)
def test_band_1_on_17764_ends_on_band_2_bottom(scheme_id: str) -> None:
    # 17764 (the NPS 2019/20 Band 1 top) is below Band 2's bottom 20525: up to the bottom, not
    # refused as below the Band 2 minimum.
    res = run(REGISTRY.scheme(scheme_id), PersonSpec(band="1", salary=D("17764")), REGISTRY)
    assert _placed(res).salary == D("20525")
    assert (res.end.band, res.end.point, res.end.salary) == ("2", 1, D("20775"))
    assert not res.end.protected


@pytest.mark.parametrize("scheme_id", WITH_BAND_1)
def test_band_1_between_band_2_points_goes_to_the_next_highest(scheme_id: str) -> None:
    # 21100 is above 21087 (point 2) and below 21665 (point 3); point 3 is 21915 in 2021/22.
    res = run(REGISTRY.scheme(scheme_id), PersonSpec(band="1", salary=D("21100")), REGISTRY)
    assert (_placed(res).point, _placed(res).salary) == (3, D("21665"))
    assert (res.end.band, res.end.point, res.end.salary) == ("2", 3, D("21915"))


@pytest.mark.parametrize("scheme_id", WITH_BAND_1)
def test_band_1_above_the_band_2_top_is_kept_and_protected_for_3_years(scheme_id: str) -> None:
    # 23000 > 22259, the Band 2 top: kept, the excess 741 protected to 25 June 2024; still
    # above the 2021/22 top 22509, so still kept, the protection's end unchanged.
    res = run(REGISTRY.scheme(scheme_id), PersonSpec(band="1", salary=D("23000")), REGISTRY)
    assert (res.end.band, res.end.salary, res.end.protected) == ("2", D("23000"), True)
    assert res.end.protected_until == date(2024, 6, 25)


@pytest.mark.parametrize("scheme_id", WITH_BAND_1)
def test_the_band_1_step_quotes_the_gmb_sentence(scheme_id: str) -> None:
    scheme = REGISTRY.scheme(scheme_id)
    (step,) = [s for s in scheme.steps if s.eligible == ["1"]]
    assert step.quote == GMB
    source = next(s for s in scheme.sources if s.id == step.source)
    assert source.url is not None and "gmb.org.uk" in source.url


@pytest.mark.parametrize("scheme_id", TRANSFERS)
def test_no_transfer_leaves_anyone_on_nps_band_1(scheme_id: str) -> None:
    scheme = REGISTRY.scheme(scheme_id)
    for band in REGISTRY.scale(scheme.from_scale).bands:
        res = run(scheme, PersonSpec(band=band.name, point=1), REGISTRY)
        assert res.end.band != "1"
