"""`explain --prices`: one person's figures against a price index, as lines and as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paycalc.model import Scheme
    from paycalc.parity import Figures
    from paycalc.realterms import RealTerms


def explain_real(registry: Any, prices: str, scheme: Scheme, figs: Figures) -> RealTerms:
    """The figures of one timeline against the price index `prices` (an id or a path), over the
    scheme's own dates: the month before its first day against the month it ends in."""
    from paycalc.realterms import prices_change, real_terms

    index = registry.prices(prices)
    change = prices_change(
        registry.index_values(prices), index.id, scheme.period.start, scheme.period.end
    )
    return real_terms(change, figs.before, figs.after, figs.unconsolidated, figs.parity_gap)


def real_lines(real: RealTerms) -> list[str]:
    """The real-terms figures in words, each rounded once, here."""
    from paycalc.money import fmt_pct, fmt_pounds
    from paycalc.realterms import month_name

    c = real.change
    return [
        "",
        f"Against prices: {c.index.upper()} {c.first} ({month_name(c.first_month)}, the month "
        f"before the rise) to {c.last} ({month_name(c.last_month)}, the last month compared): "
        f"{fmt_pct(c.pct)} %",
        f"Consolidated increase in real terms: {fmt_pct(real.real_consolidated_increase_pct)} %",
        f"Total increase in real terms (with one-offs): {fmt_pct(real.real_total_increase_pct)} %",
        f"To keep pace: {fmt_pounds(real.keep_pace_salary)} a year; the salary {real.verdict()}",
        f"Parity gap in {month_name(c.first_month)} prices: {fmt_pounds(real.real_parity_gap)}",
        "(real = (1 + nominal rise) / (1 + prices change) - 1)",
    ]
