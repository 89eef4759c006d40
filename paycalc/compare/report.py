"""Renders a comparison of offers in each of compare/formats.py's formats, and writes it out.
Running the comparison is compare/run.py's; nothing here computes a figure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from paycalc.compare.results import Comparison, Report, Row

    Found = Report | Comparison


def write_report(
    comparison: Found,
    fmt: str,
    *,
    output: str | None = None,
    stream: IO[str],
    inputs: Sequence[Path | str] = (),
) -> None:
    """Write the report in `fmt` to `output` (through `paycalc.output`, atomically, never over
    one of `inputs`: the files the comparison read) or `stream`.

    A table on a terminal is drawn with rich, in colour; anywhere else it is plain text.
    """
    if output is not None:
        from paycalc.output import refuse_inputs, write_text

        refuse_inputs([("output", output)], inputs)
        write_text(output, render(comparison, fmt))
    elif fmt == "table" and stream.isatty():
        from paycalc.compare.layout import layout
        from paycalc.compare.text import print_rich

        print_rich(layout(comparison), stream)
    else:
        stream.write(_encodable(render(comparison, fmt), stream))


def _encodable(text: str, stream: IO[str]) -> str:
    """The text with any character the stream cannot encode (⚠ ▲ ▼ in a Windows cp1252 pipe)
    replaced by '?', rather than a traceback halfway through a report."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:  # an encoding Python does not know: leave the text to the stream
        pass
    return text


def render(comparison: Found, fmt: str) -> str:
    """The whole report as text, without terminal colour."""
    return RENDERERS[fmt](comparison)


def _renderers() -> dict[str, Callable[[Found], str]]:
    return {
        "table": _plain,
        "json": render_json,
        "csv": render_csv,
        "markdown": _markdown,
        "html": _html,
    }


# -- machine formats --------------------------------------------------------------------------


def render_json(comparison: Found) -> str:
    import json

    return json.dumps(json_document(comparison), indent=2, ensure_ascii=False) + "\n"


def json_document(found: Found) -> dict[str, object]:
    """The JSON document: money and percentages as strings (shape in the README). The offers
    named make one comparison, whose document this is; every offer (a plain `compare`) makes
    one per pay round, always listed under `comparisons`."""
    from paycalc.compare.layout import as_report

    report = as_report(found)
    extra: dict[str, object] = {
        "local_files": list(report.local_files),
        "transfers_left_out": list(report.transfers),
    }
    if report.by_round:
        extra["rounds_left_out"] = [
            {"round": r, "reason": why} for r, why in report.rounds_left_out
        ]
    if not report.by_round:
        return {**comparison_document(report.comparisons[0]), **extra}
    return {
        "parity_rule": report.comparisons[0].rule.to_dict(),
        "comparisons": [comparison_document(c) for c in report.comparisons],
        **extra,
    }


def comparison_document(c: Comparison) -> dict[str, object]:
    """One comparison: its one reference and window at the top, then its offers and rows. The
    ranking is derived from the results, so it is added here rather than held by them."""
    from paycalc.compare.ranking import rankings

    return {
        "title": c.title,
        "parity_rule": c.rule.to_dict(),
        "reference": c.reference,
        "window": [c.window[0].isoformat(), c.window[1].isoformat()],
        **(
            {k: v for k, v in c.yardstick.to_dict().items() if k.endswith("_rule")}
            if c.yardstick is not None
            else {}
        ),
        "illustrative": c.illustrative,
        "bands": [{"band": b, "role": c.role(b)} for b in c.bands()],
        "schemes": [s.to_dict() for s in c.schemes],
        "results": [_row_dict(c, r) for r in c.rows],
        "rate_for_the_job": [r.to_dict() for r in c.rates],
        "summaries": [s.to_dict() for s in c.summaries],
        "ranking": [s.to_dict() for s in rankings(c)],
        # compare --prices: the months every offer's real total rise is ranked on
        **({"ranking_prices": c.prices.to_dict()} if c.prices is not None else {}),
        "skipped": [{"scheme": s, "reason": why} for s, why in c.skipped],
    }


def _row_dict(c: Comparison, row: Row) -> dict[str, object]:
    """A result row, its offer's run (its parts) beside its name."""
    found = row.to_dict()
    parts = c.info(row.figures.scheme).parts
    return {"scheme": found.pop("scheme"), "run": list(parts), **found}


def render_csv(found: Found) -> str:
    """One line per offer and person (of every comparison), the keys of the json `results` as
    columns, every cell through the one CSV writer (formula starts defused, line breaks
    quoted)."""
    from paycalc.compare.layout import as_report
    from paycalc.csvcell import csv_line

    rows = [_row_dict(c, r) for c in as_report(found).comparisons for r in c.rows]
    if not rows:
        return ""
    lines = [csv_line(rows[0])]
    lines.extend(csv_line(_csv_cell(v) for v in row.values()) for row in rows)
    return "\n".join(lines) + "\n"


def _csv_cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _plain(comparison: Found) -> str:
    from paycalc.compare.layout import layout
    from paycalc.compare.text import render_plain

    return render_plain(layout(comparison))


def _markdown(comparison: Found) -> str:
    from paycalc.compare.layout import layout
    from paycalc.compare.text import render_markdown

    return render_markdown(layout(comparison, members=True))


def _html(comparison: Found) -> str:
    from paycalc.compare.html import render_html
    from paycalc.compare.layout import layout, title

    return render_html(layout(comparison, members=True), title=title(comparison))


# One renderer per format of compare/formats.py (a test checks the keys are the same).
RENDERERS = _renderers()
