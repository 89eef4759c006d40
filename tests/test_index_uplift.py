"""The `index_uplift` step: a rise read from a price index ("RPI + 3 %"), and claim-2022."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from rule_helpers import result, step
from validate_helpers import invoke_assert_code, validate_json

from paycalc.engine import EngineError, run
from paycalc.files.registry import bundled_dir
from paycalc.model import PersonSpec
from paycalc.steps.base import CheckContext, Issue
from paycalc.steps.index_uplift import IndexUplift, IndexUpliftArgs

# Test index (conftest's scales sit beside it): February 2019 100.0, February 2020 108.2,
# March 2020 90.0 (a fall, for the no-rise rule).
PRICES = """\
kind: prices
id: idx
title: Test index
index: test index
status: published
sources: [{id: s, title: Test source, url: "https://example.org/idx"}]
values:
  - {month: 2019-02, value: 100.0, source: s}
  - {month: 2019-03, value: 100.0, source: s}
  - {month: 2020-02, value: 108.2, source: s}
  - {month: 2020-03, value: 90.0, source: s}
"""


@pytest.fixture
def scheme(make_scheme: Any, tmp_path: Path) -> Any:
    (tmp_path / "prices").mkdir()
    (tmp_path / "prices" / "idx.yaml").write_text(PRICES)
    return make_scheme


def rise(args: str) -> str:
    return step(f"{{on: 2020-04-01, index_uplift: {{index: idx, {args}}}}}")


@pytest.mark.parametrize(
    ("on", "first", "last"),
    [
        pytest.param(date(2022, 4, 1), date(2021, 2, 1), date(2022, 2, 1), id="april"),
        pytest.param(date(2022, 3, 15), date(2021, 2, 1), date(2022, 2, 1), id="mid-march"),
        # In February itself February's index is not out yet: the February before.
        pytest.param(date(2022, 2, 1), date(2020, 2, 1), date(2021, 2, 1), id="in-february"),
    ],
)
def test_the_measure_ends_in_the_last_named_month_before_the_rise(
    on: date, first: date, last: date
) -> None:
    args = IndexUpliftArgs(index="rpi", measured="12 months to February")
    assert args.months(on) == (first, last)


def test_a_measure_of_three_months_counts_back_three() -> None:
    args = IndexUpliftArgs(index="rpi", measured="3 months to January")
    assert args.months(date(2022, 4, 1)) == (date(2021, 10, 1), date(2022, 1, 1))


def test_plus_three_on_the_published_rate_by_hand(scheme: Any) -> None:
    # 108.2 / 100.0 = 8.2 %, + 3 = 11.2 %. Band 3 point 4 (top) of crc: 23,000 x 1.112 = 25,576.
    # Point 1: 20,000 x 1.112 = 22,240.
    run_, _ = result(scheme, rise("plus: 3, measured: 12 months to February"), band="3",
                     point="top")  # fmt: skip
    assert run_.end.salary == Decimal("25576.00")
    assert run_.end.bands["3"][0] == Decimal("22240.00")
    assert "+11.2 % (IDX February 2019 to February 2020: 8.2 %, plus 3)" in run_.events[0].summary


def test_compound_reading_by_hand(scheme: Any) -> None:
    # (1.082 x 1.03) - 1 = 11.446 %: 23,000 x 1.11446 = 25,632.58.
    body = rise("plus: 3, measured: 12 months to February, combine: compound")
    run_, _ = result(scheme, body, band="3", point="top")
    assert run_.end.salary == Decimal("25632.58")
    assert run_.events[0].summary == (
        "+11.446 % (IDX February 2019 to February 2020: 8.2 %, compounded with 3)"
    )


def test_each_new_point_is_rounded_to_the_pound_when_asked(scheme: Any) -> None:
    # 8.2 % + 3.05 = 11.25 %: 23,000 x 1.1125 = 25,587.50, to the pound half up 25,588.
    body = rise("plus: 3.05, measured: 12 months to February, round: pound")
    run_, _ = result(scheme, body, band="3", point="top")
    assert run_.end.salary == Decimal("25588.00")


def test_the_percentage_shown_is_rounded_half_up_to_four_places(scheme: Any) -> None:
    # 8.2 % + 0.00005 = 8.20005 %: shown as 8.2001 (half up, where half-even would give 8.2),
    # applied exactly: 20,000 x 1.0820005 = 21,640.01.
    run_, _ = result(scheme, rise("plus: 0.00005, measured: 12 months to February"), band="3",
                     point=1)  # fmt: skip
    assert run_.events[0].summary.startswith("+8.2001 % (IDX February 2019 to February 2020")
    assert run_.end.salary == Decimal("21640.01")


def test_a_rise_of_half_a_percent_is_applied_and_of_nothing_is_no_rise(scheme: Any) -> None:
    # 8.2 % - 7.7 = 0.5 %: 20,000 x 1.005 = 20,100.00. March: -10.0 % + 10 = 0 %, no rise.
    small, _ = result(scheme, rise("plus: -7.7, measured: 12 months to February"), band="3",
                      point=1)  # fmt: skip
    assert small.end.salary == Decimal("20100.00")
    none, _ = result(scheme, rise("plus: 10, measured: 12 months to March"), band="3", point=1)
    assert none.end.salary == Decimal("20000.00")
    assert none.events[0].summary == (
        "no rise: IDX March 2019 to March 2020: -10.0 %, plus 10 gives 0 %"
    )


def test_exact_rate_reading_by_hand(tmp_path: Path, scheme: Any) -> None:
    # 108.25 / 100.0 would publish as 8.3 % (half up); exact, it is 8.25 %: + 3 = 11.25 %, so
    # 23,000 x 1.1125 = 25,587.50 (and 25,599.00 on the published 11.3 %).
    (tmp_path / "prices" / "idx.yaml").write_text(PRICES.replace("108.2", "108.25"))
    exact, _ = result(scheme, rise("plus: 3, measured: 12 months to February, rate: exact"),
                      band="3", point="top")  # fmt: skip
    published, _ = result(scheme, rise("plus: 3, measured: 12 months to February"),
                          band="3", point="top")  # fmt: skip
    assert exact.end.salary == Decimal("25587.50")
    assert published.end.salary == Decimal("25599.00")


def test_a_fall_in_the_index_is_no_cut(scheme: Any) -> None:
    # March 2019 100.0 to March 2020 90.0: -10 %, + 3 = -7 %: no rise, never a cut.
    run_, _ = result(scheme, rise("plus: 3, measured: 12 months to March"), band="3", point=1)
    assert run_.end.salary == Decimal("20000.00")
    assert run_.events[0].summary.startswith("no rise: IDX March 2019 to March 2020: -10.0 %")


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        pytest.param(
            "index: nope, measured: 12 months to February",
            "PC201",
            "price index 'nope' not found",
            id="unknown-index",
        ),
        pytest.param(
            "index: idx, measured: 12 months to January",
            "PC202",
            "no value for January 2019",
            id="month-missing",
        ),
        pytest.param(
            "index: idx, measured: twelve months",
            "PC103",
            "'12 months to February'",
            id="measure-unreadable",
        ),
        pytest.param(
            "index: idx, measured: 12 months to Febuary",
            "PC103",
            "to a month named in full",
            id="month-misspelt",
        ),
    ],
)
def test_validate_reports_what_the_rise_cannot_read(
    scheme: Any, args: str, code: str, words: str, runner: CliRunner
) -> None:
    _, path = scheme(step(f"{{on: 2020-04-01, index_uplift: {{{args}}}}}"))
    problems = validate_json(runner, 1, path)["problems"]
    assert [p["code"] for p in problems] == [code]
    assert words in problems[0]["message"]
    assert problems[0]["line"] == 11  # the step's line


def test_without_price_indices_the_engine_says_so(scheme: Any) -> None:
    registry, path = scheme(rise("measured: 12 months to February"))
    found = registry.scheme(path)

    class Bands:  # a band source that reads no prices files
        def bands(self, ident: str) -> Any:
            return registry.bands(ident)

    with pytest.raises(EngineError, match="price index 'idx' cannot be read here"):
        run(found, PersonSpec(band="3", point=1), Bands())


def test_claim_2022_validates_and_show_says_it_in_plain_words(runner: CliRunner) -> None:
    files = [bundled_dir() / f"{name}.yaml" for name in ("claim-2022", "claim-2022-march-rpi")]
    invoke_assert_code(runner, 0, ["validate", *files])
    text = " ".join(invoke_assert_code(runner, 0, ["show", "claim-2022"]).stdout.split())
    assert (
        "consolidated rise of RPI's change over the 12 months to February (to one decimal, "
        "as published) plus 3 percentage points"
    ) in text
    assert '"An increase in the value of all pay points of 3% above the Retail Prices Index' in text
    assert "Variant of" not in text
    variant = " ".join(
        invoke_assert_code(runner, 0, ["show", "claim-2022-march-rpi"]).stdout.split()
    )
    assert "Variant of: claim-2022" in variant and "12 months to March" in variant


def test_claim_2022_each_april_by_hand(runner: CliRunner) -> None:
    # RPI Feb 2021 296.0 -> Feb 2022 320.2: 8.2 % + 3 = 11.2 %; Feb 2023 364.5: 13.8 % + 3 =
    # 16.8 %; Feb 2024 381.0: 4.5 % + 3 = 7.5 %. Band 4 top 37,174: x 1.112 = 41,337.488 ->
    # 41,337.49; x 1.168 = 48,282.18832 -> 48,282.19; x 1.075 = 51,903.354... -> 51,903.35.
    args = ["explain", "claim-2022", "--band", "4", "--point", "top", "--format", "json"]
    events = json.loads(invoke_assert_code(runner, 0, args).stdout)["events"]
    rises = [e["salary_after"] for e in events if e["step"] == "index_uplift"]
    assert rises == ["41337.49", "48282.19", "51903.35"]


def test_apply_never_writes_over_the_price_index_its_scheme_reads(
    scheme: Any, tmp_path: Path, runner: CliRunner
) -> None:
    _, path = scheme(rise("plus: 3, measured: 12 months to February"))
    payroll = tmp_path / "pay.csv"
    payroll.write_text("employee_id,band,point\n1,3,1\n", encoding="utf-8")
    index = tmp_path / "prices" / "idx.yaml"
    result = invoke_assert_code(runner, 2, ["apply", path, payroll, "-o", index])
    assert "is the input file" in result.stderr
    assert index.read_text() == PRICES


@given(
    st.decimals("50", "500", places=1),
    st.decimals("50", "500", places=1),
    st.decimals("0", "10", places=2),
)
def test_the_published_rate_is_the_exact_one_to_a_twentieth_and_compounding_adds(
    first: Decimal, last: Decimal, plus: Decimal
) -> None:
    values = {date(2021, 2, 1): first, date(2022, 2, 1): last}
    measure = {"index": "idx", "measured": "12 months to February", "plus": plus}
    exact = IndexUpliftArgs(**measure, rate="exact").change(values, date(2022, 4, 1))
    published = IndexUpliftArgs(**measure).change(values, date(2022, 4, 1))
    assert abs(published - exact) <= Decimal("0.05")
    assert published == published.quantize(Decimal("0.1"))
    added = IndexUpliftArgs(**measure).percent(published)
    compounded = IndexUpliftArgs(**measure, combine="compound").percent(published)
    assert added == published + plus
    # (1 + c)(1 + p) - 1 = c + p + cp: more than adding when the index rose, less when it fell.
    assert abs(compounded - (added + published * plus / 100)) < Decimal("1e-20")
    assert (compounded > added) == (published > 0 and plus > 0) or published < 0


@pytest.mark.parametrize(
    ("measured", "plus", "months"),
    [
        ("1 month to March", Decimal("-99.99"), (date(2022, 2, 1), date(2022, 3, 1))),
        ("60 months to March", Decimal(100), (date(2017, 3, 1), date(2022, 3, 1))),
    ],
)
def test_a_measure_runs_from_1_to_60_months_and_plus_above_minus_100_to_100(
    measured: str, plus: Decimal, months: tuple[date, date]
) -> None:
    args = IndexUpliftArgs(index="rpi", measured=measured, plus=plus)
    assert args.months(date(2022, 4, 1)) == months


@pytest.mark.parametrize(
    ("measured", "plus", "message"),
    [
        pytest.param(
            "61 months to March",
            Decimal(0),
            "'61 months to March' is not a period of the index: write it as '12 months to "
            "February' (1 to 60 months, to a month named in full)",
            id="61-months",
        ),
        pytest.param(
            "0 months to March",
            Decimal(0),
            "'0 months to March' is not a period of the index: write it as '12 months to "
            "February' (1 to 60 months, to a month named in full)",
            id="0-months",
        ),
        pytest.param(
            "12 months to March",
            Decimal(-100),
            "'plus' is percentage points above -100 and at most 100",
            id="plus-minus-100",
        ),
        pytest.param(
            "12 months to March",
            Decimal("100.01"),
            "'plus' is percentage points above -100 and at most 100",
            id="plus-over-100",
        ),
    ],
)
def test_a_measure_or_plus_out_of_range_is_refused_saying_the_range(
    measured: str, plus: Decimal, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        IndexUpliftArgs(index="rpi", measured=measured, plus=plus)
    assert str(caught.value) == message


def test_show_says_how_the_rate_is_read_combined_and_rounded() -> None:
    plain = IndexUpliftArgs(index="rpi", measured="12 months to February")
    every = IndexUpliftArgs(index="rpi", measured="12 months to February", plus=Decimal(3),
                            rate="exact", combine="compound", round="pound")  # fmt: skip
    on = date(2022, 4, 1)
    assert IndexUplift(on=on, index_uplift=plain).what() == (
        "consolidated rise of RPI's change over the 12 months to February (to one decimal, as "
        "published), on salaries and scale points"
    )
    assert IndexUplift(on=on, index_uplift=every).what() == (
        "consolidated rise of RPI's change over the 12 months to February (unrounded) "
        "compounded with 3 percentage points, on salaries and scale points, each rounded to "
        "the pound"
    )


def test_the_check_points_at_the_key_that_is_wrong() -> None:
    step_ = IndexUplift(
        on=date(2022, 4, 1),
        index_uplift=IndexUpliftArgs(index="rpi", measured="12 months to February"),
    )

    def context(values: dict[date, Decimal] | None) -> CheckContext:
        return CheckContext(bands_now={}, bands_of=lambda _: None, index_of=lambda _: values)

    assert list(step_.check(context(None))) == [
        Issue("price index 'rpi' not found", ("index_uplift", "index"), "PC201")
    ]
    assert list(step_.check(context({date(2022, 2, 1): Decimal(100)}))) == [
        Issue(
            "price index 'rpi' has no value for February 2021, which '12 months to February' "
            "needs for a rise on 2022-04-01",
            ("index_uplift", "measured"),
            "PC202",
        )
    ]
