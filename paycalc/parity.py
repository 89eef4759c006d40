"""The figures a negotiator reads for one person: the rise, the one-offs, and the gap to the NPS."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Protocol

from paycalc.basis import Bases
from paycalc.engine import EngineError, Result, year_fraction
from paycalc.errors import PaycalcError
from paycalc.model import Scale, Scheme
from paycalc.money import ZERO, fmt_money, fmt_pct, pct_change, to_penny
from paycalc.state import Points, State

# The CRC contracts ended on 25/26 June 2021; offers of different timing are compared on the cash
# they pay from the start of 2020/21 to then.
DEFAULT_WINDOW = (date(2020, 4, 1), date(2021, 6, 25))


def default_window(schemes: Iterable[Scheme]) -> tuple[date, date]:
    """DEFAULT_WINDOW, run on to the end of the latest scheme that starts after it (the 26 June
    2021 transfer would otherwise fall outside the window and show no cash at all); when every
    scheme starts after it (a transfer alone, another pay spine's award), from the earliest
    start."""
    periods = [s.period for s in schemes]
    later = [p for p in periods if p.start > DEFAULT_WINDOW[1]]
    end = max([DEFAULT_WINDOW[1], *(p.end for p in later)])
    if periods and len(later) == len(periods):
        return (min(p.start for p in later), end)
    return (DEFAULT_WINDOW[0], end)


class ScaleSource(Protocol):
    """What parity reads scales through (a Registry is one): a whole scale by id or path."""

    def scale(self, ref: str) -> Scale: ...


@dataclass(frozen=True)
class ParityRule:
    """How a person's counterpart on the reference (NPS) scale is chosen: one rule per run, named
    in every output so gaps from different offers are read the same way."""

    name: str
    meaning: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "meaning": self.meaning}

    def __str__(self) -> str:
        return f"{self.name}: {self.meaning}"


# HMPPS transfer FAQ (2021): staff were assimilated "using your former CRC salary, at the 37-hour
# equivalent, and moving staff to the equivalent or next highest pay point in the band they were
# matched to. If staff exceed the band maximum the difference will be pay protected".
TRANSFER = ParityRule(
    "transfer",
    "the NPS pay point the person would be moved to on transfer (the lowest point of the matched "
    "NPS band at or above their full-time salary after the offer; above the band top, the top)",
)
SAME_POINT = ParityRule(
    "same-point",
    "the NPS salary the same number of points from the bottom of the matched band, capped at its "
    "top (a same-service reading)",
)
PARITY_RULES = {rule.name: rule for rule in (TRANSFER, SAME_POINT)}
DEFAULT_PARITY = TRANSFER


def parity_rule(name: str | ParityRule | None) -> ParityRule:
    """The rule called `name` (None: the default, `transfer`)."""
    if isinstance(name, ParityRule):
        return name
    if name is None:
        return DEFAULT_PARITY
    try:
        return PARITY_RULES[name]
    except KeyError:
        known = " or ".join(PARITY_RULES)
        raise PaycalcError(f"unknown parity rule '{name}': give {known}") from None


@dataclass(frozen=True)
class Figures:
    """Everything `compare`, `apply` and `explain` report for one person under one scheme.

    Money is scaled by FTE, each figure rounded to the penny; percentages are of those figures.
    """

    scheme: str
    status: str
    band: str
    point: int  # the starting point (for a salary, the point at or below it)
    end_point: int
    protected: bool
    fte: Decimal
    before: Decimal
    after: Decimal
    consolidated_increase: Decimal
    consolidated_increase_pct: Decimal
    unconsolidated: Decimal
    total_increase_pct: Decimal
    reference: str
    reference_band: str
    reference_salary: Decimal
    parity_rule: str
    parity_gap: Decimal
    parity_gap_pct: Decimal
    cash_in_period: Decimal
    cash_baseline: Decimal
    cash_gain: Decimal
    window: tuple[date, date]
    illustrative_scales: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    # What before, after and the reference salary rest on (paycalc.basis): quoted, inferred,
    # secondary, illustrative, published, or "not a point" (a salary between, above or raised off
    # the points).
    basis: tuple[str, str, str] = ("published", "published", "published")

    @property
    def illustrative_value(self) -> bool:
        """Whether any of the three figures rests on a value filled in by arithmetic."""
        return "illustrative" in self.basis

    @property
    def illustrative(self) -> bool:
        return bool(self.illustrative_scales)

    def to_dict(self) -> dict[str, object]:
        """One result as JSON (the `results` shape in the README): money and percentages as
        strings."""
        return {
            "scheme": self.scheme,
            "status": self.status,
            "band": self.band,
            "point": self.point,
            "end_point": self.end_point,
            "protected": self.protected,
            "fte": str(self.fte.normalize()) if self.fte != 1 else "1",
            "before": fmt_money(self.before),
            "after": fmt_money(self.after),
            "consolidated_increase": fmt_money(self.consolidated_increase),
            "consolidated_increase_pct": fmt_pct(self.consolidated_increase_pct),
            "unconsolidated": fmt_money(self.unconsolidated),
            "total_increase_pct": fmt_pct(self.total_increase_pct),
            "reference": self.reference,
            "reference_band": self.reference_band,
            "reference_salary": fmt_money(self.reference_salary),
            "parity_rule": self.parity_rule,
            "parity_gap": fmt_money(self.parity_gap),
            "parity_gap_pct": fmt_pct(self.parity_gap_pct),
            "cash_in_period": fmt_money(self.cash_in_period),
            "cash_baseline": fmt_money(self.cash_baseline),
            "cash_gain": fmt_money(self.cash_gain),
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "illustrative": self.illustrative,
            "illustrative_scales": list(self.illustrative_scales),
            "illustrative_value": self.illustrative_value,
            "before_basis": self.basis[0],
            "after_basis": self.basis[1],
            "reference_basis": self.basis[2],
            "notes": list(self.notes),
        }


def figures(
    result: Result,
    scales: ScaleSource,
    *,
    against: str | None = None,
    as_of: date | None = None,
    window: tuple[date, date] | None = None,
    parity: ParityRule | str | None = None,
) -> Figures:
    """Derive the parity figures of one person's timeline.

    Args:
        against: the reference scale (default: the scheme's own `reference`).
        as_of: read `after` on this date instead of the end of the scheme's period.
        window: the dates over which cash is added up (default: 1 April 2020 to 25 June 2021,
            or to the end of a scheme that starts after that; see default_window).
        parity: the rule choosing the reference salary (default: `transfer`).
    """
    of = figures_for(
        result.scheme, scales, against=against, as_of=as_of, window=window, parity=parity
    )
    return of(result)


def figures_for(
    scheme: Scheme,
    scales: ScaleSource,
    *,
    against: str | None = None,
    as_of: date | None = None,
    window: tuple[date, date] | None = None,
    parity: ParityRule | str | None = None,
) -> SchemeFigures:
    """`figures` for many timelines under one scheme, read against the same scales with the
    same options (a comparison reads every point of every band): see SchemeFigures."""
    return SchemeFigures(scheme, scales, against, as_of, window, parity_rule(parity))


class SchemeFigures:
    """`figures(result, ...)` for the results of one scheme: what depends only on the scheme and
    the options (the reference scale, its bands and the band map, the illustrative scales) is
    worked out when first needed, at the point `figures` always needed it (so a missing scale
    or band is reported as before), and kept, as is what each scale's values rest on
    (`basis.Bases`). The scales must not change meanwhile."""

    def __init__(
        self,
        scheme: Scheme,
        scales: ScaleSource,
        against: str | None,
        as_of: date | None,
        window: tuple[date, date] | None,
        rule: ParityRule,
    ) -> None:
        self.scheme = scheme
        self.scales = scales
        self.against = against
        self.end_day = as_of or scheme.period.end
        self.first_day = min(scheme.period.start, self.end_day)
        self.window = window
        self.rule = rule
        self._bases: dict[str, Bases] = {}

    @cached_property
    def ref_scale(self) -> Scale:
        return self.scales.scale(self.against or self.scheme.reference)

    @cached_property
    def ref_bands(self) -> tuple[dict[str, str], dict[str, Points]]:
        return _reference_bands(self.scheme, self.ref_scale)

    @cached_property
    def ref_bases(self) -> Bases:
        return Bases(self.ref_scale)

    def bases(self, scale_id: str) -> Bases:
        found = self._bases.get(scale_id)
        if found is None:
            found = self._bases[scale_id] = Bases(self.scales.scale(scale_id))
        return found

    @cached_property
    def illustrative(self) -> tuple[str, ...]:
        return self.scheme.illustrative_scales(self.scales.scale, self.ref_scale.id)

    def __call__(self, result: Result) -> Figures:
        """The figures of one timeline of this scheme."""
        scheme, rule = self.scheme, self.rule
        if result.scheme is not scheme:
            raise ValueError(f"a timeline of {result.scheme.id} read as one of {scheme.id}")
        fte = result.person.fte
        end_day = self.end_day
        end = result.state_at(end_day)
        ref_id = self.ref_scale.id  # `against` may be a path
        band_map, ref_bands = self.ref_bands
        ref_band, ref_ft, ref_note = _reference(scheme, end, ref_id, band_map, ref_bands, rule)

        before = to_penny(result.start.salary * fte)
        after = to_penny(end.salary * fte)
        unconsolidated = sum(
            (to_penny(p.amount * fte) for p in result.payments(self.first_day, end_day)), ZERO
        )
        reference = to_penny(ref_ft * fte)
        gap = after - reference
        win = self.window or default_window([scheme])
        cash, baseline = cash_in_window(result, fte, win)

        illustrative = self.illustrative
        notes = []
        if end.protected:
            until = f" (protected until {end.protected_until})" if end.protected_until else ""
            notes.append(f"protected salary above the band top: no increments{until}")
        if ref_note:
            notes.append(ref_note)
        if illustrative:
            notes.append("illustrative scale values: " + ", ".join(illustrative))
        if scheme.unsettled:
            notes.append(f"scheme status: {scheme.status}")
        start = result.start
        # Each figure by its own value, not by the point it was placed on: a salary given
        # between points (or above the top) is not a point, and an uplift raises a salary off
        # the values of the scale the person is still counted on.
        basis = (
            self.bases(start.scale_id).value(start.band, start.salary),
            self.bases(end.scale_id).value(end.band, end.salary),
            self.ref_bases.value(ref_band, ref_ft),
        )
        return Figures(
            scheme=scheme.id,
            status=scheme.status,
            band=result.start.band,
            point=result.start.point,
            end_point=end.point,
            protected=end.protected,
            fte=fte,
            before=before,
            after=after,
            consolidated_increase=after - before,
            consolidated_increase_pct=pct_change(after, before),
            unconsolidated=unconsolidated,
            total_increase_pct=pct_change(after + unconsolidated, before),
            reference=ref_id,
            reference_band=ref_band,
            reference_salary=reference,
            parity_rule=rule.name,
            parity_gap=gap,
            parity_gap_pct=pct_change(after, reference),
            cash_in_period=cash,
            cash_baseline=baseline,
            cash_gain=cash - baseline,
            window=win,
            illustrative_scales=illustrative,
            notes=tuple(notes),
            basis=basis,
        )


def reference_salary(
    scheme: Scheme, end: State, ref: Scale, rule: ParityRule = DEFAULT_PARITY
) -> tuple[str, Decimal, str]:
    """(band, full-time salary, note) of the person's counterpart on the reference scale.

    The band is the one the person's band is matched to (the band map of the scheme's
    assimilation onto that scale, else the scheme's own). Under `transfer`, the lowest point of
    that band at or above the full-time salary at the end (the top when above it, protected or
    not); under `same-point`, the same point number, capped at the top (the top when protected).
    """
    band_map, bands = _reference_bands(scheme, ref)
    return _reference(scheme, end, ref.id, band_map, bands, rule)


def _reference_bands(scheme: Scheme, ref: Scale) -> tuple[dict[str, str], dict[str, Points]]:
    """The band map onto the reference scale and the reference scale's bands: the scheme's own
    map first, then the bands the reference scale no longer has (`former_bands`)."""
    _, band_map = scheme.reference_method(ref.id)
    return {**ref.former_bands, **band_map}, ref.band_points()


def _reference(
    scheme: Scheme,
    end: State,
    ref_id: str,
    band_map: dict[str, str],
    bands: dict[str, Points],
    rule: ParityRule,
) -> tuple[str, Decimal, str]:
    band = band_map.get(end.band, end.band)
    if band not in bands:
        raise EngineError(
            f"reference scale {ref_id} has no band '{band}' (its bands are {', '.join(bands)}); "
            f"add a band_map to scheme {scheme.id}"
        )
    points = bands[band]
    if rule.name == SAME_POINT.name:
        if end.protected:
            return band, points[-1], ""
        if end.point > len(points):
            note = f"reference: band {band} of {ref_id} has {len(points)} points; "
            note += "compared with its top"
            return band, points[-1], note
        return band, points[end.point - 1], ""
    at_or_above = next((v for v in points if v >= end.salary), None)
    if at_or_above is None:
        return (
            band,
            points[-1],
            f"salary above the top of band {band} on {ref_id}: compared with its top",
        )
    return band, at_or_above, ""


def cash_in_window(
    result: Result, fte: Decimal, window: tuple[date, date]
) -> tuple[Decimal, Decimal]:
    """(cash paid, cash with no award) from window[0] to window[1] inclusive: salary per day
    (annual ÷ days in that calendar year) plus one-off payments dated inside the window."""
    first, last = window
    stop = last + timedelta(days=1)
    salary_part = Decimal(0)
    changes = [(date.min, result.start.salary), *result.salary_changes()]
    for (since, salary), nxt in zip(changes, [*changes[1:], (date.max, None)], strict=True):
        seg_start, seg_stop = max(since, first), min(nxt[0], stop)
        if seg_start < seg_stop:
            salary_part += to_penny(salary * fte) * year_fraction(seg_start, seg_stop)
    payments = sum((to_penny(p.amount * fte) for p in result.payments(first, last)), ZERO)
    baseline = to_penny(to_penny(result.start.salary * fte) * year_fraction(first, stop))
    return to_penny(salary_part) + payments, baseline
