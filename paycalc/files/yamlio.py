"""Safe YAML loading for scheme and scale files.

Numbers are read as Decimal from their source text, duplicate keys and aliases are errors, only
`true`/`false` are booleans (so the step key `on:` stays a string), no tag builds an object, and
every mapping and list remembers the line and column of each key and item so that later checks can
point at `file:line:col`.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from paycalc.errors import FileProblems, Problem, clip
from paycalc.files.marks import Mark, MarkedDict, MarkedList
from paycalc.files.marks import mark_at as mark_at  # where callers have always found it
from paycalc.files.source import read_text as read_text  # bounded; callers import it here
from paycalc.limits import MAX_FILE_BYTES, check_day, check_size

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_BYTES = MAX_FILE_BYTES  # where callers have always found it

# A scheme file nests five or six levels; the limit stops a hostile file long before Python's
# recursion limit (each level costs the constructor three frames).
MAX_DEPTH = 50

# The most values (each key, item and scalar) a file may hold. The largest bundled file has 458;
# a scheme at the step and example bounds about 5,000. Building 200,000 (a 1 MB file of one-line
# keys) took 6 s before the models were even tried.
MAX_VALUES = 20_000

# The longest value (a title, note or quote) in characters; the longest bundled one has 1,065.
# A megabyte title was printed whole by `list`, ten thousand lines of it.
MAX_TEXT = 10_000

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")

_DECIMAL_TAG = "tag:paycalc:decimal"
_SCIENTIFIC_TAG = "tag:paycalc:scientific"


def _mark(node: Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Resolver(BaseResolver):
    """YAML 1.2-like implicit types: plain numbers, true/false, null and dates; nothing else."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    _DECIMAL_TAG,
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    _SCIENTIFIC_TAG,
    re.compile(r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"),
    list("0123456789"),
)


class _Constructor(SafeConstructor):
    """Builds plain Python values; rejects aliases, explicit object tags and merge keys."""

    depth = 0

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # A node met twice is an alias (*name): refuse it, which also defuses "billion laughs".
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(
                node,
                "PC004",
                "YAML anchors and aliases (&name, *name) are not allowed: the value anchored "
                "here is used again; write it out",
            )
        if self.depth >= MAX_DEPTH:
            raise _Refused(
                node, "PC103", f"nested more than {MAX_DEPTH} levels deep; a file needs a few"
            )
        if isinstance(node, ScalarNode) and len(node.value) > MAX_TEXT:
            raise _Refused(
                node,
                "PC103",
                f"a value of {len(node.value):,} characters; a value is at most {MAX_TEXT:,} "
                "(a quote is a sentence or two, a note a paragraph)",
            )
        self.depth += 1
        try:
            return super().construct_object(node, deep=deep)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: Node, deep: bool = False) -> MarkedDict:
        if not isinstance(node, MappingNode):
            raise _Refused(node, "PC103", "expected a mapping")
        result = MarkedDict(_mark(node))
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "PC004", "merge keys (<<) are not allowed")
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Decimal) and key == key.to_integral_value():
                key = str(key)  # e.g. a band called 3
            if not isinstance(key, (str, int, bool)) and key is not None:
                raise _Refused(key_node, "PC103", "a key must be a plain word or number")
            if key in result:
                first = result.key_marks[key]
                raise _Refused(
                    key_node, "PC003", f"duplicate key '{key}' (first at line {first[0]})"
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.key_marks[key] = _mark(key_node)
        return result

    def construct_sequence(self, node: Node, deep: bool = False) -> MarkedList:
        if not isinstance(node, SequenceNode):
            raise _Refused(node, "PC103", "expected a list")
        result = MarkedList(_mark(node))
        for child in node.value:
            result.append(self.construct_object(child, deep=True))
            result.item_marks.append(_mark(child))
        return result

    def construct_yaml_map(self, node: Node) -> Any:
        yield self.construct_mapping(node)

    def construct_yaml_seq(self, node: Node) -> Any:
        yield self.construct_sequence(node)

    def construct_decimal(self, node: ScalarNode) -> Decimal:
        text = str(self.construct_scalar(node))
        value = Decimal(text.replace("_", ""))
        try:
            check_size(value, clip(text))
        except ValueError as e:
            raise _Refused(node, "PC103", str(e)) from None
        return value

    def construct_date(self, node: ScalarNode) -> date:
        # The resolver only sends text shaped like a date; the calendar can still refuse it.
        text = str(self.construct_scalar(node))
        match = _DATE.fullmatch(text)
        try:
            if match is None:
                raise ValueError("expected YYYY-MM-DD")
            day = date(*(int(part) for part in match.groups()))
        except ValueError as e:
            raise _Refused(node, "PC103", f"'{clip(text)}' is not a date: {e}") from None
        try:
            return check_day(day)
        except ValueError as e:
            raise _Refused(node, "PC103", str(e)) from None

    def construct_scientific(self, node: ScalarNode) -> Any:
        text = self.construct_scalar(node)
        raise _Refused(
            node,
            "PC004",
            f"number '{text}' is in scientific notation; write money and percentages in plain "
            f"digits (e.g. 1000), or quote it if it is text",
        )

    def construct_refused(self, node: Node) -> Any:
        raise _Refused(node, "PC004", f"the tag '{node.tag}' is not allowed in paycalc files")


_Constructor.yaml_constructors = {}  # start clean: only the types below, never an object
for _tag, _fn in [
    ("tag:yaml.org,2002:null", SafeConstructor.construct_yaml_null),
    ("tag:yaml.org,2002:bool", SafeConstructor.construct_yaml_bool),
    ("tag:yaml.org,2002:str", SafeConstructor.construct_yaml_str),
    ("tag:yaml.org,2002:timestamp", _Constructor.construct_date),
    ("tag:yaml.org,2002:seq", _Constructor.construct_yaml_seq),
    ("tag:yaml.org,2002:map", _Constructor.construct_yaml_map),
    (_DECIMAL_TAG, _Constructor.construct_decimal),
    ("tag:yaml.org,2002:int", _Constructor.construct_decimal),
    ("tag:yaml.org,2002:float", _Constructor.construct_decimal),
    (_SCIENTIFIC_TAG, _Constructor.construct_scientific),
    (None, _Constructor.construct_refused),
]:
    # The stubs accept only constructors of a whole yaml.Loader; ours is a mixin of one.
    _Constructor.add_constructor(_tag, _fn)  # type: ignore[type-var]


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.values = 0

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Called once for every node as the parser composes the document, before anything is
        # built: the one place to stop a file of too many values early.
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooMany(
                f"more than {MAX_VALUES:,} values (keys, items and scalars): a scheme or scale "
                "file holds a few hundred"
            )
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]


