"""paycalc: pay-parity calculator for the probation pay rounds of 2019-2021.

The public API is re-exported here lazily (PEP 562), so importing the command line does not pay
for pydantic and YAML until a command needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = [
    "Figures",
    "PersonSpec",
    "Registry",
    "Result",
    "Scale",
    "Scheme",
    "figures",
    "run",
]

_WHERE = {
    "Figures": "paycalc.parity",
    "figures": "paycalc.parity",
    "PersonSpec": "paycalc.model",
    "Scale": "paycalc.model",
    "Scheme": "paycalc.model",
    "Registry": "paycalc.files.registry",
    "Result": "paycalc.engine",
    "run": "paycalc.engine",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'paycalc' has no attribute {name!r}")
