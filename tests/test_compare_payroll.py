"""`compare --payroll`: each offer costed on a real payroll, with the same sums as `apply`.

The small payroll's figures are worked out by hand from the fixture scales (acme-2019-20 band 3:
21,000 21,500 22,000 22,500 23,500; band 4: 28,000 29,000 30,000; ref-2019-20 band 3: 22,000
23,000 24,000 25,000; band 4: 29,000 30,500 32,000); Bravo is 4.5 % on everything, no one-off.
"""

from __future__ import annotations

import csv
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli

BRAVO = str(Path(__file__).parent / "fixtures" / "compare" / "bravo-2020.yaml")

SMALL = (
    "employee_id,band,point,salary,fte\n"
    "1,3,1,,\n"  # 21,000 -> 21,945.00
    "2,3,top,,0.5\n"  # 11,750.00 -> 12,278.75 (24,557.50 / 2)
    "3,4,2,,\n"  # 29,000 -> 30,305.00
    "4,4,1,,\n"  # 28,000 -> 29,260.00
    "5,9,1,,\n"  # no band 9: left out
)


def summary(runner: CliRunner, tmp_path: Path, *args: str) -> dict[str, object]:
    payroll = tmp_path / "staff.csv"
    payroll.write_text(SMALL)
    out = runner.invoke(
        cli, ["compare", BRAVO, "--payroll", str(payroll), "--format", "json", *args]
    )
    assert out.exit_code == 0, out.output
    [found] = json.loads(out.stdout)["summaries"]
    return found  # type: ignore[no-any-return]


def test_a_payroll_costs_the_offer_by_hand(tmp_path: Path, runner: CliRunner) -> None:
    s = summary(runner, tmp_path)
    # Pay bill before 21,000 + 11,750 + 29,000 + 28,000 = 89,750.00;
    # after 21,945 + 12,278.75 + 30,305 + 29,260 = 93,788.75; FTE 1 + 0.5 + 1 + 1 = 3.5.
    # transfer references: 22,000; 25,000 / 2 = 12,500; 30,500; 30,500 ->
    # gaps -55, -221.25, -195, -1,240: none at or above, 1,711.25 to close them all.
    assert (s["head_count"], s["fte"], s["excluded"]) == (4, "3.5", 1)
    assert (s["pay_bill_before"], s["pay_bill_after"]) == ("89750.00", "93788.75")
    assert (s["consolidated_cost"], s["one_off_cost"]) == ("4038.75", "0.00")
    assert (s["at_or_above_reference"], s["cost_to_reach_reference"]) == (0, "1711.25")


def test_the_cost_of_closing_the_gap_follows_the_parity_rule(
    tmp_path: Path, runner: CliRunner
) -> None:
    s = summary(runner, tmp_path, "--parity", "same-point")
    # same-point references: 22,000; 12,500 (top, capped); 30,500; 29,000 (point 1) ->
    # gaps -55, -221.25, -195, +260: one at or above, 471.25 to close the rest.
    assert (s["at_or_above_reference"], s["cost_to_reach_reference"]) == (1, "471.25")
    assert s["pay_bill_after"] == "93788.75"  # the rule changes the comparison, not the pay


def generated_payroll(path: Path, people: int, seed: int) -> None:
    """A payroll of bundled-scale staff: points, salaries, part-timers, a few bad rows and a few
    repeated employee ids (apply rejects the later row; compare must leave it out too)."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["employee_id", "band", "point", "salary", "fte", "name"])
        for n in range(1, people + 1):
            if n % 97 == 0:
                w.writerow([n - 1, "3", "1", "", "", "repeated id"])
                continue
            band = rng.choice(["2", "3", "4", "5"])
            fte = rng.choice(["", "", "", "1", "0.5", "0.8", "0.6"])
            kind = rng.random()
            if kind < 0.6:
                w.writerow([n, band, rng.choice(["1", "2", "3", "4", "top"]), "", fte, "x"])
            elif kind < 0.97:
                salary = rng.randrange(19000, 42000)
                w.writerow([n, band, "", f"£{salary:,}.{rng.randrange(100):02d}", fte, "y"])
            else:
                w.writerow([n, rng.choice(["9", ""]), "1", "", fte, "bad"])


def column_sums(path: Path) -> dict[str, object]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    gaps = [Decimal(r["parity_gap"]) for r in rows]
    return {
        "head_count": len(rows),
        "fte": sum((Decimal(r["fte"] or "1") for r in rows), Decimal(0)),
        "pay_bill_after": sum((Decimal(r["new_salary"]) for r in rows), Decimal(0)),
        "consolidated_cost": sum((Decimal(r["consolidated_increase"]) for r in rows), Decimal(0)),
        "one_off_cost": sum((Decimal(r["unconsolidated"]) for r in rows), Decimal(0)),
        "at_or_above_reference": sum(1 for g in gaps if g >= 0),
        "cost_to_reach_reference": -sum((g for g in gaps if g < 0), Decimal(0)),
    }


@pytest.mark.parametrize("rule", ["transfer", "same-point"])
def test_compare_sums_equal_the_column_sums_of_apply_on_a_generated_payroll(
    tmp_path: Path, rule: str, runner: CliRunner
) -> None:
    payroll = tmp_path / "staff.csv"
    generated_payroll(payroll, 1200, seed=2021)
    # apply reads each scheme against its own reference scale: so does compare, given it.
    schemes = {"sodexo-2020": "nps-2020-21", "interserve-2020": "nps-2019-20"}
    schemes["mtc-2019"] = "nps-2019-20"
    found = {}
    for scheme, reference in schemes.items():
        out = runner.invoke(
            cli,
            [
                *("compare", scheme, "--payroll", str(payroll), "--format", "json"),
                *("--parity", rule, "--against", reference),
            ],
        )
        assert out.exit_code == 0, out.output
        found.update({s["scheme"]: s for s in json.loads(out.stdout)["summaries"]})
    for scheme in schemes:
        written = tmp_path / f"{scheme}.csv"
        rejects = tmp_path / f"{scheme}.rejects.csv"
        result = runner.invoke(
            cli,
            [
                *("apply", scheme, str(payroll), "-o", str(written)),
                *("--rejects", str(rejects), "--parity", rule),
            ],
        )
        assert result.exit_code in (0, 3), result.output
        sums = column_sums(written)
        s = found[scheme]
        with rejects.open(encoding="utf-8-sig") as f:
            rejected = sum(1 for _ in csv.DictReader(f))
        assert s["head_count"] == sums["head_count"] > 900, scheme
        assert s["excluded"] == rejected > 0, scheme
        assert Decimal(str(s["fte"])) == sums["fte"], scheme
        for key in (
            "pay_bill_after",
            "consolidated_cost",
            "one_off_cost",
            "cost_to_reach_reference",
        ):
            assert Decimal(str(s[key])) == sums[key], (scheme, key)
        assert s["at_or_above_reference"] == sums["at_or_above_reference"], scheme
        before = sums["pay_bill_after"] - sums["consolidated_cost"]  # type: ignore[operator]
        assert Decimal(str(s["pay_bill_before"])) == before, scheme
