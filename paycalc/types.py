"""Field types shared by the file models (money, percentages, band names, ids, days), and the
`Strict` base every file model is built on.

The models are plain frozen dataclasses, so a run that reads files already validated (from the
cache) never imports pydantic, which alone costs about ten bare Python starts. pydantic reads
the same classes when a file must be validated: the rules of each type are written here once,
as `Annotated` markers that build their pydantic schema only then (`__get_pydantic_core_schema__`
is pydantic's hook for types it does not know).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields, is_dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from paycalc.limits import check_day
from paycalc.money import PENNY, parse_decimal


def file_key(name: str) -> str:
    # A field named for a Python keyword (`from_`, `as_`) has the keyword as its YAML key.
    return name.rstrip("_")


if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda cls: cls  # it only tells type checkers what __init_subclass__ does


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(field,))
class Strict:
    """A file model: every subclass is a frozen dataclass of keyword-only fields (made here, so
    a class cannot forget it). It forbids unknown keys, so a misspelt key is an error, never
    ignored. The docstring under a field is its description in the JSON Schema."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "alias_generator": file_key,
        "populate_by_name": True,
        "json_schema_extra": lambda schema, cls: describe_fields(schema, cls),
    }

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # Only __init__ is generated for each class. dataclass(frozen=True, eq=True) would make
        # six methods, each by exec, for each of the forty models and steps: together more than
        # a bare Python start on every run. The rest is written once, below.
        dataclass(kw_only=True, eq=False, repr=False)(cls)

    def __setattr__(self, name: str, value: Any) -> None:
        # Frozen: __init__ sets each field once, and nothing sets anything after it.
        if name in self.__dict__ or name not in self.__dataclass_fields__:  # type: ignore[attr-defined]
            raise FrozenInstanceError(f"cannot assign to field '{name}'")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field '{name}'")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))  # type: ignore[arg-type]
        return f"{self.__class__.__qualname__}({shown})"


def describe_fields(schema: dict[str, Any], cls: type) -> None:
    """Give each property of a model's JSON Schema its field's docstring (the string written
    under the field, in its class or a base class) as its description."""
    properties = schema.get("properties", {})
    for name, doc in field_docs(cls).items():
        if file_key(name) in properties:
            properties[file_key(name)]["description"] = doc


