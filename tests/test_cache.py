"""The cache of files already read: used only for the very text and code that made an entry,
never trusted otherwise (a damaged, foreign or other-version entry is read past), never shared
with other users, and safe when two runs write it at once."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import paycalc
from paycalc.cli import cli
from paycalc.errors import FileProblems
from paycalc.files import cache, yamlio
from paycalc.files.registry import Registry, bundled_dir

SCALE = """\
kind: scale
id: crc
title: A CRC scale for tests
employer: Test CRC
effective: 2019-04-01
status: illustrative
bands:
  - {name: "3", points: [20000, 21000]}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of this test's own, not made yet."""
    where = tmp_path / "cache"
    monkeypatch.setenv("PAYCALC_CACHE_DIR", str(where))
    monkeypatch.delenv("PAYCALC_NO_CACHE", raising=False)
    return where


@pytest.fixture
def scale_file(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "crc.yaml"
    path.parent.mkdir()
    path.write_text(SCALE)
    return path


def refuse_parsing(text: str, name: str) -> None:
    raise AssertionError(f"{name} was parsed again")


def band_3(path: Path) -> tuple[Decimal, ...]:
    """Band 3 of the scale in `path`, read by a fresh registry (so only the cache is shared)."""
    return tuple(Registry([path.parent]).scale("crc").band("3").points)  # type: ignore[union-attr]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{cache.SUFFIX}"))


def test_a_file_read_once_comes_back_from_the_cache_without_parsing(
    folder: Path, scale_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Band 3 of SCALE is [20000, 21000], written above; money is read to the penny.
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))
    assert len(entries(folder)) == 1
    monkeypatch.setattr(yamlio, "load_text", refuse_parsing)
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))


def test_a_changed_file_is_validated_again(folder: Path, scale_file: Path) -> None:
    band_3(scale_file)
    scale_file.write_text(SCALE.replace("21000", "21500"))
    # The new text has no entry: it is parsed, so band 3 now tops out at 21500.
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21500.00"))
    scale_file.write_text(SCALE.replace("21000", "-21000"))
    # A change that breaks the file is reported, not hidden behind the old entry.
    with pytest.raises(FileProblems, match="money cannot be negative"):
        band_3(scale_file)
    assert len(entries(folder)) == 2  # the two valid texts; a broken file is never stored


def test_the_cache_directory_is_private_and_entries_are_readable_by_their_owner_only(
    folder: Path, scale_file: Path
) -> None:
    band_3(scale_file)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(e.stat().st_mode) for e in entries(folder)] == [0o600]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40] + b"\xff" * 40, id="corrupt-tail"),
        pytest.param(lambda data: b"not a paycalc cache file\n" + data, id="foreign-header"),
        pytest.param(lambda data: data.replace(b"cache 1", b"cache 9", 1), id="other-format"),
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(
    folder: Path, scale_file: Path, damage: object
) -> None:
    band_3(scale_file)
    [entry] = entries(folder)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))  # type: ignore[operator]
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))
    assert entry.read_bytes() == good  # stored again from the file


def test_an_entry_holding_something_else_is_not_trusted(folder: Path, scale_file: Path) -> None:
    # An entry for the very text, from this code, that holds no scale model: the file is read.
    cache.put(SCALE, ("scale", "crc"), {"kind": "scale", "bands": []})
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))


def test_a_text_is_only_ever_given_its_own_entry(folder: Path) -> None:
    cache.put("text one", ("one",))
    [entry] = entries(folder)
    # Another text whose entry would have the same name (a CRC-32 can collide: here the name of
    # the other text's entry is made the same by renaming it) gets nothing, not the first one's.
    cache.put("text two", ("two",))
    [other] = [e for e in entries(folder) if e != entry]
    other.unlink()
    entry.rename(other)
    assert cache.get("text two") is None
    assert cache.get("text one") is None  # its entry is gone from its own name
    cache.put("text one", ("one",))
    assert cache.get("text one") == ("one",)


