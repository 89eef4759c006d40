"""Gathers what `paycalc compare` reports: the offers (a scheme, or an explicit run `a+b` of
several), the people, their parity figures against one reference scale over one cash window,
the rate for the job in each band and each offer's share of staff reaching a 2-6 % rise.

The rule a negotiator can defend: an offer's own figures (before, after, rises, one-offs, end
point, protection) depend on the offer and the person alone, never on what else is compared;
what the offers are measured with (the reference scale and the cash window) is one choice per
comparison (compare/yardstick.py), stated once. The offers and runs named are read in
compare/offers.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.compare.offers import Offer, is_transfer, named_offers
from paycalc.compare.results import (
    Comparison,
    RateForJob,
    Report,
    Row,
    SchemeInfo,
    Selection,
    Yardstick,
    pay_round,
    pay_year,
)
from paycalc.compare.shares import payroll_shares, read_payroll, summarise
from paycalc.compare.yardstick import Window, yardstick
from paycalc.errors import NotFound, PersonError

__all__ = [
    "Comparison",
    "RateForJob",
    "Report",
    "Row",
    "SchemeInfo",
    "Selection",
    "compare",
    "compare_all",
    "compare_report",
    "people",
]

if TYPE_CHECKING:
    from paycalc.engine import BandSource
    from paycalc.files.registry import Registry
    from paycalc.model import PersonSpec, Scale, Scheme
    from paycalc.oncosts import OnCostSettings
    from paycalc.parity import Figures, ParityRule
    from paycalc.payroll.read import PayrollPeople


def compare(
    refs: Sequence[str],
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: Window | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
    on_costs: OnCostSettings | None = None,
) -> Comparison:
    """Compare the offers named (ids, paths, or runs `a+b`) as one comparison: every row is
    measured against the same reference scale at the same date, and cash is counted over the
    same window (see `yardstick`).

    Args:
        selection: which staff; by default every point of every band.
        against: the reference scale (id or path) instead of the rule's.
        window: the dates cash is added up over (either end None: the rule's).
        payroll: a payroll CSV whose head counts weight each offer's summary.
        parity: the rule choosing each person's reference salary (default: `transfer`).
        on_costs: with a payroll, cost each offer with employer NI and pension as well.

    Raises NotFound, FileProblems or PersonError (PaycalcErrors) for input that cannot be
    compared.
    """
    if not refs:
        raise NotFound("no schemes to compare: give a scheme id or a path to a .yaml file")
    offers = named_offers(list(refs), registry)
    heads = read_payroll(payroll, on_costs is not None) if payroll is not None else None
    return _comparison(
        offers,
        registry,
        selection,
        against,
        window,
        heads,
        parity,
        strict=True,
        title=None,
        on_costs=on_costs,
    )


def compare_report(
    refs: Sequence[str],
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: Window | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
    on_costs: OnCostSettings | None = None,
) -> Report:
    """What `paycalc compare` reports: the offers named as one comparison, or (none named)
    every offer, one comparison per pay round."""
    if refs:
        named = compare(
            refs,
            registry,
            selection,
            against=against,
            window=window,
            payroll=payroll,
            parity=parity,
            on_costs=on_costs,
        )
        return Report((named,))
    return compare_all(
        registry,
        selection,
        against=against,
        window=window,
        payroll=payroll,
        parity=parity,
        on_costs=on_costs,
    )


def compare_all(
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: Window | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
    on_costs: OnCostSettings | None = None,
) -> Report:
    """Every offer the registry finds, one comparison per pay round (the April-to-March year an
    offer starts in: offers of one round overlap), each with its own stated reference and
    window. Transfers are left out: a transfer is compared in a run from an offer."""
    offers: list[Offer] = []
    transfers: list[Offer] = []
    local: list[str] = []
    for ident in registry.ids("scheme"):
        loaded = registry.loaded(ident, "scheme")
        scheme = registry.scheme(ident)
        if not loaded.bundled:
            local.append(str(loaded.path))
        target = transfers if is_transfer(scheme, registry) else offers
        target.append(Offer(scheme, (scheme.id,), loaded.bundled))
    if not offers:
        raise NotFound("no schemes to compare: give a scheme id or a path to a .yaml file")
    heads = read_payroll(payroll, on_costs is not None) if payroll is not None else None
    rounds: dict[str, list[Offer]] = {}
    for offer in sorted(offers, key=lambda o: pay_year(o.scheme.period.start)):
        rounds.setdefault(pay_round(offer.scheme.period.start), []).append(offer)
    comparisons = []
    skipped_all: list[_NoneFits] = []
    rounds_left_out = []
    for name, group in rounds.items():
        title = f"{name} pay round"
        try:
            comparisons.append(
                _comparison(
                    group,
                    registry,
                    selection,
                    against,
                    window,
                    heads,
                    parity,
                    strict=False,
                    title=title,
                    on_costs=on_costs,
                )
            )
        except _NoneFits as e:
            skipped_all.append(e)
            rounds_left_out.append((title, e.first.message))
    if not comparisons:
        first = skipped_all[0].first
        count = sum(e.count for e in skipped_all)
        raise PersonError(
            f"none of the {count} schemes fits the staff asked for; first: {first.scheme}: "
            f"{first.message}",
            first.column,
        )
    return Report(
        tuple(comparisons),
        local_files=tuple(local),
        transfers=tuple(o.scheme.id for o in transfers),
        by_round=True,
        rounds_left_out=tuple(rounds_left_out),
    )


class _NoneFits(Exception):
    """No offer of a round fits the staff asked for."""

    def __init__(self, first: PersonError, count: int) -> None:
        self.first = first
        self.count = count


def _comparison(
    offers: list[Offer],
    registry: Registry,
    selection: Selection | None,
    against: str | None,
    window: Window | None,
    heads: PayrollPeople | None,
    parity: ParityRule | str | None,
    *,
    strict: bool,
    title: str | None,
    on_costs: OnCostSettings | None = None,
) -> Comparison:
    from paycalc.parity import parity_rule

    rule = parity_rule(parity)
    selection = selection or Selection()
    yard = yardstick([o.scheme for o in offers], registry, against, window)
    ref_scale = registry.scale(yard.reference)
    infos, rows, rates, summaries = [], [], [], []
    compared: list[Scheme] = []
    skipped: list[tuple[str, str]] = []
    first_error: PersonError | None = None
    for offer in offers:
        scheme = offer.scheme
        row_of = _row_maker(scheme, registry, yard, rule)
        try:
            scheme_rows = [row_of(person) for person in people(scheme, registry, selection)]
        except PersonError as e:
            # Named offers must fit the selection; of every offer, the ones that do not (no
            # band 1 on Interserve's spine) are left out and listed.
            if strict:
                raise
            skipped.append((scheme.id, e.message))
            first_error = first_error or e
            continue
        compared.append(scheme)
        infos.append(_info(offer, registry, yard.reference, ref_scale))
        rows.extend(scheme_rows)
        rates.extend(_rates(scheme, scheme_rows, registry, row_of, ref_scale))
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
        raise _NoneFits(first_error, len(skipped))
    return Comparison(
        tuple(infos),
        tuple(rows),
        tuple(rates),
        tuple(summaries),
        yard.window,
        selection,
        tuple(skipped),
        rule,
        yardstick=yard,
        roles=_roles(compared, registry, ref_scale),
        title=title,
    )


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
    scheme: Scheme, registry: Registry, yard: Yardstick, rule: ParityRule
) -> Callable[[PersonSpec], Row]:
    """A person's row under `scheme`; what depends on the scheme alone (its steps in date order,
    its reference and notes) is worked out once for all its people."""
    from paycalc.engine import runner
    from paycalc.parity import figures_for

    run = runner(scheme, registry)
    figures = figures_for(scheme, registry, against=yard.reference, window=yard.window, parity=rule)

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
    scheme: Scheme,
    rows: list[Row],
    registry: Registry,
    row_of: Callable[[PersonSpec], Row],
    ref_scale: Scale,
) -> list[RateForJob]:
    """The rate for the job in every band the rows cover: what the person on the band's top is
    paid at the end (protected pay included) against their reference salary under the run's
    rule, so it equals the `top` row, and against the top of the matched reference band.
    Full-time, whatever FTE was asked."""
    from paycalc.model import PersonSpec

    start = registry.bands(scheme.from_scale)
    ref_bands = ref_scale.band_points()
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
                reference_top=ref_bands[f.reference_band][-1],
            )
        )
    return out


def _info(offer: Offer, registry: Registry, reference: str, ref_scale: Scale) -> SchemeInfo:
    scheme = offer.scheme
    illustrative = scheme.illustrative_scales(registry.scale, reference)
    return SchemeInfo(
        id=scheme.id,
        title=scheme.title,
        employer=scheme.employer,
        status=scheme.status,
        from_scale=scheme.from_scale,
        reference=reference,
        illustrative_scales=illustrative,
        bundled=offer.bundled,
        period_end=scheme.period.end,
        run=offer.parts,
        variant_of=scheme.variant_of,
        benchmark=scheme.employer == ref_scale.employer,
        period_start=scheme.period.start,
    )


def _roles(
    schemes: list[Scheme], registry: Registry, ref_scale: Scale
) -> tuple[tuple[str, str], ...]:
    """Each band's job title: the `role` of the band on an offer's starting scale, else of the
    reference band it is matched to."""
    roles: dict[str, str] = {}
    for scheme in schemes:
        band_map = {**ref_scale.former_bands, **scheme.reference_method(ref_scale.id)[1]}
        for band in registry.scale(scheme.from_scale).bands:
            if band.name in roles:
                continue
            matched = ref_scale.band(band_map.get(band.name, band.name))
            role = band.role or (matched.role if matched is not None else None)
            if role:
                roles[band.name] = role
    return tuple(roles.items())
