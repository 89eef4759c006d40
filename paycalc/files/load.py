"""Turn a YAML file into a Scale or Scheme, with every model error at `file:line:col`."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import types
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

from pydantic import TypeAdapter, ValidationError

from paycalc.errors import FileProblems, Problem
from paycalc.files.marks import MarkedDict, MarkedList, mark_at
from paycalc.model import Prices, Scale, Scheme
from paycalc.steps import STEP_KINDS, StepBase
from paycalc.types import ID_PATTERN, ID_RULE, Strict, file_key

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

M = TypeVar("M")
Document = Scale | Scheme | Prices
KINDS: dict[str, type[Document]] = {"scale": Scale, "scheme": Scheme, "prices": Prices}
EXPECTED_KINDS = " or ".join(f"'kind: {k}'" for k in ("scheme", "scale", "prices"))
# pydantic names an unknown key so for a dataclass model (extra_forbidden for a BaseModel).
UNKNOWN_KEY = ("unexpected_keyword_argument", "extra_forbidden")


# The most of pydantic's errors worded as problems for one file (see `problems_from`).
MAX_PROBLEMS = 200

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(model: Any) -> TypeAdapter[Any]:
    """pydantic's validator of a model, built once per run and only when a file is read
    afresh."""
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(model)
    return _ADAPTERS[model]


def validated(model: type[M], data: Any) -> M:
    """`data` checked and built as `model` (a scheme, a scale, a step, a person), by the rules a
    file is read with; raises pydantic's ValidationError."""
    built: M = adapter(model).validate_python(data)
    return built


def parse_document(raw: Any, name: str) -> Document:
    if not isinstance(raw, MarkedDict):
        mark = getattr(raw, "mark", (1, 1))
        raise FileProblems(
            [
                Problem(
                    name,
                    mark[0],
                    mark[1],
                    "PC103",
                    f"expected a mapping with {EXPECTED_KINDS} at the top",
                )
            ]
        )
    kind = raw.get("kind")
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        mark = raw.key_marks.get("kind", raw.mark)
        what = "no 'kind' key" if kind is None else f"kind '{kind}'"
        raise FileProblems(
            [
                Problem(
                    name,
                    mark[0],
                    mark[1],
                    "PC102" if kind is None else "PC103",
                    f"{what}: expected {EXPECTED_KINDS}",
                )
            ]
        )
    too_many = _too_many(raw, name, model.__name__.lower())
    if too_many:  # before pydantic builds thousands of steps
        raise FileProblems(too_many)
    try:
        document: Document = validated(model, raw)
        return document
    except ValidationError as e:
        raise FileProblems(problems_from(e, raw, name, model)) from None


def _too_many(raw: MarkedDict, name: str, kind: str) -> list[Problem]:
    """A problem for each list longer than `limits` allows (a scheme's steps and examples, a
    scale's bands, a band's points, a scale's points in all), at the list's key."""
    from paycalc import limits

    most = {"steps": limits.MAX_STEPS, "examples": limits.MAX_EXAMPLES, "bands": limits.MAX_BANDS}
    lists = [(raw, key, key) for key in (("bands",) if kind == "scale" else ("steps", "examples"))]
    bands = raw.get("bands") if kind == "scale" else None
    if isinstance(bands, MarkedList):
        lists += [
            (band, "points", f"bands[{i}].points")
            for i, band in enumerate(bands[: limits.MAX_BANDS])
            if isinstance(band, MarkedDict)
        ]
    problems = []
    points = 0
    for holder, key, shown in lists:
        items = holder.get(key)
        if not isinstance(items, MarkedList):
            continue
        allowed = most.get(key, limits.MAX_POINTS)
        points += len(items) if key == "points" else 0
        if len(items) > allowed:
            line, col = holder.key_marks.get(key, holder.mark)
            message = f"'{shown}' has {len(items):,} items; a {kind} file has at most {allowed}"
            problems.append(Problem(name, line, col, "PC103", message))
    if not problems and points > limits.MAX_SCALE_POINTS:
        line, col = raw.key_marks.get("bands", raw.mark)
        message = (
            f"the bands have {points:,} points in all; a scale has at most "
            f"{limits.MAX_SCALE_POINTS:,}"
        )
        problems.append(Problem(name, line, col, "PC103", message))
    return problems


