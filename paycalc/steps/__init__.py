"""The step kinds of a scheme file, one class in one module each.

A kind is a subclass of `StepBase` (see `base.py`) holding its YAML keys, its `apply(state,
ctx) -> Change` rule, its plain-words description (`what`), its template `example`, and, if it
names scales or bands, the hooks that say so (`scales_named`, `bands_named`, `moves_to`,
`placement`, `check`). Every module of this package is imported here and each kind found in it
is registered, so adding a kind is adding one file: the discriminated union `Step` that pydantic
validates against and `STEP_KINDS` are built from the classes found (kinds listed by name).
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any, Union

from paycalc.steps.base import Change, CheckContext, Context, Eligible, Issue, Payment, StepBase

if TYPE_CHECKING:
    from paycalc.steps.assimilate import Assimilate
    from paycalc.steps.increment import Increment
    from paycalc.steps.lump_sum import LumpSum, ProRata
    from paycalc.steps.minimum_increase import MinimumIncrease
    from paycalc.steps.remove_overlap import RemoveOverlap
    from paycalc.steps.uplift import Uplift

__all__ = [
    "STEP_KINDS",
    "Assimilate",
    "Change",
    "CheckContext",
    "Context",
    "Eligible",
    "Increment",
    "Issue",
    "LumpSum",
    "MinimumIncrease",
    "Payment",
    "ProRata",
    "RemoveOverlap",
    "Step",
    "StepBase",
    "Uplift",
    "step_kind",
]


def _kinds() -> dict[str, type[StepBase]]:
    """Every StepBase subclass defined in a module of this package, by its kind key."""
    found: dict[str, type[StepBase]] = {}
    for name in _module_names():
        module = import_module(f"{__name__}.{name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, StepBase)
                and value.kind
                and value.__module__ == module.__name__
            ):
                if value.kind in found:
                    raise TypeError(f"step kind '{value.kind}' is defined twice")
                found[value.kind] = value
    return found


def _module_names() -> list[str]:
    """The modules of this package, in name order: its .py files (or, installed without them,
    the .pyc files beside them). A listing of the folder, as pkgutil.iter_modules makes it, at
    a fraction of the cost of importing pkgutil on every run."""
    names = set()
    for folder in __path__:
        for entry in os.listdir(folder):
            stem, dot, suffix = entry.partition(".")
            if dot and suffix in ("py", "pyc") and stem != "__init__":
                names.add(stem)
    return sorted(names)


# Every kind, by its key: found on first use (`__getattr__`), not at import. A scheme from the
# cache imports only the kinds it holds (pickle imports each class's module), so a run that
# never reads a file afresh imports no other kind; reading one, or a template, finds them all.
STEP_KINDS: dict[str, type[StepBase]]
_found: dict[str, type[StepBase]] = {}

# The kind classes this package names, by the module each is in (found on first use too).
_CLASSES = {
    "Assimilate": "assimilate",
    "Increment": "increment",
    "LumpSum": "lump_sum",
    "ProRata": "lump_sum",
    "MinimumIncrease": "minimum_increase",
    "RemoveOverlap": "remove_overlap",
    "Uplift": "uplift",
}


def _step_kinds() -> dict[str, type[StepBase]]:
    if not _found:
        _found.update(_kinds())
    return _found


def __getattr__(name: str) -> Any:
    if name == "STEP_KINDS":
        return _step_kinds()
    if name in _CLASSES:
        return getattr(import_module(f"{__name__}.{_CLASSES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def step_kind(value: Any) -> str | None:
    """The discriminator: which kind key a raw step mapping (or a built step) carries."""
    if isinstance(value, StepBase):
        return value.kind
    if isinstance(value, dict):
        found = [k for k in _step_kinds() if k in value]
        return found[0] if len(found) == 1 else None
    return None


class _Kinds:
    """How pydantic validates a step (only when a file is validated): as the union of the kind
    classes, told apart by the one kind key the mapping carries."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Discriminator, Tag

        kinds: Any = Union[tuple(Annotated[c, Tag(k)] for k, c in _step_kinds().items())]  # noqa: UP007
        union: Any = Annotated[
            kinds,
            Discriminator(
                step_kind,
                custom_error_type="step_kind",
                custom_error_message="a step needs exactly one kind key",
            ),
        ]
        return handler.generate_schema(union)


Step = Annotated[StepBase, _Kinds()]
