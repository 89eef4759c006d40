"""The rules the file models keep on their own (paycalc/model.py, paycalc/types.py): the exact
words of each rule, the bounds of each kind of value, the keys naming a scheme's scales, a
person's label, a model as data and the field descriptions of the JSON Schema. Every expected
value is written out by hand from the rule it checks."""

from __future__ import annotations

import json
import re
from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import pytest
from package_copy import copy_paycalc, drop_sources, python_in
from pydantic import TypeAdapter, ValidationError

from paycalc.files.load import validated
from paycalc.files.schema import json_schema
from paycalc.model import Expect, Period, PersonSpec, Scale, Scheme, Source
from paycalc.steps import Uplift
from paycalc.types import (
    After,
    BandName,
    Before,
    Id,
    Limits,
    NonEmpty,
    Strict,
    Text,
    decimal_value,
    money_value,
    plain_data,
)

SCHEME: dict[str, Any] = {
    "kind": "scheme",
    "id": "t",
    "title": "T",
    "employer": "E",
    "status": "offer",
    "from_scale": "crc",
    "reference": "ref",
    "period": {"start": "2020-04-01", "end": "2021-03-31"},
    "sources": [{"id": "s", "title": "S", "file": "s.txt"}],
}


def _exactly(words: str) -> str:
    return f"^{re.escape(words)}$"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: PersonSpec(band="3"), "give exactly one of 'point' or 'salary'"),
        (lambda: PersonSpec(band=" ", point=1), "a band is a name such as 3 or PSO"),
        (lambda: PersonSpec(band="3", point=0), "a point is a whole number from 1, or 'top'"),
        (
            lambda: PersonSpec(band="3", point=1, fte=0.5),  # type: ignore[arg-type]
            "expected a number written in plain digits",
        ),
        (
            lambda: PersonSpec(band="3", point=1, fte="1.01"),  # type: ignore[arg-type]
            "FTE is above 0 and at most 1 (0.5 is half time)",
        ),
        (lambda: PersonSpec(band="3", salary="-0.01"), "money cannot be negative"),  # type: ignore[arg-type]
        (
            lambda: Period(start=date(2020, 4, 2), end=date(2020, 4, 1)),
            "the period ends before it starts",
        ),
        (lambda: Source(id="s", title="S"), "a source needs a 'url' or a 'file'"),
        (lambda: Expect(), "an example must expect at least one figure"),
    ],
)
def test_each_model_rule_says_exactly_its_own_words(make: Any, words: str) -> None:
    # These sentences are what validate prints after FILE:LINE:COL; a reader acts on them.
    with pytest.raises(ValueError, match=_exactly(words)):
        make()


def test_a_model_refuses_to_lose_a_field_in_its_own_words() -> None:
    person = PersonSpec(band="3", point=1)
    with pytest.raises(FrozenInstanceError, match=_exactly("cannot delete field 'point'")):
        del person.point


def test_an_fte_is_above_zero_and_at_most_one() -> None:
    # 0 is nobody's hours; 0.01 and 1 are the two ends that pass.
    with pytest.raises(ValueError, match="FTE is above 0"):
        PersonSpec(band="3", point=1, fte="0")  # type: ignore[arg-type]
    assert PersonSpec(band="3", point=1, fte="0.01").fte == Decimal("0.01")  # type: ignore[arg-type]
    assert PersonSpec(band="3", point=1, fte="1").fte == 1  # type: ignore[arg-type]


def test_a_percentage_is_above_zero_and_at_most_a_hundred() -> None:
    # "2.5 means 2.5 %": 100 % (doubling) is the most a file may say, 100.01 is past it, and
    # 100.5 too (it is not "at most 100" rounded).
    def uplift(percent: str) -> Uplift:
        return validated(Uplift, {"on": "2020-04-01", "uplift": {"percent": percent}})

    assert uplift("100").uplift.percent == 100
    assert uplift("0.01").uplift.percent == Decimal("0.01")
    for bad in ("0", "100.01", "100.5"):
        with pytest.raises(ValidationError, match="a percentage is a number above 0"):
            uplift(bad)


def test_a_band_name_is_text_and_a_number_becomes_its_digits() -> None:
    # `band: 3` in a file is a number, and the band is called "3"; YAML `true` is not a band.
    assert PersonSpec(band=3, point=1).band == "3"  # type: ignore[arg-type]
    assert PersonSpec(band=Decimal("4"), point=1).band == "4"  # type: ignore[arg-type]
    assert PersonSpec(band=" PSO ", point=1).band == "PSO"
    for bad in (True, None, Decimal("3.5")):
        with pytest.raises(ValueError, match="a band is a name"):
            PersonSpec(band=bad, point=1)  # type: ignore[arg-type]


