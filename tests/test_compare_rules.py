"""The rules `paycalc compare` keeps, so that a table put in front of an employer can be defended
line by line: an offer's own figures never depend on what else is compared; a run is joined only
when named `a+b`; one reference scale and one cash window per comparison; rankings that follow
pay (a counter-offer paying everyone more never ranks below the offer it improves)."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paycalc.cli import cli
from paycalc.compare.offers import is_transfer
from paycalc.compare.ranking import REAL, ranked_by, rankings
from paycalc.compare.realterms import with_prices
from paycalc.compare.run import Selection, compare, compare_all
from paycalc.describe.as_tables import natural_runs
from paycalc.errors import PaycalcError, PersonError
from paycalc.files.registry import Registry

REGISTRY = Registry.bundled()
IDS = REGISTRY.ids("scheme")
SCHEMES = {i: REGISTRY.scheme(i) for i in IDS}
RUNS = [run for _, run in natural_runs(REGISTRY)]
OFFERS = [i for i in IDS if not is_transfer(SCHEMES[i], REGISTRY)]
# Counter-offers are made from offers that are no other offer's reading (a reading is shown
# under its offer, not ranked as a rival).
PLAIN_OFFERS = [i for i in OFFERS if SCHEMES[i].variant_of is None]
OWN = (
    "before",
    "after",
    "consolidated_increase",
    "consolidated_increase_pct",
    "unconsolidated",
    "total_increase_pct",
    "end_point",
    "protected",
)


def own_figures(rows: Any, scheme: str) -> dict[tuple[str, int], tuple[object, ...]]:
    """An offer's own figures, by band and starting point."""
    return {
        (r.figures.band, r.figures.point): tuple(getattr(r.figures, k) for k in OWN)
        for r in rows
        if r.figures.scheme == scheme
    }


def alone(scheme: str) -> dict[tuple[str, int], tuple[object, ...]]:
    return own_figures(compare([scheme], REGISTRY).rows, scheme)


ALONE: dict[str, dict[tuple[str, int], tuple[object, ...]]] = {}


def alone_cached(scheme: str) -> dict[tuple[str, int], tuple[object, ...]]:
    if scheme not in ALONE:
        ALONE[scheme] = alone(scheme)
    return ALONE[scheme]


# -- an offer's own figures ---------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(IDS + RUNS),
    others=st.lists(st.sampled_from(IDS + RUNS), max_size=3),
    at=st.integers(0, 3),
    rule=st.sampled_from(["transfer", "same-point"]),
    to=st.none() | st.dates(date(2020, 6, 1), date(2022, 12, 31)),
)
def test_an_offers_own_figures_are_the_same_in_any_set_of_offers_that_contains_it(
    target: str, others: list[str], at: int, rule: str, to: date | None
) -> None:
    named = [o for o in others if o != target]
    named.insert(min(at, len(named)), target)
    c = compare(named, REGISTRY, parity=rule, window=(date(2019, 1, 1) if to else None, to))
    assert own_figures(c.rows, target) == alone_cached(target)


def test_every_bundled_offer_has_the_same_own_figures_alone_in_a_plain_compare_and_beside_each_other_offer_of_its_employer() -> (  # noqa: E501
    None
):
    plain = compare_all(REGISTRY)
    in_plain = {}
    for c in plain.comparisons:
        for info in c.schemes:
            in_plain[info.id] = own_figures(c.rows, info.id)
    assert set(in_plain) == set(OFFERS)
    for scheme in IDS:
        own = alone_cached(scheme)
        if scheme in in_plain:
            assert in_plain[scheme] == own, scheme
        for other in IDS:
            if other != scheme and SCHEMES[other].employer == SCHEMES[scheme].employer:
                c = compare([other, scheme], REGISTRY)
                assert own_figures(c.rows, scheme) == own, (scheme, other)


# -- runs -----------------------------------------------------------------------------------------


