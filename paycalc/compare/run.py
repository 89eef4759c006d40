"""Gathers what `paycalc compare` reports: the offers (a scheme, or an explicit run `a+b` of
several), the people, their parity figures against one reference scale over one cash window,
the rate for the job in each band and each offer's share of staff reaching a 2-6 % rise.

The rule a negotiator can defend: an offer's own figures (before, after, rises, one-offs, end
point, protection) depend on the offer and the person alone, never on what else is compared;
what the offers are measured with (the reference scale and the cash window) is one choice per
comparison (`yardstick`), stated once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from paycalc.compare.results import (
    Comparison,
    RateForJob,
    Report,
    Row,
    SchemeInfo,
    Selection,
    Yardstick,
)
from paycalc.compare.shares import payroll_shares, read_payroll, summarise
from paycalc.errors import NotFound, PaycalcError, PersonError

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
    from paycalc.parity import Figures, ParityRule
    from paycalc.payroll.read import PayrollPeople

RUN_JOIN = "+"  # `a+b+c`: a run through a, then b, then c

# A window given on the command line: either end may be missing (it then follows the rule).
Window = tuple[date | None, date | None]


class Offer:
    """One column of a comparison: a scheme, or a run of schemes joined as one, by its name."""

    def __init__(self, scheme: Scheme, parts: tuple[str, ...], bundled: bool) -> None:
        self.scheme = scheme
        self.parts = parts
        self.bundled = bundled


def compare(
    refs: Sequence[str],
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: Window | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
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

    Raises NotFound, FileProblems or PersonError (PaycalcErrors) for input that cannot be
    compared.
    """
    if not refs:
        raise NotFound("no schemes to compare: give a scheme id or a path to a .yaml file")
    offers = named_offers(list(refs), registry)
    heads = read_payroll(payroll) if payroll is not None else None
    return _comparison(
        offers, registry, selection, against, window, heads, parity, strict=True, title=None
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
        )
        return Report((named,))
    return compare_all(
        registry, selection, against=against, window=window, payroll=payroll, parity=parity
    )


def compare_all(
    registry: Registry,
    selection: Selection | None = None,
    *,
    against: str | None = None,
    window: Window | None = None,
    payroll: Path | None = None,
    parity: ParityRule | str | None = None,
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
    heads = read_payroll(payroll) if payroll is not None else None
    rounds: dict[int, list[Offer]] = {}
    for offer in sorted(offers, key=lambda o: pay_year(o.scheme.period.start)):
        rounds.setdefault(pay_year(offer.scheme.period.start), []).append(offer)
    comparisons = []
    skipped_all: list[_NoneFits] = []
    for year, group in rounds.items():
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
                    title=f"{year}/{(year + 1) % 100:02d} pay round",
                )
            )
        except _NoneFits as e:
            skipped_all.append(e)
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
    )


def pay_year(day: date) -> int:
    """The April-to-March pay year a day falls in, by its first calendar year (2020 for
    2020/21)."""
    return day.year if day.month >= 4 else day.year - 1


def is_transfer(scheme: Scheme, registry: Registry) -> bool:
    """Whether a scheme only moves its employer's staff onto another employer's scale (the June
    2021 transfers to the Probation Service): every step is such a move."""
    steps = [step for _, step in scheme.ordered_steps()]
    if not steps:
        return False
    for step in steps:
        target = step.moves_to()
        if target is None or registry.scale(target).employer == scheme.employer:
            return False
    return True


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
            summaries.append(payroll_shares(scheme.id, heads, selection.band, figures_of))
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


def yardstick(
    schemes: Sequence[Scheme],
    registry: Registry,
    against: str | None = None,
    window: Window | None = None,
) -> Yardstick:
    """The one reference scale and cash window of a comparison.

    The rule: cash is counted from the earliest start of the offers compared to their latest end
    (an offer that ends earlier holds its final pay to that day), and everyone is measured
    against the reference scale in force on the window's last day: of the scales of the offers'
    reference employer (the NPS), the latest to take effect on or before that day. `--against`,
    `--from` and `--to` override their part; the reference date is always the window's end.
    """
    first_given, last_given = window or (None, None)
    first = first_given or min(s.period.start for s in schemes)
    last = last_given or max(s.period.end for s in schemes)
    if last < first:
        raise PaycalcError(f"the cash window ends ({last}) before it starts ({first})")
    owner = reference_owner(schemes, registry)
    if against is not None:
        reference = registry.scale(against).id  # a path is then searched by id
        why = "given by --against"
    else:
        reference = _in_force(schemes, registry, last)
        why = f"the {owner} scale in force on {last:%-d %B %Y}, the window's last day"
    return Yardstick(
        reference=reference,
        reference_why=why,
        owner=owner,
        window=(first, last),
        window_given=(first_given is not None, last_given is not None),
    )


def reference_owner(schemes: Sequence[Scheme], registry: Registry) -> str:
    """The employer whose scales the offers are measured against (short: 'NPS' for the
    National Probation Service)."""
    employer = _reference_employer(schemes, registry)
    return "NPS" if employer.startswith("National Probation Service") else employer