def test_a_period_of_one_day_is_a_period() -> None:
    day = date(2021, 6, 26)
    period = Period(start=day, end=day)
    assert day in period and date(2021, 6, 27) not in period and date(2021, 6, 25) not in period


def test_a_person_is_labelled_by_band_point_or_salary_and_any_part_time() -> None:
    assert PersonSpec(band="3", point=2).label() == "band 3 point 2"
    assert PersonSpec(band="3", point="top", fte="1.0").label() == "band 3 point top"  # type: ignore[arg-type]
    part_time = PersonSpec(band="PSO", salary="24500", fte="0.5")  # type: ignore[arg-type]
    assert part_time.label() == "band PSO salary 24500.00, FTE 0.5"


def test_a_scale_has_no_band_it_does_not_list() -> None:
    scale = _scale(bands=[{"name": 3, "points": [20000, 21000]}])
    found = scale.band("3")
    assert found is not None and found.points == [Decimal("20000.00"), Decimal("21000.00")]
    assert scale.band("4") is None


def _scale(**fields: Any) -> Scale:
    data: dict[str, Any] = {
        "kind": "scale",
        "id": "crc",
        "title": "C",
        "employer": "E",
        "effective": "2019-04-01",
        "status": "illustrative",
        "bands": [{"name": "3", "points": [20000]}],
    }
    return validated(Scale, {**data, **fields})


def test_text_a_list_and_a_band_name_each_need_at_least_one_thing_in_them() -> None:
    # One character of title, one point in a band, one band name character (around which
    # spaces are dropped) are enough; none is not.
    scale = _scale(bands=[{"name": " 3 ", "points": [20000]}])
    assert (scale.title, scale.bands[0].name, scale.bands[0].points) == ("C", "3", [Decimal(20000)])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"title": ""}, "title"),
        ({"bands": []}, "bands"),
        ({"bands": [{"name": "3", "points": []}]}, "points"),
        ({"bands": [{"name": " ", "points": [20000]}]}, "name"),
        ({"bands": [{"name": "", "points": [20000]}]}, "name"),
    ]
    for bad, where in cases:
        with pytest.raises(
            ValidationError, match=f"{where}\n  (String|List) should have at least 1"
        ):
            _scale(**bad)


def test_an_id_is_lower_case_letters_digits_dots_dashes_and_underscores_up_to_80() -> None:
    assert _scale(id="nps-2020_21.v2").id == "nps-2020_21.v2"
    assert _scale(id="a" * 80).id == "a" * 80
    with pytest.raises(ValidationError, match="at most 80 characters"):
        _scale(id="a" * 81)
    for bad in ("NPS-2020", "-nps", "nps 2020", ""):
        with pytest.raises(ValidationError, match="should match pattern"):
            _scale(id=bad)


def test_covers_may_name_one_area_or_several() -> None:
    assert validated(Scheme, {**SCHEME, "covers": "Wales"}).covers == ["Wales"]
    both = validated(Scheme, {**SCHEME, "covers": ["Wales", "Dyfed"]})
    assert both.covers == ["Wales", "Dyfed"]


def test_each_scale_a_scheme_names_comes_with_the_key_that_names_it() -> None:
    # The cross-file checks turn these keys into the line and column of a missing scale.
    scheme = validated(
        Scheme, {**SCHEME, "steps": [{"on": "2020-04-01", "assimilate": {"to": "mid"}}]}
    )
    assert scheme.scale_refs() == [
        (("from_scale",), "crc"),
        (("reference",), "ref"),
        (("steps", 0, "assimilate", "to"), "mid"),
    ]


def test_a_model_as_data_keeps_lists_and_maps_and_writes_money_and_dates_as_text() -> None:
    scheme = validated(
        Scheme,
        {
            **SCHEME,
            "band_map": {"PO": "4"},
            "steps": [{"on": "2020-04-01", "lump_sum": {"amount": 250}}],
        },
    )
    data = plain_data(scheme)
    assert data["band_map"] == {"PO": "4"}
    assert data["period"] == {"start": "2020-04-01", "end": "2021-03-31"}
    # Every step is eligible to "all" unless it says otherwise.
    step = {"on": "2020-04-01", "eligible": "all", "lump_sum": {"amount": "250.00"}}
    assert data["steps"] == [step]
    assert "variant_of" not in data and "note" not in data  # None is left out
    assert plain_data({3: Decimal("1.50")}) == {"3": "1.50"}


