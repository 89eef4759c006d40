"""`paycalc new-scale`: a scale file from an employer's own pay table, or a template."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from paycalc.cli import options


@click.command("new-scale")
@click.argument("ident", metavar="ID")
@click.option(
    "--from-table",
    "table",
    type=click.Path(exists=True, dir_okay=False),
    help="A CSV or .xlsx pay table, one row a point: band and salary columns (and a point "
    "column, else the rows' order), under any header a payroll may use (Grade, Spinal Point, "
    "Annual Salary, ...). Without it: a template to fill in.",
)
@click.option(
    "--sheet",
    help="The sheet of an .xlsx workbook to read [default: the sheet active when it was saved,"
    " if visible, else the first visible one].",
)
@click.option(
    "--columns",
    "column_map",
    metavar='ROLE="NAME",...',
    help="Say which columns to read when the header names them otherwise, e.g. "
    "--columns band=Level,salary=Pay.",
)
@click.option(
    "--title",
    help="The scale in one line [default: 'EMPLOYER pay scale, entered from FILE' with "
    "--employer and --from-table, else a TODO].",
)
@click.option("--employer", help="Who pays it [default: a TODO].")
@click.option(
    "--effective",
    type=options.DayType(),
    help="The date the table came into force, e.g. 2020-04-01 or 01/04/2020 [default: a "
    "placeholder and a TODO].",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar='BAND="ROLE"',
    help='A band\'s job, e.g. --role 4="Probation officer"; repeat for each band.',
)
@click.option(
    "-o",
    "--output",
    type=options.OutputType(),
    help="The file to write, '-' for standard output [default: ID.yaml in the current "
    "directory, where every command finds it by its id].",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def new_scale_cmd(
    ident: str,
    table: str | None,
    sheet: str | None,
    column_map: str | None,
    title: str | None,
    employer: str | None,
    effective: date | None,
    roles: tuple[str, ...],
    output: str | None,
    force: bool,
) -> None:
    """Write a scale file for your employer's real pay table, marked as entered by you (not
    published, not illustrative). It validates as written; `paycalc validate` warns of each
    TODO left (the date the table came into force, a band's role) until you fill it in.

    \b
    Examples:
        paycalc new-scale acme-2020-21 --from-table pay-table.csv --employer "Acme CRC" \\
            --effective 01/04/2020 --role 3="Probation services officer"
        paycalc compare sodexo-2020 --against acme-2020-21
        paycalc new-scale my-scale -o -          # a commented template
    """
    from paycalc.author.scale_file import TEMPLATE_BANDS, check_scale_text, scale_text
    from paycalc.cli.authoring import _write
    from paycalc.files.template import check_id
    from paycalc.output import is_special

    check_id(ident)
    output = output or f"{ident}.yaml"
    if not is_special(output) and Path(output).exists() and not force:
        raise click.UsageError(f"{output} exists; give --force to overwrite it")
    role_of = dict(_role(r) for r in roles)
    if table is None:
        bands = list(TEMPLATE_BANDS)
    else:
        from paycalc.author.table import read_table
        from paycalc.payroll.columns import ColumnSpec, parse_column_map

        spec = ColumnSpec(parse_column_map(column_map) if column_map else {})
        bands = read_table(table, sheet=sheet, spec=spec)
        unknown = [b for b in role_of if b not in {band.name for band in bands}]
        if unknown:
            raise click.BadParameter(f"the table has no band {unknown[0]}", param_hint="--role")
    text = scale_text(
        ident,
        bands,
        table=Path(table).name if table else None,
        title=title,
        employer=employer,
        effective=effective,
        roles=role_of,
    )
    check_scale_text(text, output if not is_special(output) else f"{ident}.yaml")
    _write(text, output, [Path(table)] if table else [])
    if not is_special(output):
        points = sum(len(b.points) for b in bands)
        click.echo(
            f"paycalc: wrote {output} ({len(bands)} bands, {points} points); "
            f"see it with: paycalc show {ident}",
            err=True,
        )


def _role(text: str) -> tuple[str, str]:
    from paycalc import typed

    band, sep, role = text.partition("=")
    role = role.strip().strip('"')
    if not sep or not band.strip() or not role:
        raise click.BadParameter(f"'{text}' is not BAND=ROLE (e.g. 4=\"Probation officer\")")
    return typed.band(band), role
