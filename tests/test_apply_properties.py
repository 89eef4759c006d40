"""Properties of `apply` over generated payrolls, and the round trip compare = apply = explain."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paycalc.apply.run import apply_payroll
from paycalc.cli import cli
from paycalc.engine import run
from paycalc.files.registry import Registry
from paycalc.model import PersonSpec
from paycalc.parity import figures

REGISTRY = Registry.bundled()
SCHEMES = ["interserve-2020", "seetec-2020", "sodexo-2020", "dtv-2020", "mtc-2019", "nps-2020"]
EXAMPLES = int(os.environ.get("PAYCALC_APPLY_EXAMPLES", "2000"))
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


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.data())
def test_apply_accounts_for_every_row_repeats_byte_for_byte_and_matches_compare(data) -> None:  # type: ignore[no-untyped-def]
    scheme_id = data.draw(st.sampled_from(SCHEMES))
    rows = data.draw(payroll(scheme_id))
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        write_csv(d / "in.csv", rows)
        report = apply_payroll(scheme_id, d / "in.csv", d / "a.csv", registry=REGISTRY)
        apply_payroll(scheme_id, d / "in.csv", d / "b.csv", registry=REGISTRY)
        out, rejects = read_csv(d / "a.csv"), read_csv(d / "a.rejects.csv")
        # rows in = rows out + rejects, in the counts and in the files
        assert report.counts.read == len(rows) == len(out) + len(rejects)
        # the same input gives the same bytes
        assert (d / "a.csv").read_bytes() == (d / "b.csv").read_bytes()
        assert (d / "a.rejects.csv").read_bytes() == (d / "b.rejects.csv").read_bytes()
    scheme = REGISTRY.scheme(scheme_id)
    for row in out:
        expected = figures(run(scheme, person_of(row), REGISTRY), REGISTRY).to_dict()
        for column, key in FIGURE_COLUMNS.items():
            assert row[column] == expected[key], (row, column)


@pytest.mark.parametrize("scheme_id", SCHEMES)
def test_every_figure_of_compare_json_equals_apply_and_explain(
    scheme_id: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["compare", scheme_id, "--format", "json"])
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
