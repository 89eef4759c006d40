"""Finds scheme and scale files (bundled, beside a user's file, on PAYCALC_PATH) by id or path."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from paycalc.errors import (
    EXIT_USAGE,
    FileProblems,
    NotFound,
    PaycalcError,
    Problem,
    ProblemList,
    clip,
)

if TYPE_CHECKING:  # the models (and the state they use) are imported only when a file is loaded
    from decimal import Decimal

    from paycalc.files.listing import Listing
    from paycalc.model import Prices, Scale, Scheme
    from paycalc.state import Points


@cache
def bundled_dir() -> Path:
    """The schemes shipped with paycalc: inside the installed package, or the checkout's
    top-level `schemes/` when running from source (looked up once: a run that writes asks for
    it with each output it checks)."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "schemes"
    if packaged.is_dir():
        return packaged
    return package.parent / "schemes"


@dataclass(frozen=True)
class Loaded:
    """A loaded file: its model, the raw marked data (for line numbers) and where it came from."""

    doc: Scale | Scheme | Prices
    raw: Any
    path: Path
    bundled: bool


def _say(line: str) -> None:
    """A warning on stderr, its control characters escaped: it may quote a file's name or text."""
    from paycalc.printable import printable

    print(printable(line), file=sys.stderr)


def real_path(path: Path | str) -> Path:
    """The absolute path with symbolic links followed. Unlike Path.resolve() (RuntimeError before
    Python 3.13), a symlink loop is left as it is, so opening it gives an ordinary OSError."""
    return Path(os.path.realpath(path))


def search_path(value: str, warn: bool = True) -> list[Path]:
    """The directories of a PAYCALC_PATH value that can be searched. One that cannot be read is
    skipped with a warning on stderr, so the others and the bundled files still work; one that
    does not exist is skipped quietly, as PATH does."""
    dirs = []
    for entry in filter(None, value.split(os.pathsep)):
        try:
            with os.scandir(entry):
                dirs.append(Path(entry))
        except FileNotFoundError:
            continue
        except OSError as e:
            if warn:
                _say(f"paycalc: warning: PAYCALC_PATH entry {entry} skipped: {e.strerror}")
    return dirs


# Up to this many files on the search path, an unknown id's message lists every known id.
LIST_ALL_UP_TO = 30


# The subdirectories searched beside a directory's own files: scales, and price indices.
SUBDIRS = ("scales", "prices")


def kind_name(kind: str, plural: bool = False) -> str:
    """A file kind as a sentence names it: 'scale', 'price indices'."""
    if kind == "prices":
        return "price indices" if plural else "price index"
    return f"{kind}s" if plural else kind


def looks_like_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or os.sep in ref or "/" in ref


# A scheme's own examples, run as `validate` runs them: (scheme, registry, raw data, file name)
# -> the problems found.
ExamplesCheck = Callable[["Scheme", "Registry", Any, str], list[Problem]]


class ExamplesFail(PaycalcError):
    """Raised when a scheme file (not bundled) is used whose own examples do not hold."""

    exit_code = EXIT_USAGE


