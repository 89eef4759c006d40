"""`apply --summary --prices`: the pay bill against a price index, and who keeps pace."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from validate_helpers import invoke_assert_code

PAYROLL = "employee_id,band,point\n1,3,top\n2,3,1\n3,3,3\n"


def test_the_pay_bill_against_rpi_worked_by_hand(tmp_path: Path, runner: CliRunner) -> None:
    # sodexo-2020 (1 April 2020 to 31 March 2021), band 3: the top 26,600 -> 26,600 and a
    # 665.00 one-off; point 1 22,300 -> 22,700 and 46.00; point 3 23,500 -> 24,300.
    # RPI March 2020 292.6 to March 2021 296.9 (x 1.0146958), +1.47 %.
    # Pay bill 72,400 -> 73,600; to keep pace 72,400 x 296.9 / 292.6 = 21,495,560 / 292.6 =
    # 73,463.98; in real terms 73,600 / 73,463.98 = 1.001852, +0.19 %; with the 711.00 of
    # one-offs 74,311 / 73,463.98 = 1.011530, +1.15 %. The bill keeps pace, but not everyone:
    # the top needs 26,600 x 1.0146958 = 26,990.91 (has 26,600), point 1 22,627.73 (has
    # 22,700), point 3 23,845.35 (has 24,300): 2 of 3 keep pace.
    payroll = tmp_path / "p.csv"
    payroll.write_text(PAYROLL, encoding="utf-8")
    args = ["apply", "sodexo-2020", payroll, "-o", tmp_path / "out.csv", "--prices", "rpi"]
    doc = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)
    assert doc["prices"] == {
        "prices_index": "rpi",
        "prices_months": ["2020-03", "2021-03"],
        "prices_values": ["292.6", "296.9"],
        "prices_change_pct": "1.47",
        "real_consolidated_increase_pct": "0.19",
        "real_total_increase_pct": "1.15",
        "pay_bill_to_keep_pace": "73463.98",
        "pay_bill_falls_behind_by": "0.00",
        "pay_bill_keeps_pace": True,
        "people_keeping_pace": 2,
    }
    args[4] = tmp_path / "out2.csv"
    text = " ".join(invoke_assert_code(runner, 0, [*args, "--summary"]).stdout.split())
    assert "Against prices: RPI 292.6 (March 2020) to 296.9 (March 2021), 1.47 %" in text
    assert "pay bill rise in real terms 0.19 %" in text
    assert "pay bill that would keep pace £73,463.98" in text
    assert "the pay bill keeps pace" in text
    assert "people whose pay keeps pace 2 (66.7 %)" in text


def test_a_pay_bill_behind_prices_says_by_how_much_in_the_last_months_prices(
    tmp_path: Path, runner: CliRunner
) -> None:
    # The top of sodexo-2020's band 3 alone: 26,600 -> 26,600 against 26,990.91 to keep pace
    # (above): behind by 390.91 a year in March 2021 prices; no one keeps pace.
    payroll = tmp_path / "p.csv"
    payroll.write_text("employee_id,band,point\n1,3,top\n", encoding="utf-8")
    args = ["apply", "sodexo-2020", payroll, "-o", tmp_path / "out.csv", "--prices", "rpi"]
    text = " ".join(invoke_assert_code(runner, 0, [*args, "--summary"]).stdout.split())
    assert "falls behind by, a year (March 2021 prices) £390.91" in text
    assert "people whose pay keeps pace 0 (0.0 %)" in text


def test_prices_go_in_the_summary_and_a_missing_month_stops_the_run_in_one_line(
    tmp_path: Path, runner: CliRunner
) -> None:
    payroll = tmp_path / "p.csv"
    payroll.write_text(PAYROLL, encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["apply", "sodexo-2020", payroll, "-o", out, "--prices", "rpi"]
    result = invoke_assert_code(runner, 2, args)
    assert "--prices figures go in the summary: add --summary" in result.stderr
    (tmp_path / "prices").mkdir()
    (tmp_path / "prices" / "short.yaml").write_text(
        "kind: prices\nid: short\ntitle: Test index\nindex: test index\nstatus: published\n"
        'sources: [{id: s, title: Test source, url: "https://example.org/i"}]\n'
        "values:\n  - {month: 2020-03, value: 100.0, source: s}\n",
        encoding="utf-8",
    )
    args = ["apply", "sodexo-2020", payroll, "-o", out, "--summary", "--prices"]
    result = invoke_assert_code(runner, 2, [*args, tmp_path / "prices" / "short.yaml"])
    assert "price index 'short' has no value for March 2021" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
