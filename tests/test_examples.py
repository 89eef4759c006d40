"""Every bundled scheme file's `examples:` hold: each is a hand-worked figure from the offer."""

from __future__ import annotations

import pytest

from paycalc.files.registry import Registry
from paycalc.validate.examples import example_figures, mismatches

REGISTRY = Registry.bundled()
SCHEMES = [REGISTRY.scheme(ident) for ident in REGISTRY.ids("scheme")]
CASES = [
    pytest.param(scheme, example, id=f"{scheme.id}: {example.name}")
    for scheme in SCHEMES
    for example in scheme.examples
]


def test_every_bundled_scheme_has_at_least_three_examples() -> None:
    assert len(SCHEMES) >= 10
    thin = [s.id for s in SCHEMES if len(s.examples) < 3]
    assert thin == []


@pytest.mark.parametrize(("scheme", "example"), CASES)
def test_bundled_example_holds(scheme, example) -> None:  # type: ignore[no-untyped-def]
    got = example_figures(scheme, example, REGISTRY)
    assert mismatches(example, got) == []
