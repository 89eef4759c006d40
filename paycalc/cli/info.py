"""`paycalc list`, `show` and `explain`: reading schemes one at a time."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import click

from paycalc.cli import options

if TYPE_CHECKING:
    from paycalc.model import PersonSpec


@click.command("list")
def list_cmd() -> None:
    """List bundled and local schemes and scales (bundled, then PAYCALC_PATH directories)."""
    from paycalc.describe import list_doc
    from paycalc.files.registry import Registry
    from paycalc.table import print_doc

    print_doc(list_doc(Registry.default()))


@click.command("show")
@click.argument("scheme")
def show_cmd(scheme: str) -> None:
    """Show SCHEME (an id or a path) in plain words: every step with the sentence it implements."""
    from paycalc.describe import scheme_doc
    from paycalc.files.registry import Registry
    from paycalc.table import print_doc

    registry = Registry.default()
    found = registry.scheme(scheme)
    scales = {s: registry.scale(s) for s in found.scale_ids()}
    print_doc(scheme_doc(found, scales))


@click.command("explain")
@click.argument("scheme")
@options.band
@options.point
@options.salary
@options.fte
@options.against
def explain_cmd(
    scheme: str,
    band: str | None,
    point: int | Literal["top"] | None,
    salary: Decimal | None,
    fte: Decimal,
    against: str | None,
) -> None:
    """One person's timeline under SCHEME: every step, amount and quote.

    Example: paycalc explain interserve-2020 --band 3 --point top
    """
    from paycalc.describe import explain_doc
    from paycalc.engine import run
    from paycalc.files.registry import Registry
    from paycalc.parity import figures
    from paycalc.table import print_doc

    person = person_from_options(band, point, salary, fte)
    registry = Registry.default()
    found = registry.scheme(scheme)
    result = run(found, person, registry)
    print_doc(explain_doc(result, figures(result, registry, against=against)))


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
