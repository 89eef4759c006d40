"""Turn a YAML file into a Scale or Scheme, with every model error at `file:line:col`."""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from paycalc.errors import FileProblems, Problem
from paycalc.files.marks import MarkedDict, MarkedList, mark_at
from paycalc.model import Scale, Scheme
from paycalc.steps import STEP_KINDS, StepBase

Document = Scale | Scheme
KINDS: dict[str, type[BaseModel]] = {"scale": Scale, "scheme": Scheme}


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
                    "expected a mapping with 'kind: scheme' or 'kind: scale' at the top",
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
                    f"{what}: expected 'kind: scheme' or 'kind: scale'",
                )
            ]
        )
    try:
        return model.model_validate(raw)  # type: ignore[return-value]
    except ValidationError as e:
        raise FileProblems(problems_from(e, raw, name, model)) from None


def problems_from(
    error: ValidationError, raw: Any, name: str, model: type[BaseModel]
) -> list[Problem]:
    """One Problem per distinct place, worded for a person editing the file."""
    by_place: dict[tuple[Any, ...], list[ErrorDetails]] = {}
    for e in error.errors(include_url=False):
        group = e["type"] if e["type"] in ("extra_forbidden", "missing") else "value"
        by_place.setdefault((*_data_path(raw, _in_data(model, e["loc"])), group), []).append(e)
    problems: list[Problem] = []
    for errs in by_place.values():
        problems.extend(_problem(errs, raw, name, model))
    return sorted(problems, key=lambda p: (p.line or 0, p.col or 0))


def _problem(
    errs: list[ErrorDetails], raw: Any, name: str, model: type[BaseModel]
) -> list[Problem]:
    e = errs[0]
    loc, kind = _in_data(model, e["loc"]), e["type"]
    mark = mark_at(raw, loc) or (None, None)

    def make(code: str, message: str, at: Any = mark) -> Problem:
        return Problem(name, at[0], at[1], code, message)

    if kind == "extra_forbidden":
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
    messages = list(dict.fromkeys(_clean(err["msg"]) for err in errs))
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
    common = set(StepBase.model_fields) | {
        f.alias for f in StepBase.model_fields.values() if f.alias
    }
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


def _in_data(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pydantic location without the tags of tagged unions, which name a union member, not a
    key: ('steps', 0, 'lump_sum', 'on') is the step's own 'on', not an 'on' under 'lump_sum'.
    A tag that ends the location stays, so a problem with a whole step points at its kind."""
    t: Any = model
    out: list[Any] = []
    for i, part in enumerate(loc):
        t = _strip(t)
        origin = get_origin(t)
        if origin in (Union, types.UnionType):
            members = [m for m in map(_strip, get_args(t)) if isinstance(m, type)]
            models = [m for m in members if issubclass(m, BaseModel)]
            tagged = [m for m in models if getattr(m, "kind", None) == part]
            if tagged and i < len(loc) - 1:
                t = tagged[0]
                continue
            t = models[0] if models else Any
            t = _strip(t)
            origin = get_origin(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            field = next((f for n, f in t.model_fields.items() if part in (n, f.alias)), None)
            t = field.annotation if field is not None else Any
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


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at a location, following lists, dicts and unions."""
    t: Any = model
    parts = list(loc)
    while parts:
        t = _strip(t)
        part = parts[0]
        origin = get_origin(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            field = next((f for n, f in t.model_fields.items() if part in (n, f.alias)), None)
            if field is None:
                return []
            t = field.annotation
        elif origin is list:
            t = get_args(t)[0]
        elif origin is dict:
            t = get_args(t)[1]
        elif origin in (Union, types.UnionType):
            members = [_strip(a) for a in get_args(t)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            tagged = [m for m in models if getattr(m, "kind", None) == part]
            if tagged:
                t = tagged[0]
            elif models:
                t = models[0]
                continue
            else:
                return []
        else:
            return []
        parts.pop(0)
    t = _strip(t)
    if get_origin(t) in (Union, types.UnionType):
        t = next(
            (
                m
                for m in map(_strip, get_args(t))
                if isinstance(m, type) and issubclass(m, BaseModel)
            ),
            None,
        )
    if isinstance(t, type) and issubclass(t, BaseModel):
        return [f.alias or n for n, f in t.model_fields.items()]
    return []


def _hint(key: Any, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _clean(msg: str) -> str:
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _short(value: Any) -> str:
    text = repr(str(value)) if not isinstance(value, (int, float)) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"
