"""The JSON Schema of scheme, scale and price index files, from the pydantic models, for
editors and CI.

The schema follows the models with three changes so that it accepts what the YAML loader
accepts: a money or percent value is a number or a string such as "£29,180.00"; a band name may
be a bare number (`band: 3`); `covers` may be one string. The model stays the judge:
`paycalc validate` checks what a schema cannot (ascending points, dates inside the period).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from paycalc.model import Prices, Scale, Scheme, one_or_many
from paycalc.types import JSON_BOUNDS, JSON_PATTERNS, band_name

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# A number written as text, as money.parse_decimal reads it: optional £, sign, thousands commas.
NUMBER_TEXT = r"^\s*£?\s*[+-]?(\d{1,3}(,\d{3})+(\.\d*)?|\d+(\.\d*)?|\.\d+)\s*$"


class _Generator(GenerateJsonSchema):
    """pydantic's generator, told what paycalc's before-validators accept."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        return {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT}]}

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        fn = schema["function"]["function"]
        inner = self.generate_inner(schema["schema"])
        if fn is band_name:
            return {"anyOf": [inner, {"type": "integer", "minimum": 0}]}
        if fn is one_or_many:
            return {"anyOf": [inner["items"], inner]}
        if fn in JSON_PATTERNS:
            return {**inner, "pattern": JSON_PATTERNS[fn]}
        return inner

    def function_after_schema(
        self, schema: core_schema.AfterValidatorFunctionSchema
    ) -> JsonSchemaValue:
        inner = self.generate_inner(schema["schema"])
        bounds = JSON_BOUNDS.get(schema["function"]["function"])
        if bounds:
            for branch in inner.get("anyOf", []):
                if branch.get("type") == "number":
                    branch.update(bounds)
        return inner


# Each file kind: its model and the schema's title.
FILE_KINDS: dict[str, tuple[Any, str]] = {
    "scheme": (Scheme, "paycalc scheme file"),
    "scale": (Scale, "paycalc scale file"),
    "prices": (Prices, "paycalc price index file"),
}


def json_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of file, or (kind None) of any, told apart by their `kind`
    key."""
    if kind:
        target, title = FILE_KINDS[kind]
    else:
        models = tuple(model for model, _ in FILE_KINDS.values())
        target = Annotated[Union[models], Field(discriminator="kind")]  # noqa: UP007
        title = "paycalc scheme, scale or price index file"
    body = TypeAdapter(target).json_schema(
        mode="validation", by_alias=True, schema_generator=_Generator
    )
    body = _chosen_by_key(body)
    return {"$schema": DIALECT, "title": title, **{k: v for k, v in body.items() if k != "title"}}


def _chosen_by_key(body: dict[str, Any]) -> dict[str, Any]:
    """The schema with each choice made by a key: a file's `kind` picks scheme or scale, a
    step's kind key (`increment:`) picks its kind, as `if`/`then`.

    pydantic writes each choice as a `oneOf`, with an OpenAPI `discriminator` for the files,
    which JSON Schema validators ignore: they try every branch, and a misspelt key in a step
    was reported under whichever branch failed least deep (the scale's "Additional properties
    are not allowed ('from_scale', 'period', ...)"). check-jsonschema prints every error the
    validator yields, with jsonschema's `best_match` of the branches' errors under a `oneOf`;
    with `if`/`then` the branch is chosen first, and its own error is the one reported.
    """
    defs = body.get("$defs", {})
    if "oneOf" in body and "discriminator" in body:
        mapping: dict[str, str] = body.pop("discriminator")["mapping"]
        body.pop("oneOf")
        body.update(_by_key(mapping, "kind", const=True))
    steps = defs.get("Scheme", {}).get("properties", {}).get("steps", {})
    items = steps.get("items", {})
    if "oneOf" in items:
        refs = [branch["$ref"] for branch in items.pop("oneOf")]
        kinds = {_step_key(defs, ref): ref for ref in refs}
        items.update(_by_key(kinds, None, const=False))
    return body


def _by_key(refs: dict[str, str], key: str | None, *, const: bool) -> dict[str, Any]:
    """`if`/`then` per branch: `key` equal to the branch's name (const), or the branch's name
    present as a key; and one of them required, so a file or step with none says so."""
    if const and key is not None:
        return {
            "type": "object",
            "required": [key],
            "properties": {key: {"enum": list(refs)}},
            "allOf": [
                {
                    "if": {"properties": {key: {"const": name}}, "required": [key]},
                    "then": {"$ref": ref},
                }
                for name, ref in refs.items()
            ],
        }
    return {
        "type": "object",
        "anyOf": [{"required": [name]} for name in refs],
        "allOf": [
            {"if": {"required": [name]}, "then": {"$ref": ref}} for name, ref in refs.items()
        ],
    }


def _step_key(defs: dict[str, Any], ref: str) -> str:
    """The key that names a step kind in a file: its one property whose value is a model of its
    own (increment: {points: 1})."""
    from paycalc.steps import STEP_KINDS

    title = defs[ref.rsplit("/", 1)[-1]].get("title", "")
    found = [kind for kind, cls in STEP_KINDS.items() if cls.__name__ == title]
    return found[0] if found else title


def schema_text(kind: str | None = None) -> str:
    """The schema as indented JSON text, ending in a newline."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
