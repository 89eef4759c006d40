"""What people type (paycalc.typed): every accepted spelling of a value reads as the same value,
and anything else is refused in one line that shows a spelling that works."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from paycalc import typed
from paycalc.cli import cli

# Band names as scales give them: a number, or letters that do not start with the word 'band'.
band_names = st.one_of(
    st.integers(min_value=1, max_value=99).map(str),
    st.from_regex(r"[A-Z][A-Z0-9]{0,5}", fullmatch=True).filter(
        lambda n: not n.lower().startswith("band")
    ),
)


@given(band_names, st.sampled_from(["{}", "Band {}", "band {}", "BAND: {}", "Band-{}", " {} "]))
def test_a_band_reads_the_same_with_or_without_the_word_band(name: str, spelling: str) -> None:
    assert typed.band(spelling.format(name)) == name


@given(st.integers(min_value=1, max_value=99))
def test_band_glued_to_a_number_is_that_number(n: int) -> None:
    # 'Band3' is band 3; 'BandA' would keep its name, since a letter may be part of a name.
    assert typed.band(f"Band{n}") == typed.band(f"BAND{n}") == str(n)


def test_a_band_named_bandwidth_keeps_its_name() -> None:
    # The word is dropped only before a separator or a digit.
    assert typed.band("Bandwidth") == "Bandwidth"
    assert typed.band("Band") == "Band"
    # The word and a separator with nothing after them: there is nothing to drop it from.
    assert typed.band("Band -") == "Band -"


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_a_point_reads_the_same_as_a_number_or_as_a_spreadsheet_writes_it(n: int) -> None:
    assert typed.point(str(n)) == typed.point(f"{n}.0") == typed.point(f" {n} ") == n


@pytest.mark.parametrize("text", ["top", "Top", "TOP", " top "])
def test_top_is_the_top_point_in_any_case(text: str) -> None:
    assert typed.point(text) == "top"


pennies = st.integers(min_value=0, max_value=10**11)


@given(pennies)
def test_money_reads_the_same_with_pound_sign_and_thousands_separators(p: int) -> None:
    amount = Decimal(p) / 100
    spellings = [f"{amount:.2f}", f"£{amount:,.2f}", f"{amount:,.2f}", f"£ {amount:.2f}"]
    if p % 100 == 0:
        spellings += [str(p // 100), f"£{p // 100:,}"]
    assert {typed.money(s) for s in spellings} == {amount.quantize(Decimal("0.01"))}


@given(st.integers(min_value=1, max_value=1000))
def test_an_fte_reads_the_same_as_a_fraction_a_percentage_or_a_bare_percentage(
    tenths_of_percent: int,
) -> None:
    # 600 tenths of a percent: 0.6, '60%' and '60' (a bare number from 10 is a percentage).
    fraction = Decimal(tenths_of_percent) / 1000
    percent = Decimal(tenths_of_percent) / 10
    spellings = [str(fraction), f"{percent}%", f"{percent} %"]
    if percent >= 10:
        spellings.append(str(percent))
    assert {typed.fte(s) for s in spellings} == {fraction}


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", Decimal(1)), ("100", Decimal(1)), ("1%", Decimal("0.01")), ("0.6", Decimal("0.6"))],
)
def test_one_is_full_time_and_one_percent_needs_its_sign(text: str, value: Decimal) -> None:
    assert typed.fte(text) == value


@pytest.mark.parametrize("text", ["1.5", "9.99", "2"])
def test_a_bare_fte_above_1_and_below_10_is_refused_as_a_slip(text: str) -> None:
    with pytest.raises(ValueError, match=f"write {text}% if it is meant"):
        typed.fte(text)
    assert typed.fte(f"{text}%") == Decimal(text) / 100


def test_a_payroll_fte_column_still_refuses_a_bare_sixty() -> None:
    # A column of 60s under 'FTE' could be hours as well as a percentage: refused, as before.
    with pytest.raises(ValueError, match=r"^fte 60 is not above 0 and at most 1 \(0.5 or 50%"):
        typed.fte("60", "fraction")
    assert typed.fte("60", "percent") == Decimal("0.6")
    assert typed.fte("18.5", "hours", Decimal(37)) == Decimal("0.5")


@pytest.mark.parametrize(
    ("text", "mode", "value"),
    [
        # Weekly hours over 37 full-time hours: half an hour is 0.5 / 37; 37 is full time.
        ("0.5", "hours", Decimal("0.5") / 37),
        ("37", "hours", Decimal(1)),
        # A percent column: 1.5 is 1.5 %, the smallest number read as a percentage there.
        ("1.5", "percent", Decimal("0.015")),
        # Typed: 10 is the first bare number read as a percentage.
        ("10", "typed", Decimal("0.1")),
    ],
)
def test_each_way_of_writing_an_fte_takes_its_boundary_values(
    text: str, mode: typed.FteMode, value: Decimal
) -> None:
    assert typed.fte(text, mode, Decimal(37)) == value


@pytest.mark.parametrize(
    ("text", "mode", "message"),
    [
        ("abc", "fraction", "fte 'abc' is not a number"),
        ("abc", "typed", "'abc' is not a number: write an FTE, " + typed.FTE_EXAMPLE),
        ("0", "hours", "hours 0 are not above 0 and at most the full-time 37"),
        ("38", "hours", "hours 38 are not above 0 and at most the full-time 37"),
        # 0.6 (or 1) in a percent column is more likely a fraction than 0.6 %; 0 is no FTE.
        ("0.6", "percent", "fte 0.6 in a percent column: write 60 for 60 % (0.6 would be 0.6 %)"),
        ("1", "percent", "fte 1 in a percent column: write 60 for 60 % (0.6 would be 0.6 %)"),
        ("0", "percent", "fte 0 is not above 0 and at most 1 (0.5 is half time)"),
        # A payroll's hint: 0 and 150% get the plain one, a bare 1.5 also the percentage.
        ("0", "fraction", "fte 0 is not above 0 and at most 1 (0.5 is half time)"),
        ("150%", "fraction", "fte 150% is not above 0 and at most 1 (0.5 is half time)"),
        ("1.5", "fraction", "fte 1.5 is not above 0 and at most 1 (0.5 or 50% is half time)"),
        ("0", "typed", "'0' is not an FTE above 0 and at most 1: " + typed.FTE_EXAMPLE),
    ],
)
def test_an_fte_refused_says_why_in_the_words_of_its_column(
    text: str, mode: typed.FteMode, message: str
) -> None:
    with pytest.raises(ValueError) as caught:
        typed.fte(text, mode, Decimal(37))
    assert str(caught.value) == message


def test_weekly_hours_need_the_full_time_hours() -> None:
    with pytest.raises(ValueError) as caught:
        typed.fte("18.5", "hours")
    assert str(caught.value) == "weekly hours need the full-time hours (e.g. 37) to give an FTE"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_a_day_reads_the_same_in_iso_and_uk_order(day: date) -> None:
    spellings = [
        day.isoformat(),
        f"{day.day:02}/{day.month:02}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f" {day.isoformat()} ",
    ]
    assert {typed.day(s) for s in spellings} == {day}


EXAMPLES = {
    typed.band: "e.g. 3",
    typed.point: "'top'",
    typed.money: "£24,300",
    typed.fte: "60%",
    typed.day: "2021-03-31 or 31/03/2021",
}


@given(st.sampled_from(list(EXAMPLES)), st.text(max_size=30))
def test_anything_refused_is_refused_in_one_line_with_an_example(reader: object, text: str) -> None:
    try:
        reader(text)  # type: ignore[operator]
    except ValueError as e:
        message = str(e)
        assert "\n" not in message and "\r" not in message
        assert EXAMPLES[reader] in message  # type: ignore[index]


@pytest.mark.parametrize(
    "text", ["31/03/21", "2021/03/31", "03-31-2021", "31.03.2021", "31 March 2021", "21-03-31"]
)
def test_a_date_in_another_form_is_answered_with_both_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a date: write 2021-03-31 or 31/03/2021$"):
        typed.day(text)


@pytest.mark.parametrize("text", ["31/02/2021", "2021-02-29", "0/1/2021", "2021-13-01"])
def test_a_day_not_on_the_calendar_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day of the calendar"):
        typed.day(text)


def test_a_year_outside_1900_to_2099_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the years 1900 to 2099"):
        typed.day("01/01/2100")


WIDE = {"COLUMNS": "120"}  # explain's lines whole, unwrapped


def test_the_command_line_takes_what_a_payroll_says(runner: CliRunner) -> None:
    # interserve-2019-20 band 3 point 1 is £22,374.00 full time (the scale file); at 60 % that
    # is 22,374 x 0.6 = £13,424.40 paid.
    plain = ["explain", "interserve-2020", "--band", "3", "--point", "1", "--fte", "0.6"]
    typed_as_people_do = [
        "explain",
        "interserve-2020",
        "--band",
        "Band 3",
        "--point",
        "1",
        "--fte",
        "60%",
        "--from",
        "01/04/2020",
    ]
    a, b = runner.invoke(cli, plain, env=WIDE), runner.invoke(cli, typed_as_people_do, env=WIDE)
    assert a.exit_code == b.exit_code == 0, a.output + b.output
    assert "paid £13,424.40 at FTE 0.6" in a.stdout
    assert a.stdout == b.stdout


def test_a_salary_with_pound_sign_and_comma_is_taken(runner: CliRunner) -> None:
    args = ["explain", "interserve-2020", "--band", "3", "--salary", "£24,300"]
    out = runner.invoke(cli, args, env=WIDE)
    assert out.exit_code == 0, out.output
    assert "salary 24300.00" in out.stdout


def test_a_two_digit_year_on_the_command_line_gets_both_forms(runner: CliRunner) -> None:
    args = ["explain", "interserve-2020", "--band", "3", "--point", "1", "--to", "25/6/21"]
    out = runner.invoke(cli, args, env=WIDE)
    assert out.exit_code == 2
    assert "'25/6/21' is not a date: write 2021-03-31 or 31/03/2021" in out.output
