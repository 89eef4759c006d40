"""`paycalc check`: transfer-data checks of a payroll against a pay scale."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from paycalc.cli import options

if TYPE_CHECKING:
    from decimal import Decimal


@click.command("check")
@options.payroll
@click.option("--scale", help="The pay scale (id or path) the staff should be on.")
@click.option("--scheme", help="Or a scheme (id or path): its starting scale is used.")
@options.column_map
@options.full_time_hours
@options.sheet
@options.fmt_choice("table", "csv", "json")
@options.output
@click.pass_context
def check_cmd(
    ctx: click.Context,
    payroll: str,
    scale: str | None,
    scheme: str | None,
    column_map: str | None,
    full_time_hours: Decimal | None,
    sheet: str | None,
    fmt: str,
    output: str | None,
) -> None:
    """Check PAYROLL (a CSV or .xlsx staff list) against a pay scale before it is priced.

    Flags, each with its row, column and reason: a salary above the band top or below its
    bottom; a salary that is not its point's value; an FTE below 0.2 with a full-time salary
    above the band top; a salary that looks like actual part-time pay in the full-time column
    (or, with an actual pay column, the reverse); the same employee twice; a missing FTE; a
    value that cannot be read. The summary gives the pay bill counted two ways: full salaries
    as listed, and FTE-weighted actual pay. Exit status 0 no flags, 1 flags found, 2 the check
    could not run.

    Example: paycalc check tupe-list.xlsx --scale nps-2020-21
    """
    from pathlib import Path

    from paycalc.check.report import check_csv, check_doc, check_json
    from paycalc.check.run import check_payroll
    from paycalc.errors import PaycalcError
    from paycalc.files.registry import Registry, looks_like_path
    from paycalc.output import on_signals, refuse_inputs, write_text
    from paycalc.payroll.columns import ColumnSpec, parse_column_map
    from paycalc.table import plain_doc, print_doc

    if (scale is None) == (scheme is None):
        raise PaycalcError("give the scale to check against: --scale SCALE or --scheme SCHEME")
    spec = ColumnSpec(
        parse_column_map(column_map) if column_map else {},
        full_time_hours,
    )
    if output is not None:
        # The payroll, a scale or scheme given by path, or any file paycalc finds by id.
        rules = [Path(r) for r in (scale, scheme) if r is not None and looks_like_path(r)]
        refuse_inputs(
            [("output", output)], [payroll, *rules, *Registry.default().files(quiet=True)]
        )
    with on_signals():  # a piped payroll's private copy is removed on any signal
        report = check_payroll(payroll, scale, scheme_ref=scheme, spec=spec, sheet=sheet)
    if output is not None:
        if fmt == "json":
            text = check_json(report)
        elif fmt == "csv":
            text = check_csv(report)
        else:
            text = plain_doc(check_doc(report))
        with on_signals():
            write_text(output, text)
    elif fmt == "json":
        click.echo(check_json(report), nl=False)
    elif fmt == "csv":
        click.echo(check_csv(report), nl=False)
    else:
        print_doc(check_doc(report))
    click.echo(f"paycalc: {report.rows:,} rows checked, {report.flagged_rows:,} flagged", err=True)
    ctx.exit(report.exit_code)
