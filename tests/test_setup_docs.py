"""The README's set-up commands are the ones CI runs, and they need no virtualenv beforehand."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _setup_commands() -> list[str]:
    """The README's sh blocks that make a virtualenv, wherever they stand in it (its headings
    are the writer's to choose)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [block.strip() for block in re.findall(r"```sh\n(.*?)```", readme, re.S)]
    return [block for block in blocks if "-m venv" in block]


def test_the_readme_sets_up_with_exactly_two_one_line_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_each_set_up_command_makes_its_own_virtualenv_first() -> None:
    # PEP 668: a stock Debian or Ubuntu python3 refuses `pip install` outside a virtualenv.
    for command in _setup_commands():
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install ")
        assert re.search(r"(^|&& )pip ", command) is None


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    test_command = _setup_commands()[1]
    assert test_command.endswith(".venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test_command
