"""Grader fixes found while building the scenario library's attempts (issue 6).

Each test shows the behaviour that was wrong before the fix.
"""

from __future__ import annotations

import copy
from pathlib import Path

from scenario_builders import ABS, BASE, SCR, VBC, VDC, D, Entries, findings, graded, scenario

from cwstrainer.grading import Report
from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef
from cwstrainer.scenario.loader import load_file
from cwstrainer.special_projects import Notebook

# -- REF-SUBCATEGORY: not for a referral received before the subcategories existed ----


def _january_referral(**changes: object) -> list[dict[str, object]]:
    """The base referrals plus R2, a CSE referral of January 2016 already entered and
    disposed with its Exploitation allegation (no subcategory: none existed then)."""
    refs = copy.deepcopy(BASE["referrals"])
    r2: dict[str, object] = {
        "id": "R2",
        "received": "2016-01-19",
        "received_time": "09:05",
        "method": "hotline",
        "communication_method": "Telephone",
        "children": ["maya"],
        "cse_alleged": ["maya"],
        "investigation_completed": "2016-02-05",
        "allegations": [
            {
                "victim": "maya",
                "perpetrator": "jay",
                "category": "Exploitation",
                "disposition": "Substantiated",
                "disposition_date": "2016-02-05",
            }
        ],
    }
    r2.update(changes)
    refs.append(r2)
    return refs


def test_no_subcategory_is_asked_of_a_referral_received_before_acl_16_49():
    """Before the fix, the January allegation was graded 'wrong value' for lacking a
    subcategory that CWS/CMS did not offer until 05/23/2016."""
    s = scenario(referrals=_january_referral())
    e = Entries.world(s)
    mine = e.allegation(e.world_ids["R1"], "maya", subcategory=9101, perpetrator="jay")
    subs = findings(graded(s, e), "REF-SUBCATEGORY")
    assert [(f.outcome, f.points, f.possible) for f in subs] == [(Outcome.MET, 2.0, 2.0)]
    assert subs[0].record == RecordRef(RecordKind.ALLEGATION, mine)


def test_the_subcategory_is_still_asked_of_a_referral_received_after_acl_16_49():
    """The same referral received on 05/23/2016 (the day ACL 16-49's subcategories came
    in) is graded: its allegation lacks the subcategory."""
    refs = _january_referral(received="2016-05-23", investigation_completed="2016-06-10")
    refs[-1]["allegations"][0]["disposition_date"] = "2016-06-10"  # type: ignore[index]
    s = scenario(referrals=refs)
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya", subcategory=9101, perpetrator="jay")
    subs = findings(graded(s, e), "REF-SUBCATEGORY")
    assert sorted((f.outcome, f.entered, f.expected) for f in subs) == [
        (Outcome.MET, "Commercial Sexual Exploitation", "Commercial Sexual Exploitation"),
        (Outcome.WRONG_VALUE, "(blank)", "Commercial Sexual Exploitation"),
    ]


def test_a_keyed_neglect_subcategory_follows_the_same_date():
    """The key's General Neglect / Fail-Unable to Protect allegation on a January 2016
    referral is not graded for its subcategory either."""
    s = scenario(
        referrals=_january_referral(),
        key={
            **BASE["key"],
            "other_allegations": [
                {
                    "referral": "R2",
                    "victim": "maya",
                    "category": "General Neglect",
                    "subcategory": "Fail/Unable to Protect from CSE",
                    "perpetrator": "jay",
                }
            ],
        },
    )
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya", subcategory=9101, perpetrator="jay")
    e.allegation(e.world_ids["R2"], "maya", "General Neglect", perpetrator="jay")
    subs = findings(graded(s, e), "REF-SUBCATEGORY")
    assert [f.outcome for f in subs] == [Outcome.MET]


# -- Victim Before Care findings name the day the child became a victim -----------------


def test_a_victim_before_care_finding_names_the_day_she_became_a_victim():
    """Before the fix the message gave the case-opened date (the code's start) as the day
    the child 'became a victim'."""
    victims = copy.deepcopy(BASE["facts"]["victims"])
    victims[0].update(timing="before care", became_victim="2016-02-20")
    s = scenario(
        facts={"victims": victims},
        removals=[{**BASE["removals"][0], "date": "2016-03-07"}],
    )
    e = Entries.world(s)
    e.on_case("C1", VBC, "2016-03-08")
    (f,) = findings(graded(s, e), "CASE-SPC-ON-SUBSTANTIATION")
    assert f.outcome is Outcome.MET
    assert "became a victim 02/20/2016" in f.message
    assert "03/08/2016" not in f.message


# -- One Absence From Placement for two absences: one point lost, not three ----------------

ROOT = Path(__file__).resolve().parents[1]


def _gabriela_with_one_absence_code() -> Report:
    """several-absences-2016 documented fully, except that one Absence From Placement
    row covers both absences during which Gabriela was exploited."""
    s = load_file(ROOT / "scenarios" / "several-absences-2016.yaml").scenario
    e = Entries.world(s)
    r2 = e.referral(received=D("2016-11-15"))
    e.allegation(r2, "gabriela", subcategory=9101, perpetrator="ismael")
    e.spc(Notebook.REFERRAL, r2, SCR, "2016-11-15", "2016-12-02")
    e.on_case("C1", VBC, "2016-01-22")
    e.on_case("C1", ABS, "2016-06-02", "2016-09-30")
    return graded(s, e)


def test_a_child_carrying_both_codes_meets_spc_multiple_and_the_removal_link():
    """Before the fix, SPC-MULTIPLE and RMV-SPC-LINK said Absence From Placement was
    missing from Gabriela's case although one was attached."""
    report = _gabriela_with_one_absence_code()
    both = f"{VBC}, {ABS}"
    # SPC-MULTIPLE is the letter's permission ("may"): advice, shown but never scored.
    for rule_id, points in (("SPC-MULTIPLE", 0.0), ("RMV-SPC-LINK", 2.0)):
        (f,) = findings(report, rule_id)
        assert (f.outcome, f.points, f.entered, f.expected) == (Outcome.MET, points, both, both)


def test_the_second_absence_is_still_missed_under_its_own_rules():
    report = _gabriela_with_one_absence_code()
    (f,) = findings(report, "ABS-PER-INCIDENT")
    assert (f.outcome, f.entered, f.expected) == (Outcome.MISSED, "1 code(s)", "2 codes")
    assert [f.outcome for f in findings(report, "ABS-WHEN")] == [Outcome.MET, Outcome.MISSED]


def test_a_child_with_no_absence_code_still_misses_spc_multiple():
    s = load_file(ROOT / "scenarios" / "associated-referrals-2017.yaml").scenario
    e = Entries.world(s)
    e.on_case("C1", VDC, "2017-03-18")
    (f,) = findings(graded(s, e), "SPC-MULTIPLE")
    assert (f.outcome, f.entered) == (Outcome.MISSED, VDC)


# -- Messages: "an associated referral" ---------------------------------------------------


def test_the_associated_referral_message_reads_an_associated():
    s = load_file(ROOT / "scenarios" / "associated-referrals-2017.yaml").scenario
    e = Entries.world(s)
    e.on_referral("R2", SCR, "2017-04-10", "2017-05-05")
    (f,) = [f for f in findings(graded(s, e), "REF-DUPLICATE-PRIMARY") if f.outcome != "met"]
    assert "is on an associated referral" in f.message