def test_a_new_model_class_is_a_frozen_dataclass_of_keyword_only_fields() -> None:
    class Pair(Strict):
        left: int
        right: int = 0

    pair = Pair(left=1, right=2)
    with pytest.raises(TypeError):
        Pair(1, 2)  # type: ignore[call-arg]
    with pytest.raises(FrozenInstanceError):
        pair.left = 3  # type: ignore[misc]
    assert pair == Pair(left=1, right=2) and pair != Pair(left=1)
    assert hash(pair) == hash(Pair(left=1, right=2))
    assert repr(pair).endswith("Pair(left=1, right=2)")


def test_models_of_different_values_spread_over_many_hashes() -> None:
    # Models key dicts and sets (the cache, compare's people); one hash for all would make every
    # look-up a walk through all of them.
    people = {PersonSpec(band="3", point=p) for p in range(1, 21)}
    assert len({hash(p) for p in people}) > 1


def test_the_schema_describes_a_field_by_the_words_under_it() -> None:
    # The docstring under a field, on one line, is its description for an editor; a field
    # with none has no description.
    schema = json_schema("scheme")
    props, defs = schema["properties"], schema["$defs"]
    assert props["band_map"]["description"] == (
        "Band names of the reference scale for bands the scheme names differently."
    )
    assert props["variant_of"]["description"] == (
        "The scheme this one reads differently (its `note` says how); `paycalc list` shows it "
        "next to that scheme."
    )
    assert "description" not in props["reference"]
    assert defs["Example"]["properties"]["parity"]["description"] == (
        "The parity rule the expected reference_salary and parity_gap are read under."
    )
    # A key every step may carry is described under each kind, from the class they share.
    assert defs["Uplift"]["properties"]["paid_on"]["description"] == (
        "When a backdated award was paid; arrears are reported."
    )


def test_a_new_field_type_made_of_the_markers_checks_what_each_says() -> None:
    # How a new input's type is written (docs/architecture.md): the text "1,234.50" read as a
    # number before validation, then held to whole pence after it; a count is above 0.
    money = TypeAdapter(Annotated[Decimal, Before(decimal_value), After(money_value)])
    assert money.validate_python("1,234.50") == Decimal("1234.50")
    with pytest.raises(ValidationError, match="has fractions of a penny"):
        money.validate_python("0.005")

    def above_0() -> tuple[Any, ...]:  # a new type's limits, made when first needed
        from annotated_types import Gt

        return (Gt(0),)

    count = TypeAdapter(Annotated[int, Limits(above_0)])
    assert count.validate_python(1) == 1
    with pytest.raises(ValidationError, match="greater than 0"):
        count.validate_python(0)


def test_each_text_type_and_a_non_empty_list_hold_their_own_limits() -> None:
    # The types themselves, as a new model field would use them: text of one character or
    # more; an id of [a-z0-9] then [a-z0-9._-], 80 characters at most; a list of one item or more;
    # a band name without the spaces around it, a number read as its digits.
    text, ident, band = TypeAdapter(Text), TypeAdapter(Id), TypeAdapter(BandName)
    items = TypeAdapter(Annotated[list[int], NonEmpty])
    assert text.validate_python("T") == "T"
    assert ident.validate_python("a" * 80) == "a" * 80
    assert items.validate_python([7]) == [7]
    assert (band.validate_python(" PSO "), band.validate_python(3)) == ("PSO", "3")
    cases: list[tuple[TypeAdapter[Any], object, str]] = [
        (text, "", "at least 1 character"),
        (ident, "a" * 81, "at most 80 characters"),
        (ident, "Nps", "should match pattern"),
        (items, [], "at least 1 item"),
        (band, "", "at least 1 character"),
        (band, "  ", "at least 1 character"),
    ]
    for adapter, bad, words in cases:
        with pytest.raises(ValidationError, match=words):
            adapter.validate_python(bad)


def test_a_model_whose_source_cannot_be_read_describes_what_can_be_read(tmp_path: Path) -> None:
    # Installed without its .py files, no class's source can be read: no descriptions, no
    # error. When only a base class's cannot (here Strict, first after object, whose types.py
    # is left as bytecode alone), the model's own fields are still described.
    docs = (
        "import json; from paycalc.model import Scheme; from paycalc.types import field_docs; "
        "print(json.dumps(field_docs(Scheme)))"
    )
    package = copy_paycalc(tmp_path)
    drop_sources(package, "types.py")
    base_unreadable = python_in(tmp_path, docs)
    assert base_unreadable.returncode == 0, base_unreadable.stderr
    assert json.loads(base_unreadable.stdout)["band_map"] == (
        "Band names of the reference scale for bands the scheme names differently."
    )
    drop_sources(package)
    unreadable = python_in(tmp_path, docs)
    assert unreadable.returncode == 0, unreadable.stderr
    assert json.loads(unreadable.stdout) == {}
