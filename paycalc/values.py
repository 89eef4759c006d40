"""`Value` and `Record`: the bases of paycalc's plain value classes (a figure, a state, a table
cell), which make each subclass a dataclass with only its `__init__` generated.

`@dataclass` writes `__init__`, `__repr__` and `__eq__` (and, frozen, `__hash__`, `__setattr__`
and `__delattr__`) as source text and compiles each with `exec` when the class is created, so
the few dozen value classes of a run cost several milliseconds before any work is done. Here the
class-specific `__init__` is still made by dataclasses (keeping its exact signature, defaults
and speed); comparing, hashing and printing are written once below and read each class's fields
through an `operator.attrgetter` made when the class is created. They behave as the generated
methods do: equal only to an instance of the very same class, field by field in order; hashed
over the same fields; shown as `Name(field=value, ...)`.

A `Value` is frozen: assigning or deleting a field raises `FrozenInstanceError`, and it is
hashable. A class a run makes only a few of says `few=True`, trading a slower `__init__` for a
cheaper class. A `Record` may change, and like a dataclass that compares, it is not hashable.
(The file models are `types.Strict`, which does the same for keyword-only fields.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda cls: cls  # it only tells type checkers what __init_subclass__ does


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object as a tuple (attrgetter of one name gives the value)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _describe(cls: type) -> None:
    """What the shared methods read: the fields each compares, hashes and shows, in order."""
    found = fields(cls)
    cls._compared = _getter([f.name for f in found if f.compare])  # type: ignore[attr-defined]
    hashed = [f.name for f in found if (f.compare if f.hash is None else f.hash)]
    cls._hashed = _getter(hashed)  # type: ignore[attr-defined]
    cls._shown = tuple(f.name for f in found if f.repr)  # type: ignore[attr-defined]


class _Shared:
    _compared: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _hashed: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _shown: ClassVar[tuple[str, ...]]

    def __eq__(self, other: object) -> bool:
        cls = self.__class__
        if other.__class__ is not cls:
            return NotImplemented
        return cls._compared(self) == cls._compared(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({shown})"


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value(_Shared):
    """A frozen dataclass: `class Payment(Value):` with fields, as `@dataclass(frozen=True)`."""

    def __init_subclass__(cls, *, few: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if few:
            # `class Listing(Value, few=True)`: a class a run makes a few instances of. Only
            # __init__ is generated (one exec, not three), and it sets each field through
            # _set_once, which is slower per field: a bad trade for a State or a Figures.
            dataclass(eq=False, repr=False)(cls)
            type.__setattr__(cls, "__setattr__", _set_once)
            type.__setattr__(cls, "__delattr__", _no_delete)
        else:
            # frozen=True keeps the generated __init__'s direct object.__setattr__ (a run makes
            # thousands of states and figures); only its __setattr__/__delattr__ are extra.
            dataclass(frozen=True, eq=False, repr=False)(cls)
        _describe(cls)

    def __hash__(self) -> int:
        return hash(self.__class__._hashed(self))


def _set_once(self: Any, name: str, value: Any) -> None:
    # __init__ sets each field once, and nothing sets anything after it: frozen, as the
    # generated __setattr__ of a frozen dataclass (same error, same message).
    if name in self.__dict__ or name not in self.__dataclass_fields__:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _no_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(field_specifiers=(field,))
class Record(_Shared):
    """A dataclass that may change: `class Cell(Record):` with fields, as `@dataclass`."""

    __hash__ = None  # type: ignore[assignment]  # as a dataclass that compares and may change

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(eq=False, repr=False)(cls)
        _describe(cls)
