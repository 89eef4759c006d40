"""`paycalc schema`: the JSON Schema editors use accepts every good file and rejects typos."""

from __future__ import annotations

import functools
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from validate_helpers import INVALID, VALID, invoke_assert_code

from paycalc.files.registry import bundled_dir
from paycalc.files.schema import json_schema
from paycalc.files.yamlio import load_file

BUNDLED = sorted(bundled_dir().rglob("*.yaml"))
FIXTURES = sorted(VALID.rglob("*.yaml")) + sorted((INVALID / "scales").glob("*.yaml"))


def as_json(value: Any) -> Any:
    """YAML values as a JSON parser would give them: dates as ISO text, whole numbers as int.
    Other Decimals stay Decimal (jsonschema counts any numbers.Number as a number), so no money
    passes through a float."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


@functools.cache
def _validator(kind: str | None) -> Draft202012Validator:
    return Draft202012Validator(json_schema(kind))


def errors(data: Any, kind: str | None = None) -> list[str]:
    """Every error message, with those under a oneOf/anyOf (where a step's own error sits)."""
    validator = _validator(kind)
    out: list[str] = []
    pending = list(validator.iter_errors(as_json(data)))
    while pending:
        error = pending.pop(0)
        out.append(error.message)
        pending.extend(error.context or [])
    return out


@pytest.mark.parametrize("kind", [None, "scheme", "scale", "prices"])
def test_the_schema_is_a_valid_draft_2020_12_schema(kind: str | None) -> None:
    Draft202012Validator.check_schema(json_schema(kind))


@pytest.mark.parametrize("path", BUNDLED + FIXTURES, ids=lambda p: p.name)
def test_every_good_file_validates_against_the_emitted_schema(path: Path) -> None:
    data = load_file(path)
    assert errors(data) == []
    assert errors(data, data["kind"]) == []


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("unknown_key", "Additional properties are not allowed ('incremnt' was unexpected)"),
        ("unknown_top_key", "('refernces' was unexpected)"),
        ("wrong_status", "'maybe' is not one of"),
        ("negative_money", "-300 is less than the minimum of 0"),
        ("percent_zero", "0 is less than or equal to the minimum of 0"),
        ("missing_keys", "'employer' is a required property"),
    ],
)
def test_the_schema_rejects_what_an_editor_should_underline(fixture: str, words: str) -> None:
    found = errors(load_file(INVALID / f"{fixture}.yaml"), "scheme")
    assert any(words in e for e in found), found


@pytest.mark.parametrize("value", ["£29,180.00", "29180", "29180.5", 29180, "  29,180 "])
def test_money_may_be_a_number_or_text_as_the_loader_reads_it(value: object) -> None:
    band = {"name": 3, "points": [value]}
    scale = {"kind": "scale", "id": "x", "title": "x", "employer": "x", "effective": "2019-04-01"}
    assert errors({**scale, "status": "illustrative", "bands": [band]}, "scale") == []


@pytest.mark.parametrize("value", ["twenty", "1e3", "29.180,00"])
def test_money_text_that_is_not_a_number_is_rejected(value: str) -> None:
    band = {"name": "3", "points": [value]}
    scale = {"kind": "scale", "id": "x", "title": "x", "employer": "x", "effective": "2019-04-01"}
    assert errors({**scale, "status": "illustrative", "bands": [band]}, "scale") != []


def test_schema_command_prints_the_schema_as_json(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 0, ["schema", "scheme"])
    assert json.loads(result.stdout) == json_schema("scheme")


def test_schema_command_writes_a_file(tmp_path: Path, runner: CliRunner) -> None:
    invoke_assert_code(runner, 0, ["schema", "-o", tmp_path / "paycalc.schema.json"])
    written = json.loads((tmp_path / "paycalc.schema.json").read_text(encoding="utf-8"))
    assert written["title"] == "paycalc scheme, scale or price index file"
    assert set(written["properties"]["kind"]["enum"]) == {"scheme", "scale", "prices"}


def test_schema_command_refuses_an_unknown_kind(runner: CliRunner) -> None:
    result = invoke_assert_code(runner, 2, ["schema", "payroll"])
    assert "'payroll' is not one of 'scheme', 'scale'" in result.stderr