def field_docs(cls: type) -> dict[str, str]:
    """The docstrings written under the fields of `cls` and its bases, each on one line."""
    import ast
    import inspect
    import textwrap

    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("paycalc."):
            continue
        try:
            source = inspect.getsource(klass)
        except (OSError, TypeError):  # installed without its .py files: no descriptions
            continue
        body = ast.parse(textwrap.dedent(source)).body[0]
        assert isinstance(body, ast.ClassDef)
        for line, after in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(line, ast.AnnAssign)
                and isinstance(line.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[line.target.id] = " ".join(after.value.value.split())
    return docs


def plain_data(value: Any) -> Any:
    """A model as JSON-ready data: fields by name, None left out, money and dates as text."""
    if is_dataclass(value) and not isinstance(value, type):
        found = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {name: plain_data(v) for name, v in found if v is not None}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class Before:
    """Run `fn` on the value as read, before the type's own validation."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.fn, handler(source))


class After:
    """Run `fn` on the validated value; a ValueError it raises is the file's problem."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.fn, handler(source))


class Limits:
    """Constraints pydantic checks itself (lengths, patterns, bounds), made when first needed."""

    def __init__(self, make: Callable[[], tuple[Any, ...]]) -> None:
        self.make = make

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        annotated: Any = Annotated  # subscripted with a tuple built at run time
        args = (source, *self.make())
        return handler(annotated[args])


def decimal_value(value: Any) -> Any:
    # YAML gives Decimal already; a quoted "29,180.00" is accepted; a float never is (it has
    # already lost the penny), nor a bool (YAML true is not 1).
    if isinstance(value, (bool, float)):
        raise ValueError("expected a number written in plain digits")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_decimal(value)
    return value


def money_value(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("money cannot be negative")
    if value != value.quantize(PENNY):
        raise ValueError(f"{value} has fractions of a penny")
    return value.quantize(PENNY)


def percent_value(value: Decimal) -> Decimal:
    if value <= 0 or value > 100:
        raise ValueError("a percentage is a number above 0 and at most 100 (2.5 means 2.5 %)")
    return value


def index_value(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("an index value is a number above 0 (e.g. 296.9)")
    return value


def fte_value(value: Decimal) -> Decimal:
    if value <= 0 or value > 1:
        raise ValueError("FTE is above 0 and at most 1 (0.5 is half time)")
    return value


def band_name(value: Any) -> Any:
    # `band: 3` in YAML is a number; band names are text ("3", "PSO").
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _positive() -> tuple[Any, ...]:
    from annotated_types import Gt

    return (Gt(0),)


def _non_empty() -> tuple[Any, ...]:
    from annotated_types import MinLen

    return (MinLen(1),)


def _text() -> tuple[Any, ...]:
    from pydantic import StringConstraints

    return (StringConstraints(min_length=1),)


def _band_text() -> tuple[Any, ...]:
    from pydantic import StringConstraints

    return (StringConstraints(min_length=1, strip_whitespace=True),)


# A calendar month, in the years limits.py bounds every date to (1900 to 2099).
MONTH_PATTERN = r"^(19|20)\d\d-(0[1-9]|1[0-2])$"


def month_text(value: Any) -> Any:
    import re

    if not isinstance(value, str) or re.match(MONTH_PATTERN, value) is None:
        raise ValueError("a month is written YYYY-MM, e.g. 2021-03 (years 1900 to 2099)")
    return value


ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ID_RULE = (
    "an id is lower-case letters, digits, '.', '_' and '-', starting with a letter or digit "
    "(e.g. my-offer-2020)"
)


def _id() -> tuple[Any, ...]:
    from pydantic import StringConstraints

    return (StringConstraints(pattern=ID_PATTERN, max_length=80),)


def _ref() -> tuple[Any, ...]:
    from pydantic import StringConstraints

    # No path separator or control character: a reference names a file by its id, in the
    # folders searched, never a path elsewhere.
    return (StringConstraints(pattern=r"^[^/\\\x00-\x1f\x7f]+$", max_length=80),)


# The bounds each number type checks, as JSON Schema keywords for the number branch of its
# schema (files/schema.py), keyed by the validator that checks them.
JSON_BOUNDS: dict[Callable[..., Any], dict[str, int]] = {
    money_value: {"minimum": 0},
    percent_value: {"exclusiveMinimum": 0, "maximum": 100},
    fte_value: {"exclusiveMinimum": 0, "maximum": 1},
    index_value: {"exclusiveMinimum": 0},
}

Money = Annotated[Decimal, Before(decimal_value), After(money_value)]
Percent = Annotated[Decimal, Before(decimal_value), After(percent_value)]
Fte = Annotated[Decimal, Before(decimal_value), After(fte_value)]
IndexValue = Annotated[Decimal, Before(decimal_value), After(index_value)]
# A calendar month as YAML writes it unquoted: 2021-03 (text, since it is not a YAML date); a
# full date (2021-03-01) is refused, not read as its month.
Month = Annotated[str, Before(month_text)]
# The pattern a JSON Schema gives each text type checked by a function (files/schema.py).
JSON_PATTERNS: dict[Callable[..., Any], str] = {month_text: MONTH_PATTERN}
BandName = Annotated[str, Before(band_name), Limits(_band_text)]
Id = Annotated[str, Limits(_id)]
# The id of a scale a scheme names. Any other spelling is not refused here but where the scale is
# looked up, which names the closest ids ("did you mean 'nps-2019-20'?" for 'nps-2019-2O').
ScaleRef = Annotated[str, Limits(_ref)]
Text = Annotated[str, Limits(_text)]
Count = Annotated[int, Limits(_positive)]  # a whole number above 0
# Every date in a file: YAML's own dates are checked as they are read, but a quoted
# "0001-01-01" reaches the model as text.
Day = Annotated[date, After(check_day)]
NonEmpty = Limits(_non_empty)  # a list with at least one item: Annotated[list[X], NonEmpty]
