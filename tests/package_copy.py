"""A copy of the paycalc package under test, run in a subprocess with one thing changed: a file
added, or modules present only as compiled bytecode (paycalc installed without its .py files).
A real package instead of a patched import system or inspect: nothing but the change differs
from the package the other tests import."""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from pathlib import Path

import paycalc


def copy_paycalc(root: Path) -> Path:
    """The imported paycalc package copied to root/paycalc, without its bytecode; returns
    root/paycalc."""
    package = root / "paycalc"
    source = Path(paycalc.__file__).parent
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return package


def drop_sources(package: Path, *modules: str) -> None:
    """Compile the copy's modules to bytecode beside them (as a sourceless install has them)
    and delete the .py files of `modules` (paths under the package, e.g. "types.py"), or of
    every module when none is named."""
    assert compileall.compile_dir(package, legacy=True, quiet=1)
    for path in [package / m for m in modules] or list(package.rglob("*.py")):
        path.unlink()


def python_in(root: Path, code: str) -> subprocess.CompletedProcess[str]:
    """`python -c code` importing paycalc from the copy under root, and only from there."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
