"""Hypothesis strategies for valid scales, schemes and people, built through the real models."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

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
        scales[ident] = Scale.model_validate(
            {
                "kind": "scale",
                "id": ident,
                "title": ident,
                "employer": "x",
                "effective": PERIOD[0],
                "status": "illustrative",
                "bands": [{"name": str(i + 1), "points": pts} for i, pts in enumerate(bands)],
            }
        )
    return MemoryScales(scales)


dates = st.integers(min_value=0, max_value=(PERIOD[1] - PERIOD[0]).days).map(
    lambda n: PERIOD[0] + timedelta(days=n)
)
percents = st.integers(min_value=1, max_value=1_000).map(lambda n: Decimal(n) / 100)


@functools.cache  # building a strategy is costly; there are few band counts
def step_bodies(n_bands: int) -> st.SearchStrategy[dict[str, Any]]:
    band_names = [str(i + 1) for i in range(n_bands)]
    kinds = [
        st.builds(lambda n: {"increment": {"points": n}}, st.integers(1, 3)),
        st.builds(
            lambda to, m: {"assimilate": {"to": to, "method": m}},
            st.sampled_from(SCALE_IDS),
            st.sampled_from(["next_point_at_or_above", "same_point", "nearest"]),
        ),
        st.builds(lambda p: {"uplift": {"percent": p}}, percents),
        st.builds(lambda s: {"floor": {"salary": s}}, st.integers(15_000, 45_000).map(Decimal)),
        st.builds(
            lambda p, how: {"minimum_increase": {"percent": p, "as": how}},
            percents,
            st.sampled_from(["unconsolidated", "consolidated"]),
        ),
        st.builds(lambda a: {"lump_sum": {"amount": a}}, pence),
        st.builds(lambda p: {"lump_sum": {"percent": p}}, percents),
        st.builds(
            lambda a: {
                "lump_sum": {
                    "amount": a,
                    "pro_rata": {
                        "from": date(2020, 4, 1),
                        "to": date(2020, 11, 30),
                        "by": "months",
                    },
                }
            },
            pence,
        ),
    ]
    if n_bands > 1:
        kinds.append(
            st.integers(0, n_bands - 2).map(
                lambda i: {"remove_overlap": {"lower": band_names[i], "upper": band_names[i + 1]}}
            )
        )
    choices: list[Any] = ["all", "all", "top_of_band", "not_top_of_band"]
    choices += [[b] for b in band_names] + [band_names[: n_bands // 2 + 1]]
    eligible = st.sampled_from(choices)
    return st.builds(
        lambda body, on, who, judged: {
            **body,
            "on": on,
            "eligible": who,
            **({"eligible_on": min(judged, on)} if judged else {}),
        },
        st.one_of(*kinds),
        dates,
        eligible,
        st.one_of(st.none(), dates),
    )


@st.composite
def schemes(
    draw: Any, scales: MemoryScales, extra_steps: list[dict[str, Any]] | None = None
) -> Scheme:
    """A scheme of random steps from the CRC scale, compared with the NPS-like scale."""
    n_bands = len(scales.bands("crc"))
    steps = draw(st.lists(step_bodies(n_bands), max_size=8))
    return Scheme.model_validate(
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
        }
    )


ftes = st.one_of(
    st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.6"), Decimal("0.8")]),
    st.integers(min_value=1, max_value=1000).map(lambda n: Decimal(n) / 1000),
)


@st.composite
def people(draw: Any, scales: MemoryScales, fte: bool = True) -> PersonSpec:
    """A person on the CRC scale: on a point, at the top, or known by a salary in (or above) a
    band."""
    bands = scales.bands("crc")
    band = draw(st.sampled_from(sorted(bands)))
    points = bands[band]
    how = draw(st.sampled_from(["point", "top", "salary"]))
    person: dict[str, Any] = {"band": band, "fte": draw(ftes) if fte else Decimal(1)}
    if how == "point":
        person["point"] = draw(st.integers(1, len(points)))
    elif how == "top":
        person["point"] = "top"
    else:
        low, high = int(points[0] * 100), int(points[-1] * 120)
        person["salary"] = Decimal(draw(st.integers(low, high))) / 100
    return PersonSpec.model_validate(person)
