"""Renders what `paycalc validate` found as text, GitHub Actions workflow commands or JSON.

Every format is built from the same `Problem.to_dict()` records (as sqlfluff's formats are), so
they never disagree.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from paycalc.printable import printable

if TYPE_CHECKING:
    from paycalc.errors import Problem
    from paycalc.validate.run import Report


class Format(str, Enum):
    """Output formats of `paycalc validate`."""

    text = "text"
    github = "github"
    json = "json"


def render(report: Report, fmt: Format) -> str:
    """The whole output for one run, ending in a newline."""
    if fmt is Format.json:
        return render_json(report)
    if fmt is Format.github:
        return render_github(report)
    return render_text(report)


def render_text(report: Report) -> str:
    """One `FILE:LINE:COL: CODE message` line per problem (`CODE warning: message` for a
    warning), then a summary line."""
    lines = [text_line(p) for p in report.problems]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def text_line(p: Problem) -> str:
    """One line, whatever the file held: a key with a line break or an escape sequence in it is
    shown escaped (`paycalc.printable.printable`), so it can neither forge a line nor drive the
    terminal."""
    if p.severity == "warning":
        return printable(f"{p.location()}: {p.code} warning: {p.message}")
    return printable(str(p))


def render_json(report: Report) -> str:
    """`{"files": N, "skipped": S, "errors": E, "warnings": W, "problems": [...]}`, each problem
    as `Problem.to_dict()`: file, line, col, code, severity, message."""
    data = {
        "files": len(report.checked),
        "skipped": len(report.skipped),
        "errors": report.errors,
        "warnings": report.warnings,
        "problems": [p.to_dict() for p in report.problems],
    }
    import json  # only this format needs it

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_github(report: Report) -> str:
    """GitHub Actions' native workflow commands: a `::group::` per file with problems, one
    `::error` or `::warning` per problem (shown on the file in a pull request), then a summary."""
    lines = []
    for result in report.results:
        if not result.problems:
            continue
        lines.append(f"::group::{escape_data(result.path)}")
        lines.extend(github_command(p) for p in result.problems)
        lines.append("::endgroup::")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def github_command(p: Problem) -> str:
    props = [f"file={escape_property(p.file)}"]
    if p.line is not None:
        props.append(f"line={p.line}")
        if p.col is not None:
            props.append(f"col={p.col}")
    return f"::{p.severity} {','.join(props)}::{escape_data(f'{p.code} {p.message}')}"


def escape_data(text: str) -> str:
    """Escape a workflow command's message, as GitHub's toolkit does (`escapeData`); any other
    control character is shown escaped, never sent raw to the log."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (`escapeProperty`): also `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(report: Report) -> str:
    files = len(report.checked)
    text = f"{files} file{'s' if files != 1 else ''} checked"
    if report.skipped:
        text += f", {len(report.skipped)} skipped (not scheme or scale files)"
    if not report.problems:
        return f"{text}: no problems."
    parts = [_count(report.errors, "error"), _count(report.warnings, "warning")]
    return f"{text}: {', '.join(p for p in parts if p)}."


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}" if n else ""