class _TooMany(Exception):
    """Raised while composing a document that holds more than MAX_VALUES values."""


class _Refused(Exception):
    def __init__(self, node: Node, code: str, message: str) -> None:
        super().__init__(message)
        self.mark = _mark(node)
        self.code = code
        self.message = message


def _friendly(error: yaml.MarkedYAMLError, text: str) -> str:
    mark = error.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "tab character: indent YAML with spaces, not tabs"
    if error.context and "single document" in error.context:
        return "more than one YAML document ('---'): a file holds one scheme or one scale"
    context = f" ({error.context})" if error.context else ""
    start = error.context_mark
    if error.context and start is not None and mark is not None and start.line != mark.line:
        # e.g. an unclosed '{': the error shows where parsing failed, this shows where it began
        context = (
            f" ({error.context} that starts at line {start.line + 1}, column {start.column + 1})"
        )
    return f"YAML syntax error: {error.problem or error}{context}"


def _file_problem(name: str, message: str) -> FileProblems:
    return FileProblems([Problem(name, None, None, "PC001", message)])


def load_text(text: str, name: str) -> Any:
    """Parse one YAML document into MarkedDict/MarkedList/Decimal/str/date values."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _file_problem(
                name, "file is empty: expected a mapping with 'kind: scheme' or 'kind: scale'"
            )
        return loader.construct_document(node)
    except _Refused as e:
        raise FileProblems([Problem(name, e.mark[0], e.mark[1], e.code, e.message)]) from None
    except _TooMany as e:
        raise FileProblems([Problem(name, None, None, "PC103", str(e))]) from None
    except ConstructorError as e:  # pragma: no cover - _Refused covers the cases we know
        mark = e.problem_mark
        raise FileProblems(
            [
                Problem(
                    name,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    "PC004",
                    str(e.problem),
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise FileProblems([Problem(name, line, col, "PC002", _friendly(e, text))]) from None
    except yaml.YAMLError as e:
        raise FileProblems([Problem(name, None, None, "PC002", f"YAML error: {e}")]) from None
    except RecursionError:  # pragma: no cover - only the pure-Python parser recurses this deep
        message = f"nested more than {MAX_DEPTH} levels deep; a file needs a few"
        raise FileProblems([Problem(name, None, None, "PC103", message)]) from None
    finally:
        loader.dispose()


def load_file(path: Path) -> Any:
    """Read and parse a YAML file; every failure is a FileProblems naming file, line and column."""
    return load_text(read_text(path), str(path))
