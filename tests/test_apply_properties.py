"""Properties of `apply` over generated payrolls, and the round trip compare = apply = explain.

The generated rows are checked against the rules of docs/payroll.md and the scale files, never
against the engine: which rows are rejected, and how each written row's figures relate to each
other.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from paycalc.apply.run import apply_payroll
from paycalc.cli import cli
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec

REGISTRY = Registry.bundled()
SCHEMES = ["interserve-2020", "seetec-2020", "sodexo-2020", "dtv-2020", "mtc-2019", "nps-2020"]
# Each example runs two applies, each flushing two files to disk: a third of the profile's count
# (the "ci" profile: 100) keeps the suite within its time; PAYCALC_APPLY_EXAMPLES overrides it.
APPLY_EXAMPLES = int(
    os.environ.get("PAYCALC_APPLY_EXAMPLES", max(10, settings.default.max_examples // 3))
)
FIGURE_COLUMNS = {
    "new_salary": "after",
    "consolidated_increase": "consolidated_increase",
    "consolidated_increase_pct": "consolidated_increase_pct",
    "unconsolidated": "unconsolidated",
    "total_increase_pct": "total_increase_pct",
    "reference_salary": "reference_salary",
    "parity_gap": "parity_gap",
    "parity_gap_pct": "parity_gap_pct",
}


def bands_of(scheme_id: str) -> dict[str, tuple[Decimal, ...]]:
    return dict(REGISTRY.bands(REGISTRY.scheme(scheme_id).from_scale))


@st.composite
def payroll(draw, scheme_id: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Rows as an export holds them: good rows on points or salaries, part-timers, and bad rows
    (unknown band, point past the top, salary below the band, rubbish, repeated ids)."""
    bands = bands_of(scheme_id)
    names = sorted(bands)
    rows = []
    for i in range(draw(st.integers(0, 12))):
        band = draw(st.sampled_from([*names, "9"]))
        points = bands.get(band, (Decimal(20000),))
        kind = draw(st.sampled_from(["point", "top", "salary", "salary", "bad"]))
        point = salary = ""
        if kind == "point":
            point = str(draw(st.integers(1, len(points) + 1)))
        elif kind == "top":
            point = "top"
        elif kind == "salary":
            pence = draw(st.integers(int(points[0] * 100) - 500, int(points[-1] * 110)))
            salary = draw(st.sampled_from(["{:.2f}", "£{:,.2f}", " {:.2f} "])).format(
                Decimal(pence) / 100
            )
        else:
            salary = draw(st.sampled_from(["abc", "-100", "1e3", ""]))
        fte = draw(st.sampled_from(["", "1", "0.5", "0.8", "0", "1.5", "x"]))
        eid = f"E{draw(st.integers(0, 15))}" if draw(st.booleans()) else f"U{i}"
        rows.append(
            {
                "employee_id": eid,
                "band": band,
                "point": point,
                "salary": salary,
                "fte": fte,
                "note": f"row {i}",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["employee_id", "band", "point", "salary", "fte", "note"])
        w.writeheader()
        w.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def person_of(row: dict[str, str]) -> PersonSpec:
    point = row["point"].strip()
    return PersonSpec(
        band=row["band"],
        point=(point if point == "top" else int(point)) if point else None,
        salary=row["salary"].replace("£", "").replace(",", "").strip() or None,
        fte=row["fte"] or "1",
    )


def predicted_valid(row: dict[str, str], bands: dict[str, tuple[Decimal, ...]]) -> bool:
    """Whether a row should be applied, by the reject rules of docs/payroll.md (ids aside)."""
    points = bands.get(row["band"])
    if points is None or row["fte"] not in ("", "1", "0.5", "0.8"):
        return False
    if row["point"]:
        return row["point"] == "top" or 1 <= int(row["point"]) <= len(points)
    text = row["salary"].replace("£", "").replace(",", "").strip()
    if not text or not text.replace(".", "").isdigit():
        return False
    return Decimal(text) >= points[0]


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), ROUND_HALF_UP)


def check_row_arithmetic(row: dict[str, str], bands: dict[str, tuple[Decimal, ...]]) -> None:
    """The output figures agree with each other and with the scale file, by their definitions:
    the salary before is the point's value (or the salary) times the FTE, to the penny."""
    points = bands[row["band"]]
    fte = Decimal(row["fte"] or "1")
    if row["point"]:
        full_time = points[-1] if row["point"] == "top" else points[int(row["point"]) - 1]
    else:
        full_time = Decimal(row["salary"].replace("£", "").replace(",", "").strip())
    before = (full_time * fte).quantize(Decimal("0.01"), ROUND_HALF_UP)
    new, rise = Decimal(row["new_salary"]), Decimal(row["consolidated_increase"])
    one_off, reference = Decimal(row["unconsolidated"]), Decimal(row["reference_salary"])
    gap = Decimal(row["parity_gap"])
    assert new >= before and rise == new - before and one_off >= 0
    assert Decimal(row["consolidated_increase_pct"]) == pct(rise, before)
    assert Decimal(row["total_increase_pct"]) == pct(rise + one_off, before)
    assert gap == new - reference
    assert Decimal(row["parity_gap_pct"]) == pct(gap, reference)