class _Plant:
    """A pickle that, when loaded, creates a file: proof that it was unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.marker),))  # type: ignore[return-value]


def test_an_entry_without_this_codes_header_is_never_unpickled(
    folder: Path, scale_file: Path, tmp_path: Path
) -> None:
    band_3(scale_file)
    [entry] = entries(folder)
    marker = tmp_path / "unpickled"
    entry.write_bytes(pickle.dumps(_Plant(marker)))
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))
    assert not marker.exists()


def small_package(root: Path) -> Path:
    package = root / "pkg"
    (package / "steps").mkdir(parents=True)
    (package / "model.py").write_text("A = 1\n")
    (package / "steps" / "uplift.py").write_text("B = 1\n")
    return package


def test_the_fingerprint_is_the_codes_text_wherever_it_is_installed(tmp_path: Path) -> None:
    package = small_package(tmp_path)
    before = cache.code_fingerprint(package)
    copy = tmp_path / "elsewhere" / "pkg"
    shutil.copytree(package, copy)
    (copy / "model.py").touch()  # another time stamp, the same text
    assert cache.code_fingerprint(copy) == before
    (package / "model.py").write_text("A = 2\n")  # the same size, another text
    after_edit = cache.code_fingerprint(package)
    (package / "steps" / "increment.py").write_text("")
    assert len({before, after_edit, cache.code_fingerprint(package)}) == 3


def test_the_stamped_fingerprint_sees_an_edit_that_keeps_size_and_modification_time(
    tmp_path: Path,
) -> None:
    package, stamps = small_package(tmp_path), tmp_path / "stamps"
    stamps.mkdir()
    first = cache.stamped_fingerprint(str(package), str(stamps), settled_ns=0)
    assert first == cache.code_fingerprint(package)
    assert len(list(stamps.glob(f"*{cache.STAMP_SUFFIX}"))) == 1
    assert cache.stamped_fingerprint(str(package), str(stamps), settled_ns=0) == first  # unchanged
    model = package / "model.py"
    times = model.stat()
    model.write_text("A = 2\n")  # the same size, another text ...
    os.utime(model, ns=(times.st_atime_ns, times.st_mtime_ns))  # ... and the old mtime
    edited = cache.stamped_fingerprint(str(package), str(stamps), settled_ns=0)
    assert edited == cache.code_fingerprint(package) != first
    # A copy elsewhere has a stamp of its own, and the same fingerprint as the same text.
    copy = tmp_path / "elsewhere" / "pkg"
    shutil.copytree(package, copy)
    assert cache.stamped_fingerprint(str(copy), str(stamps), settled_ns=0) == edited
    assert len(list(stamps.glob(f"*{cache.STAMP_SUFFIX}"))) == 2


def test_no_stamp_is_written_for_code_changed_a_moment_ago(tmp_path: Path) -> None:
    # A file changed less than `settled_ns` ago (here: any file, whatever the clock says) could
    # be edited again in the same tick of a coarse file-system clock and keep its times, so the
    # fingerprint is worked out from the text, and not stamped. paycalc waits two seconds.
    package, stamps = small_package(tmp_path), tmp_path / "stamps"
    stamps.mkdir()
    young = cache.stamped_fingerprint(str(package), str(stamps), settled_ns=10**18)
    assert young == cache.code_fingerprint(package)
    assert not list(stamps.iterdir())
    assert cache.SETTLED_NS > 2 * 10**9  # FAT's clock ticks every two seconds


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 1]), id="a-changed-line"),
        pytest.param(lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:], id="bad-sum"),
        pytest.param(lambda data: b"", id="empty"),
    ],
)
def test_a_damaged_stamp_is_worked_out_again(tmp_path: Path, damage: object) -> None:
    package, stamps = small_package(tmp_path), tmp_path / "stamps"
    stamps.mkdir()
    first = cache.stamped_fingerprint(str(package), str(stamps), settled_ns=0)
    [stamp] = stamps.iterdir()
    stamp.write_bytes(damage(stamp.read_bytes()))  # type: ignore[operator]
    assert cache.stamped_fingerprint(str(package), str(stamps), settled_ns=0) == first


def test_no_cache_when_turned_off(
    folder: Path, scale_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAYCALC_NO_CACHE", "1")
    band_3(scale_file)
    assert not folder.exists()


def test_a_group_writable_cache_directory_is_neither_read_nor_written(
    folder: Path, scale_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    band_3(scale_file)
    folder.chmod(0o770)
    assert cache.directory() is None
    scale_file.write_text(SCALE.replace("21000", "21500"))
    assert band_3(scale_file)[-1] == Decimal("21500.00")
    assert len(entries(folder)) == 1  # nothing written for the new text
    monkeypatch.setattr(yamlio, "load_text", refuse_parsing)
    scale_file.write_text(SCALE)
    with pytest.raises(AssertionError, match="parsed again"):  # the old entry is not read either
        band_3(scale_file)


def test_an_unusable_cache_directory_costs_only_the_shortcut(
    tmp_path: Path, scale_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    monkeypatch.setenv("PAYCALC_CACHE_DIR", str(in_the_way / "cache"))
    assert band_3(scale_file) == (Decimal("20000.00"), Decimal("21000.00"))


def test_the_default_directory_follows_xdg_and_ignores_a_relative_xdg_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAYCALC_CACHE_DIR", raising=False)
    monkeypatch.delenv("PAYCALC_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "paycalc"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")
    assert cache.directory() == tmp_path / "home" / ".cache" / "paycalc"


WRITER = """
import sys
from paycalc.files import cache
value = (sys.argv[1], "x" * 200_000)
for _ in range(150):
    cache.put("the same text", value)
