"""Gathers what `paycalc compare` reports: the schemes, the people, their parity figures, the rate
for the job in each band and each scheme's share of staff reaching a 2-6 % rise."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.compare.results import Comparison, RateForJob, Row, SchemeInfo, Selection
from paycalc.compare.shares import payroll_shares, read_payroll, summarise
from paycalc.errors import NotFound, PaycalcError, PersonError

__all__ = ["Comparison", "RateForJob", "Row", "SchemeInfo", "Selection", "compare", "people"]

if TYPE_CHECKING:
    from paycalc.engine import BandSource
    from paycalc.files.registry import Registry
    from paycalc.model import PersonSpec, Scheme
    from paycalc.oncosts import OnCostSettings
    from paycalc.parity import Figures, ParityRule


def compare(
    refs: Sequence[str],
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: tuple[date, date] | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
    on_costs: OnCostSettings | None = None,
) -> Comparison:
    """Compare schemes (ids or paths; none means every scheme the registry finds) with their
    reference scales.

    Args:
        selection: which staff; by default every point of every band.
        against: a reference scale (id or path) for every scheme instead of each one's own.
        window: the dates cash is added up over (default: parity.default_window of the schemes).
        payroll: a payroll CSV whose head counts weight each scheme's summary.
        parity: the rule choosing each person's reference salary (default: `transfer`).
        on_costs: with a payroll, cost each offer with employer NI and pension as well.

    Raises NotFound, FileProblems or PersonError (PaycalcErrors) for input that cannot be
    compared.
    """
    from paycalc.parity import default_window, parity_rule

    rule = parity_rule(parity)
    selection = selection or Selection()
    ids = list(refs) or registry.ids("scheme")
    if not ids:
        raise NotFound("no schemes to compare: give a scheme id or a path to a .yaml file")
    schemes = _named_schemes(ids, registry)
    window = window or default_window(s for s, _ in schemes.values())
    if refs:
        schemes = _run_on(schemes)
    if window[1] < window[0]:
        raise PaycalcError(f"the cash window ends ({window[1]}) before it starts ({window[0]})")
    # Resolve a reference given by path once; its directory is then searched by id.
    against_id = registry.scale(against).id if against is not None else None
    heads = read_payroll(payroll) if payroll is not None else None

    infos, rows, rates, summaries = [], [], [], []
    skipped: list[tuple[str, str]] = []
    first_error: PersonError | None = None
    for scheme, bundled in schemes.values():
        row_of = _row_maker(scheme, registry, against_id, window, rule)
        try:
            scheme_rows = [row_of(person) for person in people(scheme, registry, selection)]
        except PersonError as e:
            # Named schemes must fit the selection; from every scheme, the ones that do not
            # (no band 1 on Interserve's spine) are left out and listed.
            if refs:
                raise
            skipped.append((scheme.id, e.message))
            first_error = first_error or e
            continue
        info = _info(scheme, registry, against_id, bundled)
        infos.append(info)
        rows.extend(scheme_rows)
        rates.extend(_rates(scheme, scheme_rows, registry, row_of))
        if heads is None:
            rises = ((r.figures.total_increase_pct, 1) for r in scheme_rows)
            summaries.append(summarise(scheme.id, rises))
        else:
            figures_of = _figures_maker(row_of)
            tally = on_costs.for_period_ending(scheme.period.end) if on_costs else None
            summaries.append(
                payroll_shares(scheme.id, heads, selection.band, figures_of, on_costs=tally)
            )
    if not infos and first_error is not None:
        raise PersonError(
            f"none of the {len(skipped)} schemes fits the staff asked for; first: "
            f"{first_error.scheme}: {first_error.message}",
            first_error.column,
        )
    return Comparison(
        tuple(infos),
        tuple(rows),
        tuple(rates),
        tuple(summaries),
        window,
        selection,
        tuple(skipped),
        rule,
    )


def _named_schemes(refs: list[str], registry: Registry) -> dict[str, tuple[Scheme, bool]]:
    """Load each scheme once, by name: its id, unless a counter-offer copied from another file
    kept that id, in which case the file not bundled goes by its file name instead."""
    from paycalc.files.registry import looks_like_path

    # Ids first: a file given by path puts its directory first in the search, and would then
    # shadow the bundled scheme it was copied from.
    loaded = {}
    for ref in sorted(refs, key=looks_like_path):
        loaded[ref] = (registry.scheme(ref), registry.loaded(ref, "scheme"))
    found: dict[Path, tuple[str, Scheme, bool]] = {}
    for ref in refs:
        scheme, file = loaded[ref]
        found.setdefault(file.path, (ref, scheme, file.bundled))
    ids = Counter(scheme.id for _, scheme, _ in found.values())
    names: dict[Path, str] = {}
    # Bundled files choose first, so they keep their ids.
    for path, (ref, scheme, bundled) in sorted(found.items(), key=lambda item: not item[1][2]):
        first = scheme.id
        if ids[scheme.id] > 1 and not bundled and path.stem != scheme.id:
            first = path.stem
        taken = set(names.values())
        names[path] = next((n for n in (first, ref, str(path)) if n not in taken), str(path))
    named: dict[str, tuple[Scheme, bool]] = {}
    for path, (_, scheme, bundled) in found.items():
        if names[path] != scheme.id:
            # The name is a label for the reports (a path is not a valid id, and need not be).
            scheme = replace(scheme, id=names[path])
        named[names[path]] = (scheme, bundled)
    return named


def _run_on(schemes: dict[str, tuple[Scheme, bool]]) -> dict[str, tuple[Scheme, bool]]:
    """Each scheme named with the offer it carries on from (a transfer and its employer's last
    offer) runs from that offer's start: the whole run, 2019 pay to after the transfer, and a
    payroll means the same people in both columns. Of several such offers, the latest to end,
    then the first named."""
    from paycalc.engine import chained, runs_on

    out = {}
    for name, (then, bundled) in schemes.items():
        before = [s for s, _ in schemes.values() if s is not then and runs_on(s, then)]
        if before:
            first = max(before, key=lambda s: s.period.end)  # max keeps the first of equals
            then = chained(first, then)
        out[name] = (then, bundled)
    return out


def people(scheme: Scheme, registry: BandSource, selection: Selection) -> Iterator[PersonSpec]:
    """The staff the selection names on the scheme's starting scale, band by band.

    A point given without a band is looked for in every band, and bands too short to have it
    are left out; a point beyond a band that was named is an error.
    """
    from paycalc.model import PersonSpec
    from paycalc.state import band_points

    bands = registry.bands(scheme.from_scale)
    if selection.band is not None:
        try:
            band_points(bands, selection.band, scheme.from_scale)
        except PersonError as e:
            raise PersonError(e.message, e.column, scheme.id) from None
        chosen = [selection.band]
    else:
        chosen = list(bands)
    fte, point = selection.fte, selection.point
    found = False
    for band in chosen:
        n = len(bands[band])
        if selection.salary is not None:
            found = True
            yield PersonSpec(band=band, salary=selection.salary, fte=fte)
        elif point is None:
            found = True
            for p in range(1, n + 1):
                yield PersonSpec(band=band, point=p, fte=fte)
        elif point == "top" or point <= n or selection.band is not None:
            found = True  # a named band's missing point is reported, with its range, by the engine
            yield PersonSpec(band=band, point=point, fte=fte)
    if not found:
        raise PersonError(f"no band of {scheme.from_scale} has a point {point}", "point", scheme.id)


def _row_maker(
    scheme: Scheme,
    registry: Registry,
    against: str | None,
    window: tuple[date, date],
    rule: ParityRule,
) -> Callable[[PersonSpec], Row]:
    """A person's row under `scheme`; what depends on the scheme alone (its steps in date order,
    its reference and notes) is worked out once for all its people."""
    from paycalc.engine import runner
    from paycalc.parity import figures_for

    run = runner(scheme, registry)
    figures = figures_for(scheme, registry, against=against, window=window, parity=rule)

    def row(person: PersonSpec) -> Row:
        try:
            result = run(person)
            figs = figures(result)
        except PersonError as e:
            raise PersonError(e.message, e.column, scheme.id) from None
        return Row(figs, not result.start.protected and result.start.at_top)

    return row


def _figures_maker(row_of: Callable[[PersonSpec], Row]) -> Callable[[PersonSpec], Figures]:
    return lambda person: row_of(person).figures


def _rates(
    scheme: Scheme, rows: list[Row], registry: Registry, row_of: Callable[[PersonSpec], Row]
) -> list[RateForJob]:
    """The rate for the job in every band the rows cover: what the person on the band's top is
    paid at the end (protected pay included) against their reference salary under the run's
    rule, so it equals the `top` row. Full-time, whatever FTE was asked."""
    from paycalc.model import PersonSpec

    start = registry.bands(scheme.from_scale)
    out = []
    for band in dict.fromkeys(r.figures.band for r in rows):
        top = next((r for r in rows if r.figures.band == band and r.top), None)
        if top is None or top.figures.fte != 1:
            top = row_of(PersonSpec(band=band, point="top"))
        f = top.figures
        out.append(
            RateForJob(
                scheme=scheme.id,
                band=band,
                max_before=start[band][-1],
                max_after=f.after,
                reference=f.reference,
                reference_band=f.reference_band,
                reference_salary=f.reference_salary,
                parity_rule=f.parity_rule,
                illustrative=f.illustrative,
            )
        )
    return out


def _info(scheme: Scheme, registry: Registry, against: str | None, bundled: bool) -> SchemeInfo:
    ref = against or scheme.reference
    illustrative = scheme.illustrative_scales(registry.scale, ref)
    return SchemeInfo(
        id=scheme.id,
        title=scheme.title,
        employer=scheme.employer,
        status=scheme.status,
        from_scale=scheme.from_scale,
        reference=ref,
        illustrative_scales=illustrative,
        bundled=bundled,
        period_end=scheme.period.end,
        period_start=scheme.period.start,
    )