def _reference_employer(schemes: Sequence[Scheme], registry: Registry) -> str:
    owners = Counter(registry.scale(s.reference).employer for s in schemes)
    return owners.most_common(1)[0][0]


def _in_force(schemes: Sequence[Scheme], registry: Registry, day: date) -> str:
    """The reference employer's scale in force on `day` (the latest effective on or before it;
    when none is yet, the first there is). Looked for among the scales the registry finds
    (files that cannot be read are passed over in silence: they were not asked for) and the
    offers' own references (a reference given by path is not found by id)."""
    from paycalc.errors import FileProblems
    from paycalc.model import Scale

    employer = _reference_employer(schemes, registry)
    candidates: dict[str, Scale] = {s.reference: registry.scale(s.reference) for s in schemes}
    for path in registry.files():
        try:
            if registry.listing(path).kind != "scale":
                continue
            scale = registry.load(path).doc
        except FileProblems:
            continue
        if isinstance(scale, Scale) and scale.id == path.stem and scale.id not in candidates:
            candidates[scale.id] = scale
    own = [s for s in candidates.values() if s.employer == employer]
    in_force = [s for s in own if s.effective <= day]
    if in_force:
        return max(in_force, key=lambda s: (s.effective, s.id)).id
    return min(own, key=lambda s: (s.effective, s.id)).id


def named_offers(refs: list[str], registry: Registry) -> list[Offer]:
    """The offers named on the command line, in order: each a scheme or a run `a+b+c`, each
    part loaded once and named by its id, unless a counter-offer copied from another file kept
    that id, in which case the file not bundled goes by its file name instead."""
    runs = [_parts(ref) for ref in refs]
    schemes = _named_schemes([p for run in runs for p in run], registry)
    out: list[Offer] = []
    seen: set[str] = set()
    for run in runs:
        named = [schemes[p] for p in run]
        parts = tuple(name for name, _, _ in named)
        name = RUN_JOIN.join(parts)
        if name in seen:
            continue
        seen.add(name)
        scheme = joined([s for _, s, _ in named], name)
        out.append(Offer(scheme, parts, all(b for _, _, b in named)))
    return out


def _parts(ref: str) -> list[str]:
    """A ref's parts: `a+b` is a run, unless it names a file as it is."""
    if RUN_JOIN not in ref or Path(ref).is_file():
        return [ref]
    parts = ref.split(RUN_JOIN)
    if any(not p for p in parts):
        raise NotFound(f"'{ref}': a run names its schemes joined by '+', such as a+b")
    return parts


def joined(parts: list[Scheme], name: str) -> Scheme:
    """One scheme that runs `parts` in turn (each must start after the one before ends, on the
    scale it ends on), named `name`. A run of readings (`variant_of`) is a reading of the run of
    the schemes they read."""
    from paycalc.engine import chained, end_scale, runs_on
    from paycalc.model import UNSETTLED

    if len(parts) == 1:
        return parts[0]
    run = parts[0]
    for then in parts[1:]:
        if not runs_on(run, then):
            raise PaycalcError(
                f"{name}: {then.id} does not run on from {run.id.split(RUN_JOIN)[-1]}: a run's "
                f"next scheme is of the same employer, starts after the one before ends "
                f"({run.period.end}), on the scale it ends on ({end_scale(run)})"
            )
        run = replace(chained(run, then), id=f"{run.id}{RUN_JOIN}{then.id}")
    unsettled = [p.status for p in parts if p.status in UNSETTLED]
    variant = None
    if any(p.variant_of for p in parts):
        variant = RUN_JOIN.join(p.variant_of or p.id for p in parts)
    return replace(
        run,
        id=name,
        title="; then ".join(p.title for p in parts),
        status=unsettled[0] if unsettled else parts[-1].status,
        variant_of=variant,
    )


def _named_schemes(refs: list[str], registry: Registry) -> dict[str, tuple[str, Scheme, bool]]:
    """Each ref's (name, scheme, bundled): every file loaded once and named by its id, unless
    a counter-offer copied from another file kept that id, in which case the file not bundled
    goes by its file name instead."""
    from paycalc.files.registry import looks_like_path

    # Ids first: a file given by path puts its directory first in the search, and would then
    # shadow the bundled scheme it was copied from.
    loaded = {}
    for ref in sorted(dict.fromkeys(refs), key=looks_like_path):
        loaded[ref] = (registry.scheme(ref), registry.loaded(ref, "scheme"))
    found: dict[Path, tuple[str, Scheme, bool]] = {}
    for ref in loaded:
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
    out: dict[str, tuple[str, Scheme, bool]] = {}
    for ref, (_, file) in loaded.items():
        _, scheme, bundled = found[file.path]
        name = names[file.path]
        if name != scheme.id:
            # The name is a label for the reports (a path is not a valid id, and need not be).
            scheme = replace(scheme, id=name)
        out[ref] = (name, scheme, bundled)
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
        band_map = scheme.reference_method(ref_scale.id)[1]
        for band in registry.scale(scheme.from_scale).bands:
            if band.name in roles:
                continue
            matched = ref_scale.band(band_map.get(band.name, band.name))
            role = band.role or (matched.role if matched is not None else None)
            if role:
                roles[band.name] = role
    return tuple(roles.items())
