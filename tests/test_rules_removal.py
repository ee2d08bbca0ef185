"""ACL 15-49 removal rules: Exploitation as a reason, failure to protect, codes linked."""

from __future__ import annotations

import copy

from scenario_builders import (
    BASE,
    CSE_SUB,
    VBC,
    D,
    Entries,
    findings,
    graded,
    one,
    scenario,
)

from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef, Severity


def before_care(**removal: object):
    """Maya exploited before care; removed on R1 for it (the trainee enters the placement)."""
    refs = copy.deepcopy(BASE["referrals"])
    return scenario(
        referrals=refs,
        cases=[{"id": "C1", "child": "maya", "opened": "2016-10-13"}],
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R1",
                "date": "2016-10-12",
                "cse_in_decision": True,
                **removal,
            }
        ],
        facts={
            "victims": [
                {
                    "child": "maya",
                    "referral": "R1",
                    "became_victim": "2016-09-01",
                    "timing": "before care",
                    "substantiated": "2016-10-28",
                }
            ]
        },
    )


def entries(s, primary: str | None, secondary: str | None) -> Entries:
    e = Entries.world(s)
    r1 = e.world_ids["R1"]
    e.allegation(r1, "maya", subcategory=CSE_SUB, perpetrator="jay")
    e.placement(r1, "maya", D("2016-10-12"), primary=primary, secondary=secondary)
    return e


def test_exploitation_reason_met_as_primary():
    s = before_care()
    f = one(graded(s, entries(s, "Exploitation", None)), "RMV-EXPLOITATION-REASON")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 2.0, 2.0)
    assert f.entered == "primary Exploitation, secondary (blank)"
    assert f.record == RecordRef(RecordKind.PLACEMENT, 1)


def test_exploitation_reason_met_as_secondary():
    s = before_care()
    f = one(graded(s, entries(s, "Physical (Abuse)", "Exploitation")), "RMV-EXPLOITATION-REASON")
    assert f.outcome is Outcome.MET


def test_exploitation_reason_wrong_value():
    s = before_care()
    f = one(graded(s, entries(s, "General Neglect", None)), "RMV-EXPLOITATION-REASON")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert (f.entered, f.expected) == (
        "primary General Neglect, secondary (blank)",
        "Exploitation as primary or secondary reason",
    )


def test_exploitation_reason_missed_without_a_placement():
    s = before_care()
    e = Entries.world(s)
    f = one(graded(s, e), "RMV-EXPLOITATION-REASON")
    assert (f.outcome, f.possible, f.entered) == (Outcome.MISSED, 2.0, "(none)")


def test_an_entered_removal_is_graded_after_the_trainee_edits_it():
    """An already entered removal whose reasons leave Exploitation out: the trainee fixes them."""
    s = scenario(
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R0",
                "date": "2016-03-07",
                "entered": True,
                "cse_in_decision": True,
                "primary_reason": "General Neglect",
            }
        ]
    )
    e = Entries.world(s)
    assert one(graded(s, e), "RMV-EXPLOITATION-REASON").outcome is Outcome.WRONG_VALUE
    e.set_reasons(1, "General Neglect", "Exploitation")
    assert one(graded(s, e), "RMV-EXPLOITATION-REASON").outcome is Outcome.MET


def test_no_removal_finding_when_cse_was_not_part_of_the_decision():
    s = scenario()
    report = graded(s, Entries.world(s))
    assert findings(report, "RMV-EXPLOITATION-REASON") == []
    assert findings(report, "RMV-SPC-LINK") == []


def test_fail_to_protect_met_is_advice_shown_not_scored():
    s = before_care(failure_to_protect_primary=True)
    f = one(graded(s, entries(s, "General Neglect", "Exploitation")), "RMV-FAIL-TO-PROTECT")
    assert (f.outcome, f.points, f.possible, f.weight) == (Outcome.MET, 0.0, 0.0, "advice")
    assert f.expected == "primary General Neglect, secondary Exploitation"


def test_fail_to_protect_reversed_is_advice_that_never_costs_the_pass():
    s = before_care(failure_to_protect_primary=True)
    report = graded(s, entries(s, "Exploitation", "General Neglect"))
    f = one(report, "RMV-FAIL-TO-PROTECT")
    assert (f.outcome, f.points, f.possible, f.severity) == (
        Outcome.WRONG_VALUE,
        0.0,
        0.0,
        Severity.ADVICE,
    )
    assert "could be" in f.message
    assert not f.is_error and f not in report.errors
    assert one(report, "RMV-EXPLOITATION-REASON").outcome is Outcome.MET


def test_fail_to_protect_missed_without_a_placement():
    s = before_care(failure_to_protect_primary=True)
    report = graded(s, Entries.world(s))
    f = one(report, "RMV-FAIL-TO-PROTECT")
    assert (f.outcome, f.possible) == (Outcome.MISSED, 0.0)
    # Shown under the missing placement (RMV-EXPLOITATION-REASON), not a second mistake.
    assert f.cause == one(report, "RMV-EXPLOITATION-REASON").key


def test_spc_link_met_when_the_applicable_code_is_on_the_case():
    s = before_care()
    e = entries(s, "Exploitation", None)
    e.on_case("C1", VBC, "2016-10-13")
    f = one(graded(s, e), "RMV-SPC-LINK")
    assert (f.outcome, f.points, f.entered, f.expected) == (Outcome.MET, 2.0, VBC, VBC)
    assert f.record == RecordRef(RecordKind.CASE, e.world_ids["C1"])


def test_spc_link_missed_names_the_missing_code():
    s = before_care()
    f = one(graded(s, entries(s, "Exploitation", None)), "RMV-SPC-LINK")
    assert (f.outcome, f.points, f.possible, f.entered, f.expected) == (
        Outcome.MISSED,
        0.0,
        2.0,
        "(none)",
        VBC,
    )
    assert VBC in f.message
