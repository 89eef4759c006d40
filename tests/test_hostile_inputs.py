"""Hostile and odd inputs: each gives one clear line and the documented exit code, never a
traceback (issue 12, "Tracebacks" and "Unclear messages")."""

from __future__ import annotations

from decimal import Decimal

from paycalc.compare.html import chart_svg
from paycalc.compare.parts import Chart


def test_a_chart_of_more_offers_than_colours_draws_square_markers() -> None:
    # Seven colours and four marker shapes, cycled together, then dashed lines: series 1, 5 and
    # 9 (from 0) of 13 are squares. A marker's size was once a float added to a Decimal
    # position (TypeError). At the top of a band its half-size is 5.5, so 2 * 5.5 = 11.0 wide.
    chart = Chart(band="3", reference="nps-2019-20")
    chart.series = [(f"offer-{i}", [(1, True, Decimal("-100"))]) for i in range(13)]
    svg = chart_svg(chart)
    assert svg.count('width="11.0" height="11.0"') == 3
    assert svg.count('stroke-dasharray="6 3"') == 2 * 6  # series 7-12: line and legend line
