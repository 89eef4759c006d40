"""`--columns` maps one column to one role, and the header names paycalc prints are printable."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from paycalc.cli import cli
from paycalc.errors import EXIT_USAGE

SCHEME = str(Path(__file__).parent / "fixtures" / "payroll" / "award.yaml")


def run(runner: CliRunner, tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    src = tmp_path / "p.csv"
    src.write_text(text, encoding="utf-8")
    out = runner.invoke(cli, ["apply", SCHEME, str(src), "-o", str(tmp_path / "o.csv"), *args])
    assert "Traceback" not in out.output
    return out.exit_code, out.stderr


def test_one_column_mapped_to_two_roles_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    # Grade 3 would be read as point 3 as well: a person paid at their grade number.
    code, err = run(runner, tmp_path, "Emp No,Grade\nE1,3\n", "--columns", "band=Grade,point=Grade")
    assert code == EXIT_USAGE
    assert (
        "--columns maps column 'Grade' to both band and point; a column is read for one role" in err
    )
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_a_map_to_a_name_two_columns_share_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = "employee_id,band,point,Ref,REF\nE1,3,1,a,b\n"
    code, err = run(runner, tmp_path, text, "--columns", "employee_id=ref")
    assert code == EXIT_USAGE
    assert (
        "--columns employee_id=ref: columns 4 and 5 ('Ref', 'REF') are both read as that name"
        in err
    )
    assert len(err.strip().splitlines()) == 1


def test_a_map_to_one_column_each_is_read(runner: CliRunner, tmp_path: Path) -> None:
    code, err = run(
        runner, tmp_path, "Ref,Grade,Step\nE1,3,1\n", "--columns", "employee_id=Ref,point=Step"
    )
    assert code == 0, err
    assert "columns read: employee_id='Ref', band='Grade', point='Step'" in err


def test_the_columns_read_line_shows_a_headers_control_characters_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A header holding a terminal escape (retitle, clear screen) must not reach the terminal raw.
    text = "employee_id,band,\x1b]0;PWNED\x07\x1b[2Jpoint\nE1,3,1\n"
    code, err = run(runner, tmp_path, text, "--columns", "point=\x1b]0;PWNED\x07\x1b[2Jpoint")
    assert code == 0, err
    assert "\x1b" not in err and "\x07" not in err
    assert "point='\\x1b]0;PWNED\\x07\\x1b[2Jpoint'" in err
