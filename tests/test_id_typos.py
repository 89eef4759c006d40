"""A mistyped id gets the closest ids, whatever the wrong character: a letter O for a zero, a
capital, a space. Never a regular expression."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli


def _validate(runner: CliRunner, path: Path) -> list[dict[str, object]]:
    out = runner.invoke(cli, ["validate", str(path), "--format", "json"])
    problems: list[dict[str, object]] = json.loads(out.stdout)["problems"]
    return problems


def _new_offer(runner: CliRunner) -> str:
    args = ["new-scheme", "offer", "--from-scale", "sodexo-2020-21", "--reference", "nps-2020-21"]
    return runner.invoke(cli, args).stdout


@pytest.mark.parametrize("typo", ["nps-2020-2O", "NPS-2020-21", "nps-2020-21 ", "nps_2020-21"])
def test_a_scheme_naming_a_mistyped_scale_gets_did_you_mean(
    runner: CliRunner, tmp_path: Path, typo: str
) -> None:
    text = _new_offer(runner)
    path = tmp_path / "offer.yaml"
    path.write_text(text.replace("reference: nps-2020-21", f'reference: "{typo}"'))
    errors = [p for p in _validate(runner, path) if p["severity"] == "error"]
    assert [p["code"] for p in errors] == ["PC201"]
    message = str(errors[0]["message"])
    assert "did you mean 'nps-2020-21'" in message
    assert "pattern" not in message and "^[" not in message


def test_a_scheme_id_that_is_not_an_id_is_told_the_rule_in_words(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = _new_offer(runner)
    path = tmp_path / "offer.yaml"
    path.write_text(text.replace("\nid: offer\n", "\nid: My-Offer\n"))
    [problem] = [p for p in _validate(runner, path) if p["code"] == "PC103"]
    assert "lower-case letters, digits" in str(problem["message"])
    assert "pattern" not in str(problem["message"])


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (["compare", "--against", "nps-2019-2O"], "'nps-2019-20'"),
        (["show", "sodexo-202O"], "'sodexo-2020'"),
        (["explain", "interserve-202O", "--band", "3", "--point", "1"], "'interserve-2020'"),
    ],
)
def test_a_mistyped_id_on_the_command_line_gets_did_you_mean(
    runner: CliRunner, args: list[str], suggestion: str
) -> None:
    out = runner.invoke(cli, args)
    assert out.exit_code == 2
    assert "did you mean" in out.stderr and suggestion in out.stderr
