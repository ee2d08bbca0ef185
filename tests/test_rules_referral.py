"""ACL 16-74 rules: S-CSEC Referral, its dates, duplicates, one per child, subcategories."""

from __future__ import annotations

import copy

from scenario_builders import (
    BASE,
    CSE_SUB,
    FAIL_SUB,
    SCR,
    D,
    Entries,
    findings,
    graded,
    one,
    perfect_base,
    scenario,
)

from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef, Severity
from cwstrainer.special_projects import Notebook


def referrals(**r1_changes: object) -> list[dict[str, object]]:
    """The base referrals with R1 changed (``None`` removes a key)."""
    refs = copy.deepcopy(BASE["referrals"])
    refs[1].update(r1_changes)
    refs[1] = {k: v for k, v in refs[1].items() if v is not None}
    return refs


# -- REF-SPC-REQUIRED ---------------------------------------------------------------


def test_scr_required_met_on_a_cse_referral():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "REF-SPC-REQUIRED")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 2.0, 2.0)
    assert (f.entered, f.expected) == (SCR, SCR)
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, 1)
    assert f.citation.startswith("ACL 16-74")


def test_scr_required_missed_names_the_referral():
    s = scenario()
    e = Entries.world(s)
    f = one(graded(s, e), "REF-SPC-REQUIRED")
    assert (f.outcome, f.points, f.possible) == (Outcome.MISSED, 0.0, 2.0)
    assert (f.entered, f.expected) == ("(none)", SCR)
    assert f.record == RecordRef(RecordKind.REFERRAL, e.world_ids["R1"])
    assert f.severity is Severity.ERROR


def test_scr_required_whatever_the_disposition():
    """An unfounded referral still carries the code: the letter says regardless of disposition."""
    s = scenario(facts={"victims": []}, key={})
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya", subcategory=CSE_SUB, disposition=46)
    assert one(graded(s, e), "REF-SPC-REQUIRED").outcome is Outcome.MISSED
    e.on_referral("R1", SCR, "2016-10-10", "2016-10-28")
    assert one(graded(s, e), "REF-SPC-REQUIRED").outcome is Outcome.MET


def test_a_direct_report_the_trainee_creates_is_matched_by_date_and_victim():
    s = scenario(
        referrals=referrals(entered=False, method="direct report", communication_method="In-Person")
    )
    e = Entries.world(s)
    assert "R1" not in e.world_ids
    mine = e.referral(received=D("2016-10-10"))
    e.allegation(mine, "maya", subcategory=CSE_SUB, perpetrator="jay")
    e.spc(Notebook.REFERRAL, mine, SCR, "2016-10-10", "2016-10-28")
    report = graded(s, e)
    f = one(report, "REF-SPC-REQUIRED")
    assert f.outcome is Outcome.MET
    assert one(report, "REF-SPC-START").outcome is Outcome.MET
    assert one(report, "ALG-EXPLOITATION").outcome is Outcome.MET


def test_a_created_referral_not_found_is_missed_with_how_it_is_recognised():
    s = scenario(referrals=referrals(entered=False))
    f = one(graded(s, Entries.world(s)), "REF-SPC-REQUIRED")
    assert f.outcome is Outcome.MISSED
    assert f.record is None
    assert "received date and the victims" in f.message


def test_no_scr_needed_before_it_came_into_use():
    """Received 09/01/2016, before 09/21/2016: nothing to win or lose; entering it is allowed."""
    s = scenario(referrals=referrals(received="2016-09-01", investigation_completed="2016-10-28"))
    e = Entries.world(s)
    report = graded(s, e)
    (note,) = findings(report, "REF-SPC-REQUIRED")
    assert (note.outcome, note.possible, note.severity) == (Outcome.MET, 0.0, Severity.NOTE)
    assert "No S-CSEC Referral was due" in note.message and "before 09/21/2016" in note.message
    assert findings(report, "REF-SPC-START") == []
    e.on_referral("R1", SCR, "2016-09-01", "2016-10-28")
    f = one(graded(s, e), "REF-SPC-REQUIRED")
    assert (f.outcome, f.points, f.possible, f.severity) == (Outcome.MET, 0.0, 0.0, Severity.NOTE)
    assert "not penalised" in f.message


def test_scr_on_a_referral_alleging_no_cse_is_an_extra_flagged_as_reading():
    s = scenario()
    e = perfect_base(s)
    e.on_referral("R0", SCR, "2016-03-04")
    extra = [f for f in findings(graded(s, e), "REF-SPC-REQUIRED") if f.outcome is Outcome.EXTRA]
    assert len(extra) == 1
    assert (extra[0].points, extra[0].possible, extra[0].inference) == (-2.0, 0.0, True)
    assert extra[0].record == RecordRef(RecordKind.SPECIAL_PROJECT, 3)