def problems_from(
    error: ValidationError, raw: Any, name: str, model: type[Strict]
) -> list[Problem]:
    """One Problem per distinct place, worded for a person editing the file; at most
    MAX_PROBLEMS of pydantic's errors are worded (each costs a search for the closest key), and
    one more problem says how many were left."""
    by_place: dict[tuple[Any, ...], list[ErrorDetails]] = {}
    errors = error.errors(include_url=False)
    for e in errors[:MAX_PROBLEMS]:
        group = (
            "unknown"
            if e["type"] in UNKNOWN_KEY
            else "missing"
            if e["type"] == "missing"
            else "value"
        )
        by_place.setdefault((*_data_path(raw, _in_data(model, e["loc"])), group), []).append(e)
    problems: list[Problem] = []
    for errs in by_place.values():
        problems.extend(_problem(errs, raw, name, model))
    problems.sort(key=lambda p: (p.line or 0, p.col or 0))
    if len(errors) > MAX_PROBLEMS:
        left = len(errors) - MAX_PROBLEMS
        message = f"and {left:,} more problems, not listed: fix these and validate again"
        # At the last problem listed, so that it is read last wherever problems are sorted.
        last = problems[-1] if problems else Problem(name, None, None, "PC100", "")
        problems.append(Problem(name, last.line, last.col, "PC100", message))
    return problems


def _problem(errs: list[ErrorDetails], raw: Any, name: str, model: type[Strict]) -> list[Problem]:
    e = errs[0]
    loc, kind = _in_data(model, e["loc"]), e["type"]
    mark = mark_at(raw, loc) or (None, None)

    def make(code: str, message: str, at: Any = mark) -> Problem:
        return Problem(name, at[0], at[1], code, message)

    if kind in UNKNOWN_KEY:
        out = []
        for err in errs:
            key = err["loc"][-1]
            parent = _show(_data_path(raw, _in_data(model, err["loc"])[:-1]))
            allowed = _allowed_keys(model, err["loc"][:-1])
            out.append(
                make(
                    "PC101",
                    f"unknown key '{key}' in '{parent}'{_hint(key, allowed)}. "
                    f"Allowed keys are [{', '.join(allowed)}]",
                    mark_at(raw, _in_data(model, err["loc"])),
                )
            )
        return out
    if kind == "missing":
        # Every missing key of one mapping shares its mark, so they come grouped: name them all.
        parent = _show(_data_path(raw, loc[:-1]))
        keys = list(dict.fromkeys(f"'{err['loc'][-1]}'" for err in errs))
        return [
            make(
                "PC102",
                f"missing key{'s' if len(keys) > 1 else ''} {', '.join(keys)} in '{parent}'",
            )
        ]
    if kind in ("step_kind", "union_tag_invalid", "union_tag_not_found"):
        return _step_kind_problems(raw, loc, make)
    place = _show(_data_path(raw, loc))
    messages = list(dict.fromkeys(_message(err) for err in errs))
    got = e.get("input")
    shown = f" (got {_short(got)})" if not isinstance(got, (dict, list)) else ""
    return [make("PC103", f"'{place}': {' or '.join(messages)}{shown}")]


def _step_kind_problems(raw: Any, loc: tuple[Any, ...], make: Any) -> list[Problem]:
    step = _data_at(raw, loc)
    place = _show(_data_path(raw, loc))
    kinds = list(STEP_KINDS)
    if not isinstance(step, MarkedDict):
        return [make("PC103", f"'{place}': a step is a mapping with one of {', '.join(kinds)}")]
    present = [k for k in kinds if k in step]
    if len(present) > 1:
        return [
            make(
                "PC104",
                f"'{place}' has more than one kind ({', '.join(present)}): write one step per kind",
            )
        ]
    common = set(_fields(StepBase))
    unknown = [k for k in step if k not in common]
    if not unknown:
        return [make("PC104", f"'{place}' has no kind: add one of {', '.join(kinds)}")]
    return [
        make(
            "PC101",
            f"unknown key '{k}' in '{place}'{_hint(k, kinds)}. A step has one of "
            f"[{', '.join(kinds)}] and may have [{', '.join(sorted(common))}]",
            step.key_marks[k],
        )
        for k in unknown
    ]


