"""engine.end_scale, runs_on and chained on small schemes built here: which scale an offer ends
on, when a scheme runs on from it (starting after it ends, on that scale, of the run's employer or
of that scale's), and what the one scheme of the two holds. Expected values are read off the
schemes by hand."""

from __future__ import annotations

from typing import Any

from paycalc.engine import chained, end_scale, runs_on
from paycalc.files.load import validated
from paycalc.model import Scheme


def _scheme(**fields: Any) -> Scheme:
    data: dict[str, Any] = {
        "kind": "scheme",
        "id": "offer",
        "title": "Offer",
        "employer": "E CRC",
        "status": "offer",
        "from_scale": "crc",
        "reference": "ref",
        "period": {"start": "2020-04-01", "end": "2021-06-25"},
        "sources": [{"id": "s", "title": "S", "file": "s.txt"}],
    }
    return validated(Scheme, {**data, **fields})


# Listed out of date order: the move onto `early` (1 December) comes before the move onto `late`
# (1 January), and a lump sum after both moves nobody.
OFFER_STEPS = [
    {"on": "2021-01-01", "assimilate": {"to": "late"}},
    {"on": "2020-12-01", "assimilate": {"to": "early"}},
    {"on": "2021-02-01", "lump_sum": {"amount": 100}},
]


def _transfer(**fields: Any) -> Scheme:
    base: dict[str, Any] = {
        "id": "transfer",
        "title": "Transfer",
        "status": "imposed",
        "from_scale": "late",
        "reference": "nps",
        "period": {"start": "2021-06-26", "end": "2022-03-31"},
    }
    return _scheme(**{**base, **fields})


# The scales' employers: the CRC's own scale, and the new employer's `late` and `nps`.
EMPLOYERS = {"crc": "E CRC", "early": "E CRC", "late": "NPS", "nps": "NPS"}


def scale_employer(scale: str) -> str:
    return EMPLOYERS[scale]


def test_an_offer_ends_on_the_scale_of_its_last_move_by_date_not_by_place_in_the_file() -> None:
    assert end_scale(_scheme(steps=OFFER_STEPS)) == "late"
    assert end_scale(_scheme(steps=OFFER_STEPS[1:])) == "early"
    assert end_scale(_scheme()) == "crc"  # no move: the scale it starts on


def test_a_transfer_runs_on_from_the_day_after_the_offer_ends_on_the_scale_it_ends_on() -> None:
    offer = _scheme(steps=OFFER_STEPS)  # ends 25 June 2021 on `late`
    assert runs_on(offer, _transfer(), scale_employer)  # starts 26 June 2021 on `late`
    later = {"start": "2021-07-01", "end": "2022-03-31"}
    assert runs_on(offer, _transfer(period=later), scale_employer)
    # Starting on the offer's last day overlaps it by a day; on another scale it starts from
    # pay the offer never paid; another employer's transfer is not this offer's.
    same_day = {"start": "2021-06-25", "end": "2022-03-31"}
    assert not runs_on(offer, _transfer(period=same_day), scale_employer)
    assert not runs_on(offer, _transfer(from_scale="early"), scale_employer)
    assert not runs_on(offer, _transfer(employer="Other CRC"), scale_employer)


def test_after_a_move_onto_another_employers_scale_that_employers_next_award_runs_on() -> None:
    # The transfer leaves E CRC's staff on `nps`, the NPS's scale, on 31 March 2022: the NPS's
    # award from `nps` on 1 April 2022 follows; one from another scale, one starting inside the
    # transfer, and a third employer's award from `nps` do not.
    transfer = _transfer(steps=[{"on": "2021-06-26", "assimilate": {"to": "nps"}}])
    award = {
        "id": "award",
        "employer": "NPS",
        "from_scale": "nps",
        "period": {"start": "2022-04-01", "end": "2025-03-31"},
    }
    assert runs_on(transfer, _scheme(**award), scale_employer)
    assert not runs_on(transfer, _scheme(**{**award, "from_scale": "late"}), scale_employer)
    inside = {"start": "2022-03-31", "end": "2025-03-31"}
    assert not runs_on(transfer, _scheme(**{**award, "period": inside}), scale_employer)
    assert not runs_on(transfer, _scheme(**{**award, "employer": "Other CRC"}), scale_employer)
    # The offer itself ends on `late`, also the NPS's scale: an NPS award from `late` starting
    # after it would follow too (the rule reads the scale staff stand on, not the step kind).
    from_late = {
        **award,
        "from_scale": "late",
        "period": {"start": "2021-07-01", "end": "2022-03-31"},
    }
    assert runs_on(_scheme(steps=OFFER_STEPS), _scheme(**from_late), scale_employer)


def test_a_chained_transfer_is_one_run_from_the_offers_start_to_the_transfers_end() -> None:
    offer = _scheme(
        steps=OFFER_STEPS,
        sources=[
            {"id": "s", "title": "The offer's own s", "file": "o.txt"},
            {"id": "o", "title": "Offer letter", "file": "o.txt"},
        ],
        not_modelled=[{"quote": "Q1", "reason": "R1"}],
    )
    transfer_fields: dict[str, Any] = {
        "steps": [{"on": "2021-06-26", "assimilate": {"to": "nps"}}],
        "sources": [
            {"id": "s", "title": "S", "file": "s.txt"},
            {"id": "t", "title": "Transfer FAQ", "file": "t.txt"},
        ],
        "not_modelled": [{"quote": "Q2", "reason": "R2"}],
        "examples": [
            {"name": "e", "person": {"band": "3", "point": 1}, "expect": {"point": 1}},
        ],
    }
    transfer = _transfer(**transfer_fields)
    run = chained(offer, _transfer(**transfer_fields, employer="NPS", covers=["England"]))
    # The transfer's name and reference, the offer's start, scale, employer and areas, both sets
    # of steps.
    assert (run.id, run.reference, run.status) == ("transfer", "nps", "imposed")
    assert (run.employer, run.covers) == ("E CRC", [])
    assert run.title == "Transfer, after offer from 1 April 2020"
    assert run.from_scale == "crc"
    assert (str(run.period.start), str(run.period.end)) == ("2020-04-01", "2022-03-31")
    assert run.steps == [*offer.steps, *transfer.steps]
    # Sources: the transfer's, then the offer's under ids the transfer does not already use.
    assert [(s.id, s.title) for s in run.sources] == [
        ("s", "S"),
        ("t", "Transfer FAQ"),
        ("o", "Offer letter"),
    ]
    assert [n.quote for n in run.not_modelled] == ["Q1", "Q2"]
    # The transfer's examples are figures of the transfer alone, not of the run.
    assert run.examples == []
    assert end_scale(run) == "nps"
