"""The `paycalc` command: a thin click group that loads each command's module only when it runs.

Commands live in their own modules (as pip-tools' `scripts/`), so `paycalc --help` imports click
alone. Every error a user can cause (paycalc's own, Click's usage errors, OSError, an interrupt)
is caught once, here, and printed as `paycalc: message` or `file:line:col: CODE message` without
a traceback (`--debug` adds one, and keeps the exit code).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn

import click

from paycalc.errors import EXIT_USAGE, PaycalcError

# name -> (module, function, one-line help shown by `paycalc --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("paycalc.cli.describe", "list_cmd", "List bundled and local schemes and scales."),
    "show": (
        "paycalc.cli.describe",
        "show_cmd",
        "Show an offer step by step, or a scale's bands and points.",
    ),
    "explain": ("paycalc.cli.describe", "explain_cmd", "One person's timeline under a scheme."),
    "apply": (
        "paycalc.cli.apply",
        "apply_cmd",
        "Apply a scheme to a payroll (CSV or .xlsx): new pay, rejects, summary.",
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
        "paycalc.cli.authoring",
        "schema_cmd",
        "Print the JSON Schema of scheme or scale files.",
    ),
    "new-scheme": (
        "paycalc.cli.authoring",
        "new_scheme_cmd",
        "Write a commented scheme template to start a counter-offer.",
    ),
    "new-scale": (
        "paycalc.cli.new_scale",
        "new_scale_cmd",
        "Write a scale file from your employer's pay table (CSV or .xlsx), or a template.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and the one place where every error a
    user can cause becomes one line and an exit code."""

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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The command line as typed, for the error report (an error can come before any option
        # is parsed, and --format belongs to the command, not to this group).
        ctx.meta[_ARGS] = list(args)
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            # `paycalc` alone is a request for help, not a mistake.
            click.echo(ctx.get_help())
            ctx.exit(0)
        except click.ClickException as e:
            _fail(ctx, e)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (PaycalcError, click.ClickException, OSError, KeyboardInterrupt) as e:
            _fail(ctx, e)


_ARGS = "paycalc.args"


def _fail(ctx: click.Context, error: BaseException) -> NoReturn:
    """Report `error` in paycalc's one style and exit with its documented code: one line per
    problem on stderr (a JSON object when the command line asks for --format json), and a
    traceback first with --debug, which never changes the exit code. Anything else is a bug, and
    its traceback is the report."""
    args: list[str] = ctx.meta.get(_ARGS, [])
    code, lines, problems = EXIT_USAGE, [], []
    if isinstance(error, PaycalcError):
        code, problems = error.exit_code, [p.to_dict() for p in error.problems]
        lines = error.lines() if error.problems else [f"paycalc: {error.lines()[0]}"]
    elif isinstance(error, click.ClickException):
        # Every Click error is a usage error here: its own exit code 1 means "problems found".
        where = error.ctx.command_path if isinstance(error, click.UsageError) and error.ctx else ""
        hint = f" (see '{where} --help')" if where else ""
        lines = [f"paycalc: {error.format_message()}{hint}"]
    elif isinstance(error, OSError):
        # A full disk, an unwritable directory, a vanished file: the commands leave no partial
        # output behind, so one line says what failed.
        where = f"{error.filename}: " if error.filename else ""
        lines = [f"paycalc: {where}{error.strerror or error}; no output was written"]
    else:  # KeyboardInterrupt, or a signal turned into one
        lines = ["paycalc: interrupted; no output was written"]
    if _debug(args):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    if _json(args):
        import json

        message = "; ".join(line.removeprefix("paycalc: ") for line in lines)
        error_dict = {"message": message, "exit_code": code, "problems": problems}
        click.echo(json.dumps({"error": error_dict}), err=True)
    else:
        from paycalc.printable import printable

        for line in lines:
            # A message may quote a file's text (a key, a value): never raw to the terminal.
            click.echo(printable(line), err=True)
    ctx.exit(code)


def _debug(args: list[str]) -> bool:
    """--debug before the command's name (the group's options take no values)."""
    for arg in args:
        if arg == "--debug":
            return True
        if not arg.startswith("-"):
            return False
    return False


def _json(args: list[str]) -> bool:
    """Whether the command line asks for --format json (or -f json, --format=json, -fjson)."""
    args = args[: args.index("--")] if "--" in args else args
    pairs = zip(args, [*args[1:], ""][: len(args)], strict=True)
    return any(
        a in ("--format=json", "-fjson") or (a in ("--format", "-f") and b == "json")
        for a, b in pairs
    )


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
    from paycalc import output
    from paycalc.files.registry import Registry

    Registry.vet_with = _own_examples  # a scheme file whose examples fail is not used
    Registry.beside = set()  # this command's own (a test runs many in one process)
    output.protected_files = Registry.findable  # no writer replaces a file paycalc finds


def _own_examples(scheme: Any, registry: Any, raw: Any, name: str) -> list[Any]:
    """A scheme's own examples, run as `validate` runs them (imported only when a scheme file
    that is not bundled is used)."""
    from paycalc.validate.examples import check_examples

    return check_examples(scheme, registry, raw, name)


def main() -> None:
    cli.main(prog_name="paycalc")
