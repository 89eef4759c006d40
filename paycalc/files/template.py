"""Writes a commented scheme template for `paycalc new-scheme`, to start a counter-offer."""

from __future__ import annotations

import json
from datetime import date
from string import Template

from pydantic import TypeAdapter, ValidationError

from paycalc.errors import PaycalcError
from paycalc.files.registry import Registry
from paycalc.model import CRC_CONTRACTS_END, Scale
from paycalc.money import PENNY
from paycalc.steps import STEP_KINDS
from paycalc.types import ID_RULE, Id

# The kind of the template's one working step; every other kind is shown commented out.
WORKING_KIND = "increment"


class TemplateError(PaycalcError):
    """Raised when `new-scheme` or `new-scale` is given an id that is not a valid id."""


def new_scheme(
    ident: str, from_scale: str, reference: str, registry: Registry | None = None
) -> str:
    """The text of a scheme file that validates as written.

    It has every key explained in a comment, one working increment step, one commented-out
    example of each other step kind, and one example whose figures are right for `from_scale`.

    Args:
        ident: the new scheme's id (its file name without .yaml).
        from_scale: the scale staff start on, an id or a path.
        reference: the scale compared with (the NPS), an id or a path.
    """
    check_id(ident)
    registry = registry or Registry.default()
    start_scale = registry.scale(from_scale)
    ref_scale = registry.scale(reference)
    start, end = _period(start_scale, ref_scale)
    lower, upper = _two_bands(start_scale)
    fill = {
        "start": start,
        "end": end,
        "from_scale": start_scale.id,
        "reference": ref_scale.id,
        "lower": lower,
        "upper": upper,
    }
    year = f"{start.year}/{(start.year + 1) % 100:02}"
    return _TEMPLATE.format(
        id=ident,
        title=_yaml_text(f"Counter-offer {year} to {start_scale.employer}"),
        employer=_yaml_text(start_scale.employer),
        from_scale=start_scale.id,
        reference=ref_scale.id,
        start=start,
        end=end,
        band_map=_band_map_comment(start_scale, ref_scale),
        working_step=Template(STEP_KINDS[WORKING_KIND].example).substitute(fill),
        other_kinds=_other_kinds(fill),
        example=_example(start_scale),
    )


def check_id(ident: str) -> None:
    """Raise TemplateError when `ident` cannot be a scheme's or a scale's id."""
    try:
        TypeAdapter(Id).validate_python(ident)
    except ValidationError:
        raise TemplateError(
            f"'{ident}' is not a valid id: {ID_RULE.removeprefix('an id is ')}"
        ) from None


def _other_kinds(fill: dict[str, object]) -> str:
    """One commented-out step of each kind but the working one, from the kind's `example`."""
    lines = []
    for kind, cls in STEP_KINDS.items():
        if kind == WORKING_KIND:
            continue
        lines.append(f"  # - on: {fill['start']}")
        lines += [f"  #   {line}" for line in Template(cls.example).substitute(fill).splitlines()]
    return "\n".join(lines)


def _period(start_scale: Scale, ref_scale: Scale) -> tuple[date, date]:
    """The pay year after the one the staff's scale came into force in (pay years start on 1
    April), as the bundled offers run: nps-2020-21 leads to the 2021/22 award. An employer's
    scale compared with another's (a CRC's with the NPS) ends at the CRC contracts' end, as no
    CRC offer ran beyond it."""
    effective = start_scale.effective
    year = effective.year + 1 if (effective.month, effective.day) >= (4, 1) else effective.year
    start = date(year, 4, 1)
    end = date(year + 1, 3, 31)
    if start_scale.employer != ref_scale.employer and start <= CRC_CONTRACTS_END < end:
        end = CRC_CONTRACTS_END
    return start, end


def _yaml_text(text: str) -> str:
    """Text as a YAML value that reads back as itself, whatever it holds (':', '#', quotes)."""
    return json.dumps(text, ensure_ascii=False)


