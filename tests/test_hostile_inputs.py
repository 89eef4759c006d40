"""Hostile and odd inputs: each gives one clear line and the documented exit code, never a
traceback (issue 12, "Tracebacks" and "Unclear messages")."""

from __future__ import annotations

from decimal import Decimal

from paycalc.compare.html import chart_svg
from paycalc.compare.parts import Chart


def test_a_chart_of_more_offers_than_colours_draws_square_markers() -> None:
    # 12 colours, so the 13th offer is drawn in the first colour with the second marker, a
    # square. Its size was a float added to a Decimal position: TypeError. At the top of a band
    # the marker's half-size is 5.5, so the square is 2 * 5.5 = 11.0 wide.
    chart = Chart(band="3", reference="nps-2019-20")
    chart.series = [(f"offer-{i}", [(1, True, Decimal("-100"))]) for i in range(13)]
    svg = chart_svg(chart)
    assert svg.count('width="11.0" height="11.0"') == 1