def test_an_explicit_run_equals_the_chain_of_its_parts_worked_by_hand() -> None:
    # sodexo-2020-21 band 3: 22,300 22,700 23,500 24,300 25,200 26,100 26,600. Point 2, 22,700:
    # 1 April 2020 (sodexo-2020): not the top, so no 2.5 % lump sum; an increment to 23,500
    # (+800, over 2 % of 22,700 = 454, so no top-up). 1 April 2021 (sodexo-2021): an increment
    # to 24,300 (+800, over 2 % of 23,500 = 470). Before 22,700, after 24,300, no one-off:
    # 1,600 / 22,700 = 7.048 % -> 7.05.
    # Cash, 1 April 2020 to 25 June 2021 (the run's start to its end): 23,500 x (275/366 +
    # 90/365) = 23,451.6244 and 24,300 x 86/365 = 5,725.4795: 29,177.10; with no award 22,700 x
    # (275/366 + 176/365) = 28,001.76; gain 1,175.34.
    c = compare(["sodexo-2020+sodexo-2021"], REGISTRY, Selection(band="3", point=2))
    [row] = c.rows
    f = row.figures
    assert f.scheme == "sodexo-2020+sodexo-2021"
    assert c.schemes[0].parts == ("sodexo-2020", "sodexo-2021")
    assert (f.before, f.after, f.unconsolidated) == (Decimal(22700), Decimal(24300), 0)
    assert (f.end_point, f.total_increase_pct) == (4, Decimal("7.05"))
    assert c.window == (date(2020, 4, 1), date(2021, 6, 25))
    assert (f.cash_in_period, f.cash_baseline, f.cash_gain) == (
        Decimal("29177.10"),
        Decimal("28001.76"),
        Decimal("1175.34"),
    )
    # sodexo-2021 alone, from the same point: 22,700 -> 23,500 over 1 April to 25 June 2021,
    # 800 x 86/365 = 188.49 -> cash 23,500 x 86/365 = 5,536.99 against 5,348.49: 188.50.
    beside = compare(["sodexo-2021", "sodexo-2020+sodexo-2021"], REGISTRY, Selection("3", 2))
    [mine] = [r.figures for r in beside.rows if r.figures.scheme == "sodexo-2021"]
    assert (mine.after, mine.end_point) == (Decimal(23500), 3)
    own = compare(["sodexo-2021"], REGISTRY, Selection("3", 2)).rows[0].figures
    assert (own.after, own.cash_gain) == (Decimal(23500), Decimal("188.50"))


def test_a_run_is_named_as_one_in_every_format(runner: CliRunner) -> None:
    args = ["compare", "sodexo-2020+sodexo-2021", "sodexo-2020", "--band", "3"]
    doc = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert {r["scheme"]: r["run"] for r in doc["results"]} == {
        "sodexo-2020+sodexo-2021": ["sodexo-2020", "sodexo-2021"],
        "sodexo-2020": ["sodexo-2020"],
    }
    csv_text = runner.invoke(cli, [*args, "--format", "csv"]).stdout
    assert csv_text.splitlines()[0].startswith("scheme,run,")
    assert "sodexo-2020+sodexo-2021,sodexo-2020; sodexo-2021," in csv_text
    assert "sodexo-2020+sodexo-2021" in runner.invoke(cli, args).stdout
    for fmt in ("markdown", "html"):
        page = runner.invoke(cli, [*args, "--format", fmt]).stdout
        assert "Sodexo Justice Services: sodexo-2020 then sodexo-2021" in page


def test_list_shows_each_employers_natural_run_in_date_order_then_its_transfer(
    runner: CliRunner,
) -> None:
    out = runner.invoke(cli, ["list", "--format", "json"])
    runs = {r["employer"]: r["run"] for r in json.loads(out.stdout)["runs"]}
    assert runs["Sodexo Justice Services"] == (
        "sodexo-2020+sodexo-2021+transfer-2021-sodexo+nps-2022"
    )
    # The claim (interserve-2019) and the other readings (variants) are not in a run.
    assert runs["Interserve (Purple Futures)"] == (
        "interserve-2020+transfer-2021-interserve+nps-2022"
    )
    for run in runs.values():  # each can be compared as it is listed
        assert compare([run], REGISTRY, Selection(point="top")).schemes[0].id == run


