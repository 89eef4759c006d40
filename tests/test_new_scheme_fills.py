"""`new-scheme` fills the employer, title and period from the scale it starts from: never
another employer's name, never a year the scale's staff were not negotiating."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from paycalc.cli import cli


def _template(runner: CliRunner, from_scale: str, reference: str = "nps-2020-21") -> str:
    args = ["new-scheme", "counter", "--from-scale", from_scale, "--reference", reference]
    out = runner.invoke(cli, args)
    assert out.exit_code == 0, out.output
    return out.stdout


def test_a_sodexo_counter_offer_names_sodexo_and_ends_with_the_contracts(runner: CliRunner) -> None:
    text = _template(runner, "sodexo-2020-21")
    # sodexo-2020-21 came into force on 1 April 2020: the next pay year starts 1 April 2021,
    # and no CRC offer ran past the contracts' end on 25 June 2021 (as sodexo-2021 does).
    assert 'employer: "Sodexo Justice Services"\n' in text
    assert 'title: "Counter-offer 2021/22 to Sodexo Justice Services"\n' in text
    assert "period: {start: 2021-04-01, end: 2021-06-25}\n" in text
    assert "Interserve" not in text


@pytest.mark.parametrize(
    ("scale", "employer"),
    [
        ("interserve-2019-20", "Interserve (Purple Futures)"),
        ("dtv-2019-20", "ARCC (Durham Tees Valley CRC)"),
        ("wwm-2019-20", "People Plus (Warwickshire & West Mercia CRC)"),
    ],
)
def test_each_scale_gives_its_own_employer_and_the_year_after_it(
    runner: CliRunner, scale: str, employer: str
) -> None:
    text = _template(runner, scale)
    assert f'employer: "{employer}"\n' in text
    # In force from 1 April 2019: the counter-offer is for 2020/21, a whole year that ends
    # before the contracts did.
    assert "period: {start: 2020-04-01, end: 2021-03-31}\n" in text
    for other in ("Sodexo", "Interserve", "ARCC", "People Plus"):
        if other not in employer:
            assert other not in text.split("steps:")[0]


def test_an_nps_scale_against_the_nps_runs_the_whole_year(runner: CliRunner) -> None:
    # The same employer on both sides: no CRC contract to end at.
    text = _template(runner, "nps-2020-21", "nps-2020-21")
    assert "period: {start: 2021-04-01, end: 2022-03-31}\n" in text
    assert 'employer: "National Probation Service (HMPPS)"\n' in text