class Registry:
    """Resolves ids to files. Directories are searched in order; a file given by path puts its
    own directory (and its `scales/` subdirectory) first, so a counter-offer can sit beside its
    own scale file."""

    # What `default()` registries vet schemes with (`_vet`); the command line sets it.
    vet_with: ClassVar[ExamplesCheck | None] = None
    # Every folder searched because a file in it was given by path, in this process.
    beside: ClassVar[set[Path]] = set()

    @classmethod
    def findable(cls) -> list[Path]:
        """Every YAML file a command may read as a scheme, scale or price index: in the bundled
        folder, on PAYCALC_PATH and beside a file given by path in this run (and their `scales/`
        and `prices/`), and in the working directory the files that say they are one (a
        `kind:` line, as `list` finds them). No command writes over one, `--force` included
        (`output.protected_files`): a counter-offer kept in the working directory is never
        replaced by another command's output. Only the working directory's files are opened
        (their first 64 KiB); the others are names alone, a stat each."""
        home = bundled_dir()
        extra = search_path(os.environ.get("PAYCALC_PATH", ""), warn=False)
        out = []
        for d in [home, *extra, *sorted(cls.beside), Path.cwd()]:
            for sub in (d, *(d / s for s in SUBDIRS)):
                try:
                    with os.scandir(sub) as entries:
                        names = [e.name for e in entries if _is_yaml_name(e.name)]
                except OSError:
                    continue
                found = [sub / name for name in sorted(names)]
                if d == Path.cwd() and d not in cls.beside:
                    found = [p for p in found if p.is_file() and _says_kind(p)]
                out += found
        return out

    def __init__(
        self, dirs: list[Path], home: Path | None = None, loaded: dict[Path, Loaded] | None = None
    ) -> None:
        self.dirs = list(dirs)
        self.home = home  # the bundled directory, if it is among `dirs`
        self._real_home: Path | None = None
        # The folders' real paths (`_real_file`), looked up once per registry.
        self._real_folders: dict[Path, Path] = {}
        # Files loaded, by resolved path; registries with different search paths may share one
        # (validate does), since a path loads the same whoever asks.
        self._cache: dict[Path, Loaded] = {} if loaded is None else loaded
        # Lookups by id, remembered until the search path changes: a compare or apply run asks
        # for the same few scales thousands of times, and each search stats the directories.
        self._found: dict[str, Path | None] = {}
        self._by_ref: dict[tuple[str, str], Loaded] = {}
        # Listings by path: `list` asks twice for every file (its tables, then its runs).
        self._listings: dict[Path, Listing] = {}
        self._bands: dict[str, Mapping[str, Points]] = {}
        self._series: dict[str, Mapping[date, Decimal]] = {}
        # The current directory, when searched: only its files that say `kind: scheme` or
        # `kind: scale` count (a project's other YAML is none of ours), and a broken one is a
        # warning, never the end of a run that did not name it.
        self.here: Path | None = None
        self._warned: set[Path] = set()
        self._quiet = False  # `files(quiet=True)`: no warnings while it runs
        # Whether a bundled file's id always means the bundled file (`_shadowing`): for every
        # command, which finds files in folders it was not told of; not for `validate`, whose
        # folders are named on its command line.
        self.bundled_ids_fixed = False
        # Runs a scheme's own examples (`_vet`): set by `default()` from `vet_with`.
        self.examples_check: ExamplesCheck | None = None
        self._vetted: set[Path] = set()
        self.refuse_failing_examples = False  # apply sets it: see `_vet`

    @classmethod
    def default(cls) -> Registry:
        """Bundled files, after any directories on PAYCALC_PATH and then the current directory
        (its scheme and scale files only), so `paycalc new-scheme ID -o ID.yaml` is found by id."""
        extra = search_path(os.environ.get("PAYCALC_PATH", ""))
        home = bundled_dir()
        here = Path.cwd()
        local = [] if real_path(here) == real_path(home) else [here]
        registry = cls([*extra, *local, home], home=home)
        registry.here = here if local else None
        registry.bundled_ids_fixed = True
        registry.examples_check = Registry.vet_with
        return registry

    @classmethod
    def bundled(cls) -> Registry:
        """Only the files shipped with paycalc."""
        home = bundled_dir()
        return cls([home], home=home)

    # -- loading ----------------------------------------------------------------------------

    def load(self, path: Path) -> Loaded:
        """Load a file once per registry; raises FileProblems for a file that is not valid on
        its own (cross-file checks are `checks.scheme_problems`)."""
        path = self._real_file(path)
        if path not in self._cache:
            from paycalc.files.documents import read_valid  # not for a `list` from the cache

            doc, raw = read_valid(path)
            self._cache[path] = Loaded(doc, raw, path, self.is_bundled(path))
        return self._cache[path]

    def is_bundled(self, path: Path) -> bool:
        if self.home is None:
            return False
        if self._real_home is None:  # once, not for every file loaded
            self._real_home = real_path(self.home)
        # Strings, not Path.parents: a path's parents are Path objects made and compared.
        return str(self._real_file(path)).startswith(os.path.join(self._real_home, ""))

    def _real_file(self, path: Path) -> Path:
        """`real_path(path)`, its folder's looked up once: os.path.realpath takes a stat per
        folder on the way, for each of the dozens of files `list` and `compare` read."""
        if path.name in ("", ".", "..") or os.path.islink(path):
            return real_path(path)
        folder = self._real_folders.get(path.parent)
        if folder is None:
            folder = self._real_folders[path.parent] = real_path(path.parent)
        return folder / path.name

    def listing(self, path: Path) -> Listing:
        """What `list` shows of a file: from the cache when an earlier run read the same text,
        else from loading it (FileProblems if it is not valid)."""
        known = self._listings.get(path)
        if known is not None:
            return known
        from paycalc.files import cache
        from paycalc.files.listing import Listing
        from paycalc.files.source import read_text

        try:
            found = Listing.from_record(cache.get(read_text(path)))
        except FileProblems:
            found = None  # loading it says why
        listing = found or Listing.of(self.load(path).doc)
        self._listings[path] = listing
        return listing

    def _find(self, ref: str, kind: str) -> Loaded:
        if (ref, kind) in self._by_ref:
            return self._by_ref[ref, kind]
        if looks_like_path(ref):
            path = Path(ref)
            if not os.path.lexists(path):
                raise NotFound(f"{ref}: no such file")
            loaded = self.load(path)
            for extra in (path.parent / "scales", path.parent):
                Registry.beside.add(real_path(extra))
                if real_path(extra) not in [real_path(d) for d in self.dirs]:
                    self.dirs.insert(0, extra)
                    self._forget()
        else:
            found = self._path_for_id(ref)
            if found is None:
                raise NotFound(self._unknown(ref, kind))
            loaded = self.load(found)
        if loaded.doc.kind != kind:
            what = kind_name(loaded.doc.kind)
            raise NotFound(f"{ref} is a {what}, not a {kind_name(kind)}")
        self._by_ref[ref, kind] = loaded
        return loaded

    def _forget(self) -> None:
        self._real_folders.clear()
        self._found.clear()
        self._by_ref.clear()
        self._bands.clear()
        self._series.clear()

    def _path_for_id(self, ident: str) -> Path | None:
        if ident not in self._found:
            self._found[ident] = self._search(ident)
        return self._found[ident]

    def _search(self, ident: str) -> Path | None:
        """The first file named for `ident` in the search directories; but the id of a bundled
        file always means the bundled file (see `_shadowing`)."""
        for d in self.dirs:
            for candidate in (d / f"{ident}.yaml", *(d / sub / f"{ident}.yaml" for sub in SUBDIRS)):
                if not self._regular(candidate):
                    continue
                bundled = self._bundled_file(ident) if self._guarded(d) else None
                if bundled is None:
                    return candidate
                self._shadowing(candidate, bundled)
                return bundled
        return None

    def _regular(self, path: Path) -> bool:
        """Whether a file found in a search directory may be read: a regular file (through
        symlinks). A FIFO would hang the run and a device never end it: either is skipped, with
        a warning; a file that is not there (or a folder we may not read) is passed over."""
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError):
            return False
        if stat.S_ISREG(mode):
            return True
        if not stat.S_ISDIR(mode):
            from paycalc.files.source import special_kind

            self._warn(path, f"{path}: not a regular file ({special_kind(mode)})")
        return False

    def _guarded(self, folder: Path) -> bool:
        """Whether a file in `folder` may not take a bundled file's id (see `_shadowing`)."""
        return self.bundled_ids_fixed and folder != self.home

    def _bundled_file(self, ident: str) -> Path | None:
        if self.home is None:
            return None
        names = (f"{ident}.yaml", *(f"{sub}/{ident}.yaml" for sub in SUBDIRS))
        for candidate in (self.home / name for name in names):
            if candidate.is_file():
                return candidate
        return None

    def _shadowing(self, path: Path, bundled: Path) -> None:
        """A file found by the id of a bundled file (in the current directory, beside a file
        given by path, or on PAYCALC_PATH) is not used in its place: a report or an output that
        names a published offer must be that offer, whatever folder the run starts in. One line
        on stderr says so; the file is used when its path is given."""
        if self._quiet or path in self._warned or real_path(path) == real_path(bundled):
            return  # the bundled file itself, by another spelling or a symlink: nothing to say
        self._warned.add(path)
        kind = "scale" if bundled.parent.name == "scales" else "scheme"
        _say(
            f"paycalc: warning: {path} not used: '{path.stem}' is a bundled {kind}, and a "
            "bundled id always means the bundled file (give this file's path to use it)"
        )

    def _unknown(self, ref: str, kind: str) -> str:
        """The message for an id that names no file: the closest ids of the kind, found among
        file names (a file's id is its name) so that only those few files are read; and every id
        when the search path is small enough to list."""
        import difflib  # only a mistyped id needs it

        files = list(self.files())
        names = difflib.get_close_matches(ref, [f.stem for f in files], n=50, cutoff=0.6)
        # Equally close names are ranked by how long a start they share with the mistyped id
        # (difflib ranks them in reverse alphabetical order: 'offer-09012' before 'offer-00129').
        names.sort(key=lambda n: -_shared_start(ref, n))
        names.sort(key=lambda n: -round(difflib.SequenceMatcher(None, ref, n).ratio(), 9))
        close = [n for n in names[:6] if self._kind_of(self._path_for_id(n)) == kind][:3]
        hint = f" (did you mean {_alternatives(close)}?)" if close else ""
        if len(files) <= LIST_ALL_UP_TO:
            rest = f"known {kind_name(kind, True)}: {', '.join(self.ids(kind)) or 'none'}"
        else:
            rest = "'paycalc list' shows them all"
        return (
            f"unknown {kind_name(kind)} '{clip(ref)}'{hint}; {rest}; or give a path to a .yaml file"
        )

    def _kind_of(self, path: Path | None) -> str | None:
        try:
            return self.load(path).doc.kind if path is not None else None
        except FileProblems:
            return None

    # -- public lookups -----------------------------------------------------------------------

    def scheme(self, ref: str) -> Scheme:
        """A scheme by id or path, checked against the scales it names."""
        from paycalc.files.cross_checks import scheme_problems

        loaded = self._find(ref, "scheme")
        problems = scheme_problems(
            loaded.doc,  # type: ignore[arg-type]
            loaded.raw,
            str(loaded.path),
            self.scale,
            self.index_values,
        )
        ProblemList(str(loaded.path), problems).raise_if_any()
        self._vet(loaded)
        return loaded.doc  # type: ignore[return-value]

    def _vet(self, loaded: Loaded) -> None:
        """Say so when a scheme file, not bundled, gives other figures than its own `examples:`
        say it does: the examples are its author's statement of what it pays, so one of the two
        is wrong. A payroll run (`refuse_failing_examples`) refuses it; compare, explain and
        show go on after one warning line, so that a counter-offer copied from another and
        changed can be tried before its examples are brought up to date. Bundled schemes are
        held to theirs by paycalc's tests. Only for a registry with `examples_check` set (the
        command line sets it, since the examples are run by a feature this layer may not
        import); `validate` reports each mismatch instead."""
        check = self.examples_check
        if check is None or loaded.bundled or loaded.path in self._vetted:
            return
        self._vetted.add(loaded.path)
        problems = check(loaded.doc, self, loaded.raw, str(loaded.path))  # type: ignore[arg-type]
        failed = [p for p in problems if p.severity == "error"]
        if not failed:
            return
        more = f" and {len(failed) - 1} more" if len(failed) > 1 else ""
        said = f"{failed[0].location()}: this scheme's own example does not hold "
        said += f"({failed[0].message}){more}"
        every = f"'paycalc validate {loaded.path}' lists every one"
        if self.refuse_failing_examples:
            raise ExamplesFail(f"{said}; it is not applied until its examples agree ({every})")
        _say(f"paycalc: warning: {said}; the figures are what its steps give ({every})")

    def scale(self, ref: str) -> Scale:
        return self._find(ref, "scale").doc  # type: ignore[return-value]

    def prices(self, ref: str) -> Prices:
        """A price index file (`kind: prices`) by id or path."""
        return self._find(ref, "prices").doc  # type: ignore[return-value]

    def index_values(self, ref: str) -> Mapping[date, Decimal]:
        """A price index's values by the first day of their month (what an index-linked step
        reads through the engine)."""
        if ref not in self._series:
            self._series[ref] = self.prices(ref).series()
        return self._series[ref]

    def has(self, ident: str) -> bool:
        return self._path_for_id(ident) is not None

    def bands(self, scale_id: str) -> Mapping[str, Points]:
        if scale_id not in self._bands:
            self._bands[scale_id] = self.scale(scale_id).band_points()
        return self._bands[scale_id]

    def loaded(self, ref: str, kind: str) -> Loaded:
        return self._find(ref, kind)

    def loaded_paths(self) -> list[Path]:
        """Every file read so far: the inputs a command must never write over."""
        return list(self._cache)

    def files(self, quiet: bool = False) -> Iterator[Path]:
        """Every YAML file in the search directories (the first file of a name wins; a bundled
        file's name, the bundled file). `quiet`: without the warnings about files passed over,
        for a caller that only protects the files from being written over."""
        self._quiet, before = quiet, self._quiet
        try:
            yield from self._files()
        finally:
            self._quiet = before

    def _files(self) -> Iterator[Path]:
        seen: set[str] = set()
        for d in self.dirs:
            for sub in (d, *(d / name for name in SUBDIRS)):
                for path, regular in _yaml_files(sub):
                    if path.stem in seen or not (regular or self._regular(path)):
                        continue
                    if d == self.here and not _says_kind(path):
                        continue
                    bundled = self._bundled_file(path.stem) if self._guarded(d) else None
                    if bundled is not None:
                        self._shadowing(path, bundled)
                        path = bundled
                    seen.add(path.stem)
                    yield path

    def _warn(self, path: Path, why: str) -> None:
        if not self._quiet and path not in self._warned:
            self._warned.add(path)
            _say(f"paycalc: warning: {why} (skipped)")

    def ids(self, kind: str) -> list[str]:
        """Ids of every file of a kind, read from the files. Unreadable ones are skipped, and so
        are files whose id is not their name (they cannot be found by it); in the current
        directory, either is a warning."""
        out = []
        for path in self.files():
            local = self.here is not None and path.parent in (
                self.here,
                *(self.here / sub for sub in SUBDIRS),
            )
            try:
                doc = self.load(path).doc
            except FileProblems as e:
                if local:
                    self._warn(path, e.lines()[0])
                continue
            if doc.kind != kind:
                continue
            if doc.id != path.stem:
                if local:
                    self._warn(path, f"{path}: id '{doc.id}' is not the file name")
                continue
            out.append(doc.id)
        return out


