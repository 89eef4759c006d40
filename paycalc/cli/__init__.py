"""The `paycalc` command: a thin click group that loads each command's module only when it runs.

Commands live in their own modules (as pip-tools' `scripts/`), so `paycalc --help` imports click
alone. Every paycalc error is caught once, here, and printed as `file:line:col: CODE message`
without a traceback (unless `--debug`).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from paycalc.errors import EXIT_USAGE

# name -> (module, function, one-line help shown by `paycalc --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("paycalc.cli.info", "list_cmd", "List bundled and local schemes and scales."),
    "show": ("paycalc.cli.info", "show_cmd", "Show an offer in plain words, step by step."),
    "explain": ("paycalc.cli.info", "explain_cmd", "One person's timeline under a scheme."),
    "apply": (
        "paycalc.cli.apply",
        "apply_cmd",
        "Apply a scheme to a payroll CSV: new pay, rejects, summary.",
    ),
    "check": (
        "paycalc.cli.check",
        "check_cmd",
        "Check a payroll against a pay scale before a transfer is priced.",
    ),
    "compare": (
        "paycalc.cli.compare",
        "compare_cmd",
        "Compare offers with NPS pay, band by band and point by point.",
    ),
    "validate": (
        "paycalc.cli.validate",
        "validate_cmd",
        "Check scheme and scale files; run their examples.",
    ),
    "schema": (
        "paycalc.cli.validate",
        "schema_cmd",
        "Print the JSON Schema of scheme or scale files.",
    ),
    "new-scheme": (
        "paycalc.cli.validate",
        "new_scheme_cmd",
        "Write a commented scheme template to start a counter-offer.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and which turns paycalc errors into
    one clear line and an exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, short) for name, (_, _, short) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from paycalc.errors import PaycalcError

        try:
            return super().invoke(ctx)
        except PaycalcError as e:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            for line in e.lines():
                click.echo(f"paycalc: {line}" if not e.problems else line, err=True)
            ctx.exit(e.exit_code)
        except OSError as e:
            # A full disk, an unwritable directory, a vanished file: the commands leave no
            # partial output behind, so one line says what failed.
            if ctx.obj and ctx.obj.get("debug"):
                raise
            where = f": {e.filename}" if e.filename else ""
            click.echo(f"paycalc: {e.strerror or e}{where}; no output was written", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("paycalc: interrupted; no output was written", err=True)
            ctx.exit(EXIT_USAGE)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="paycalc")
@click.option("--debug", is_flag=True, help="Show a Python traceback for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Pay-parity calculator for the probation pay rounds of 2019-2021.

    Applies each employer's pay offer (a YAML scheme file) to staff on their pay points and
    reports the rise and the gap to National Probation Service pay.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    try:
        cli.main(prog_name="paycalc")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("paycalc: interrupted", err=True)
        sys.exit(EXIT_USAGE)
