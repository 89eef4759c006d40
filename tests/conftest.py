"""Shared fixtures: a small, exact pair of scales to test rules on, independent of bundled data."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from paycalc.files.registry import Registry

# Hypothesis profiles. "ci" is the default and what CI runs; "dev" is for quick local runs;
# "mutation" is what mutmut runs (pyproject [tool.mutmut]): few examples, derandomized, so a mutant
# is killed or not by the same examples every time. PAYCALC_HYPOTHESIS_PROFILE picks one;
# PAYCALC_PROPERTY_EXAMPLES overrides the example count of any profile.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=40, deadline=None, suppress_health_check=_QUIET)
settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_QUIET,
)
settings.load_profile(os.environ.get("PAYCALC_HYPOTHESIS_PROFILE", "ci"))
if "PAYCALC_PROPERTY_EXAMPLES" in os.environ:
    settings.register_profile(
        "override",
        settings.default,
        max_examples=int(os.environ["PAYCALC_PROPERTY_EXAMPLES"]),
    )
    settings.load_profile("override")

CRC_SCALE = """\
kind: scale
id: crc
title: A CRC scale for tests
employer: Test CRC
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20000, 21000, 22000, 23000]}
  - {name: "4", points: [26000, 27000, 28000]}
  - {name: "5", points: [27500, 29000, 30500]}
"""

REF_SCALE = """\
kind: scale
id: ref
title: A reference scale for tests
employer: Test NPS
effective: 2019-04-01
status: published
sources: [{id: s, title: Test source, url: "https://example.org/ref"}]
bands:
  - {name: "3", points: [20500, 21500, 23500, 24000]}
  - {name: "4", points: [26500, 28500, 30000]}
  - {name: "5", points: [29000, 31000, 33000]}
"""


# What every test runs in, whatever the shell that runs the suite has set: paycalc's own width
# for a pipe (100 columns), no colour, a UTF-8 locale and no PAYCALC_PATH (None: unset). A test
# that needs another value says so where it runs the command: `runner.invoke(..., env={...})`.
FIXED_ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "LINES": "24",
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "TERM": "dumb",
    "LANG": "C.UTF-8",
    "LC_ALL": None,
    "LC_CTYPE": None,
    "PAYCALC_PATH": None,
    "PAYCALC_NO_CACHE": None,
}


@pytest.fixture(autouse=True, scope="session")
def _fixed_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The whole run, and every process it starts, sees FIXED_ENV, shares one cache directory
    of its own, never the user's, which starts empty, and works in an empty directory (paycalc
    reads the scheme files of the current directory, and pytest may be started anywhere)."""
    patch = pytest.MonkeyPatch()
    patch.chdir(tmp_path_factory.mktemp("cwd"))
    for name, value in FIXED_ENV.items():
        if value is None:
            patch.delenv(name, raising=False)
        else:
            patch.setenv(name, value)
    patch.setenv("PAYCALC_CACHE_DIR", str(tmp_path_factory.mktemp("paycalc-cache")))
    yield
    patch.undo()


def make_runner() -> CliRunner:
    """A CliRunner that runs a paycalc command in this process, in FIXED_ENV, whatever an earlier
    line of the test changed (the cache directory is the run's, or the test's own). A test takes
    it as the `runner` fixture; a hypothesis `@given` test, which a function-scoped fixture
    would trip a health check in, calls `make_runner()` (`from conftest import make_runner`)."""
    return CliRunner(env=dict(FIXED_ENV))


@pytest.fixture
def runner() -> CliRunner:
    """The one CliRunner of a test: `make_runner()`'s."""
    return make_runner()


SCHEME_HEAD = """\
kind: scheme
id: {id}
title: Test scheme
employer: Test CRC
status: offer
from_scale: crc
reference: ref
period: {{start: 2020-04-01, end: 2021-03-31}}
sources: [{{id: s, title: Test source, file: test.txt}}]
"""


@pytest.fixture
def make_scheme(tmp_path: Path) -> Callable[[str], tuple[Registry, str]]:
    """Write the two test scales and a scheme whose `steps:` (and anything after) is given;
    returns a registry and the scheme's path."""
    (tmp_path / "scales").mkdir()
    (tmp_path / "scales" / "crc.yaml").write_text(CRC_SCALE)
    (tmp_path / "scales" / "ref.yaml").write_text(REF_SCALE)
    counter = iter(range(1000))

    def make(body: str) -> tuple[Registry, str]:
        ident = f"s{next(counter)}"
        path = tmp_path / f"{ident}.yaml"
        path.write_text(SCHEME_HEAD.format(id=ident) + body)
        return Registry([tmp_path]), str(path)

    return make