def _band_map_comment(start: Scale, ref: Scale) -> str:
    missing = [b.name for b in start.bands if ref.band(b.name) is None]
    if not missing:
        return (
            f'# band_map: {{PSO: "3"}}        # only if a band of {start.id} has another name '
            f"on {ref.id}"
        )
    return (
        f"# NEEDED: bands {', '.join(missing)} of {start.id} have no namesake on {ref.id}; map "
        f'each to one:\n# band_map: {{{json.dumps(missing[0])}: "?"}}'
    )


def _two_bands(scale: Scale) -> tuple[str, str]:
    """The top two band names of a scale, quoted for YAML (a pair for the overlap example)."""
    names = [b.name for b in scale.bands]
    lower, upper = (names[-2], names[-1]) if len(names) > 1 else ("4", "5")
    return json.dumps(lower), json.dumps(upper)


def _example(scale: Scale) -> str:
    """An example on the first band with two or more points: point 1 moves to point 2."""
    band = next((b for b in scale.bands if len(b.points) > 1), scale.bands[0])
    before = band.points[0].quantize(PENNY)
    after = (band.points[1] if len(band.points) > 1 else band.points[0]).quantize(PENNY)
    point = 2 if len(band.points) > 1 else 1
    name = json.dumps(f"band {band.name} point 1 moves up one point")
    return (
        f"  - name: {name}\n"
        f"    person: {{band: {json.dumps(band.name)}, point: 1}}\n"
        f'    expect: {{before: "{before}", after: "{after}", point: {point}}}'
    )


_TEMPLATE = """\
# yaml-language-server: $schema=paycalc.schema.json
# A paycalc scheme: one pay offer, claim or counter-offer, as dated steps applied to the staff on
# scale {from_scale}. Replace every TODO, then check the file:
#     paycalc validate {id}.yaml
# The schema line above lets the VS Code YAML extension complete and check keys; write the
# schema beside this file with:  paycalc schema -o paycalc.schema.json

kind: scheme                  # this file is a scheme (a pay scale file says 'kind: scale')
id: {id}
# ^ the file name without .yaml: other commands find the scheme by it
title: {title}
# ^ the offer in one line, shown by list and compare
employer: {employer}
# ^ who would pay it: the employer of scale {from_scale}
covers: []                    # CRCs or areas covered, e.g. [Merseyside, West Yorkshire]
status: claim                 # claim | offer | accepted | imposed | rejected | pending
from_scale: {from_scale}
# ^ the scale staff are on before the first step (an id, or a file beside this one)
reference: {reference}
# ^ the scale the result is compared with: the parity target
{band_map}
period: {{start: {start}, end: {end}}}
# ^ the pay year after {from_scale} came into force: check it. Steps fall inside it; CRC offers
#   ran at most to the end of the contracts, 2021-06-25
sources:                      # where the rules come from: each has an id, a title, a url or file
  - id: offer
    title: TODO the offer letter or union circular
    url: https://example.org/TODO
    # file: 001_52ede056512372ca.txt   # a text file instead of a url
    # locator: para 15(c)              # where in it

steps:                        # run in date order; steps on one date run in file order
  - on: {start}
    {working_step}
    quote: TODO the sentence of the offer this step implements, word for word
    source: offer
    # eligible: all           # all | top_of_band | not_top_of_band | a list of bands
    # paid_on: 2020-05-31     # when a backdated award was paid: the arrears are reported
    # note: how an ambiguous sentence was read

  # One example of each other kind of step; remove the '# ' to use one.
{other_kinds}

not_modelled: []
# ^ sentences of the offer left out on purpose, e.g.
#   - {{quote: "Allowances will remain unchanged.", reason: paycalc models basic pay only}}

examples:                     # run by 'paycalc validate': each figure must come out exactly
{example}
    # other figures: consolidated_increase, consolidated_increase_pct, unconsolidated,
    # total_increase_pct, reference_salary, parity_gap, parity_gap_pct, protected;
    # as_of: a date to read 'after' on instead of the period end
"""
