"""Hypothesis strategies for valid scales, schemes and people, built through the real models."""

from __future__ import annotations

import calendar
import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from paycalc.files.load import validated
from paycalc.model import PersonSpec, Scale, Scheme

PERIOD = (date(2020, 4, 1), date(2021, 3, 31))
SCALE_IDS = ("crc", "nps")


class MemoryScales:
    """The two lookups the engine and parity need, over scales held in memory."""

    def __init__(self, scales: dict[str, Scale]) -> None:
        self._scales = scales

    def scale(self, ref: str) -> Scale:
        return self._scales[ref]

    def bands(self, scale_id: str) -> dict[str, tuple[Decimal, ...]]:
        return self._scales[scale_id].band_points()


pence = st.integers(min_value=1, max_value=400_000).map(lambda n: Decimal(n) / 100)


@st.composite
def band_points(draw: Any, n_bands: int) -> list[list[Decimal]]:
    """Bands of strictly ascending points (in pence: start + i·step + i²·curve); each band's top
    is above the previous band's top, so removing an overlap always leaves the upper band some
    points. Few draws per band keep 2,000 examples within CI time."""
    bands: list[list[Decimal]] = []
    previous_top = 0
    for _ in range(n_bands):
        n = draw(st.integers(1, 8))
        start = draw(st.integers(1_500_000, 4_000_000))
        step = draw(st.integers(1, 400_000))
        curve = draw(st.integers(0, 20_000))
        cents = [start + i * step + i * i * curve for i in range(n)]
        if cents[-1] <= previous_top:
            lift = previous_top - cents[-1] + draw(st.integers(1, 400_000))
            cents = [c + lift for c in cents]
        bands.append([Decimal(c) / 100 for c in cents])
        previous_top = cents[-1]
    return bands


@st.composite
def scale_pair(draw: Any) -> MemoryScales:
    """A CRC scale and an NPS-like reference scale with the same band names."""
    n_bands = draw(st.integers(min_value=1, max_value=4))
    scales = {}
    for ident in SCALE_IDS:
        bands = draw(band_points(n_bands))
        scales[ident] = validated(
            Scale,
            {
                "kind": "scale",
                "id": ident,
                "title": ident,
                "employer": "x",
                "effective": PERIOD[0],
                "status": "illustrative",
                "bands": [{"name": str(i + 1), "points": pts} for i, pts in enumerate(bands)],
            },
        )
    return MemoryScales(scales)


dates = st.integers(min_value=0, max_value=(PERIOD[1] - PERIOD[0]).days).map(
    lambda n: PERIOD[0] + timedelta(days=n)
)
# The period crosses a year end (31 December 2020): dates around it, the period's own ends and a
# leap day a year before are drawn more often than chance would.
boundary_dates = st.sampled_from(
    [PERIOD[0], date(2020, 12, 31), date(2021, 1, 1), PERIOD[1], date(2020, 2, 29)]
)
any_date = st.one_of(dates, boundary_dates.filter(lambda d: d >= PERIOD[0]))
percents = st.integers(min_value=1, max_value=1_000).map(lambda n: Decimal(n) / 100)


