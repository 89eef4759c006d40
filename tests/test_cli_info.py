"""`paycalc list`, `show` and `explain` as a user runs them: exit codes first, then what is said."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.table import Column, Doc, Table, print_doc

BUNDLED_SCHEMES = [
    "seetec-2020",
    "interserve-2019",
    "interserve-2020",
    "sodexo-2020",
    "sodexo-2021",
    "dtv-2020",
    "mtc-2019",
    "rrp-2020",
    "wwm-2020",
    "nps-2020",
]


@pytest.fixture
def runner(runner: CliRunner) -> CliRunner:
    # These tests read whole lines of the tables: a wide terminal.
    runner.env["COLUMNS"] = "120"
    return runner


def test_list_shows_every_bundled_scheme_and_the_nps_scales(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["list"])
    assert out.exit_code == 0, out.output
    for ident in [*BUNDLED_SCHEMES, "nps-2019-20", "nps-2020-21"]:
        assert ident in out.stdout


def test_show_prints_every_step_with_its_quote(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["show", "interserve-2020"])
    assert out.exit_code == 0, out.output
    assert "one spine point increment" in out.stdout
    assert "£300.00 × 8/12" in out.stdout
    assert "move onto scale nps-2019-20" in out.stdout
    assert "Not modelled" in out.stdout


def test_explain_interserve_top_of_band_3_gets_200_and_nps_parity_in_december(
    runner: CliRunner,
) -> None:
    out = runner.invoke(cli, ["explain", "interserve-2020", "--band", "3", "--point", "top"])
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    lump = next(line for line in lines if line.startswith("2020-04-01  lump_sum"))
    assert "£200.00" in lump
    move = next(line for line in lines if line.startswith("2020-12-05  assimilate"))
    assert "onto nps-2019-20 band 3" in move
    assert "Unconsolidated (one-off) in the period: £200.00" in out.stdout


def test_explain_scales_every_amount_by_fte(runner: CliRunner) -> None:
    out = runner.invoke(
        cli, ["explain", "interserve-2020", "--band", "3", "--point", "top", "--fte", "0.5"]
    )
    assert out.exit_code == 0, out.output
    assert "Unconsolidated (one-off) in the period: £100.00" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["explain", "no-such-scheme", "-b", "3", "-p", "1"],
            "unknown scheme",
            id="unknown-scheme",
        ),
        pytest.param(
            ["explain", "interserve-2020", "-b", "9", "-p", "1"],
            "band '9' is not on",
            id="unknown-band",
        ),
        pytest.param(
            ["explain", "interserve-2020", "-b", "3", "-p", "99"],
            "point 99 is beyond",
            id="point-beyond-band",
        ),
        pytest.param(
            ["explain", "interserve-2020", "-b", "3", "-s", "100"],
            "below the minimum",
            id="salary-below-band",
        ),
        pytest.param(
            ["explain", "interserve-2020", "-b", "3"],
            "exactly one of --point or --salary",
            id="no-point-or-salary",
        ),
        pytest.param(
            ["explain", "interserve-2020", "-b", "3", "-p", "1", "--fte", "1.5"],
            "not an FTE",
            id="fte-out-of-range",
        ),
        pytest.param(
            ["explain", "nps-2019-20", "-b", "3", "-p", "1"],
            "is a scale, not a scheme",
            id="scale-not-scheme",
        ),
    ],
)
def test_bad_requests_get_one_clear_line_and_exit_2(
    runner: CliRunner, args: list[str], message: str
) -> None:
    out = runner.invoke(cli, args)
    assert out.exit_code == 2
    assert message in out.stderr
    assert "Traceback" not in out.output


def test_a_misspelt_key_points_at_its_line_and_column_without_a_traceback(
    runner: CliRunner, make_scheme
) -> None:
    _, path = make_scheme("steps:\n  - on: 2020-04-01\n    incremnt: {points: 1}\n")
    lines = Path(path).read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if "incremnt" in line) + 1
    out = runner.invoke(cli, ["show", path])
    assert out.exit_code == 2
    assert f"{path}:{n}:5: PC101 unknown key 'incremnt' in 'steps[0]'" in out.stderr
    assert "did you mean 'increment'?" in out.stderr
    assert "Traceback" not in out.output


def test_debug_shows_the_traceback_for_developers(runner: CliRunner) -> None:
    out = runner.invoke(cli, ["--debug", "show", "no-such-scheme"])
    assert out.exit_code != 0
    assert out.exception is not None


def test_tables_are_plain_text_when_piped_and_rich_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "xterm")  # a dumb terminal gets plain text too
    doc = Doc()
    table = Table([Column("a"), Column("b", "right")])
    table.add("x", "£1.00")
    doc.table(table)

    piped = io.StringIO()
    print_doc(doc, piped)
    assert piped.getvalue() == "a      b\n-  -----\nx  £1.00\n"

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    print_doc(doc, tty)
    assert "┃" in tty.getvalue() or "│" in tty.getvalue()