@settings(max_examples=APPLY_EXAMPLES)
@given(st.data())
def test_apply_accounts_for_every_row_repeats_byte_for_byte_and_rejects_by_the_rules(data) -> None:  # type: ignore[no-untyped-def]
    scheme_id = data.draw(st.sampled_from(SCHEMES))
    rows = data.draw(payroll(scheme_id))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_csv(d / "in.csv", rows)
        report = apply_payroll(scheme_id, d / "in.csv", d / "a.csv", registry=REGISTRY)
        apply_payroll(scheme_id, d / "in.csv", d / "b.csv", registry=REGISTRY)
        out, rejects = read_csv(d / "a.csv"), read_csv(d / "a.csv.rejects.csv")
        # rows in = rows out + rejects, in the counts and in the files
        assert report.counts.read == len(rows) == len(out) + len(rejects)
        # the same input gives the same bytes
        assert (d / "a.csv").read_bytes() == (d / "b.csv").read_bytes()
        assert (d / "a.csv.rejects.csv").read_bytes() == (d / "b.csv.rejects.csv").read_bytes()
    bands = bands_of(scheme_id)
    ids = Counter(r["employee_id"] for r in rows)
    written = {r["note"] for r in out}
    for row in rows:
        if ids[row["employee_id"]] == 1:
            assert (row["note"] in written) == predicted_valid(row, bands), row
    for row in out:
        assert predicted_valid(row, bands), row
        check_row_arithmetic(row, bands)


@pytest.mark.parametrize("scheme_id", SCHEMES)
def test_every_figure_of_compare_json_equals_apply_and_explain(
    scheme_id: str, tmp_path: Path, runner: CliRunner
) -> None:
    # apply reads a scheme against the reference its file names; compare, given the same one.
    own = REGISTRY.scheme(scheme_id).reference
    out = runner.invoke(cli, ["compare", scheme_id, "--format", "json", "--against", own])
    assert out.exit_code == 0, out.output
    results = json.loads(out.stdout)["results"]
    assert results
    rows = [
        {
            "employee_id": f"E{i}",
            "band": r["band"],
            "point": "top" if r.get("top") else str(r["point"]),
            "salary": "",
            "fte": "",
            "note": "",
        }
        for i, r in enumerate(results)
    ]
    write_csv(tmp_path / "in.csv", rows)
    apply_payroll(scheme_id, tmp_path / "in.csv", tmp_path / "out.csv", registry=REGISTRY)
    applied = read_csv(tmp_path / "out.csv")
    assert len(applied) == len(results)
    for row, result in zip(applied, results, strict=True):
        for column, key in FIGURE_COLUMNS.items():
            assert row[column] == result[key], (scheme_id, row["employee_id"], column)
    # explain prints the same after and one-off for, say, the top of the first band
    top = next(r for r in results if r.get("top"))
    text = runner.invoke(cli, ["explain", scheme_id, "--band", top["band"], "--point", "top"])
    assert text.exit_code == 0, text.output
    after = f"£{Decimal(top['after']):,.2f}"
    one_off = f"£{Decimal(top['unconsolidated']):,.2f}"
    assert f"After: {after}" in text.stdout
    assert f"Unconsolidated (one-off) in the period: {one_off}" in text.stdout
    assert io.StringIO(text.stdout).read().count("Parity gap") == 1


@settings(max_examples=APPLY_EXAMPLES)
@given(st.data())
def test_compare_payroll_counts_exactly_the_rows_apply_writes(data) -> None:  # type: ignore[no-untyped-def]
    # One reader, one rule: the head count compare --payroll weights its summary by is the
    # number of rows apply writes, and the rows it leaves out are the rows apply rejects.
    from paycalc.compare.shares import payroll_shares, read_payroll
    from paycalc.engine import run
    from paycalc.parity import Figures, figures

    scheme_id = data.draw(st.sampled_from(SCHEMES))
    rows = data.draw(payroll(scheme_id))
    scheme = REGISTRY.scheme(scheme_id)

    def figures_of(person: PersonSpec) -> Figures:
        return figures(run(scheme, person, REGISTRY), REGISTRY)

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_csv(d / "in.csv", rows)
        report = apply_payroll(scheme_id, d / "in.csv", d / "a.csv", registry=REGISTRY)
        summary = payroll_shares(scheme_id, read_payroll(d / "in.csv"), None, figures_of)
        rejected_rows = sorted(int(r["row"]) for r in read_csv(d / "a.csv.rejects.csv"))
    assert (summary.total, summary.excluded) == (report.counts.written, report.counts.rejected)
    # each left-out entry names the first of its rows; every such row is one apply rejected
    assert {o.row for o in summary.left_out} <= set(rejected_rows)
