"""Pay against prices: which months are compared, the real rise, and `explain --prices`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from validate_helpers import invoke_assert_code

from paycalc.realterms import (
    MissingMonth,
    PricesChange,
    deflated_pct,
    index_value,
    month_before,
    prices_change,
    real_pct,
    real_terms,
)

D = Decimal
# RPI as the LRD "Pay and prices" table quotes it (Jan 1987 = 100).
RPI = {
    date(2021, 3, 1): D("296.9"),
    date(2021, 4, 1): D("301.1"),
    date(2021, 12, 1): D("317.7"),
}


def test_the_months_compared_are_the_month_before_the_rise_and_the_last_month() -> None:
    # A rise on 1 April 2021 read on 31 December 2021: March 2021 against December 2021.
    change = prices_change(RPI, "rpi", date(2021, 4, 1), date(2021, 12, 31))
    assert (change.first_month, change.last_month) == (date(2021, 3, 1), date(2021, 12, 1))
    assert (change.first, change.last) == (D("296.9"), D("317.7"))
    assert change.months() == "March 2021 to December 2021"


def test_a_rise_in_january_is_compared_with_the_december_before() -> None:
    assert month_before(date(2022, 1, 1)) == date(2021, 12, 1)
    assert month_before(date(2021, 5, 17)) == date(2021, 4, 1)


def test_prices_change_by_hand() -> None:
    # 317.7 / 296.9: 296.9 x 1.07 = 317.683, and 0.017 / 296.9 = 0.0000573, so 1.0700573:
    # +7.01 % from March to December 2021.
    change = prices_change(RPI, "rpi", date(2021, 4, 1), date(2021, 12, 31))
    assert round(change.pct, 2) == D("7.01")
    # From April (301.1) instead, a rise on 1 May: 317.7 / 301.1 = 1.05513 -> +5.51 %.
    later = prices_change(RPI, "rpi", date(2021, 5, 1), date(2021, 12, 31))
    assert round(later.pct, 2) == D("5.51")


def test_real_rise_is_nominal_over_prices_by_hand() -> None:
    # A 3 % rise against +7.0057 %: 1.03 / 1.0700573 = 0.9625656, so -3.74 % in real terms.
    change = prices_change(RPI, "rpi", date(2021, 4, 1), date(2021, 12, 31))
    assert round(real_pct(D(3), change), 2) == D("-3.74")
    # The same from money: £30,000 to £30,900.
    assert round(deflated_pct(D(30900), D(30000), change), 2) == D("-3.74")


def test_falls_behind_by_the_shortfall_in_the_last_months_prices() -> None:
    # £30,000 before, £30,900 after, £300 one-off, £500 below the reference.
    # To keep pace: 30,000 x 317.7 / 296.9 = 9,531,000 / 296.9 = 32,101.7177 -> £32,101.72;
    # short by 32,101.7177 - 30,900 = 1,201.7177 -> £1,201.72.
    # Total rise: 31,200 / 32,101.7177 - 1 = -2.809 % -> -2.81.
    # Gap in March 2021 prices: -500 / 1.0700573 = -467.26.
    change = prices_change(RPI, "rpi", date(2021, 4, 1), date(2021, 12, 31))
    real = real_terms(change, D(30000), D(30900), D(300), D(-500))
    shown = real.to_dict()
    assert shown["keep_pace_salary"] == "32101.72"
    assert shown["falls_behind_by"] == "1201.72"
    assert shown["real_consolidated_increase_pct"] == "-3.74"
    assert shown["real_total_increase_pct"] == "-2.81"
    assert shown["real_parity_gap"] == "-467.26"
    assert shown["prices_change_pct"] == "7.01"
    assert shown["prices_months"] == ["2021-03", "2021-12"]
    assert real.verdict() == "falls behind RPI by £1,201.72 a year in December 2021 prices"
    assert (real.before, real.after, shown["prices_index"], shown["keeps_pace"]) == (
        D(30000),
        D(30900),
        "rpi",
        False,
    )


def test_a_rise_above_prices_keeps_pace() -> None:
    change = prices_change(RPI, "rpi", date(2021, 4, 1), date(2021, 12, 31))
    real = real_terms(change, D(30000), D(33000), D(0), D(0))  # +10 % against +7.01 %
    assert real.keeps_pace and real.verdict() == "keeps pace with RPI"
    assert real.to_dict()["falls_behind_by"] == "0.00"
    assert real.to_dict()["keeps_pace"] is True


def test_a_salary_that_rises_exactly_with_prices_keeps_pace() -> None:
    # 100 -> 125 is +25 %; £30,000 x 1.25 = £37,500 exactly, so nothing is short.
    change = PricesChange("cpi", date(2021, 3, 1), date(2022, 3, 1), D(100), D(125))
    real = real_terms(change, D(30000), D(37500), D(0), D(0))
    assert real.shortfall == 0 and real.keeps_pace
    assert real.verdict() == "keeps pace with CPI"


def test_the_real_rise_from_money_reads_old_and_new_salaries() -> None:
    # Prices +25 % (100 -> 125). From £1 to £2: 2 / (1 x 1.25) = 1.6, +60 % in real terms.
    # From nothing there is no rise to deflate: 0, not a division by zero.
    change = PricesChange("cpi", date(2021, 3, 1), date(2022, 3, 1), D(100), D(125))
    assert deflated_pct(D(2), D(1), change) == D(60)
    assert deflated_pct(D(500), D(0), change) == 0


def test_a_month_not_in_the_file_is_named_never_estimated() -> None:
    with pytest.raises(MissingMonth, match="no value for February 2021"):
        prices_change(RPI, "rpi", date(2021, 3, 1), date(2021, 12, 31))
    # The last month missing is named as the first is, with the index's name and its months.
    with pytest.raises(MissingMonth) as caught:
        prices_change(RPI, "rpi", date(2021, 4, 1), date(2022, 1, 31))
    assert str(caught.value) == (
        "price index 'rpi' has no value for January 2022 (it has March 2021 to December "
        "2021); add the month's published value to the prices file"
    )


def test_an_index_with_no_values_says_it_has_no_months() -> None:
    with pytest.raises(MissingMonth) as caught:
        index_value({}, "rpi", date(2021, 3, 1))
    assert str(caught.value) == (
        "price index 'rpi' has no value for March 2021 (it has no months); add the month's "
        "published value to the prices file"
    )


changes = st.builds(
    PricesChange,
    st.just("idx"),
    st.just(date(2021, 3, 1)),
    st.just(date(2022, 3, 1)),
    st.decimals("50", "500", places=1),
    st.decimals("50", "500", places=1),
)
money = st.decimals("1000", "99999", places=2)


@given(changes, money, money)
def test_keeps_pace_exactly_when_the_real_rise_is_not_negative(
    change: PricesChange, before: Decimal, after: Decimal
) -> None:
    real = real_terms(change, before, after, D(0), D(0))
    assert real.keeps_pace == (real.real_consolidated_increase_pct >= 0)
    # The money and the percentage forms of the formula agree.
    nominal = (after / before - 1) * 100
    assert abs(real_pct(nominal, change) - real.real_consolidated_increase_pct) < D("1e-20")


def test_explain_with_rpi_by_hand(runner: CliRunner) -> None:
    # nps-2021, band 2 top: £22,259 -> £22,509 on 1 April 2021; the scheme ends 31 March 2022.
    # RPI March 2021 296.9 -> March 2022 323.5: 323.5 / 296.9 = 1.08959 -> +8.96 %.
    # To keep pace: 22,259 x 323.5 / 296.9 = 7,200,786.5 / 296.9 = 24,253.2384 -> £24,253.24,
    # so it falls behind by 24,253.24 - 22,509 = £1,744.24; real rise 22,509 / 24,253.2384 - 1
    # = -7.19 %.
    args = ["explain", "nps-2021", "--band", "2", "--point", "top", "--prices", "rpi"]
    data = json.loads(invoke_assert_code(runner, 0, [*args, "--format", "json"]).stdout)[
        "real_terms"
    ]
    assert data["prices_values"] == ["296.9", "323.5"]
    assert data["prices_change_pct"] == "8.96"
    assert data["real_consolidated_increase_pct"] == "-7.19"
    assert data["falls_behind_by"] == "1744.24"
    text = invoke_assert_code(runner, 0, args).stdout
    assert "falls behind RPI by £1,744.24 a year in March 2022" in " ".join(text.split())


def test_explain_with_an_index_missing_the_month_says_which(
    tmp_path: Path, runner: CliRunner
) -> None:
    index = tmp_path / "short.yaml"
    index.write_text(
        "kind: prices\nid: short\ntitle: T\nindex: I\nstatus: published\n"
        "sources: [{id: s, title: S, url: 'https://example.org'}]\n"
        "values: [{month: 2021-03, value: 296.9, source: s}]\n",
        encoding="utf-8",
    )
    args = ["explain", "nps-2020", "--band", "3", "--point", "1", "--prices", index]
    result = invoke_assert_code(runner, 2, args)
    assert "'short' has no value for March 2020 (it has March 2021 to March 2021)" in (
        result.stderr
    )


def test_explain_refuses_a_scheme_as_a_price_index(runner: CliRunner) -> None:
    args = ["explain", "nps-2020", "--band", "3", "--point", "1", "--prices", "nps-2020"]
    assert "nps-2020 is a scheme, not a price index" in invoke_assert_code(runner, 2, args).stderr