# -- one reference and one window -----------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    named=st.lists(st.sampled_from(IDS + RUNS), min_size=1, max_size=4, unique=True),
    first=st.none() | st.dates(date(2019, 1, 1), date(2020, 12, 31)),
    last=st.none() | st.dates(date(2021, 1, 1), date(2022, 12, 31)),
)
def test_one_reference_and_one_window_per_comparison_stated_once(
    named: list[str], first: date | None, last: date | None
) -> None:
    periods = [SCHEMES[p].period for n in named for p in n.split("+")]
    window = (first or min(p.start for p in periods), last or max(p.end for p in periods))
    if window[1] < window[0]:  # --from after the offers end: refused, in one line
        with pytest.raises(PaycalcError, match="the cash window ends"):
            compare(named, REGISTRY, Selection(point="top"), window=(first, last))
        return
    c = compare(named, REGISTRY, Selection(point="top"), window=(first, last))
    assert c.window == window
    # The NPS scale in force on the window's last day: the latest to take effect by then.
    nps = [REGISTRY.scale(s) for s in REGISTRY.ids("scale") if s.startswith("nps-")]
    in_force = max((s for s in nps if s.effective <= window[1]), key=lambda s: s.effective)
    assert c.reference == in_force.id
    assert {r.figures.reference for r in c.rows} == {in_force.id}
    assert {r.figures.window for r in c.rows} == {window}
    assert {s.reference for s in c.schemes} == {in_force.id}


def test_offers_of_different_years_share_one_reference_and_window_stated_once(
    runner: CliRunner,
) -> None:
    args = ["compare", "sodexo-2020", "interserve-2020", "dtv-2020", "mtc-2019", "--band", "3"]
    text = runner.invoke(cli, args, env={"COLUMNS": "100"}).stdout
    assert text.count("Reference: ") == 1
    assert "Reference: nps-2021-22 (the NPS scale in force on 25 June 2021" in text
    assert "Cash counted from 1 April 2019 to 25 June 2021" in text
    given = runner.invoke(cli, [*args, "--against", "nps-2020-21"], env={"COLUMNS": "100"}).stdout
    assert "Reference: nps-2020-21 (given by --against)" in given
    assert "--against" not in given.replace("(given by --against)", "")
    doc = json.loads(runner.invoke(cli, [*args, "--format", "json"]).stdout)
    assert (doc["reference"], doc["window"]) == ("nps-2021-22", ["2019-04-01", "2021-06-25"])


