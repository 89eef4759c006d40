"""The options apply and check share mean the same in both: one declaration each
(cli/options.py), so their names, types and help cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.cli.apply import apply_cmd
from paycalc.cli.check import check_cmd

SHARED = ["payroll", "column_map", "full_time_hours", "sheet"]


def declared(command: click.Command, name: str) -> tuple[object, ...]:
    [param] = [p for p in command.params if p.name == name]
    return (type(param), param.opts, param.type.to_info_dict(), getattr(param, "help", None))


@pytest.mark.parametrize("name", SHARED)
def test_apply_and_check_declare_a_shared_option_alike(name: str) -> None:
    assert declared(apply_cmd, name) == declared(check_cmd, name)


def test_output_is_the_same_kind_of_file_in_apply_and_check() -> None:
    # Required for apply, whose output is the point of the run; optional for check.
    outputs = [next(p for p in c.params if p.name == "output") for c in (apply_cmd, check_cmd)]
    assert [o.opts for o in outputs] == [["-o", "--output"]] * 2
    assert outputs[0].type.to_info_dict() == outputs[1].type.to_info_dict()
    assert [o.required for o in outputs] == [True, False]


@pytest.mark.parametrize("command", ["apply", "check"])
def test_an_output_that_is_a_directory_is_a_usage_error_in_both(
    command: str, tmp_path: Path, runner: CliRunner
) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("employee_id,band,point\nE1,3,1\n", encoding="utf-8")
    args = {
        "apply": ["apply", "sodexo-2020", str(staff)],
        "check": ["check", str(staff), "--scheme", "sodexo-2020"],
    }[command]
    out = runner.invoke(cli, [*args, "-o", str(tmp_path)])
    assert out.exit_code == 2, out.output
    assert "is a directory" in out.stderr
