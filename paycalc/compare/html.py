"""Draws a report's parts as one self-contained HTML page: inline CSS and SVG, no script."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING

from paycalc.table import Table

if TYPE_CHECKING:
    from paycalc.compare.report_parts import Chart, Part

# Seven hues that stay apart for colour-blind readers (from Okabe-Ito and Tol, leaving out the
# second orange and second blue); the marker cycles over four shapes and, after seven series,
# the line is dashed, so every series up to 56 has its own colour, marker and line.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#999933", "#882255", "#555555")
MARKERS = ("circle", "square", "diamond", "triangle")
DASHES = ("", "6 3", "2 3", "8 3 2 3")

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;
  margin:0 auto;padding:1.5em 2em 3em;max-width:1100px;background:#fff}
h1{font-size:1.5em;margin:.2em 0 .4em}
h2{font-size:1.2em;margin:1.6em 0 .3em;padding-top:.6em;border-top:2px solid #ddd}
p{margin:.35em 0}
p.warn{background:#fff4d6;border-left:4px solid #e0a800;padding:.45em .7em;font-weight:600}
p.bold{font-weight:600}
p.dim,.notes{color:#555;font-size:.9em}
p.good{color:#0a6b2d}p.bad{color:#a4161a}
.scroll{overflow-x:auto;margin:.6em 0 .2em}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:.92em}
caption{text-align:left;font-weight:600;padding:.2em 0 .35em;white-space:nowrap}
th,td{padding:.22em .65em;border-bottom:1px solid #e3e3e3;white-space:nowrap}
th{background:#f3f4f6;font-weight:600;border-bottom:2px solid #c9ccd1}
td.r,th.r{text-align:right}
tbody tr:nth-child(even){background:#fafafa}
td.good{color:#0a6b2d}td.bad{color:#a4161a;font-weight:600}
td.bold{font-weight:700}td.dim{color:#777}
.charts{display:flex;flex-wrap:wrap;gap:.5em 2em}
figure{margin:.6em 0 .8em;flex:1 1 480px;max-width:540px}figcaption{font-weight:600}
svg text{font:12px system-ui,sans-serif;fill:#333}
.legend{display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.9em;margin:.3em 0 0 .2em}
.swatch{display:inline-block;width:1.6em;height:.25em;vertical-align:middle;margin-right:.35em}
footer{margin-top:2em;color:#555;font-size:.85em}
@media print{h2{break-before:auto}.scroll{overflow:visible}}
"""


def render_html(parts: list[Part], *, title: str) -> str:
    from paycalc.compare.report_parts import Chart, Heading, Line

    body: list[str] = []
    for n, part in enumerate(parts):
        if isinstance(part, Chart):
            if n == 0 or not isinstance(parts[n - 1], Chart):  # a run of charts: one block
                block: list[Chart] = []
                for later in parts[n:]:
                    if not isinstance(later, Chart):
                        break
                    block.append(later)
                body.append(
                    "<h2>Total rise by salary</h2><p>Consolidated rise and one-off payments as a "
                    "share of the salary before, for each salary before the offer. A filled mark "
                    "is the top of a band; a line named with several offers is theirs alike "
                    '(identical figures).</p><div class="charts">'
                    + "".join(chart_svg(c) for c in block)
                    + "</div>"
                )
        elif isinstance(part, Heading):
            level = min(part.level, 3)
            body.append(f"<h{level}>{escape(part.text)}</h{level}>")
        elif isinstance(part, Line):
            cls = f' class="{part.style}"' if part.style else ""
            body.append(f"<p{cls}>{escape(part.text)}</p>")
        else:
            body.append(_table(part))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n<footer>Made with paycalc compare. Figures marked illustrative are worked "
        "examples on scales not checked against a published source.</footer>\n</body>\n</html>\n"
    )


