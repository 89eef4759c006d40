"""What the rule tests share: a run of a scheme body from conftest's scales, and one step."""

from __future__ import annotations

from typing import Any

from paycalc.engine import Result, run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec


def result(make_scheme: Any, body: str, **person: Any) -> tuple[Result, Registry]:
    """Run the scheme whose `steps:` (and anything after) is `body` for one person."""
    registry, path = make_scheme(body)
    return run(registry.scheme(path), PersonSpec(**person), registry), registry


def step(text: str) -> str:
    """A `steps:` list of the one step written inline."""
    return f"steps:\n  - {text}\n"