def _is_yaml_name(name: str) -> bool:
    """A .yaml or .yml file's name (as Path.suffix reads it: not a bare '.yaml')."""
    return os.path.splitext(name)[1] in (".yaml", ".yml")


def _yaml_files(folder: Path) -> list[tuple[Path, bool]]:
    """The *.yaml files in a folder (none if it is not one), in name order, each with whether
    the folder's listing already says it is a regular file (else `_regular` stats it). One
    scandir: Path.glob and a stat per file cost more, on every run."""
    try:
        with os.scandir(folder) as entries:
            found = [(e.name, e.is_file()) for e in entries if e.name.endswith(".yaml")]
    except OSError:  # missing, not a folder, not readable: nothing to list
        return []
    return [(folder / name, regular) for name, regular in sorted(found)]


_KIND_LINE = re.compile(r"^kind:\s*['\"]?(scheme|scale|prices)\b", re.MULTILINE)


def _says_kind(path: Path) -> bool:
    """Whether a file has a top-level `kind: scheme`, `kind: scale` or `kind: prices` line
    (read from its first 64 KiB; an unreadable file is left to the loader to report)."""
    try:
        # O_NONBLOCK: a FIFO put in the file's place since it was found must not hang the run.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            head = f.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return True
    return _KIND_LINE.search(head) is not None


def _alternatives(ids: list[str]) -> str:
    """'a', 'a' or 'b', 'a', 'b' or 'c'."""
    quoted = [f"'{i}'" for i in ids]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _shared_start(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
