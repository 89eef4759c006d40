"""Runs a scheme file's `examples:` and reports each figure that differs, OpenFisca-style."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from paycalc.engine import run
from paycalc.errors import PaycalcError, Problem, ProblemList
from paycalc.files.marks import mark_at
from paycalc.model import Example, Scheme
from paycalc.money import fmt_money
from paycalc.parity import Figures, SchemeFigures, figures_for

_PERCENTS = {"consolidated_increase_pct", "total_increase_pct", "parity_gap_pct"}


def check_examples(scheme: Scheme, registry: Any, raw: Any = None, name: str = "") -> list[Problem]:
    """Every mismatch between an example's `expect` and what the engine computes."""
    name = name or f"{scheme.id}.yaml"
    problems = ProblemList(name)
    readers: dict[tuple[Any, str], SchemeFigures] = {}
    for e, example in enumerate(scheme.examples):
        where = ("examples", e)
        try:
            got = example_figures(scheme, example, registry, readers)
        except PaycalcError as err:
            message = f"Example '{example.name}': cannot be computed: {err.message}"
            problems.add("PC302", message, mark_at(raw, where))
            continue
        for key, expected, actual in mismatches(example, got):
            message = f"Example '{example.name}': {key}: expected {expected}, got {actual}"
            problems.add("PC301", message, mark_at(raw, (*where, "expect", key)))
    return problems.items


def example_figures(
    scheme: Scheme,
    example: Example,
    registry: Any,
    readers: dict[tuple[Any, str], SchemeFigures] | None = None,
) -> Figures:
    """The figures of an example, as `parity.figures` gives them. `readers` keeps the scheme's
    `figures_for` per date and parity rule, so examples read alike share what depends only on
    the scheme (its reference scale, band map and bases) instead of working it out again."""
    result = run(scheme, example.person, registry)
    key = (example.as_of, example.parity)
    of = readers.get(key) if readers is not None else None
    if of is None:
        of = figures_for(scheme, registry, as_of=example.as_of, parity=example.parity)
        if readers is not None:
            readers[key] = of
    return of(result)


def mismatches(example: Example, got: Figures) -> list[tuple[str, str, str]]:
    """(key, expected, actual) for each expected figure that differs, as text."""
    out = []
    for key in example.expect.given():
        expected = getattr(example.expect, key)
        actual = got.end_point if key == "point" else getattr(got, key)
        if expected != actual:
            out.append((key, _show(key, expected), _show(key, actual)))
    return sorted(out)


def _show(key: str, value: object) -> str:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01"))) if key in _PERCENTS else fmt_money(value)
    return str(value)
