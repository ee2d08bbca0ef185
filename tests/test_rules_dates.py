"""Dates and data: order, no future dates, the right notebook, codes not yet active."""

from __future__ import annotations

from scenario_builders import SCR, VDC, Entries, findings, graded, one, perfect_base, scenario

from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef


def test_date_order_passes_unscored():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "DATE-ORDER")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 0.0, 0.0)


def test_end_before_start_is_an_extra():
    s = scenario()
    e = Entries.world(s)
    row = e.on_referral("R1", SCR, "2016-10-10", "2016-10-01")
    f = one(graded(s, e), "DATE-ORDER")
    assert (f.outcome, f.points, f.possible) == (Outcome.EXTRA, -2.0, 0.0)
    assert (f.entered, f.expected) == ("10/01/2016", "on or after 10/10/2016")
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)


def test_no_future_dates_passes_unscored_and_says_inference():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "DATE-NOT-FUTURE")
    assert (f.outcome, f.points, f.possible, f.inference) == (Outcome.MET, 0.0, 0.0, True)
    assert "Inference" in f.message


def test_a_date_after_today_is_an_extra():
    s = scenario()
    e = Entries.world(s)
    row = e.on_case("C1", VDC, "2016-09-24", "2016-12-01")
    report = graded(s, e)
    f = one(report, "DATE-NOT-FUTURE")
    # The same end date is also not the one due (VICTIM-END, critical): one mistake, shown
    # once, under the heavier finding; the future date takes no points of its own.
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.EXTRA,
        0.0,
        "12/01/2016",
        "on or before 11/04/2016",
    )
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert f.cause == one(report, "VICTIM-END").key and not f.is_error


def test_a_future_date_alone_takes_its_points_off():
    """A start date in the future on a row whose start is not graded against a fact."""
    s = scenario()
    e = Entries.world(s)
    e.on_referral("R0", SCR, "2016-12-01")  # R0 alleges no CSE: nothing due there
    found = [f for f in graded(s, e).findings if f.rule_id == "DATE-NOT-FUTURE"]
    assert [(f.outcome, f.points, f.cause) for f in found] == [(Outcome.EXTRA, -2.0, None)]


def test_no_future_dates_switched_off():
    s = scenario(rules={"DATE-NOT-FUTURE": False})
    e = Entries.world(s)
    e.on_case("C1", VDC, "2016-09-24", "2016-12-01")
    assert findings(graded(s, e), "DATE-NOT-FUTURE") == []


def test_codes_in_the_right_notebook_pass_unscored():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "SPC-WRONG-NOTEBOOK")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 0.0, 0.0)


def test_a_client_code_on_a_referral_is_an_extra():
    s = scenario()
    e = Entries.world(s)
    row = e.on_referral("R1", VDC, "2016-09-24")
    report = graded(s, e)
    f = one(report, "SPC-WRONG-NOTEBOOK")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.EXTRA,
        -2.0,
        "referral notebook",
        "case notebook",
    )
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert one(report, "CASE-SPC-ON-SUBSTANTIATION").outcome is Outcome.MISSED


def test_scsec_referral_on_a_case_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    e.on_case("C1", SCR, "2016-10-10")
    f = one(graded(s, e), "SPC-WRONG-NOTEBOOK")
    assert (f.outcome, f.entered, f.expected) == (
        Outcome.EXTRA,
        "case notebook",
        "referral notebook",
    )


def test_codes_available_on_the_day_pass_unscored():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "SPC-NOT-YET-ACTIVE")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 0.0, 0.0)


def test_scsec_referral_before_it_is_active_is_an_extra():
    refs = [
        {
            "id": "R0",
            "received": "2016-03-04",
            "received_time": "11:00",
            "method": "hotline",
            "communication_method": "Telephone",
            "children": ["maya"],
        },
        {
            "id": "R1",
            "received": "2016-08-10",
            "received_time": "09:42",
            "method": "hotline",
            "communication_method": "Telephone",
            "children": ["maya"],
            "cse_alleged": ["maya"],
        },
    ]
    s = scenario(today="2016-08-26", referrals=refs, facts={"victims": []})
    e = Entries.world(s)
    row = e.on_referral("R1", SCR, "2016-08-10")
    report = graded(s, e)
    f = one(report, "SPC-NOT-YET-ACTIVE")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.EXTRA,
        -2.0,
        SCR,
        "available from 09/21/2016",
    )
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    # Nothing was due on a referral received before the code came into use.
    (note,) = findings(report, "REF-SPC-REQUIRED")
    assert (note.outcome, note.possible) == (Outcome.MET, 0.0)