def test_scr_twice_on_one_referral_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    e.on_referral("R1", SCR, "2016-10-10")
    outcomes = sorted(f.outcome for f in findings(graded(s, e), "REF-SPC-REQUIRED"))
    assert outcomes == [Outcome.EXTRA, Outcome.MET]


# -- REF-SPC-START / REF-SPC-END ---------------------------------------------------------


def test_scr_start_met_is_the_received_date():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "REF-SPC-START")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "10/10/2016",
        "10/10/2016",
    )


def test_scr_start_wrong_value():
    s = scenario()
    e = Entries.world(s)
    e.on_referral("R1", SCR, "2016-10-12", "2016-10-28")
    f = one(graded(s, e), "REF-SPC-START")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert (f.entered, f.expected) == ("10/12/2016", "10/10/2016")


def test_scr_start_missed_without_the_code():
    s = scenario()
    f = one(graded(s, Entries.world(s)), "REF-SPC-START")
    assert (f.outcome, f.expected) == (Outcome.MISSED, "10/10/2016")


def test_scr_end_met_is_the_investigation_completed_and_says_it_is_inference():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "REF-SPC-END")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "10/28/2016",
        "10/28/2016",
    )
    assert f.inference is True
    assert "Inference" in f.message


def test_scr_end_missed_when_left_open_after_investigation():
    s = scenario()
    e = Entries.world(s)
    e.on_referral("R1", SCR, "2016-10-10")
    f = one(graded(s, e), "REF-SPC-END")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "no end date", "10/28/2016")


def test_scr_end_none_while_investigation_open():
    s = scenario(referrals=referrals(investigation_completed=None), facts={"victims": []})
    e = Entries.world(s)
    e.on_referral("R1", SCR, "2016-10-10")
    assert one(graded(s, e), "REF-SPC-END").outcome is Outcome.MET
    e.special_projects.clear()
    e.on_referral("R1", SCR, "2016-10-10", "2016-11-01")
    f = one(graded(s, e), "REF-SPC-END")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "11/01/2016", "no end date")


def test_scr_end_switched_off_by_the_scenario():
    s = scenario(rules={"REF-SPC-END": False})
    assert findings(graded(s, Entries.world(s)), "REF-SPC-END") == []


# -- REF-DUPLICATE-PRIMARY --------------------------------------------------------------


def _duplicate() -> list[dict[str, object]]:
    refs = referrals()
    refs.append(
        {
            "id": "R2",
            "received": "2016-10-11",
            "received_time": "10:00",
            "method": "hotline",
            "communication_method": "Telephone",
            "children": ["maya"],
            "cse_alleged": ["maya"],
            "primary": "R1",
            "relation": "duplicate",
            "investigation_completed": "2016-10-28",
        }
    )
    return refs


def test_duplicate_left_without_the_code_is_a_right_decision_met():
    s = scenario(referrals=_duplicate())
    e = perfect_base(s)
    e.allegation(e.world_ids["R2"], "maya", subcategory=CSE_SUB, perpetrator="jay")
    report = graded(s, e)
    f = one(report, "REF-DUPLICATE-PRIMARY")
    assert (f.outcome, f.points, f.possible, f.omission) == (Outcome.MET, 2.0, 2.0, True)
    assert "primary referral only" in f.message
    assert f.record == RecordRef(RecordKind.REFERRAL, e.world_ids["R2"])
    assert one(report, "REF-SPC-REQUIRED").outcome is Outcome.MET


def test_scr_on_the_duplicate_too_fails_the_attempt():
    s = scenario(referrals=_duplicate())
    e = perfect_base(s)
    row = e.on_referral("R2", SCR, "2016-10-11")
    report = graded(s, e)
    f = one(report, "REF-DUPLICATE-PRIMARY")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert f.is_critical_error and not report.passed
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert "primary referral only" in f.message


def test_primary_carries_the_code_when_only_its_duplicate_alleges_cse():
    refs = _duplicate()
    refs[1]["cse_alleged"] = []
    refs[2]["relation"] = "associated"
    s = scenario(referrals=refs, facts={"victims": []}, key={})
    e = Entries.world(s)
    scored = [f for f in findings(graded(s, e), "REF-DUPLICATE-PRIMARY") if f.possible]
    assert [(f.outcome, f.points, f.possible, f.expected) for f in scored] == [
        (Outcome.MISSED, 0.0, 2.0, SCR),
        (Outcome.MET, 2.0, 2.0, "(none)"),  # and none on the associated referral: right
    ]
    e.on_referral("R1", SCR, "2016-10-10", "2016-10-28")
    scored = [f for f in findings(graded(s, e), "REF-DUPLICATE-PRIMARY") if f.possible]
    assert [(f.outcome, f.points) for f in scored] == [(Outcome.MET, 2.0)] * 2


# -- REF-ONE-PER-CHILD ------------------------------------------------------------------


