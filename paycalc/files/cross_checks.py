"""Checks that a single model cannot make alone: ascending points, declared sources, dates inside
the period, and a scheme's references to the scales and bands it names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from paycalc.errors import FileProblems, NotFound, Problem, ProblemList
from paycalc.files.marks import mark_at
from paycalc.model import Prices, Scale, Scheme
from paycalc.steps import CheckContext


def scale_problems(scale: Scale, raw: Any, name: str) -> list[Problem]:
    out = ProblemList(name)
    _id_matches_file(scale.id, raw, name, out)
    source_ids = {s.id for s in scale.sources}
    seen: set[str] = set()
    for b, band in enumerate(scale.bands):
        if band.name in seen:
            out.add(
                "PC205", f"band '{band.name}' appears twice", mark_at(raw, ("bands", b, "name"))
            )
        seen.add(band.name)
        for i in range(1, len(band.points)):
            if band.points[i] <= band.points[i - 1]:
                out.add(
                    "PC203",
                    f"band {band.name}: points must be strictly ascending, but point {i + 1} "
                    f"({band.points[i]}) is not above point {i} ({band.points[i - 1]})",
                    mark_at(raw, ("bands", b, "points", i)),
                )
        for k, known in enumerate(band.known):
            where = ("bands", b, "known", k)  # looked up only for a problem: see marks.Deferred
            if known.source not in source_ids:
                message = f"source '{known.source}' is not declared in 'sources'"
                out.add("PC206", message, mark_at(raw, where))
            if known.point != "top" and known.point > len(band.points):
                out.add(
                    "PC202", f"band {band.name} has no point {known.point}", mark_at(raw, where)
                )
    if scale.status == "published" and not scale.sources:
        out.add("PC206", "a published scale must list its sources", mark_at(raw, ("status",)))
    return out.items


def prices_problems(prices: Prices, raw: Any, name: str) -> list[Problem]:
    """A price index's own checks: months in order, each once; every source declared."""
    out = ProblemList(name)
    _id_matches_file(prices.id, raw, name, out)
    source_ids = {s.id for s in prices.sources}
    for i, value in enumerate(prices.values):
        if i and value.first_day <= prices.values[i - 1].first_day:
            out.add(
                "PC203",
                f"months must be in order, each once, but {value.month} comes after "
                f"{prices.values[i - 1].month}",
                mark_at(raw, ("values", i, "month")),
            )
        if value.source not in source_ids:
            out.add(
                "PC206",
                f"source '{value.source}' is not declared in 'sources'",
                mark_at(raw, ("values", i, "source")),
            )
    return out.items


def scheme_problems(
    scheme: Scheme,
    raw: Any,
    name: str,
    scale: Callable[[str], Scale],
    prices: Callable[[str], Mapping[date, Decimal]] | None = None,
) -> list[Problem]:
    """Every cross-file problem of a scheme; `scale` finds a scale it names by id (raising
    NotFound or FileProblems), `prices` a price index's values (likewise; without it, what
    the steps read from price indices is not checked). Each step kind names its own scales and
    bands and may add its own check (see `paycalc.steps.base`)."""
    out = ProblemList(name)
    _id_matches_file(scheme.id, raw, name, out)
    source_ids = {s.id for s in scheme.sources}
    scales: dict[str, Scale] = {}
    for key, ident in scheme.scale_refs():
        try:
            scales[ident] = scale(ident)
        except NotFound as e:
            out.add("PC201", f"scale '{ident}' not found: {e.message}", mark_at(raw, key))
        except FileProblems as e:
            out.add("PC201", f"scale '{ident}' is not valid: {e.problems[0]}", mark_at(raw, key))

    def bands_of(ident: str) -> dict[str, Any] | None:
        return _bands(scales.get(ident))

    index_of = None if prices is None else _found_or_none(prices)

    period = scheme.period
    bands_now = bands_of(scheme.from_scale)
    start_bands = bands_now
    for i, step in scheme.ordered_steps():
        where = ("steps", i)
        if step.on not in period:
            out.add(
                "PC204",
                f"step date {step.on} is outside the period {period.start} to {period.end}",
                mark_at(raw, (*where, "on")),
            )
        if step.source is not None and step.source not in source_ids:
            out.add(
                "PC206",
                f"source '{step.source}' is not declared in 'sources'",
                mark_at(raw, (*where, "source")),
            )
        if isinstance(step.eligible, list) and start_bands is not None:
            for band in step.eligible:
                if band not in start_bands:
                    out.add(
                        "PC202",
                        f"eligible band '{band}' is not on {scheme.from_scale}",
                        mark_at(raw, (*where, "eligible")),
                    )
        if bands_now is not None:
            for key, band in step.bands_named():
                if band not in bands_now:
                    out.add(
                        "PC202",
                        f"band '{band}' is not on the scale in force on {step.on}",
                        mark_at(raw, (*where, *key)),
                    )
            for issue in step.check(CheckContext(bands_now, bands_of, index_of)):
                out.add(issue.code, issue.message, mark_at(raw, (*where, *issue.key)))
        moved_to = step.moves_to()
        if moved_to is not None:
            bands_now = bands_of(moved_to)

    ref_scale = scales.get(scheme.reference)
    reference = _bands(ref_scale)
    if ref_scale is not None and reference is not None and bands_now is not None:
        # The scheme's own map first, then the bands the reference no longer has, as parity
        # matches them.
        method_map = {**ref_scale.former_bands, **scheme.reference_method()[1]}
        for band in bands_now:
            if method_map.get(band, band) not in reference:
                out.add(
                    "PC202",
                    f"band '{band}' has no match on the reference scale "
                    f"{scheme.reference} (add it to band_map)",
                    mark_at(raw, ("reference",)),
                )
    for i, example in enumerate(scheme.examples):
        if start_bands is not None and example.person.band not in start_bands:
            out.add(
                "PC202",
                f"example '{example.name}': band '{example.person.band}' is not on "
                f"{scheme.from_scale}",
                mark_at(raw, ("examples", i, "person", "band")),
            )
        if example.as_of is not None and example.as_of not in period:
            out.add(
                "PC204",
                f"example '{example.name}': as_of {example.as_of} is outside the period",
                mark_at(raw, ("examples", i, "as_of")),
            )
    return out.items


def _found_or_none(
    prices: Callable[[str], Mapping[date, Decimal]],
) -> Callable[[str], Mapping[date, Decimal] | None]:
    """`prices`, giving None for an index that is not found or not valid (the step reports
    it)."""

    def index_of(ident: str) -> Mapping[date, Decimal] | None:
        try:
            return prices(ident)
        except (NotFound, FileProblems):
            return None

    return index_of


def _bands(scale: Scale | None) -> dict[str, Any] | None:
    return None if scale is None else scale.band_points()


def _id_matches_file(ident: str, raw: Any, name: str, out: ProblemList) -> None:
    stem = Path(name).stem
    if stem != ident:
        out.add(
            "PC205",
            f"id '{ident}' differs from the file name '{stem}.yaml', so it cannot be found by id",
            mark_at(raw, ("id",)),
            severity="warning",
        )
