"""The file models are plain frozen dataclasses (types.Strict) that pydantic validates only when a
file is read afresh: what they must still guarantee without pydantic in the room."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, replace
from decimal import Decimal
from pathlib import Path

import pytest
from package_copy import copy_paycalc, drop_sources, python_in
from pydantic import ValidationError

from paycalc.files.load import validated
from paycalc.model import Period, PersonSpec
from paycalc.steps import Uplift
from paycalc.steps.lump_sum import ProRata


def test_a_model_cannot_be_changed_once_made() -> None:
    person = PersonSpec(band="3", point=1)
    with pytest.raises(FrozenInstanceError):
        person.band = "4"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        person.nickname = "x"
    with pytest.raises(FrozenInstanceError):
        del person.point


def test_models_are_equal_and_hash_alike_by_value_and_kind() -> None:
    # 0.5 written three ways is one FTE; a different point or another class is not equal.
    a = PersonSpec(band="3", point=1, fte=Decimal("0.5"))
    b = PersonSpec(band=" 3 ", point=1, fte="0.50")  # type: ignore[arg-type]
    assert a == b and hash(a) == hash(b)
    assert a != PersonSpec(band="3", point=2, fte=Decimal("0.5"))
    assert a != ("3", 1, None, Decimal("0.5"))
    assert repr(a) == "PersonSpec(band='3', point=1, salary=None, fte=Decimal('0.5'))"


def test_a_model_survives_the_cache_and_replace_keeps_its_rules() -> None:
    step = validated(Uplift, {"on": "2020-04-01", "uplift": {"amount": 250, "below": 24000}})
    assert pickle.loads(pickle.dumps(step)) == step
    moved = replace(step, on=step.on.replace(month=5))
    assert moved.uplift.amount == Decimal("250.00") and moved.on.month == 5
    with pytest.raises(ValueError, match="the period ends before it starts"):
        replace(Period(start=step.on, end=step.on), end=step.on.replace(year=2019))


def test_a_person_made_by_code_is_held_to_the_file_rules() -> None:
    # The command line and payroll rows make PersonSpec directly, without pydantic.
    assert PersonSpec(band=3, salary="24,500", fte=1).salary == Decimal("24500.00")  # type: ignore[arg-type]
    for bad, words in [
        ({"band": "3"}, "exactly one of 'point' or 'salary'"),
        ({"band": "3", "point": 0}, "whole number from 1"),
        ({"band": "3", "point": True}, "whole number from 1"),
        ({"band": "", "point": 1}, "a band is a name"),
        ({"band": "3", "salary": "-1"}, "money cannot be negative"),
        ({"band": "3", "salary": "100.001"}, "fractions of a penny"),
        ({"band": "3", "point": 1, "fte": "1.5"}, "FTE is above 0 and at most 1"),
        ({"band": "3", "point": 1, "fte": 0.5}, "plain digits"),
    ]:
        with pytest.raises(ValueError, match=words):
            PersonSpec(**bad)  # type: ignore[arg-type]


def test_a_keyword_field_is_read_by_its_keyword_and_unknown_keys_are_refused() -> None:
    # `from` is a Python keyword, so the field is `from_`; a file writes `from`.
    rata = validated(ProRata, {"from": "2020-04-01", "to": "2020-09-30"})
    assert rata.fraction() == (6, 12)  # April to September: 6 whole months of 12
    with pytest.raises(ValidationError, match="fromm"):
        validated(ProRata, {"fromm": "2020-04-01", "to": "2020-09-30"})


def test_the_schema_is_made_without_descriptions_when_the_source_cannot_be_read(
    tmp_path: Path,
) -> None:
    # A field's description is its docstring, read from the source; a paycalc installed
    # without its .py files still prints a schema, only without the descriptions.
    from paycalc.files.schema import schema_text

    assert "Read eligibility on the state at the end of this date" in schema_text("scheme")
    drop_sources(copy_paycalc(tmp_path))
    done = python_in(
        tmp_path, "from paycalc.files.schema import schema_text; print(schema_text('scheme'))"
    )
    assert done.returncode == 0, done.stderr
    assert '"eligible_on"' in done.stdout and "Read eligibility" not in done.stdout
