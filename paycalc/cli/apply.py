"""`paycalc apply`: a scheme applied to every row of a payroll CSV."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import click

from paycalc.cli import options, realterms_options

if TYPE_CHECKING:
    from decimal import Decimal

    from rich.console import Console


@click.command("apply")
@click.argument("scheme")
@options.payroll
@options.output_option(
    "The output CSV: every input column, then the new pay; '-' for standard output. "
    "Never an input file.",
    required=True,
)
@click.option(
    "--rejects",
    type=options.OutputType(),
    help="Rejected rows, with row number, column and reason [default: OUTPUT.rejects.csv; "
    "required when OUTPUT is '-' or a device].",
)
@options.column_map
@options.full_time_hours
@options.sheet
@options.parity
@click.option(
    "--strict",
    is_flag=True,
    help="Reject each row `paycalc check` would flag (e.g. low_fte_high_salary), with its "
    "flags as the reason, instead of writing it with its flags column filled in.",
)
@click.option("--summary", is_flag=True, help="Print head count, spread, cost and parity gaps.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default=None,
    help="How to print the summary (json implies --summary) [default: table].",
)
@realterms_options.on_costs
@realterms_options.pension_rate
@realterms_options.prices
@click.pass_context
def apply_cmd(
    ctx: click.Context,
    scheme: str,
    payroll: str,
    output: str,
    rejects: str | None,
    column_map: str | None,
    full_time_hours: Decimal | None,
    sheet: str | None,
    parity: str,
    strict: bool,
    summary: bool,
    fmt: str | None,
    on_costs: bool,
    pension_rate: Decimal | None,
    prices: str | None,
) -> None:
    """Apply SCHEME (an id or a path) to every row of PAYROLL.csv ('-' for standard input).

    PAYROLL is a CSV file or an .xlsx workbook. Columns (any case and order, by their usual
    export names or --columns): employee_id (Emp No), band (Grade), point (Spinal Point, SCP)
    and/or salary (Annual Salary, full-time), and fte (FTE, FTE %; default 1); with
    --on-costs, pension_rate (the employer's, % of pay); others are copied through. Each row
    gets new_salary (pay at its FTE), new_full_time_salary and a flags column (the codes
    `paycalc check` gives it; --strict rejects such rows instead). -o OUT.xlsx writes a
    workbook. Rejects go to OUTPUT.rejects.csv (e.g. out.csv.rejects.csv). Exit status 0 when
    every row was applied, 3 when some were rejected (see the rejects file), 2 when the run
    could not start.

    Example: paycalc apply interserve-2020 staff.csv -o staff-2020.csv --summary
    """
    from paycalc.apply.run import apply_payroll
    from paycalc.files.registry import Registry
    from paycalc.output import is_stdout, on_signals
    from paycalc.payroll.columns import ColumnSpec, parse_column_map
    from paycalc.table import print_doc

    costs = realterms_options.on_cost_settings(on_costs, pension_rate, payroll)
    if costs is not None and not summary and fmt is None:
        raise click.UsageError("--on-costs totals go in the summary: add --summary")
    if prices is not None and not summary and fmt is None:
        raise click.UsageError("--prices figures go in the summary: add --summary")
    spec = ColumnSpec(
        parse_column_map(column_map) if column_map else {},
        full_time_hours,
    )
    registry = Registry.default()
    registry.refuse_failing_examples = True  # people are paid from this run's output
    # Any catchable signal (Ctrl-C, kill, a closed terminal) stops the run cleanly, removing
    # the temporary files; the group reports the interrupt, exit code 2.
    with on_signals(), _progress_bar() as progress:
        report = apply_payroll(
            scheme,
            payroll,
            output,
            rejects,
            progress=progress,
            columns=spec,
            parity=parity,
            sheet=sheet,
            on_costs=costs,
            prices=prices,
            registry=registry,
            strict=strict,
        )
    from paycalc.printable import printable

    if report.sheet is not None:
        click.echo(f"paycalc: read sheet '{printable(report.sheet)}' of {report.input}", err=True)
    # Header names come from the file: shown with their control characters escaped.
    used = ", ".join(f"{k}='{v}'" for k, v in report.columns.items())
    click.echo(f"paycalc: columns read: {printable(used)}", err=True)
    if report.renamed:
        from paycalc.apply.report import renamed_text

        click.echo(
            f"paycalc: output columns renamed (the input has its own): "
            f"{renamed_text(report.renamed)}",
            err=True,
        )
    click.echo(f"paycalc: {report.line()}", err=True)
    if report.flag_line():
        click.echo(f"paycalc: {report.flag_line()}", err=True)
    # With the rows on standard output, the summary goes to stderr, never among them.
    to_stderr = is_stdout(output)
    if fmt == "json":
        import json

        click.echo(json.dumps(report.to_dict(), indent=2), err=to_stderr)
    elif summary:
        print_doc(report.doc(), sys.stderr if to_stderr else None)
    ctx.exit(report.exit_code)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when it is a terminal and not under CI; else nothing."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        transient=True,
        console=_stderr_console(),
    ) as bar:
        task = bar.add_task("applying", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
