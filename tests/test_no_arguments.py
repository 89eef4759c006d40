"""Every command typed bare or with --help answers with help or one usage line, never a
traceback: what a new user tries first."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import COMMANDS, cli


@pytest.fixture(autouse=True)
def _empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No local scheme files to read.
    monkeypatch.chdir(tmp_path)


def _no_traceback(runner: CliRunner, args: list[str]) -> tuple[int, str]:
    # A narrow terminal (and, as in every test, colourless).
    out = runner.invoke(cli, args, prog_name="paycalc", env={"COLUMNS": "60"})
    assert out.exception is None or isinstance(out.exception, SystemExit), out.exception
    assert "Traceback" not in out.output
    return out.exit_code, out.output


def test_paycalc_alone_prints_its_help_and_exits_0(runner: CliRunner) -> None:
    # It used to end in "ValueError: zip() argument 2 is longer than argument 1" from the
    # error printer, on click's no-arguments path.
    code, output = _no_traceback(runner, [])
    assert code == 0
    assert "Usage: paycalc [OPTIONS] COMMAND" in output
    for name in COMMANDS:
        assert name in output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_alone_runs_or_says_what_is_missing(runner: CliRunner, name: str) -> None:
    code, output = _no_traceback(runner, [name])
    # 0: the command needs nothing (list, compare, schema, validate); 2: a usage line naming
    # what is missing and where to read more.
    assert code in (0, 2), output
    if code == 2:
        assert output.startswith("paycalc: "), output
        assert f"paycalc {name} --help" in output
        assert len(output.strip().splitlines()) == 1


@pytest.mark.parametrize("name", list(COMMANDS))
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_each_command_help_exits_0(runner: CliRunner, name: str, flag: str) -> None:
    code, output = _no_traceback(runner, [name, flag])
    assert code == 0, output
    assert f"Usage: paycalc {name}" in output


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"]])
def test_the_group_help_and_version_exit_0(runner: CliRunner, args: list[str]) -> None:
    code, _ = _no_traceback(runner, args)
    assert code == 0


def test_an_unknown_command_is_one_usage_line(runner: CliRunner) -> None:
    code, output = _no_traceback(runner, ["compair"])
    assert code == 2
    assert output.startswith("paycalc: No such command 'compair'")