def test_a_plain_compare_is_one_comparison_per_pay_round_and_says_which_local_files_it_read(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = tmp_path / "sodexo-2020-counter.yaml"
    local.write_text(_counter_text("sodexo-2020", "sodexo-2020-counter", Decimal("2.5")))
    monkeypatch.chdir(tmp_path)
    env = {"COLUMNS": "100", "PAYCALC_PATH": str(tmp_path)}
    out = runner.invoke(cli, ["compare", "--band", "3"], env=env)
    assert out.exit_code == 0, out.output
    assert f"Local files included: {local}." in " ".join(out.stdout.split())
    rounds = re.findall(r"^(\d{4}/\d\d) pay round: .* against NPS pay \((\S+)\)$", out.stdout, re.M)
    assert rounds == [
        ("2019/20", "nps-2019-20"),
        ("2020/21", "nps-2021-22"),
        ("2021/22", "nps-2021-22"),
        ("2022/23", "nps-2024-25"),
    ]


# -- rankings that follow pay ---------------------------------------------------------------------


def _counter_text(offer: str, new_id: str, percent: Decimal) -> str:
    """The offer's file as a counter-offer: its own id, and every point raised by `percent` on
    its last day (after all its own steps), so everyone is paid at least as much."""
    path = REGISTRY.loaded(offer, "scheme").path
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", f"id: {new_id}", text, count=1, flags=re.M)
    text = re.sub(r"^examples:(.|\n)*?(?=^\S|\Z)", "", text, flags=re.M)
    if not percent:  # no uplift: the same offer under another name
        return text
    end = SCHEMES[offer].period.end
    step = f"  - on: {end}\n    uplift: {{percent: {percent}}}\n"
    # Last in the list, so it comes after any other step of the same day.
    block = r"^(steps:\n(?:[ #].*\n|\n)*)"
    return re.sub(block, lambda m: m.group(1) + step, text, count=1, flags=re.M)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    offer=st.sampled_from(PLAIN_OFFERS),
    rival=st.sampled_from(PLAIN_OFFERS),
    percent=st.decimals(0, 10, places=2),
    rule=st.sampled_from(["transfer", "same-point"]),
    salary_at=st.none() | st.integers(0, 100),
    prices=st.sampled_from([None, "rpi", "cpi"]),
)
def test_an_offer_plus_any_uplift_on_every_point_never_ranks_below_it_nor_shows_a_worse_figure(
    tmp_path_factory: pytest.TempPathFactory,
    offer: str,
    rival: str,
    percent: Decimal,
    rule: str,
    salary_at: int | None,
    prices: str | None,
) -> None:
    folder = tmp_path_factory.mktemp("counter")
    counter = folder / f"{offer}-counter.yaml"
    counter.write_text(_counter_text(offer, f"{offer}-counter", percent), encoding="utf-8")
    bands = REGISTRY.bands(SCHEMES[offer].from_scale)
    band = "3" if "3" in bands else next(iter(bands))
    chosen = Selection()
    if salary_at is not None:  # someone paid that far (in %) from the band's bottom to its top
        low, high = bands[band][0], bands[band][-1]
        chosen = Selection(band=band, salary=round(low + (high - low) * salary_at / 100))
    named = [offer, str(counter)] + ([rival] if rival != offer else [])
    registry = Registry([folder, REGISTRY.home], home=REGISTRY.home)  # type: ignore[list-item]
    try:
        c = compare(named, registry, chosen, parity=rule)
    except PersonError as e:  # the rival may not have the band asked for
        assert e.scheme == rival, e
        return
    if prices is not None:  # the ranking gains the real total rise, which must follow pay too
        c = with_prices(c, registry, prices)
        assert REAL in ranked_by(c)
    keys = ranked_by(c)
    for band_name in c.bands():
        if not c.rows_of(offer, band_name):
            continue
        standings = {s.schemes[0]: s for s in rankings(c) if s.band == band_name}
        mine = next(s for s in standings.values() if offer in s.schemes)
        better = next(s for s in standings.values() if f"{offer}-counter" in s.schemes)
        if mine.rank is None:  # the NPS's own award with a rival: a benchmark, not ranked
            continue
        assert better.rank is not None and better.rank <= mine.rank
        for k in keys:
            assert better.values[k] >= mine.values[k], (band_name, k)


def test_a_counter_offer_paying_everyone_more_ranks_first_with_no_worse_figure(
    tmp_path: Path,
) -> None:
    # The issue's case: sodexo-2020 plus 2.5 % on every point, in band 3. Under the old "gap at
    # top" it showed -944 against sodexo-2020's -524; the top against the NPS top is always
    # higher: 26,600 x 1.025 = 27,265 against 26,600.
    counter = tmp_path / "sodexo-2020-counter.yaml"
    counter.write_text(_counter_text("sodexo-2020", "sodexo-2020-counter", Decimal("2.5")))
    c = compare(["sodexo-2020", str(counter)], Registry.default(), Selection(band="3"))
    first, second = rankings(c)
    assert (first.schemes, first.rank, second.schemes, second.rank) == (
        ("sodexo-2020-counter",),
        1,
        ("sodexo-2020",),
        2,
    )
    assert all(a >= b for a, b in zip(first.values, second.values, strict=True))
    assert first.top_gap - second.top_gap == Decimal("665.00")


def test_the_nps_award_is_the_benchmark_and_readings_sit_under_their_offer_unranked() -> None:
    c = compare(
        ["seetec-2020", "seetec-2020-same-point", "sodexo-2020", "nps-2020"],
        REGISTRY,
        Selection(band="3"),
    )
    standings = rankings(c)
    kinds = [(s.schemes, s.rank, s.kind) for s in standings]
    assert kinds[-1] == (("nps-2020",), None, "benchmark")
    reading = next(s for s in standings if s.kind == "reading")
    assert (reading.schemes, reading.rank, reading.reading_of) == (
        ("seetec-2020-same-point",),
        None,
        "seetec-2020",
    )
    head = next(s for s in standings if s.schemes == ("seetec-2020",))
    # The range across readings spans the offer's own figure and its reading's.
    low, high = head.ranges[0]
    assert low <= head.median_total_increase_pct <= high
    assert low <= reading.median_total_increase_pct <= high
    assert [s.rank for s in standings if s.kind == "offer"] == [1, 2]