"""


def test_two_runs_writing_the_same_entry_at_once_never_leave_a_mixed_file(folder: Path) -> None:
    env = {**os.environ, "PAYCALC_CACHE_DIR": str(folder)}
    # cwd: `python -c` puts the current directory first on sys.path, and from a checkout that
    # would import the source tree rather than the installed package this test imported, whose
    # code fingerprint (and so every key) differs.
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, name], env=env, cwd=folder.parent)
        for name in ("a", "b")
    ]
    reads = []
    while any(w.poll() is None for w in writers):
        reads.append(cache.get("the same text"))
    # Once the entry exists a reader always finds it whole (a writer never truncates it in
    # place): one writer's name with its full 200,000 characters.
    stored = reads[next((i for i, r in enumerate(reads) if r is not None), len(reads)) :]
    assert all(r is not None and r[0] in ("a", "b") and r[1] == "x" * 200_000 for r in stored)
    assert [w.returncode for w in writers] == [0, 0]
    assert cache.get("the same text")[0] in ("a", "b")  # type: ignore[index]
    assert len(entries(folder)) == 1
    assert not list(folder.glob(".*.part"))  # no temporary file left behind


@pytest.mark.parametrize(
    "args", [["list"], ["compare", "sodexo-2020", "--band", "3"], ["validate"]], ids=" ".join
)
def test_commands_say_the_same_from_a_cold_and_a_warm_cache(
    folder: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    cold = runner.invoke(cli, args)
    assert cold.exit_code == 0, cold.output
    assert entries(folder)
    monkeypatch.setattr(yamlio, "load_text", refuse_parsing)  # the warm run reads no YAML
    warm = runner.invoke(cli, args)
    assert warm.exit_code == 0, warm.output
    assert cold.output == warm.output


RUN_AND_SAY_IMPORTS = """
import sys
from paycalc.cli import main
watch = sys.argv[1].split(",")
sys.argv = ["paycalc", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in watch if m in sys.modules), file=sys.stderr)
"""


def _imports_of(
    args: list[str], env: dict[str, str], cwd: Path, watch: str = "pydantic,yaml,rich"
) -> str:
    """Which of the modules `watch` names a paycalc command run in a process of its own
    imported."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_SAY_IMPORTS, watch, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1]


def test_list_from_a_warm_cache_imports_neither_pydantic_nor_yaml_nor_rich(
    folder: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "PAYCALC_CACHE_DIR": str(folder)}
    env.pop("PAYCALC_PATH", None)
    # cold: every file is read and validated; warm, output piped: names and titles come from
    # the cache
    assert _imports_of(["list"], env, tmp_path) == "['pydantic', 'yaml']"
    assert _imports_of(["list"], env, tmp_path) == "[]"


def test_list_from_a_warm_cache_hashes_no_code_and_unpickles_nothing(
    folder: Path, tmp_path: Path
) -> None:
    # The code's fingerprint comes from its stamp (no hashlib, which loads OpenSSL) and what list
    # shows of a file is plain data (no pickle).
    env = {**os.environ, "PAYCALC_CACHE_DIR": str(folder)}
    env.pop("PAYCALC_PATH", None)
    assert _imports_of(["list"], env, tmp_path, "hashlib,pickle") == "['hashlib', 'pickle']"
    if not list(folder.glob(f"*{cache.STAMP_SUFFIX}")):
        pytest.skip("paycalc's files changed less than two seconds ago: no stamp written yet")
    assert _imports_of(["list"], env, tmp_path, "hashlib,pickle") == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["compare", "sodexo-2020", "--band", "3"],
        ["explain", "interserve-2020", "--band", "3", "--point", "top"],
        ["apply", "sodexo-2020", "people.csv", "-o", "out.csv"],
    ],
    ids=["validate", "compare", "explain", "apply"],
)
def test_commands_from_a_warm_cache_never_import_pydantic_or_yaml(
    folder: Path, tmp_path: Path, args: list[str]
) -> None:
    # The models are plain dataclasses: pydantic (about ten bare Python starts to import) is
    # needed only to validate a file read afresh.
    env = {**os.environ, "PAYCALC_CACHE_DIR": str(folder)}
    env.pop("PAYCALC_PATH", None)
    (tmp_path / "people.csv").write_text("employee_id,band,point\nE1,3,1\nE2,4,top\n")
    assert "pydantic" in _imports_of(args, env, tmp_path)  # cold
    (tmp_path / "out.csv").unlink(missing_ok=True)
    assert _imports_of(args, env, tmp_path) == "[]"  # warm


