"""A variant's notes say what the variant does: where a bundled variant changes a step of the
scheme it varies, the step's note is its own, not the original's copied over (the pro-rated
Sodexo variant once said its one-off "is not pro-rated")."""

from __future__ import annotations

import pytest

from paycalc.files.registry import Registry
from paycalc.steps import Step

REGISTRY = Registry.bundled()
VARIANTS = [
    ident for ident in REGISTRY.ids("scheme") if REGISTRY.scheme(ident).variant_of is not None
]


def rule(step: Step) -> tuple[object, ...]:
    """What a step does, without its words."""
    return (step.kind, step.args(), step.eligible, step.eligible_on, step.paid_on)


def test_there_are_variants_to_check() -> None:
    assert "sodexo-2021-pro-rated" in VARIANTS


@pytest.mark.parametrize("ident", VARIANTS)
def test_a_changed_step_does_not_keep_the_original_note(ident: str) -> None:
    variant = REGISTRY.scheme(ident)
    assert variant.variant_of is not None
    original = REGISTRY.scheme(variant.variant_of)
    for step in variant.steps:
        same_place = [s for s in original.steps if (s.on, s.kind) == (step.on, step.kind)]
        for before in same_place:
            if rule(before) != rule(step) and step.note:
                assert step.note != before.note, f"{ident}: the {step.kind} step on {step.on}"


def test_the_pro_rated_variant_says_it_pro_rates() -> None:
    variant = REGISTRY.scheme("sodexo-2021-pro-rated")
    (lump,) = [s for s in variant.steps if s.kind == "lump_sum"]
    assert lump.note is not None
    assert "pro-rates" in lump.note and "is not pro-rated" not in lump.note
