"""Helpers for the `paycalc validate` / `schema` / `new-scheme` tests (sqlfluff's style)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from paycalc.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"


def invoke_assert_code(runner: CliRunner, ret_code: int = 0, args: Sequence[str] = ()) -> Result:
    """Run `paycalc ARGS` in-process, re-raise anything but SystemExit (so a crash shows its own
    traceback instead of a wrong exit code), and check the exit code."""
    result = runner.invoke(cli, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == ret_code, result.output
    return result


def validate_json(runner: CliRunner, ret_code: int, *args: Any) -> dict[str, Any]:
    """`paycalc validate --format json ARGS`, parsed."""
    result = invoke_assert_code(runner, ret_code, ["validate", "--format", "json", *map(str, args)])
    return json.loads(result.stdout)  # type: ignore[no-any-return]
