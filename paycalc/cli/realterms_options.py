"""The options of pay against prices and of the full cost of an offer, each defined once, for
every command that takes them (explain, compare, apply)."""

from __future__ import annotations

import click

prices = click.option(
    "--prices",
    metavar="rpi|cpi|FILE",
    default=None,
    help=(
        "Also give each figure in real terms against this price index (a bundled id such as "
        "rpi or cpi, or a prices file): the month before the rise against the last month "
        "compared."
    ),
)
