"""Field types shared by the file models: money, percentages, band names, ids."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    field_validator,
)

from paycalc.limits import check_day
from paycalc.money import PENNY, parse_decimal


class Strict(BaseModel):
    """Every file model forbids unknown keys, so a misspelt key is an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _day_in_range(cls, value: Any) -> Any:
        # Every date field, however it was written: YAML's own dates are checked as they are
        # read, but a quoted "0001-01-01" reaches the model as text.
        return check_day(value) if isinstance(value, date) else value


def _decimal(value: Any) -> Any:
    # YAML gives Decimal already; a quoted "29,180.00" is accepted; a float never is (it has
    # already lost the penny), nor a bool (YAML true is not 1).
    if isinstance(value, (bool, float)):
        raise ValueError("expected a number written in plain digits")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_decimal(value)
    return value


def _money(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("money cannot be negative")
    if value != value.quantize(PENNY):
        raise ValueError(f"{value} has fractions of a penny")
    return value.quantize(PENNY)


def _percent(value: Decimal) -> Decimal:
    if value <= 0 or value > 100:
        raise ValueError("a percentage is a number above 0 and at most 100 (2.5 means 2.5 %)")
    return value


def _fte(value: Decimal) -> Decimal:
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


# The bounds each number type checks, as JSON Schema keywords for the number branch of its
# schema (files/schema.py), keyed by the validator that checks them.
JSON_BOUNDS: dict[Callable[..., Any], dict[str, int]] = {
    _money: {"minimum": 0},
    _percent: {"exclusiveMinimum": 0, "maximum": 100},
    _fte: {"exclusiveMinimum": 0, "maximum": 1},
}

Money = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_money)]
Percent = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_percent)]
Fte = Annotated[Decimal, BeforeValidator(_decimal), AfterValidator(_fte)]
BandName = Annotated[
    str, BeforeValidator(band_name), StringConstraints(min_length=1, strip_whitespace=True)
]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
