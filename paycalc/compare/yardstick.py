"""What every offer of one comparison is measured with: one reference scale and one cash window,
chosen by a stated rule unless given (`--against`, `--from`, `--to`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from paycalc.compare.results import Yardstick
from paycalc.errors import PaycalcError

if TYPE_CHECKING:
    from paycalc.files.registry import Registry
    from paycalc.model import Scheme

# A window given on the command line: either end may be missing (it then follows the rule).
Window = tuple[date | None, date | None]


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
    # The first of the most common, as most_common(1) gives it, without the heapq it imports.
    return max(owners, key=owners.__getitem__)


def _in_force(schemes: Sequence[Scheme], registry: Registry, day: date) -> str:
    """The reference employer's scale in force on `day` (the latest effective on or before it;
    when none is yet, the first there is). Looked for among the scales the registry finds
    (files that cannot be read are passed over in silence: they were not asked for), by what
    `list` shows of them (no scale is loaded for it), and the offers' own references (a
    reference given by path is not found by id)."""
    from paycalc.errors import FileProblems

    employer = _reference_employer(schemes, registry)
    # By reference: (employer, effective date, id).
    candidates: dict[str, tuple[str, date, str]] = {}
    for s in schemes:
        scale = registry.scale(s.reference)
        candidates[s.reference] = (scale.employer, scale.effective, scale.id)
    for path in registry.files():
        try:
            item = registry.listing(path)
        except FileProblems:
            continue
        if item.kind == "scale" and item.id == path.stem and item.id not in candidates:
            candidates[item.id] = (item.employer, item.start, item.id)
    own = [
        (effective, ident) for owner, effective, ident in candidates.values() if owner == employer
    ]
    in_force = [c for c in own if c[0] <= day]
    return max(in_force)[1] if in_force else min(own)[1]