def _sisters() -> dict[str, object]:
    refs = referrals(children=["maya", "lena"], cse_alleged=["maya", "lena"])
    return {"referrals": refs, "facts": {"victims": []}, "key": {}}


def test_one_report_on_two_children_needs_a_referral_each():
    s = scenario(**_sisters())
    e = Entries.world(s)
    r1 = e.world_ids["R1"]
    e.allegation(r1, "maya", subcategory=CSE_SUB)
    e.allegation(r1, "lena", subcategory=CSE_SUB)
    found = findings(graded(s, e), "REF-ONE-PER-CHILD")
    assert [(f.outcome, f.points, f.possible) for f in found] == [
        (Outcome.MISSED, 0.0, 2.0),
        (Outcome.MISSED, 0.0, 2.0),
    ]
    assert found[1].expected == "a referral for REYES, Lena"
    assert all(f.inference for f in found)


def test_one_report_on_two_children_met_with_a_created_referral():
    s = scenario(**_sisters())
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya", subcategory=CSE_SUB)
    mine = e.referral(received=D("2016-10-10"))
    e.allegation(mine, "lena", subcategory=CSE_SUB)
    e.on_referral("R1", SCR, "2016-10-10", "2016-10-28")
    e.spc(Notebook.REFERRAL, mine, SCR, "2016-10-10", "2016-10-28")
    report = graded(s, e)
    assert [(f.outcome, f.points) for f in findings(report, "REF-ONE-PER-CHILD")] == [
        (Outcome.MET, 2.0),
        (Outcome.MET, 2.0),
    ]
    assert [f.outcome for f in findings(report, "REF-SPC-REQUIRED")] == [Outcome.MET] * 2


def test_one_report_written_as_two_scenario_referrals():
    """An author may write the second child's referral (same date and time) for the trainee."""
    refs = referrals()
    refs.append(
        {
            "id": "R2",
            "received": "2016-10-10",
            "received_time": "09:42",
            "method": "hotline",
            "communication_method": "Telephone",
            "entered": False,
            "children": ["lena"],
            "cse_alleged": ["lena"],
            "investigation_completed": "2016-10-28",
        }
    )
    s = scenario(referrals=refs, facts={"victims": []}, key={})
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya")
    e.allegation(e.world_ids["R1"], "lena")
    assert [f.outcome for f in findings(graded(s, e), "REF-ONE-PER-CHILD")] == [
        Outcome.MISSED,
        Outcome.MISSED,
    ]
    e.allegations.pop()
    mine = e.referral(received=D("2016-10-10"))
    e.allegation(mine, "lena")
    assert [f.outcome for f in findings(graded(s, e), "REF-ONE-PER-CHILD")] == [
        Outcome.MET,
        Outcome.MET,
    ]


def test_one_per_child_switched_off_keeps_one_code_for_the_report():
    s = scenario(rules={"REF-ONE-PER-CHILD": False}, **_sisters())
    e = Entries.world(s)
    e.on_referral("R1", SCR, "2016-10-10", "2016-10-28")
    report = graded(s, e)
    assert findings(report, "REF-ONE-PER-CHILD") == []
    assert [f.outcome for f in findings(report, "REF-SPC-REQUIRED")] == [Outcome.MET]


# -- REF-SUBCATEGORY --------------------------------------------------------------------


def test_subcategory_met():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "REF-SUBCATEGORY")
    assert (f.outcome, f.points, f.expected) == (Outcome.MET, 2.0, "Commercial Sexual Exploitation")
    assert f.inference


def test_subcategory_left_blank_is_a_wrong_value():
    s = scenario()
    e = Entries.world(s)
    alg = e.allegation(e.world_ids["R1"], "maya")
    f = one(graded(s, e), "REF-SUBCATEGORY")
    assert (f.outcome, f.entered, f.expected) == (
        Outcome.WRONG_VALUE,
        "(blank)",
        "Commercial Sexual Exploitation",
    )
    assert f.record == RecordRef(RecordKind.ALLEGATION, alg)


def test_subcategory_missed_without_the_allegation():
    s = scenario()
    f = one(graded(s, Entries.world(s)), "REF-SUBCATEGORY")
    assert (f.outcome, f.possible) == (Outcome.MISSED, 2.0)


def test_subcategory_under_the_wrong_category_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    e.allegation(e.world_ids["R1"], "maya", "Physical Abuse", subcategory=FAIL_SUB)
    extra = [f for f in findings(graded(s, e), "REF-SUBCATEGORY") if f.outcome is Outcome.EXTRA]
    assert [(f.points, f.entered) for f in extra] == [(-2.0, "Fail/Unable to Protect from CSE")]


def test_no_subcategory_expected_before_it_was_offered():
    refs = referrals(received="2016-05-02", investigation_completed="2016-05-10")
    s = scenario(today="2016-05-20", referrals=refs, facts={"victims": []}, key={})
    assert findings(graded(s, Entries.world(s)), "REF-SUBCATEGORY") == []
