"""The output formats of `paycalc compare`, listed once for the CLI, the renderers and the
tests (kept free of imports, so `--help` stays fast)."""

from __future__ import annotations

FORMATS: dict[str, str] = {
    "table": "aligned columns, in colour on a terminal",
    "json": "one document, money as strings",
    "csv": "one line per offer and person",
    "markdown": "for a bulletin or a GitHub comment",
    "html": "one self-contained page with charts",
}