def _table(t: Table) -> str:
    out = ['<div class="scroll"><table>']
    if t.title:
        out.append(f"<caption>{escape(t.title)}</caption>")
    heads = "".join(
        f'<th scope="col"{_cls(c.align == "right" and "r")}>{escape(c.title)}</th>'
        for c in t.columns
    )
    out.append(f"<thead><tr>{heads}</tr></thead><tbody>")
    # A full comparison has some 15,000 cells, nearly all figures: each kind of opening tag is
    # made once, and text with nothing to escape is used as it is.
    tags: dict[tuple[str, str], str] = {}
    for row in t.rows:
        cells = []
        for col, cell in zip(t.columns, row, strict=False):
            tag = tags.get((col.align, cell.style))
            if tag is None:
                right = "r" if col.align == "right" else ""
                classes = " ".join(x for x in (right, cell.style) if x)
                tag = tags[col.align, cell.style] = f"<td{_cls(classes)}>"
            text = cell.text
            if _SPECIAL.search(text):
                text = escape(text).replace("\n", "<br>")
            cells.append(f"{tag}{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    if t.notes:
        out.append('<p class="notes">' + "<br>".join(escape(n) for n in t.notes) + "</p>")
    return "".join(out)


# What escape() changes, and a line break, which becomes <br>.
_SPECIAL = re.compile("[&<>\"'\n]")


def _cls(classes: str | bool) -> str:
    return f' class="{classes}"' if classes else ""


# -- the chart ----------------------------------------------------------------------------------

W, H = 540, 250
LEFT, RIGHT, TOP, BOTTOM = 86, 14, 12, 40


def chart_svg(chart: Chart) -> str:
    """A line chart of the total rise (%, y) by starting salary (£, x), one line per offer (a
    line named with several offers is theirs alike), no rise marked."""
    values = [rise for _, pts in chart.series for _, _, rise in pts]
    lo, hi = min([*values, Decimal(0)]), max([*values, Decimal(0)])
    step = _nice_step(hi - lo)
    lo = min((lo / step).to_integral_value(rounding="ROUND_FLOOR") * step, Decimal(0))
    hi = max((hi / step).to_integral_value(rounding="ROUND_CEILING") * step, step)
    salaries = [s for _, pts in chart.series for s, _, _ in pts]
    x_lo, x_hi = min(salaries), max(salaries)
    x_step = _nice_step(x_hi - x_lo) if x_hi > x_lo else Decimal(1000)
    x_lo = (x_lo / x_step).to_integral_value(rounding="ROUND_FLOOR") * x_step
    x_hi = max((x_hi / x_step).to_integral_value(rounding="ROUND_CEILING") * x_step, x_lo + x_step)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    # Pixel positions as Decimal too: the project keeps floats out altogether.
    def x(salary: Decimal) -> Decimal:
        return LEFT + (salary - x_lo) * plot_w / (x_hi - x_lo)

    def y(value: Decimal) -> Decimal:
        return TOP + (hi - value) / (hi - lo) * plot_h

    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="100%" '
        f'style="max-width:{W}px" role="img" aria-label="{escape(_caption(chart))}">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fbfbfc" '
        'stroke="#d0d0d0"/>',
    ]
    tick = lo
    while tick <= hi:
        ty = y(tick)
        stroke = 'stroke="#444" stroke-width="1.4"' if tick == 0 else 'stroke="#e4e4e4"'
        svg.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" {stroke}/>')
        svg.append(f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{tick:g} %</text>')
        tick += step
    tick = x_lo
    while tick <= x_hi:
        svg.append(
            f'<text x="{x(tick):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">'
            f"{_pounds(tick)}</text>"
        )
        tick += x_step
    svg.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{H - 6}" text-anchor="middle">salary before the '
        "offer</text>"
    )
    svg.append(
        f'<text transform="translate(13 {TOP + plot_h / 2:.1f}) rotate(-90)" '
        'text-anchor="middle">total rise %</text>'
    )
    legend = []
    for i, (scheme, pts) in enumerate(chart.series):
        colour = PALETTE[i % len(PALETTE)]
        marker = MARKERS[i % len(MARKERS)]
        dash = DASHES[(i // len(PALETTE)) % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        line = " ".join(f"{x(s):.1f},{y(r):.1f}" for s, _, r in pts)
        # Earlier lines are drawn wider, so lines that coincide show as nested colours instead
        # of the last one hiding the others.
        width = 2 + min(1.6, 6 / len(chart.series)) * (len(chart.series) - 1 - i)
        svg.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="{width:.1f}" '
            f'stroke-linejoin="round" stroke-opacity="0.9"{dashed}/>'
        )
        for salary, top, rise in pts:
            where = " (top of the band)" if top else ""
            title = f"<title>{escape(scheme)}: £{salary:,.2f}{where}, total rise {rise} %</title>"
            svg.append(_marker(marker, x(salary), y(rise), colour, top, title))
        legend.append(
            f'<span><svg width="26" height="12" aria-hidden="true"><line x1="1" x2="25" y1="6" '
            f'y2="6" stroke="{colour}" stroke-width="3"{dashed}/>'
            f"{_marker(marker, Decimal(13), Decimal(6), colour, False, '')}</svg>"
            f"{escape(scheme)}</span>"
        )
    svg.append("</svg>")
    return (
        f"<figure><figcaption>{escape(_caption(chart))}</figcaption>{''.join(svg)}"
        f'<div class="legend">{"".join(legend)}</div></figure>'
    )


def _caption(chart: Chart) -> str:
    return f"{chart.band}: total rise % by salary before the offer"


def _marker(kind: str, cx: Decimal, cy: Decimal, colour: str, top: bool, title: str) -> str:
    r = Decimal("5.5") if top else Decimal("3.2")
    fill = colour if top else "#fff"
    common = f'fill="{fill}" stroke="{colour}" stroke-width="1.8"'
    if kind == "square":
        box = f'x="{cx - r:.1f}" y="{cy - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}"'
        return f"<rect {box} {common}>{title}</rect>"
    corners = {
        "diamond": ((0, -r), (r, 0), (0, r), (-r, 0)),
        "triangle": ((0, -r), (r, r), (-r, r)),
    }.get(kind)
    if corners:
        pts = " ".join(f"{cx + dx:.1f},{cy + dy:.1f}" for dx, dy in corners)
        return f'<polygon points="{pts}" {common}>{title}</polygon>'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" {common}>{title}</circle>'


def _nice_step(span: Decimal) -> Decimal:
    """A round tick step giving four to eight gridlines over `span` pounds."""
    if span <= 0:
        return Decimal(100)
    raw = span / 6
    magnitude = Decimal(10) ** (raw.adjusted())
    for factor in (1, 2, 5, 10):
        if magnitude * factor >= raw:
            return magnitude * factor
    return magnitude * 10  # pragma: no cover - factor 10 always suffices


def _pounds(value: Decimal) -> str:
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"