def test_a_persons_ranking_shows_their_own_figures_and_no_band_top(runner: CliRunner) -> None:
    args = ["compare", "sodexo-2020", "dtv-2020", "interserve-2020", "--band", "3"]
    text = runner.invoke(cli, [*args, "--salary", "24000"], env={"COLUMNS": "100"}).stdout
    ranking = text[text.index("Which offer is best") :].split("\n\n")[1]
    assert "offers ranked on the total rise of someone on 24,000.00" in ranking
    header = next(x for x in ranking.splitlines() if x.startswith("offer")).split()
    assert header == ["offer", "total", "%", "gain", "£", "after", "£"]
    assert "of 1 points" not in text and "top v" not in ranking and "mid" not in ranking
    assert "Band 3 (Probation services officer)" in text


# -- reports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_member_reports_use_employer_names_job_titles_and_no_command_line_advice(
    runner: CliRunner, fmt: str
) -> None:
    page = runner.invoke(cli, ["compare", "--format", fmt]).stdout
    assert "paycalc " not in page.replace("Made with paycalc compare", "")
    assert "--" not in re.sub(r"<!--.*?-->|---+|\|---", "", page)
    assert "Sodexo Justice Services: sodexo-2020" in page
    assert "Band 4 (Probation officer)" in page
    # Bands in order within each ranking.
    for chunk in page.split("Which offer is best")[1:]:
        bands = re.findall(r"Band (\d+)[^:]*: offers ranked", chunk.split("side by side")[0])
        bands = bands[: len(set(bands))]
        assert bands == sorted(bands, key=int)


@pytest.mark.parametrize("columns", [60, 80])
def test_compares_tables_fit_the_terminal_and_the_ranking_fits_80_in_one_part(
    runner: CliRunner,
    columns: int,
) -> None:
    for args in (
        [],
        ["sodexo-2020", "interserve-2020", "dtv-2020", "seetec-2020", "--band", "3"],
        ["sodexo-2020", "dtv-2020", "--band", "3", "--salary", "24000"],
    ):
        text = runner.invoke(cli, ["compare", *args], env={"COLUMNS": str(columns)}).stdout
        assert max(map(len, text.splitlines())) <= columns, args
        if columns == 80:
            assert not re.search(r"offers ranked on .*\(1 of \d\)", text), args


def test_help_states_the_default_reference_and_window_as_a_rule(runner: CliRunner) -> None:
    text = " ".join(runner.invoke(cli, ["compare", "--help"]).stdout.split())
    assert "the NPS scale in force on the cash window's last day" in text
    assert "the earliest start of the offers compared" in text
    assert "the latest end of the offers compared" in text
    assert "one comparison per pay round" in text


def test_a_round_none_of_whose_offers_has_the_band_is_left_out_and_said_so(
    runner: CliRunner,
) -> None:
    # Band 1: neither 2019/20 offer's scale has one (interserve-2019-20 starts at band 2, and
    # mtc-2018-19 too), so that round is left out, with the first reason, in every format.
    out = runner.invoke(cli, ["compare", "--band", "1", "--format", "json"])
    doc = json.loads(out.stdout)
    assert [c["title"] for c in doc["comparisons"]] == [
        "2020/21 pay round",
        "2021/22 pay round",
        "2022/23 pay round",
    ]
    [left_out] = doc["rounds_left_out"]
    assert left_out["round"] == "2019/20 pay round"
    assert "band '1' is not on scale" in left_out["reason"]
    text = runner.invoke(cli, ["compare", "--band", "1"], env={"COLUMNS": "100"}).stdout
    assert "Left out: the 2019/20 pay round, as none of its offers fits the staff asked for" in text


def test_offers_of_different_pay_rounds_named_together_are_told_so_once(runner: CliRunner) -> None:
    args = ["compare", "mtc-2019", "sodexo-2020", "--band", "3"]
    text = runner.invoke(cli, args, env={"COLUMNS": "100"}).stdout
    said = " ".join(text.split())
    assert said.count("The offers start in different pay rounds (2019/20, 2020/21)") == 1
    one_round = runner.invoke(cli, ["compare", "dtv-2020", "sodexo-2020", "--band", "3"])
    assert "different pay rounds" not in one_round.stdout
