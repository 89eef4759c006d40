"""`list`, `show` and `explain` as JSON documents: the same facts as their tables, money and
percentages as strings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from paycalc.errors import FileProblems
from paycalc.money import fmt_money, to_penny
from paycalc.types import plain_data

if TYPE_CHECKING:  # `paycalc list --format json` from the cache needs no models
    from collections.abc import Sequence

    from paycalc.describe.cited import CitedValue
    from paycalc.engine import Result
    from paycalc.model import Scheme
    from paycalc.parity import Figures, ParityRule


def list_data(registry: Any) -> dict[str, object]:
    """Every scheme, scale and price index the registry finds, and the files it could not
    read."""
    schemes: list[dict[str, object]] = []
    scales: list[dict[str, object]] = []
    indices: list[dict[str, object]] = []
    broken: list[dict[str, object]] = []
    for path in registry.files():
        try:
            item = registry.listing(path)
        except FileProblems as e:
            broken.append(e.problems[0].to_dict())
            continue
        entry: dict[str, object] = {
            "id": item.id,
            "status": item.status,
            "title": item.title,
            "from": "bundled" if registry.is_bundled(path) else str(path),
            "local": not registry.is_bundled(path),
        }
        if item.kind == "scheme":
            entry["period"] = [d.isoformat() for d in item.dates]
            entry["variant_of"] = item.variant_of
            schemes.append(entry)
        elif item.kind == "prices":
            entry["months"] = [d.isoformat()[:7] for d in item.dates]
            indices.append(entry)
        else:
            entry["effective"] = item.dates[0].isoformat()
            scales.append(entry)
    from paycalc.describe.as_tables import folders, natural_runs

    searched = [{"folder": str(path), "why": why} for path, why in folders(registry)]
    runs = [
        {"run": name, "parts": name.split("+"), "employer": employer}
        for employer, name in natural_runs(registry)
    ]
    return {
        "searched": searched,
        "schemes": schemes,
        "runs": runs,
        "scales": scales,
        "prices": indices,
        "unreadable": broken,
    }


def scheme_data(scheme: Scheme) -> dict[str, object]:
    """The scheme as its file says it, steps in date order (money and percents as strings)."""
    data: dict[str, object] = plain_data(scheme)
    data["steps_in_order"] = [
        {"on": step.on.isoformat(), "kind": step.kind, "does": step.describe(), "quote": step.quote}
        for _, step in scheme.ordered_steps()
    ]
    return data


def explain_data(
    result: Result, figs: Figures, rule: ParityRule, cited: Sequence[CitedValue] = ()
) -> dict[str, object]:
    """One person's timeline: every step with the amounts paid at the person's FTE; `cited`,
    the sources of the figures' values (full-time) that a scale's `known:` list names."""
    fte = result.person.fte
    events = []
    for event in result.events:
        events.append(
            {
                "on": event.step.on.isoformat(),
                "step": event.step.kind,
                "eligible": event.eligible,
                "salary_after": fmt_money(to_penny(event.after.salary * fte)),
                "payments": [
                    {
                        "on": p.on.isoformat(),
                        "amount": fmt_money(to_penny(p.amount * fte)),
                        "label": p.label,
                    }
                    for p in event.payments
                ],
                "back_pay": fmt_money(to_penny(event.back_pay * fte)),
                "what_happened_full_time": event.summary,
                "quote": event.step.quote,
            }
        )
    return {
        "scheme": result.scheme.id,
        "person": plain_data(result.person),
        "parity_rule": rule.to_dict(),
        "events": events,
        "figures": figs.to_dict(),
        "value_sources": [c.to_dict() for c in cited],
    }
