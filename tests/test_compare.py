"""`paycalc compare` as a negotiator runs it: exit codes first, then what each format says.

Exact figures come from the small fixture files in tests/fixtures/compare/ (made-up scales that
never change); the bundled schemes get broad checks only, since their data is still revised.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.files.registry import Registry

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "compare"
GOLDEN = HERE / "golden"
ACME = str(FIXTURES / "acme-2020.yaml")  # Interserve-like: £200 at the top, then parity
BRAVO = str(FIXTURES / "bravo-2020.yaml")  # 4.5 % for everyone, a claim
COUNTER = str(FIXTURES / "counter.yaml")  # a counter-offer: an increment and 3 %
BROKEN = str(FIXTURES / "broken.yaml")  # a counter-offer with a misspelt step kind


def compare(runner: CliRunner, *args: str) -> object:
    # Text is wrapped to $COLUMNS: these checks read it at the width of a pipe (100), whatever
    # the terminal the tests run in; the widths themselves are tested in test_compare_rules.py.
    return runner.invoke(cli, ["compare", *args], env={"COLUMNS": "100"})


def results(out: object) -> list[dict[str, object]]:
    return json.loads(out.stdout)["results"]  # type: ignore[attr-defined]


# -- the figures ---------------------------------------------------------------------------------


def test_top_of_band_3_gets_200_unconsolidated_and_the_reference_salary(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--band", "3", "--point", "top", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["reference"] == "ref-2019-20"
    [row] = doc["results"]
    assert row["unconsolidated"] == "200.00"
    assert row["top"] is True and row["point"] == 5
    # Assimilated in December to the next reference point at or above £23,500: point 3, £24,000.
    assert row["reference_salary"] == "24000.00"
    assert row["after"] == "24000.00" and row["parity_gap"] == "0.00"
    assert row["total_increase_pct"] == "2.98"  # (500 + 200) / 23,500


def test_bundled_interserve_top_of_band_3_gets_200_and_an_nps_salary(runner: CliRunner) -> None:
    bundled = Registry.bundled()
    if not bundled.has("interserve-2020"):
        pytest.skip("bundled interserve-2020 not written yet")
    out = compare(runner, "interserve-2020", "--band", "3", "--point", "top", "--format", "json")
    assert out.exit_code == 0, out.output
    [row] = results(out)
    assert row["unconsolidated"] == "200.00"
    # Measured against the NPS scale in force on its last day, 25 June 2021: nps-2021-22 (in
    # force from 1 April 2021), not the scale its file names (nps-2019-20).
    assert row["reference"] == "nps-2021-22"
    nps_band_3 = bundled.scale("nps-2021-22").band_points()["3"]
    assert row["reference_salary"] in {f"{v:.2f}" for v in nps_band_3}


def test_every_point_of_every_band_by_default(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--format", "json")
    assert out.exit_code == 0, out.output
    labels = [(r["band"], r["point"], r["top"]) for r in results(out)]
    assert labels == [
        ("3", 1, False), ("3", 2, False), ("3", 3, False), ("3", 4, False), ("3", 5, True),
        ("4", 1, False), ("4", 2, False), ("4", 3, True),
    ]  # fmt: skip


def test_point_top_without_a_band_gives_the_top_of_every_band(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--point", "top", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [(r["band"], r["point"]) for r in results(out)] == [("3", 5), ("4", 3)]


def test_a_point_without_a_band_leaves_out_bands_too_short_to_have_it(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--point", "4", "--format", "json")
    assert out.exit_code == 0, out.output
    assert [(r["band"], r["point"]) for r in results(out)] == [("3", 4)]


def test_part_time_figures_are_scaled_but_the_rate_for_the_job_is_full_time(
    runner: CliRunner,
) -> None:
    out = compare(
        runner, BRAVO, "--band", "4", "--point", "top", "--fte", "0.5", "--format", "json"
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    [row] = doc["results"]
    assert (row["fte"], row["before"], row["after"]) == ("0.5", "15000.00", "15675.00")
    [rate] = doc["rate_for_the_job"]
    # 30,000 × 1.045 = 31,350.00; the next reference point at or above it is the top, 32,000.
    assert (rate["max_after"], rate["reference_salary"], rate["gap"]) == (
        "31350.00",
        "32000.00",
        "-650.00",
    )
    assert rate["gap_pct"] == "-2.03"


def test_a_salary_is_placed_on_the_point_at_or_below_it(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--band", "3", "--salary", "£22,750", "--format", "json")
    assert out.exit_code == 0, out.output
    [row] = results(out)
    assert (row["before"], row["point"], row["top"]) == ("22750.00", 4, False)


def test_the_cash_window_can_be_changed(runner: CliRunner) -> None:
    args = [BRAVO, "--band", "3", "--point", "1", "--format", "json"]
    whole = results(compare(runner, *args))[0]
    out = compare(runner, *args, "--from", "2020-04-01", "--to", "2020-04-30")
    assert out.exit_code == 0, out.output
    april = results(out)[0]
    assert april["window"] == ["2020-04-01", "2020-04-30"]
    # 30 days of a £945 rise: 945 × 30 / 366 (2020 is a leap year) = 77.46.
    assert april["cash_gain"] == "77.46"
    assert whole["cash_gain"] != april["cash_gain"]


def test_against_another_scale_given_by_path_under_each_parity_rule(runner: CliRunner) -> None:
    ref = str(FIXTURES / "scales" / "acme-2019-20.yaml")
    args = [BRAVO, "--band", "3", "--point", "1", "--against", ref, "--format", "json"]
    # Bravo: 4.5 % on 21,000 = 21,945.00. acme-2019-20 band 3 is 21,000 21,500 22,000 22,500 23,500.
    # transfer: the lowest point at or above 21,945 is 22,000, gap -55.00;
    # same-point: point 1 is 21,000, gap 945.00.
    for rule, salary, gap in (
        ("transfer", "22000.00", "-55.00"),
        ("same-point", "21000.00", "945.00"),
    ):
        out = compare(runner, *args, "--parity", rule)
        assert out.exit_code == 0, out.output
        doc = json.loads(out.stdout)
        assert doc["reference"] == "acme-2019-20"
        assert doc["parity_rule"]["name"] == rule
        [row] = doc["results"]
        assert (row["reference"], row["reference_salary"], row["parity_gap"]) == (
            "acme-2019-20",
            salary,
            gap,
        )
        assert row["parity_rule"] == rule


def test_a_counter_offer_file_is_compared_beside_a_scheme(runner: CliRunner) -> None:
    out = compare(runner, COUNTER, ACME, "--band", "3", "--point", "top", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert [s["id"] for s in doc["schemes"]] == ["counter", "acme-2020"]
    assert [r["after"] for r in doc["results"]] == ["24205.00", "24000.00"]


def test_a_counter_offer_copied_from_a_scheme_keeps_its_id_but_goes_by_its_file_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    copy = tmp_path / "my-offer.yaml"
    copy.write_text(
        Path(ACME).read_text().replace("lump_sum: {amount: 300", "lump_sum: {amount: 600")
    )
    out = compare(runner, str(copy), ACME, ACME, "--band", "3", "--point", "top", "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["scheme"], r["unconsolidated"]) for r in rows] == [
        ("my-offer", "400.00"),
        ("acme-2020", "200.00"),
    ]


def test_the_summary_counts_points_reaching_each_rise(runner: CliRunner) -> None:
    out = compare(runner, ACME, "--format", "json")
    assert out.exit_code == 0, out.output
    [summary] = json.loads(out.stdout)["summaries"]
    # Total rises: band 3 4.76, 2.33, 4.55, 6.67, 2.98; band 4 3.57, 5.17, 2.33.
    assert summary["weighted_by"] == "points" and summary["total"] == 8
    assert [r["count"] for r in summary["reaching"]] == [8, 5, 4, 2, 1]
    assert [r["share_pct"] for r in summary["reaching"]] == [
        "100.00",
        "62.50",
        "50.00",
        "25.00",
        "12.50",
    ]


def test_a_payroll_weights_the_summary_by_head_count(runner: CliRunner, tmp_path: Path) -> None:
    payroll = tmp_path / "payroll.csv"
    payroll.write_text(
        "employee_id,band,point,salary,fte\n"
        "1,3,1,,\n2,3,1,,\n3,3,top,,0.5\n4,3,,23000,\n5,4,2,,\n"
        "6,9,1,,\n"  # no band 9 on the scale: left out
        "7,3,x,,\n"  # not a point: left out
    )
    out = compare(runner, ACME, "--payroll", str(payroll), "--format", "json")
    assert out.exit_code == 0, out.output
    [summary] = json.loads(out.stdout)["summaries"]
    # Rises: 4.76 ×2, 2.98, 4.35 (£23,000 → £24,000), 5.17.
    assert (summary["weighted_by"], summary["total"], summary["excluded"]) == ("head_count", 5, 2)
    assert [r["count"] for r in summary["reaching"]] == [5, 4, 4, 1, 0]


# -- the formats ---------------------------------------------------------------------------------


def test_table_shows_each_band_with_gaps_rate_for_the_job_and_summary(runner: CliRunner) -> None:
    out = compare(runner, BRAVO, "--parity", "same-point")
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert "Status: CLAIM" in text
    assert "⚠ ILLUSTRATIVE" in text and "acme-2019-20" in text
    assert "top*  23,500.00  24,557.50  1,057.50   4.50" in text  # * illustrative scale value
    assert "-1,487.50" in text
    assert "Rate for the job: the top of band 3 is 23,500.00 before, 24,557.50 after" in text
    assert "share with a total rise of at least 2 %: 100 %, 3 %: 100 %, 4 %: 100 %, 5 %: 0 %" in (
        " ".join(text.split())
    )
    assert "\x1b[" not in text  # no colour when piped


def test_table_in_a_terminal_colours_gaps_red_below_the_reference_and_green_at_or_above(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A colour terminal, whatever the one running the tests is (rich honours TERM=dumb and
    # NO_COLOR even when forced to act as a terminal).
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    from paycalc.compare.layout import layout
    from paycalc.compare.run import Selection, compare
    from paycalc.compare.text import print_rich

    comparison = compare([BRAVO], Registry.default(), Selection(band="4"), parity="same-point")
    buf = io.StringIO()
    print_rich(layout(comparison), buf, force_terminal=True, width=100)
    text = buf.getvalue()
    assert re.search(r"\x1b\[31m *-650\.00", text)  # top of band 4: £650 short of the reference
    assert re.search(r"\x1b\[32m *260\.00", text)  # point 1: £260 above it


def test_a_narrow_terminal_never_cuts_a_figure_short() -> None:
    from paycalc.compare.layout import layout
    from paycalc.compare.run import Selection, compare
    from paycalc.compare.text import print_rich

    comparison = compare([BRAVO], Registry.default(), Selection(band="3"))
    buf = io.StringIO()
    print_rich(layout(comparison), buf, force_terminal=True, width=50)
    assert "…" not in buf.getvalue()
    assert "24,557.50" in buf.getvalue()


def test_every_line_of_the_bundled_offers_fits_100_columns(runner: CliRunner) -> None:
    for args in ([], ["--band", "3"]):
        out = compare(runner, *args)
        assert out.exit_code == 0, out.output
        assert max(len(line) for line in out.stdout.splitlines()) <= 100, args


def test_every_line_of_the_plain_table_fits_100_columns(runner: CliRunner) -> None:
    out = compare(runner, ACME, BRAVO, COUNTER)
    assert out.exit_code == 0, out.output
    assert max(len(line) for line in out.stdout.splitlines()) <= 100


def test_markdown_matches_the_golden_file(runner: CliRunner) -> None:
    out = compare(runner, ACME, BRAVO, "--format", "markdown", "--parity", "same-point")
    assert out.exit_code == 0, out.output
    assert_golden(out.stdout, GOLDEN / "compare_acme_bravo.md")


def test_markdown_side_by_side_matches_the_golden_file(runner: CliRunner) -> None:
    out = compare(
        runner,
        ACME,
        BRAVO,
        COUNTER,
        "--band",
        "3",
        "--format",
        "markdown",
        "--parity",
        "same-point",
    )
    assert out.exit_code == 0, out.output
    assert_golden(out.stdout, GOLDEN / "compare_side_by_side_band_3.md")


def assert_golden(text: str, path: Path) -> None:
    """Compare with a golden file. It is edited by hand, never written from the output, and its
    figures are checked against figures worked by hand below."""
    assert text == path.read_text(encoding="utf-8")


def test_the_golden_files_hold_bravos_figures_worked_by_hand() -> None:
    # Bravo is 4.5 % on acme-2019-20 from 1 April 2020; same-point against ref-2019-20.
    # Band 3, middle point 3: 22000 -> 22990 against ref point 3, 24000: gap -1010. Top (point 5
    # of 5) 23500 -> 24557.50 against ref's top (4 points), 25000: gap -442.50, -1.77 %. Cash
    # from 1 April 2020 to 25 June 2021 is 275/366 + 176/365 = 1.2335579 years: at point 3,
    # 22990 x 1.2335579 = 28359.50 against 22000 x 1.2335579 = 27138.27, a gain of 1221.23
    # (the band's median, since gains rise with the point).
    # The ranking's top column is the top after against the reference band's top whatever the
    # rule: -442.50 again.
    both = (GOLDEN / "compare_acme_bravo.md").read_text(encoding="utf-8")
    side = (GOLDEN / "compare_side_by_side_band_3.md").read_text(encoding="utf-8")
    for text in (both, side):
        assert "Bravo CRC: bravo-2020 | 4.50 | 1,221.23 | -442.50 |" in text.replace(" ▲", "")
    assert "| Bravo CRC: bravo-2020 | 23,500.00 | 24,557.50 | 25,000.00 | -442.50 |" in side
    # Side by side, the line of a salary of 22,000 before (point 3): after 22,990, gap -1,010.
    assert "| 22,000.00 | 23,000.00 | 22,990.00 ▼ | 23,175.00 ▲ |" in side
    assert "| 22,000.00 | 0.00 ▲ | -1,010.00 | -1,825.00 ▼ |" in side
    # Band 4: 30000 -> 31350 at the top against ref's top 32000: -650; the median gain is point
    # 2's: 29000 -> 30305, 1305 x 1.2335579 = 1609.79.
    assert "Bravo CRC: bravo-2020 | 4.50 | 1,609.79 | -650.00 |" in both.replace(" ▲", "")


def test_side_by_side_puts_offers_in_columns_and_people_on_lines_by_salary_before(
    runner: CliRunner,
) -> None:
    runner.env["COLUMNS"] = "100"
    out = compare(runner, ACME, BRAVO, COUNTER, "--band", "3")
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    after = lines.index("after £ (each starting salary's pay after the offer)")
    assert lines[after + 1].split() == ["before", "£", "acme-2020", "bravo-2020", "counter"]
    # All three start from acme-2019-20: 21,000 is point 1 of each. Acme: increment to 21,500,
    # then the reference point at or above, 22,000; Bravo 21,000 x 1.045 = 21,945.
    assert lines[after + 3].split() == [
        "21,000.00",
        "22,000.00",
        "21,945.00",
        "▼",
        "22,145.00",
        "▲",
    ]
    # Under the transfer rule the reference is what the transfer would add: never marked as a
    # gap to be made as large (or small) as can be.
    adds = next(n for n, x in enumerate(lines) if x.startswith("The transfer would add £"))
    table = lines[adds : adds + 8]
    assert not any("▲" in x or "▼" in x for x in table)
    # Bravo's 21,945 goes to the reference point at or above it, 22,000: it would add 55.
    assert table[3].split() == ["21,000.00", "0.00", "55.00", "855.00"] or table[4].split()[:4] == [
        "21,000.00",
        "0.00",
        "55.00",
        "855.00",
    ]


def test_json_and_csv_stay_one_row_per_scheme_and_person(runner: CliRunner) -> None:
    args = [ACME, BRAVO, "--band", "3"]
    as_json = results(compare(runner, *args, "--format", "json"))
    out = compare(runner, *args, "--format", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == len(as_json) == 10
    assert [r["scheme"] for r in rows] == ["acme-2020"] * 5 + ["bravo-2020"] * 5
    top = rows[4]
    assert (top["unconsolidated"], top["illustrative"], top["top"]) == ("200.00", "true", "true")
    assert top["illustrative_scales"] == "acme-2019-20"
    assert rows[5]["parity_gap"] == "-55.00"  # a number, not escaped as a formula


def test_html_is_one_self_contained_page_with_a_chart(runner: CliRunner) -> None:
    out = compare(runner, ACME, BRAVO, "--format", "html", "--parity", "same-point")
    assert out.exit_code == 0, out.output
    page = out.stdout
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<figure>") == 2  # one chart per band
    assert "<script" not in page and "<link" not in page and "src=" not in page
    assert "ILLUSTRATIVE" in page and "Status: CLAIM" in page
    assert '<td class="r bad">-1,487.50</td>' in page


def test_html_and_markdown_escape_text_from_scheme_files(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "scales", tmp_path / "scales")
    text = (
        Path(ACME)
        .read_text()
        .replace(
            "title: Acme CRC pay award 2020/21 (test fixture)",
            'title: "<script>alert(1)</script> & <b>co</b> | pay"',
        )
    )
    path = tmp_path / "acme-2020.yaml"
    path.write_text(text)
    page = compare(runner, str(path), "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    markdown = compare(runner, str(path), "--format", "markdown").stdout
    assert "\\<script\\>" in markdown and "\\| pay" in markdown


def test_output_file_is_written_whole_and_replaces_an_old_one(
    runner: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "offers.json"
    target.write_text("old")
    out = compare(runner, ACME, "--format", "json", "-o", str(target))
    assert out.exit_code == 0, out.output
    assert out.stdout == ""
    assert json.loads(target.read_text())["results"][0]["scheme"] == "acme-2020"
    assert [p.name for p in tmp_path.iterdir()] == ["offers.json"]  # no temporary file left


def test_with_no_scheme_every_scheme_found_is_compared(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("paycalc.files.registry.bundled_dir", lambda: FIXTURES)
    out = compare(runner, "--format", "json")
    assert out.exit_code == 0, out.output
    [one_round] = json.loads(out.stdout)["comparisons"]  # all start in 2020/21
    ids = [s["id"] for s in one_round["schemes"]]
    assert ids == ["acme-2020", "bravo-2020", "charlie-2020", "counter"]  # broken.yaml is not


def test_every_scheme_leaves_out_those_without_the_band_and_says_why(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("paycalc.files.registry.bundled_dir", lambda: FIXTURES)
    out = compare(runner, "--band", "4", "--format", "json")
    assert out.exit_code == 0, out.output
    [doc] = json.loads(out.stdout)["comparisons"]
    assert [s["id"] for s in doc["schemes"]] == ["acme-2020", "bravo-2020", "counter"]
    assert doc["skipped"] == [
        {
            "scheme": "charlie-2020",
            "reason": "band '4' is not on scale charlie-2019-20 (its bands are 3)",
        }
    ]
    text = compare(runner, "--band", "4").stdout
    assert "Left out, as they do not fit the staff asked for: charlie-2020 (band '4'" in text


def test_every_scheme_with_a_band_none_has_is_one_error(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("paycalc.files.registry.bundled_dir", lambda: FIXTURES)
    out = compare(runner, "--band", "7")
    assert out.exit_code == 2, out.output
    [line] = out.stderr.splitlines()
    assert line.startswith("paycalc: none of the 4 schemes fits the staff asked for; first: ")


def test_a_pending_offer_is_flagged_in_every_format(runner: CliRunner) -> None:
    charlie = str(FIXTURES / "charlie-2020.yaml")
    assert "Status: PENDING" in compare(runner, charlie).stdout
    assert "Status: PENDING" in compare(runner, charlie, "--format", "markdown").stdout
    assert "Status: PENDING" in compare(runner, charlie, "--format", "html").stdout
    doc = json.loads(compare(runner, charlie, "--format", "json").stdout)
    assert doc["schemes"][0]["status"] == "pending"
    assert {r["status"] for r in doc["results"]} == {"pending"}
    rows = list(csv.DictReader(io.StringIO(compare(runner, charlie, "--format", "csv").stdout)))
    assert {r["status"] for r in rows} == {"pending"}


def test_with_no_scheme_every_bundled_offer_is_compared_by_pay_round(runner: CliRunner) -> None:
    from paycalc.compare.results import pay_year

    bundled = Registry.bundled()
    out = compare(runner, "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    compared = [s for c in doc["comparisons"] for s in c["schemes"]]
    assert {s["id"] for s in compared} | set(doc["transfers_left_out"]) == set(
        bundled.ids("scheme")
    )
    assert {s for s in doc["transfers_left_out"]} == {
        s for s in bundled.ids("scheme") if s.startswith("transfer-")
    }
    for c in doc["comparisons"]:
        # Each round: its offers start in one April-to-March year, and one reference and one
        # window are stated at its top (and used on every row).
        years = {pay_year(bundled.scheme(s["id"]).period.start) for s in c["schemes"]}
        # The round is the April-to-March year its offers start in (a three-year award, such as
        # nps-2022, starts in 2022/23 whatever year it ends in).
        year = years.pop()
        assert not years and c["title"] == f"{year}/{(year + 1) % 100:02d} pay round"
        assert {r["reference"] for r in c["results"]} == {c["reference"]}
        assert {tuple(r["window"]) for r in c["results"]} == {tuple(c["window"])}


# -- errors: one line, exit 2 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            [ACME, "--band", "9"],
            "acme-2020: band '9' is not on scale acme-2019-20 (its bands are 3, 4)",
            id="wrong-band",
        ),
        pytest.param(
            [ACME, "--band", "4", "--point", "7"],
            "acme-2020: point 7 is beyond band 4 of acme-2019-20, which has points 1 to 3",
            id="point-beyond-band",
        ),
        pytest.param(
            [ACME, "--band", "3", "--salary", "20000"],
            "acme-2020: salary £20,000.00 is below the minimum of band 3 on acme-2019-20",
            id="salary-below-band",
        ),
        pytest.param(["no-such-offer"], "unknown scheme 'no-such-offer'", id="unknown-scheme"),
        pytest.param([ACME, "--against", "no-such-scale"], "unknown scale", id="unknown-against"),
        pytest.param(
            [BROKEN], "broken.yaml:13:5: PC101 unknown key 'uplfit'", id="counter-offer-typo"
        ),
    ],
)
def test_errors_are_one_line_and_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    out = compare(runner, *args)
    assert out.exit_code == 2, out.output
    assert out.stdout == ""
    [line] = out.stderr.splitlines()
    assert message in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param([ACME, "--salary", "22000"], "--salary needs --band", id="salary-no-band"),
        pytest.param(
            [ACME, "--band", "3", "--point", "1", "--salary", "22000"],
            "give --point or --salary, not both",
            id="point-and-salary",
        ),
        pytest.param(
            [ACME, "--from", "2021-01-01", "--to", "2020-12-31"], "before --from", id="window"
        ),
        pytest.param([ACME, "--point", "0"], "not a point", id="point-zero"),
        pytest.param([ACME, "--format", "pdf"], "'pdf' is not one of", id="format"),
    ],
)
def test_option_mistakes_are_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    out = compare(runner, *args)
    assert out.exit_code == 2, out.output
    assert message in out.stderr


def test_a_pipe_that_cannot_encode_the_markers_gets_question_marks_not_a_traceback() -> None:
    from paycalc.compare.report import write_report
    from paycalc.compare.run import Selection
    from paycalc.compare.run import compare as run_compare

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1252")
    comparison = run_compare([ACME, BRAVO], Registry.default(), Selection(band="3"))
    write_report(comparison, "table", stream=stream)
    stream.flush()
    text = raw.getvalue().decode("cp1252")
    assert "? ILLUSTRATIVE" in text and "0.00 ?" in text
    assert "£" in text  # cp1252 has the pound sign


def test_side_by_side_for_a_salary_puts_every_offer_on_one_line(runner: CliRunner) -> None:
    out = compare(runner, ACME, BRAVO, "--band", "3", "--salary", "22250", "--format", "markdown")
    assert out.exit_code == 0, out.output
    assert "| before £ | Acme CRC: acme-2020 | Bravo CRC: bravo-2020 |" in out.stdout
    # Acme: point 3, an increment to £22,500, then the reference point at or above: £23,000.
    assert "| 22,250.00 | 3.37 ▼ | 4.50 ▲ |" in out.stdout  # total increase %


def test_every_format_the_cli_offers_has_a_renderer_and_each_is_offered() -> None:
    from paycalc.cli.compare import compare_cmd
    from paycalc.compare.formats import FORMATS
    from paycalc.compare.report import RENDERERS

    [fmt] = [p for p in compare_cmd.params if p.name == "fmt"]
    assert list(fmt.type.choices) == list(FORMATS) == list(RENDERERS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_every_format_names_the_parity_rule(runner: CliRunner, fmt: str) -> None:
    out = compare(runner, ACME, BRAVO, "--band", "3", "--format", fmt)
    assert out.exit_code == 0, out.output
    if fmt == "json":
        doc = json.loads(out.stdout)
        assert doc["parity_rule"]["name"] == "transfer"
        assert {r["parity_rule"] for r in doc["results"]} == {"transfer"}
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out.stdout)))
        assert {r["parity_rule"] for r in rows} == {"transfer"}
    else:
        assert "Parity rule: transfer, the NPS pay point the person would be moved to" in out.stdout


def test_point_top_without_a_band_says_so_once(runner: CliRunner) -> None:
    text = runner.invoke(cli, ["compare", ACME, "--point", "top"]).stdout
    assert "Staff: point top of every band (full-time)." in text
    assert "bandpoint" not in text


@pytest.mark.parametrize("columns", [60, 80])
def test_a_narrow_terminal_gets_each_table_in_parts_led_by_its_point_column(
    columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paycalc.compare.layout import layout
    from paycalc.compare.run import Selection
    from paycalc.compare.run import compare as run_compare
    from paycalc.compare.text import print_rich

    monkeypatch.setenv("TERM", "xterm-256color")  # rich draws a dumb terminal 80 wide
    comparison = run_compare([BRAVO], Registry.default(), Selection(band="3"))
    buf = io.StringIO()
    print_rich(layout(comparison), buf, force_terminal=True, width=columns)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue()).splitlines()
    assert max(map(len, lines)) <= columns
    # The band table (eleven columns, 97 wide) comes in parts, each starting with pt; the
    # figures of the top row are all there: after 24,557.50, reference 25,000.00, gap -442.50.
    heads = [line.split() for line in lines if line.startswith("pt ")]
    assert len(heads) >= 2 and all(h[0] == "pt" for h in heads)
    text = "\n".join(lines)
    assert "24,557.50" in text and "25,000.00" in text and "-442.50" in text
