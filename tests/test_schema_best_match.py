"""The combined schema (`paycalc schema`) reports the real error of a broken file first.

check-jsonschema (python-jsonschema/check-jsonschema, its reporter module) prints each error
the validator yields and, for one raised by a `oneOf` or `anyOf`, `jsonschema`'s `best_match`
of the errors under it ("Best Match"); deeper ones only as "Best Deep Match". These tests read
a broken file as it does: the messages it would print first are the yielded errors' own, or
their `best_match`.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from test_schema import as_json

from paycalc.files.registry import bundled_dir
from paycalc.files.schema import json_schema
from paycalc.files.yamlio import load_file


@functools.cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json_schema())


def first_reported(data: Any) -> list[tuple[str, str]]:
    """(path, message) of what check-jsonschema prints first for each error."""
    out = []
    for error in _validator().iter_errors(as_json(data)):
        shown = best_match(error.context) if error.context else error
        out.append((shown.json_path, shown.message))
    return out


def _bundled(name: str) -> Any:
    return load_file(bundled_dir() / name)


def test_a_misspelt_key_in_a_step_is_the_error_reported() -> None:
    scheme = _bundled("sodexo-2020.yaml")
    step = scheme["steps"][0]
    step["qoute"] = step.pop("quote")
    reported = first_reported(scheme)
    assert reported == [
        ("$.steps[0]", "Additional properties are not allowed ('qoute' was unexpected)")
    ]
    # Not the scale's branch: before, the first thing said was that a scale has no from_scale.
    best = best_match(_validator().iter_errors(as_json(scheme)))
    assert "qoute" in best.message


def test_a_misspelt_key_inside_a_step_kind_is_the_error_reported() -> None:
    scheme = _bundled("sodexo-2020.yaml")
    kind = next(k for k in ("increment", "lump_sum", "uplift") if k in scheme["steps"][0])
    scheme["steps"][0][kind]["pointz"] = 1
    [(path, message)] = first_reported(scheme)
    assert path == f"$.steps[0].{kind}"
    assert "'pointz' was unexpected" in message


def test_a_broken_scale_is_reported_as_a_scale() -> None:
    scale = _bundled("scales/sodexo-2020-21.yaml")
    scale["bands"][0]["pionts"] = scale["bands"][0].pop("points")
    reported = first_reported(scale)
    assert ("$.bands[0]", "'points' is a required property") in reported
    assert ("$.bands[0]", "Additional properties are not allowed ('pionts' was unexpected)") in (
        reported
    )
    assert not any("steps" in message or "from_scale" in message for _, message in reported)


@pytest.mark.parametrize("kind", ["scheem", None])
def test_a_file_without_a_known_kind_says_so(kind: str | None) -> None:
    scale = _bundled("scales/sodexo-2020-21.yaml")
    if kind is None:
        del scale["kind"]
    else:
        scale["kind"] = kind
    [(path, message)] = first_reported(scale)
    assert path == "$" if kind is None else "$.kind"
    assert "'kind' is a required property" in message or "is not one of" in message


def test_a_step_with_no_kind_says_which_kinds_there_are() -> None:
    scheme = _bundled("sodexo-2020.yaml")
    step = scheme["steps"][0]
    for kind in ("increment", "lump_sum", "uplift", "minimum_increase"):
        step.pop(kind, None)
    step["incrment"] = {"points": 1}
    reported = first_reported(scheme)
    assert any(path == "$.steps[0]" and "is a required property" in m for path, m in reported)
