"""What each step kind checks across files (scales and bands it names, bands with no match on
the scale it moves onto), reported at the key that is wrong, and how it places staff for parity.

Scales of conftest.py (crc and ref, bands 3 4 5) and `two`, crc without band 5.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CRC_SCALE

from paycalc.errors import FileProblems

TWO = CRC_SCALE.replace("id: crc", "id: two").replace(
    '  - {name: "5", points: [27500, 29000, 30500]}\n', ""
)


def problems(make_scheme, tmp_path: Path, steps: str) -> str:  # type: ignore[no-untyped-def]
    (tmp_path / "scales" / "two.yaml").write_text(TWO)
    registry, path = make_scheme("steps:\n" + steps)
    with pytest.raises(FileProblems) as caught:
        registry.scheme(path)
    # the scheme head is 10 lines, so the first step is on line 11
    return re.sub(r"^.*?s\d+\.yaml:", "", str(caught.value))


def test_a_band_with_no_match_on_the_new_scale_is_reported_at_assimilate(
    make_scheme, tmp_path: Path
) -> None:
    text = problems(make_scheme, tmp_path, "  - {on: 2020-04-01, assimilate: {to: two}}\n")
    #       "  - {on: 2020-04-01, " is 21 characters: the assimilate key is at column 22
    assert text == "11:22: PC202 band '5' has no match on two (add it to band_map)"


def test_a_band_map_gives_the_band_a_match(make_scheme, tmp_path: Path) -> None:
    (tmp_path / "scales" / "two.yaml").write_text(TWO)
    registry, path = make_scheme(
        "steps:\n  - {on: 2020-04-01, assimilate: {to: two, band_map: {'5': '4'}}}\n"
    )
    scheme = registry.scheme(path)
    # parity places people on `two` as that assimilation does; on another scale, same point
    assert scheme.reference_method("two") == ("next_point_at_or_above", {"5": "4"})
    assert scheme.reference_method("ref") == ("same_point", {})


def test_an_unknown_scale_is_reported_at_its_to_key(make_scheme, tmp_path: Path) -> None:
    text = problems(make_scheme, tmp_path, "  - {on: 2020-04-01, assimilate: {to: nowhere}}\n")
    # "  - {on: 2020-04-01, assimilate: {" is 34 characters: the `to` key is at column 35
    assert text.startswith("11:35: PC201 scale 'nowhere' not found")


@pytest.mark.parametrize(
    ("lower", "upper", "missing"),
    [("4", "9", "9"), ("8", "4", "8")],
)
def test_remove_overlap_names_a_band_not_on_the_scale_in_force(
    make_scheme, tmp_path: Path, lower: str, upper: str, missing: str
) -> None:
    text = problems(
        make_scheme,
        tmp_path,
        f"  - {{on: 2020-04-01, remove_overlap: {{lower: {lower}, upper: {upper}}}}}\n",
    )
    assert text == f"11:22: PC202 band '{missing}' is not on the scale in force on 2020-04-01"
