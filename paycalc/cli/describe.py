"""`paycalc list`, `show` and `explain`: reading schemes one at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import click

from paycalc.cli import options, realterms_options

if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal

    from paycalc.model import PersonSpec, Scale


@click.command("list")
@options.fmt_choice("table", "json")
def list_cmd(fmt: str) -> None:
    """List the schemes and scales paycalc can find. It searches the folders on PAYCALC_PATH,
    then the current directory (its files that say `kind: scheme` or `kind: scale`), then the
    bundled files; the first file of a name is the one used, and a file found outside the
    bundled folder is shown with its path."""
    from paycalc.files.registry import Registry

    registry = Registry.default()
    if fmt == "json":
        from paycalc.describe.as_json import list_data

        _print_json(list_data(registry))
        return
    from paycalc.describe.as_tables import list_doc
    from paycalc.table import print_doc

    print_doc(list_doc(registry))


@click.command("show")
@click.argument("ident", metavar="SCHEME|SCALE")
@options.fmt_choice("table", "json")
def show_cmd(ident: str, fmt: str) -> None:
    """Show a scheme (an id or a path) in plain words, every step with the sentence it
    implements; or a scale: its bands, roles and points, and what each value rests on.

    Examples: paycalc show sodexo-2020    paycalc show nps-2020-21
    """
    from paycalc.errors import NotFound
    from paycalc.files.registry import Registry

    registry = Registry.default()
    try:
        found = registry.scheme(ident)
    except NotFound as not_a_scheme:
        try:
            scale = registry.scale(ident)
        except NotFound:
            raise not_a_scheme from None
        _show_scale(scale, fmt)
        return
    if fmt == "json":
        from paycalc.describe.as_json import scheme_data

        _print_json(scheme_data(found))
        return
    from paycalc.describe.as_tables import scheme_doc
    from paycalc.table import print_doc

    scales = {s: registry.scale(s) for s in found.scale_ids()}
    print_doc(scheme_doc(found, scales))


def _show_scale(scale: Scale, fmt: str) -> None:
    from paycalc.describe.scale import scale_data, scale_doc

    if fmt == "json":
        _print_json(scale_data(scale))
        return
    from paycalc.table import print_doc

    print_doc(scale_doc(scale))


@click.command("explain")
@click.argument("scheme")
@options.band
@options.point
@options.salary
@options.fte
@options.against
@options.parity
@options.from_date
@options.to_date
@realterms_options.prices
@options.fmt_choice("table", "json")
def explain_cmd(
    scheme: str,
    band: str | None,
    point: int | Literal["top"] | None,
    salary: Decimal | None,
    fte: Decimal,
    against: str | None,
    parity: str,
    from_: date | None,
    to: date | None,
    prices: str | None,
    fmt: str,
) -> None:
    """One person's timeline under SCHEME: every step, amount and quote, and what each figure
    rests on (quoted, inferred, secondary, illustrative or entered).

    Example: paycalc explain interserve-2020 --band 3 --point top
    """
    from paycalc.engine import run
    from paycalc.files.registry import Registry
    from paycalc.parity import default_window, figures, parity_rule

    person = person_from_options(band, point, salary, fte)
    window = options.window(from_, to)
    registry = Registry.default()
    found = registry.scheme(scheme)
    result = run(found, person, registry)
    rule = parity_rule(parity)
    window = window or default_window([found])
    figs = figures(result, registry, against=against, window=window, parity=rule)
    from paycalc.describe.cited import cited_values

    cited = cited_values(result, registry, against, rule)
    real = None
    if prices is not None:
        from paycalc.describe.realterms import explain_real

        real = explain_real(registry, prices, found, figs)
    if fmt == "json":
        from paycalc.describe.as_json import explain_data

        data = explain_data(result, figs, rule, cited)
        if real is not None:
            data["real_terms"] = real.to_dict()
        _print_json(data)
        return
    from paycalc.describe.as_tables import explain_doc
    from paycalc.table import print_doc

    doc = explain_doc(result, figs, rule, cited)
    if real is not None:
        from paycalc.describe.realterms import real_lines

        doc.parts.extend(real_lines(real))
    print_doc(doc)


def _print_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def person_from_options(
    band: str | None, point: int | Literal["top"] | None, salary: Decimal | None, fte: Decimal
) -> PersonSpec:
    """A PersonSpec from --band/--point/--salary/--fte, or a usage error naming what is missing."""
    from paycalc.model import PersonSpec

    if band is None:
        raise click.UsageError("give --band")
    if (point is None) == (salary is None):
        raise click.UsageError("give exactly one of --point or --salary")
    return PersonSpec(band=band, point=point, salary=salary, fte=fte)
