"""The bundled employer National Insurance table (`paycalc/data/employer-ni.yaml`), read and
checked by the rules a scheme file is read with, errors at file:line:col."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from paycalc.errors import FileProblems, ProblemList
from paycalc.oncosts import EmployerNi


def bundled_ni_path() -> Path:
    return Path(__file__).resolve().parents[1] / "data" / "employer-ni.yaml"


@cache
def employer_ni_table(path: Path | None = None) -> EmployerNi:
    """The employer NI table (default: the bundled one); FileProblems if it is not valid. What
    an earlier run read from the same text comes from the cache, as a scheme's model does, so
    the run imports neither YAML nor pydantic for it."""
    from paycalc.files import cache
    from paycalc.files.source import read_text

    path = path or bundled_ni_path()
    text = read_text(path)  # bounded, as every data file is read
    found = cache.get(text)
    if isinstance(found, EmployerNi):
        return found
    table = _read(path)
    cache.put(text, table)
    return table


def _read(path: Path) -> EmployerNi:
    from pydantic import ValidationError

    from paycalc.files.load import problems_from, validated
    from paycalc.files.marks import mark_at
    from paycalc.files.yamlio import load_file

    raw = load_file(path)
    try:
        table = validated(EmployerNi, raw)
    except ValidationError as e:
        raise FileProblems(problems_from(e, raw, str(path), EmployerNi)) from None
    out = ProblemList(str(path))
    sources = {s.id for s in table.sources}
    seen: set[str] = set()
    for i, year in enumerate(table.years):
        if year.source not in sources:
            message = f"source '{year.source}' is not declared in 'sources'"
            out.add("PC206", message, mark_at(raw, ("years", i, "source")))
        if year.tax_year in seen:
            message = f"tax year {year.tax_year} appears twice"
            out.add("PC205", message, mark_at(raw, ("years", i, "tax_year")))
        seen.add(year.tax_year)
    out.raise_if_any()
    return table
