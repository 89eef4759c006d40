"""A new user's first run: build the wheel, install it into a fresh virtualenv, and use paycalc
from a directory far from the source tree (this catches scheme files missing from the wheel)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ directory of a fresh virtualenv with only the built wheel installed into it.

    The wheel is built by the hatchling installed beside the tests (the `test` extra has it),
    without build isolation and without a package index; its dependencies (click, pydantic,
    ...) come from the environment running the tests, through a .pth file. So the test needs
    no network, and the wheel is the only paycalc the virtualenv can import.
    """
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("needs the source tree to build the wheel")
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("needs hatchling to build the wheel: pip install -e '.[test]'")
    work = tmp_path_factory.mktemp("e2e")
    wheels = work / "wheels"
    offline = {**os.environ, "PIP_NO_INDEX": "1"}
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        cwd=work,
        env=offline,
    )
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)  # pip from ensurepip: no index
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    site = Path(
        subprocess.run(
            [
                str(bin_dir / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    wheel = next(wheels.glob("paycalc-*.whl"))
    subprocess.run(
        [str(bin_dir / "python"), *pip[1:], "install", "--no-deps", str(wheel)],
        check=True,
        env=offline,
    )
    # Only now: earlier, pip would see the paycalc installed in the test environment and skip
    # the wheel. The venv's own site-packages stay first on the path.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_parent_env.pth").write_text("\n".join(sorted(ours)) + "\n")
    return bin_dir


def paycalc(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PAYCALC_PATH")}
    return subprocess.run(
        [str(bin_dir / "paycalc"), *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_the_installed_package_is_the_wheel_not_the_source_tree(
    installed: Path, tmp_path: Path
) -> None:
    out = subprocess.run(
        [str(installed / "python"), "-c", "import paycalc; print(paycalc.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert str(installed.parent) in out.stdout
    assert str(ROOT / "paycalc") not in out.stdout


def test_list_shows_the_bundled_schemes_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    out = paycalc(installed, "list", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "interserve-2020" in out.stdout
    assert "nps-2020-21" in out.stdout


def test_compare_runs_every_bundled_offer(installed: Path, tmp_path: Path) -> None:
    out = paycalc(
        installed,
        "compare",
        "interserve-2020",
        "--band",
        "3",
        "--point",
        "top",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["results"][0]["unconsolidated"] == "200.00"
    full = paycalc(installed, "compare", cwd=tmp_path)
    assert full.returncode == 0, full.stderr
    assert "sodexo-2020" in full.stdout


def test_validate_finds_the_bundled_files_clean(installed: Path, tmp_path: Path) -> None:
    out = paycalc(installed, "validate", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_apply_writes_the_output_and_accounts_for_every_row(
    installed: Path, tmp_path: Path
) -> None:
    payroll = tmp_path / "payroll.csv"
    payroll.write_text(
        "employee_id,band,point,fte\nE1,3,top,1\nE2,3,1,0.5\nE3,9,1,1\n", encoding="utf-8"
    )
    out = paycalc(
        installed,
        "apply",
        "interserve-2020",
        str(payroll),
        "-o",
        "out.csv",
        "--rejects",
        "rejects.csv",
        cwd=tmp_path,
    )
    assert out.returncode == 3, out.stderr  # finished, with one row rejected
    rows = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    rejects = (tmp_path / "rejects.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) - 1 == 2
    assert len(rejects) - 1 == 1