@st.composite
def pro_ratas(draw: Any) -> dict[str, Any]:
    """A pro rata period by whole months or by days, often across the year end; a days period
    may start on 29 February (its year then ends on 1 March)."""
    if draw(st.booleans()):
        first = draw(st.integers(0, 23))  # months from April 2019
        length = draw(st.integers(1, 12))
        start = date(2019 + (3 + first) // 12, (3 + first) % 12 + 1, 1)
        last_month = 3 + first + length - 1
        year, month = 2019 + last_month // 12, last_month % 12 + 1
        end = date(year, month, calendar.monthrange(year, month)[1])
        return {"from": start, "to": end, "by": "months"}
    start = draw(st.one_of(st.dates(date(2019, 4, 1), date(2021, 3, 31)), boundary_dates))
    end = start + timedelta(days=draw(st.integers(0, 400)))
    return {"from": start, "to": end, "by": "days"}


def dated(body: st.SearchStrategy[dict[str, Any]], n_bands: int) -> st.SearchStrategy[Any]:
    """A step body with its date, who it is for, maybe a date eligibility is read on and maybe a
    later date it was paid on (arrears)."""
    band_names = [str(i + 1) for i in range(n_bands)]
    choices: list[Any] = ["all", "all", "top_of_band", "not_top_of_band"]
    choices += [[b] for b in band_names] + [band_names[: n_bands // 2 + 1]]
    return st.builds(
        lambda body, on, who, judged, late: {
            **body,
            "on": on,
            "eligible": who,
            **({"eligible_on": min(judged, on)} if judged else {}),
            **({"paid_on": on + timedelta(days=late)} if late is not None else {}),
        },
        body,
        any_date,
        st.sampled_from(choices),
        st.one_of(st.none(), any_date),
        st.one_of(st.none(), st.none(), st.integers(0, 400)),
    )


@functools.cache  # building a strategy is costly; there are few band counts
def step_bodies(n_bands: int) -> st.SearchStrategy[dict[str, Any]]:
    band_names = [str(i + 1) for i in range(n_bands)]
    band_maps = st.permutations(band_names).map(lambda p: dict(zip(band_names, p, strict=True)))
    kinds = [
        st.builds(lambda n: {"increment": {"points": n}}, st.integers(1, 3)),
        st.builds(
            lambda to, m, bmap, years: {
                "assimilate": {
                    "to": to,
                    "method": m,
                    **({"band_map": bmap} if bmap else {}),
                    **({"protect_for_years": years} if years else {}),
                }
            },
            st.sampled_from(SCALE_IDS),
            st.sampled_from(["next_point_at_or_above", "same_point", "nearest"]),
            st.one_of(st.none(), band_maps),
            st.one_of(st.none(), st.integers(1, 3)),
        ),
        st.builds(lambda p: {"uplift": {"percent": p}}, percents),
        st.builds(lambda a: {"uplift": {"amount": a}}, st.integers(1, 2_000).map(Decimal)),
        st.builds(lambda s: {"floor": {"salary": s}}, st.integers(15_000, 45_000).map(Decimal)),
        st.builds(
            lambda p, how, since: {
                "minimum_increase": {
                    "percent": p,
                    "as": how,
                    **({"measured_from": since} if since else {}),
                }
            },
            percents,
            st.sampled_from(["unconsolidated", "consolidated"]),
            st.one_of(st.none(), any_date),
        ),
        st.builds(lambda a: {"lump_sum": {"amount": a}}, pence),
        st.builds(lambda p: {"lump_sum": {"percent": p}}, percents),
        st.builds(lambda a, pr: {"lump_sum": {"amount": a, "pro_rata": pr}}, pence, pro_ratas()),
        st.builds(
            lambda p, pr: {"lump_sum": {"percent": p, "pro_rata": pr}}, percents, pro_ratas()
        ),
    ]
    if n_bands > 1:
        kinds.append(
            st.integers(0, n_bands - 2).map(
                lambda i: {"remove_overlap": {"lower": band_names[i], "upper": band_names[i + 1]}}
            )
        )
    return dated(st.one_of(*kinds), n_bands)


def boundary_steps(scales: MemoryScales) -> st.SearchStrategy[dict[str, Any]]:
    """Steps whose figure is exactly a point of the scale: a floor equal to a point (or a penny
    either side of it), an uplift threshold equal to a point."""
    values = sorted({v for pts in scales.bands("crc").values() for v in pts})
    penny = Decimal("0.01")
    exact = st.sampled_from(values).flatmap(
        lambda v: st.sampled_from([v, v - penny, v + penny] if v > penny else [v])
    )
    n_bands = len(scales.bands("crc"))
    return dated(
        st.one_of(
            exact.map(lambda v: {"floor": {"salary": v}}),
            st.builds(
                lambda v, a: {"uplift": {"amount": a, "below": v}},
                st.sampled_from(values),
                st.integers(1, 500).map(Decimal),
            ),
        ),
        n_bands,
    )


@st.composite
def schemes(
    draw: Any, scales: MemoryScales, extra_steps: list[dict[str, Any]] | None = None
) -> Scheme:
    """A scheme of random steps from the CRC scale, compared with the NPS-like scale."""
    n_bands = len(scales.bands("crc"))
    steps = draw(st.lists(st.one_of(step_bodies(n_bands), boundary_steps(scales)), max_size=8))
    return validated(
        Scheme,
        {
            "kind": "scheme",
            "id": "generated",
            "title": "generated",
            "employer": "x",
            "status": "offer",
            "from_scale": "crc",
            "reference": "nps",
            "period": {"start": PERIOD[0], "end": PERIOD[1]},
            "sources": [{"id": "s", "title": "generated", "file": "none"}],
            "steps": steps + (extra_steps or []),
        },
    )


ftes = st.one_of(
    st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.6"), Decimal("0.8")]),
    st.integers(min_value=1, max_value=1000).map(lambda n: Decimal(n) / 1000),
)


@st.composite
def people(draw: Any, scales: MemoryScales, fte: bool = True) -> PersonSpec:
    """A person on the CRC scale: on a point, at the top, or known by a salary in (or above) a
    band, exactly on a point, or exactly at the top or a penny either side of it."""
    bands = scales.bands("crc")
    band = draw(st.sampled_from(sorted(bands)))
    points = bands[band]
    how = draw(st.sampled_from(["point", "top", "salary", "on_a_point", "by_the_top"]))
    person: dict[str, Any] = {"band": band, "fte": draw(ftes) if fte else Decimal(1)}
    if how == "point":
        person["point"] = draw(st.integers(1, len(points)))
    elif how == "top":
        person["point"] = "top"
    elif how == "on_a_point":  # a salary exactly a point's value, the top's included
        person["salary"] = draw(st.sampled_from(points))
    elif how == "by_the_top":  # exactly the top, or a penny either side of it
        person["salary"] = points[-1] + draw(st.sampled_from([-1, 0, 1])) * Decimal("0.01")
        person["salary"] = max(person["salary"], points[0])
    else:
        low, high = int(points[0] * 100), int(points[-1] * 120)
        person["salary"] = Decimal(draw(st.integers(low, high))) / 100
    return validated(PersonSpec, person)
