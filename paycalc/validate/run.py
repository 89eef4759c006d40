"""Checks scheme and scale files and collects every problem in every file, for `paycalc validate`.

A file goes through four stages, each run only when the one before it succeeded, because a later
stage cannot see past an earlier failure: reading and YAML parsing (which stops at the first YAML
error), the model (pydantic reports every model error at once), the cross-file checks (scales and
bands the scheme names, dates inside the period) and, when the scales and bands it needs were
found, the scheme's `examples:`. With `sources`, each `quote:` is also looked up in its source.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paycalc.errors import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    FileProblems,
    NotFound,
    PaycalcError,
    Problem,
    ProblemList,
)
from paycalc.files.registry import Registry

YAML_SUFFIXES = (".yaml", ".yml")

# What `--skip-other-yaml` looks for: a top-level `kind: scheme`, `scale` or `prices` line.
# Matched on the text, not the parsed YAML, so that a scheme file broken beyond parsing is still
# checked (and reported), while another tool's YAML (with its own tags, say) is never parsed at all.
# A pattern, compiled by re (and kept in its cache) when --skip-other-yaml first uses it.
_KIND_LINE = r"""^kind:[ \t]*(["']?)(scheme|scale|prices)\1[ \t]*(#.*)?\r?$"""


def _not_ours(text: str) -> bool:
    return re.search(_KIND_LINE, text, re.MULTILINE) is None


# Cross-file problems that stop the examples from running: they would only fail again, louder.
_BLOCKING = {"PC201", "PC202"}


class UsageProblem(PaycalcError):
    """Raised when `validate` is given a path that does not exist or holds no YAML file."""

    exit_code = EXIT_USAGE


@dataclass
class FileResult:
    """What validating one file found. `skipped` files were not scheme or scale files."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    kind: str | None = None
    ident: str | None = None
    raw: Any = None
    skipped: bool = False


@dataclass
class Report:
    """Every file validated, in the order given, and every problem found in them."""

    results: list[FileResult]

    @property
    def checked(self) -> list[FileResult]:
        return [r for r in self.results if not r.skipped]

    @property
    def skipped(self) -> list[FileResult]:
        return [r for r in self.results if r.skipped]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def exit_code(self) -> int:
        """EXIT_INVALID when any problem is an error; warnings alone pass."""
        return EXIT_INVALID if self.errors else EXIT_OK


def find_files(paths: Sequence[Path]) -> list[Path]:
    """The files to validate: each file as given, and every *.yaml / *.yml file under each
    directory (hidden directories skipped, sorted). Raises UsageProblem for a path that does not
    exist or a directory without YAML files."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(_walk(path))
            if not found:
                raise UsageProblem(f"{path}: no .yaml or .yml files in this directory")
            out.extend(found)
        elif path.exists() or path.is_symlink():
            out.append(path)  # given by name: checked whatever its suffix
        else:
            raise UsageProblem(f"{path}: no such file or directory")
    # One file given twice (x/../f.yaml and f.yaml, or through a symlink) is checked once.
    from paycalc.files.registry import real_path

    seen: set[Path] = set()
    unique = []
    for path in out:
        real = real_path(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


def _walk(top: Path) -> Iterable[Path]:
    for folder, dirs, files in os.walk(top):  # does not follow symlinked directories: no loops
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield Path(folder) / name


def validate(
    paths: Sequence[Path] = (),
    *,
    sources: Path | None = None,
    skip_other_yaml: bool = False,
) -> Report:
    """Validate files and directories (default: the bundled schemes).

    Args:
        paths: files and directories; directories are searched for YAML files.
        sources: a directory holding the source texts that schemes cite with `file:`; when
            given, every quote must appear in its source (PC207).
        skip_other_yaml: skip files that do not say `kind: scheme` or `kind: scale` at the top
            level, instead of reporting them (for pre-commit, which passes every YAML file).
    """
    from paycalc.files.registry import bundled_dir

    if not paths:
        paths = [bundled_dir()]
    files = find_files(paths)
    search = [p for p in paths if p.is_dir()] + [bundled_dir()]
    context = _Context(search, sources)
    results = [_check_file(f, context, skip_other_yaml) for f in files]
    _duplicate_ids(results)
    for r in results:
        r.problems.sort(key=lambda p: (p.line or 0, p.col or 0))
    return Report(results)


class _Context:
    """Registries shared between files: one per directory a scheme sits in, so that each finds
    the scales beside it first, then in the validated directories, then the bundled ones."""

    def __init__(self, search: list[Path], sources: Path | None) -> None:
        self.search = search
        self.sources = sources
        self._registries: dict[Path, Any] = {}
        self._source_texts: dict[Path, str | None] = {}
        # Files the registries have loaded, by resolved path, shared by all of them, so a scale
        # is parsed once however many schemes (and `validate` itself) read it.
        self.loaded: dict[Path, Any] = {}

    def registry_for(self, path: Path) -> Any:
        from paycalc.files.registry import bundled_dir

        folder = path.parent
        if folder not in self._registries:
            dirs = list(dict.fromkeys([folder, *self.search]))
            self._registries[folder] = Registry(dirs, home=bundled_dir(), loaded=self.loaded)
        return self._registries[folder]

    def source_text(self, name: str) -> str | None:
        """The normalised text of a source file under `sources`, or None if it is not there."""
        from paycalc.validate.quotes import normalise_quote

        assert self.sources is not None
        path = self.sources / name
        if path not in self._source_texts:
            self._source_texts[path] = None
            text = _source_file(self.sources, path)
            if text is not None:
                self._source_texts[path] = normalise_quote(text)
        return self._source_texts[path]


def _source_file(folder: Path, path: Path) -> str | None:
    """A source text named by a scheme (`file:`), read only if it is a regular file inside
    `folder` of at most MAX_SOURCE_BYTES: a scheme is input, and `file: /dev/zero` or
    `file: ../../somewhere` must not make validate read without end or outside the sources."""
    import stat

    from paycalc.files.registry import real_path

    real = real_path(path)
    if real_path(folder) not in real.parents:
        return None
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
            return None
        data = f.read(MAX_SOURCE_BYTES + 1)
    return None if len(data) > MAX_SOURCE_BYTES else data.decode("utf-8", errors="replace")


# The largest source text read for `--sources` (an article or a PDF's text is a few hundred KB).
MAX_SOURCE_BYTES = 16 * 1_048_576


def _check_file(path: Path, context: _Context, skip_other_yaml: bool) -> FileResult:
    from paycalc.files.documents import read_document
    from paycalc.files.registry import real_path

    name = str(path)
    result = FileResult(name)
    special = _special(path)
    if special:  # a FIFO would hang the run, a device never end it
        result.skipped = True
        result.problems.append(Problem(name, None, None, "PC001", special, "warning"))
        return result
    cached = context.loaded.get(real_path(path))  # a scale a scheme checked before named
    try:
        if cached is not None:
            raw, doc = cached.raw, cached.doc
        else:
            found = read_document(path, skip=_not_ours if skip_other_yaml else None)
            if found is None:
                result.skipped = True
                return result
            doc, raw = found
    except FileProblems as e:
        result.problems.extend(e.problems)
        return result
    result.raw = raw
    result.kind, result.ident = doc.kind, doc.id
    if doc.kind == "scale":
        from paycalc.files.cross_checks import scale_problems

        result.problems.extend(scale_problems(doc, raw, name))
        result.problems.extend(_todo_warnings(path, name))  # a new-scale template's
    elif doc.kind == "prices":
        from paycalc.files.cross_checks import prices_problems

        result.problems.extend(prices_problems(doc, raw, name))
    else:
        result.problems.extend(_scheme_problems(doc, raw, path, context))
    return result


def _special(path: Path) -> str:
    """'not a regular file (a FIFO): skipped' for a FIFO, device or socket; '' otherwise."""
    import stat

    from paycalc.files.source import special_kind

    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""  # reading it says why
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return f"not a regular file ({special_kind(mode)}): skipped"


def _scheme_problems(scheme: Any, raw: Any, path: Path, context: _Context) -> list[Problem]:
    from paycalc.files.cross_checks import scheme_problems

    name = str(path)
    registry = context.registry_for(path)
    problems = scheme_problems(scheme, raw, name, registry.scale, registry.index_values)
    problems.extend(_variant_problems(scheme, raw, name, registry))
    if not any(p.code in _BLOCKING and p.severity == "error" for p in problems):
        problems.extend(_example_problems(scheme, raw, name, registry))
    if context.sources is not None:
        from paycalc.validate.quotes import quote_problems  # only with --sources

        problems.extend(quote_problems(scheme, raw, name, context.source_text))
    problems.extend(_todo_warnings(path, name))
    return problems


def _variant_problems(scheme: Any, raw: Any, name: str, registry: Any) -> list[Problem]:
    """PC209 when `variant_of` names no scheme paycalc finds (or a scale), the scheme itself, or
    a chain of variants that comes back to one already in it."""
    from paycalc.files.marks import mark_at

    if scheme.variant_of is None:
        return []

    def problem(message: str) -> list[Problem]:
        line, col = mark_at(raw, ("variant_of",)) or (None, None)
        return [Problem(name, line, col, "PC209", f"variant_of: {message}")]

    if scheme.variant_of == scheme.id:
        return problem(f"'{scheme.id}' names the scheme itself; name the scheme it reads again")
    chain = [scheme.id]
    ident = scheme.variant_of
    while ident is not None:
        if ident in chain:
            return problem(f"the variants go round in a circle: {' -> '.join([*chain, ident])}")
        try:
            other = registry.loaded(ident, "scheme").doc
        except NotFound as e:
            if registry.has(ident):  # a scale of that id
                return problem(e.message)
            return problem(
                f"no scheme '{ident}' beside this file, in the folders validated or bundled"
            )
        except FileProblems:
            return []  # that file's own problems are reported with it
        chain.append(ident)
        ident = other.variant_of
    return []


def _todo_warnings(path: Path, name: str) -> list[Problem]:
    """A warning for each TODO outside a comment: a template from `new-scheme` or `new-scale`
    still to fill in must not pass as clean."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    if "TODO" not in text:  # nearly every file: no need to look line by line
        return []
    lines = text.splitlines()
    found = ProblemList(name)
    for number, line in enumerate(lines, 1):
        value = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        col = value.find("TODO")
        if col >= 0:
            message = "TODO left in the file: replace it with the offer's or the table's own words"
            found.add("PC208", message, (number, col + 1), "warning")
    return found.items


def _example_problems(scheme: Any, raw: Any, name: str, registry: Any) -> list[Problem]:
    from paycalc.files.marks import mark_at
    from paycalc.validate.examples import check_examples

    try:
        return check_examples(scheme, registry, raw, name)
    except Exception as e:  # a bug in a step rule must not hide the other files' problems
        line, col = mark_at(raw, ("examples",)) or (None, None)
        return [
            Problem(
                name,
                line,
                col,
                "PC302",
                f"the examples could not be run: {type(e).__name__}: {e}",
            )
        ]


def _duplicate_ids(results: list[FileResult]) -> None:
    """Two validated files of one kind with the same id: an id must name one file."""
    from paycalc.files.marks import mark_at

    first: dict[tuple[str, str], str] = {}
    for r in results:
        if r.kind is None or r.ident is None:
            continue
        key = (r.kind, r.ident)
        if key in first:
            line, col = mark_at(r.raw, ("id",)) or (None, None)
            r.problems.append(
                Problem(
                    r.path,
                    line,
                    col,
                    "PC205",
                    f"{r.kind} id '{r.ident}' is also used by {first[key]}",
                )
            )
        else:
            first[key] = r.path