def test_a_copy_of_paycalc_shares_the_cache_and_an_edited_copy_does_not(
    folder: Path, tmp_path: Path
) -> None:
    # A checkout and an installed wheel of it are the same code: an entry one stored is used
    # by the other. Any edit of the code makes new keys, so nothing is read past the edit.
    env = {**os.environ, "PAYCALC_CACHE_DIR": str(folder)}
    env.pop("PAYCALC_PATH", None)
    _imports_of(["list"], env, tmp_path)  # fills the cache from the paycalc the tests import
    copy = tmp_path / "copy"
    package = Path(paycalc.__file__).parent
    shutil.copytree(package, copy / "paycalc", ignore=shutil.ignore_patterns("__pycache__"))
    if not (copy / "paycalc" / "schemes").is_dir():  # a checkout keeps them beside the package
        shutil.copytree(bundled_dir(), copy / "paycalc" / "schemes")
    env["PYTHONPATH"] = str(copy)
    assert _imports_of(["list"], env, tmp_path) == "[]"  # warm: the same code's entries
    with open(copy / "paycalc" / "money.py", "a", encoding="utf-8") as f:
        f.write("# edited\n")
    assert _imports_of(["list"], env, tmp_path) == "['pydantic', 'yaml']"  # read afresh


UPLIFT_WITH_EXAMPLE = """\
steps:
  - on: 2020-04-01
    uplift: {percent: 2}
examples:
  - name: band 3 point 1 gets 2 %
    person: {band: "3", point: 1}
    expect: {after: "20400.00"}
"""


def test_a_cached_scheme_is_still_checked_against_the_scales_as_they_are_now(
    folder: Path,
    make_scheme: Callable[[str], tuple[Registry, str]],
    tmp_path: Path,
    runner: CliRunner,
) -> None:
    _, scheme = make_scheme(UPLIFT_WITH_EXAMPLE)
    # Band 3 point 1 of the test scale is 20000.00; 2 % more is 20400.00, as the example says.
    cold = runner.invoke(cli, ["validate", scheme])
    assert cold.exit_code == 0, cold.output
    crc = tmp_path / "scales" / "crc.yaml"
    crc.write_text(crc.read_text().replace("[20000, 21000,", "[20100, 21000,"))
    # The scheme's text is unchanged (its entry is used) but its example runs on the new
    # scale: 20100.00 x 1.02 = 20502.00, not the 20400.00 expected.
    warm = runner.invoke(cli, ["validate", scheme])
    assert warm.exit_code == 1
    assert "PC301" in warm.output and "20502.00" in warm.output


# Line 11 of the scheme file (SCHEME_HEAD has 9 lines, then `steps:`); the step's `remove_overlap`
# mapping opens at column 21, so `lower`, naming band 9, is at column 22.
OVERLAP_OF_A_MISSING_BAND = "steps:\n  - {on: 2020-04-01, remove_overlap: {lower: 9, upper: 4}}\n"


def test_a_problem_in_a_file_from_the_cache_is_placed_as_in_the_first_run(
    folder: Path,
    make_scheme: Callable[[str], tuple[Registry, str]],
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The scheme is valid on its own (its model is cached) but names band 9, which the test
    # scale (bands 3 to 5) lacks: a cross-file problem, found again in the warm run, where the
    # file's marked data (its lines and columns) is read from its cache entry only then.
    _, scheme = make_scheme(OVERLAP_OF_A_MISSING_BAND)
    cold = runner.invoke(cli, ["validate", scheme])
    assert cold.exit_code == 1
    monkeypatch.setattr(yamlio, "load_text", refuse_parsing)  # the warm run reads no YAML
    warm = runner.invoke(cli, ["validate", scheme])
    assert warm.output == cold.output
    assert f"{scheme}:11:22: PC202 band '9' is not on the scale in force" in warm.output


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        pytest.param(("20000", "-1"), "money cannot be negative", id="model-error"),
        # The model is valid (its entry is stored for validate), but a scale's own check fails.
        pytest.param(("[20000, 21000]", "[21000, 20000]"), "strictly ascending", id="own-check"),
    ],
)
def test_a_broken_file_is_reported_by_every_list_never_listed_from_the_cache(
    folder: Path, tmp_path: Path, runner: CliRunner, broken: tuple[str, str], reason: str
) -> None:
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "bad.yaml").write_text(SCALE.replace("id: crc", "id: bad").replace(*broken))
    runner.env["PAYCALC_PATH"] = str(extra)
    for _ in range(2):
        out = runner.invoke(cli, ["list"])
        assert out.exit_code == 0, out.output
        assert "bad.yaml" in out.output and reason in out.output