def _in_data(model: type[Strict], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pydantic location without the tags of tagged unions, which name a union member, not a
    key: ('steps', 0, 'lump_sum', 'on') is the step's own 'on', not an 'on' under 'lump_sum'.
    A tag that ends the location stays, so a problem with a whole step points at its kind."""
    t: Any = model
    out: list[Any] = []
    for i, part in enumerate(loc):
        members = _members(t)
        if members is not None:
            tagged = [m for m in members if getattr(m, "kind", None) == part]
            if tagged and i < len(loc) - 1:
                t = tagged[0]
                continue
            t = members[0] if members else Any
        t = _strip(t)
        origin = get_origin(t)
        if _is_model(t):
            t = _fields(t).get(file_key(part) if isinstance(part, str) else part, Any)
        elif origin is list:
            t = get_args(t)[0]
        elif origin is dict:
            t = get_args(t)[1]
        else:
            t = Any
        out.append(part)
    return tuple(out)


def _data_path(raw: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The parts of a pydantic location that are real keys or indexes in the data."""
    out: list[Any] = []
    node = raw
    for part in loc:
        if (isinstance(node, MarkedDict) and part in node) or (
            isinstance(node, MarkedList) and isinstance(part, int) and 0 <= part < len(node)
        ):
            node = node[part]
            out.append(part)
    return tuple(out)


def _data_at(raw: Any, loc: tuple[Any, ...]) -> Any:
    node = raw
    for part in _data_path(raw, loc):
        node = node[part]
    return node


def _show(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        if part is True or part is False:
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _strip(t: Any) -> Any:
    while get_origin(t) is Annotated:
        t = get_args(t)[0]
    return t


def _allowed_keys(model: type[Strict], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at a location, following lists, dicts and unions."""
    t: Any = model
    parts = list(loc)
    while parts:
        part = parts[0]
        members = _members(t)
        if members is not None:
            tagged = [m for m in members if getattr(m, "kind", None) == part]
            if tagged:
                t = tagged[0]
                parts.pop(0)
            elif members:
                t = members[0]
            else:
                return []
            continue
        t = _strip(t)
        origin = get_origin(t)
        if _is_model(t):
            t = _fields(t).get(file_key(part) if isinstance(part, str) else part)
            if t is None:
                return []
        elif origin is list:
            t = get_args(t)[0]
        elif origin is dict:
            t = get_args(t)[1]
        else:
            return []
        parts.pop(0)
    members = _members(t)
    if members:
        t = members[0]
    t = _strip(t)
    return list(_fields(t)) if _is_model(t) else []


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, Strict)


@functools.cache
def _fields(model: type[Strict]) -> dict[str, Any]:
    """A model's keys as a file writes them, each with its type."""
    hints = get_type_hints(model, include_extras=True)
    found = dataclasses.fields(model)  # type: ignore[arg-type]
    return {file_key(f.name): hints[f.name] for f in found}


def _members(t: Any) -> list[Any] | None:
    """The models a union may be (a step may be any kind), or None if `t` is not a union."""
    t = _strip(t)
    if t is StepBase:
        return list(STEP_KINDS.values())
    if get_origin(t) in (Union, types.UnionType):
        return [m for m in map(_strip, get_args(t)) if _is_model(m)]
    return None


def _hint(key: Any, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _message(err: ErrorDetails) -> str:
    # An id's pattern is a regular expression; the rule in words is what a person can follow.
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == ID_PATTERN:
        return ID_RULE
    return _clean(err["msg"])


def _clean(msg: str) -> str:
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _short(value: Any) -> str:
    text = repr(str(value)) if not isinstance(value, (int, float)) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"
