"""ACL 15-49 allegation rules: Exploitation, the perpetrator, other allegations."""

from __future__ import annotations

from scenario_builders import (
    CSE_SUB,
    FAIL_SUB,
    Entries,
    findings,
    graded,
    one,
    perfect_base,
    scenario,
)

from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef, Severity

KEY_WITH_NEGLECT = {
    "perpetrators": [
        {
            "referral": "R1",
            "victim": "maya",
            "category": "Exploitation",
            "perpetrator": "jay",
            "why": "The screening names Jay.",
        },
    ],
    "other_allegations": [
        {
            "referral": "R1",
            "victim": "maya",
            "category": "General Neglect",
            "subcategory": "Fail/Unable to Protect from CSE",
            "perpetrator": "rosa",
            "why": "Her mother knew and did nothing.",
        },
    ],
}


def test_exploitation_met():
    s = scenario()
    e = perfect_base(s)
    f = one(graded(s, e), "ALG-EXPLOITATION")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 2.0, 2.0)
    assert (f.entered, f.expected) == ("Exploitation", "Exploitation")
    assert f.record == RecordRef(RecordKind.ALLEGATION, 1)


def test_exploitation_missed():
    s = scenario()
    e = Entries.world(s)
    f = one(graded(s, e), "ALG-EXPLOITATION")
    assert (f.outcome, f.points, f.possible, f.expected) == (
        Outcome.MISSED,
        0.0,
        2.0,
        "Exploitation",
    )
    assert f.record == RecordRef(RecordKind.REFERRAL, e.world_ids["R1"])


def test_sexual_abuse_instead_of_exploitation_is_a_wrong_value_not_also_an_extra():
    s = scenario()
    e = Entries.world(s)
    alg = e.allegation(e.world_ids["R1"], "maya", "Sexual Abuse", perpetrator="jay")
    report = graded(s, e)
    f = one(report, "ALG-EXPLOITATION")
    assert (f.outcome, f.entered, f.expected) == (
        Outcome.WRONG_VALUE,
        "Sexual Abuse",
        "Exploitation",
    )
    assert f.record == RecordRef(RecordKind.ALLEGATION, alg)
    assert findings(report, "ALG-OTHER") == []


def test_perpetrator_met_shows_the_evidence():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "ALG-PERPETRATOR")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "UNKNOWN, Jay",
        "UNKNOWN, Jay",
    )
    assert "The screening names Jay." in f.message


def test_perpetrator_wrong_value_is_a_judgment_warning():
    s = scenario()
    e = Entries.world(s)
    e.allegation(e.world_ids["R1"], "maya", subcategory=CSE_SUB, perpetrator="rosa")
    f = one(graded(s, e), "ALG-PERPETRATOR")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert (f.entered, f.expected) == ("REYES, Rosa", "UNKNOWN, Jay")
    assert f.severity is Severity.WARNING


def test_perpetrator_missed_without_the_allegation():
    s = scenario()
    f = one(graded(s, Entries.world(s)), "ALG-PERPETRATOR")
    assert (f.outcome, f.expected) == (Outcome.MISSED, "UNKNOWN, Jay")


def test_other_allegation_met():
    s = scenario(key=KEY_WITH_NEGLECT)
    e = perfect_base(s)
    alg = e.allegation(
        e.world_ids["R1"], "maya", "General Neglect", subcategory=FAIL_SUB, perpetrator="rosa"
    )
    report = graded(s, e)
    f = one(report, "ALG-OTHER")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "General Neglect",
        "General Neglect",
    )
    assert f.record == RecordRef(RecordKind.ALLEGATION, alg)
    subs = findings(report, "REF-SUBCATEGORY")
    assert [(x.outcome, x.expected) for x in subs] == [
        (Outcome.MET, "Commercial Sexual Exploitation"),
        (Outcome.MET, "Fail/Unable to Protect from CSE"),
    ]


def test_other_allegation_missed():
    s = scenario(key=KEY_WITH_NEGLECT)
    f = one(graded(s, perfect_base(s)), "ALG-OTHER")
    assert (f.outcome, f.points, f.possible, f.expected) == (
        Outcome.MISSED,
        0.0,
        2.0,
        "General Neglect",
    )


def test_other_allegation_naming_the_wrong_perpetrator():
    s = scenario(key=KEY_WITH_NEGLECT)
    e = perfect_base(s)
    e.allegation(
        e.world_ids["R1"], "maya", "General Neglect", subcategory=FAIL_SUB, perpetrator="jay"
    )
    f = one(graded(s, e), "ALG-OTHER")
    assert (f.outcome, f.entered, f.expected) == (
        Outcome.WRONG_VALUE,
        "UNKNOWN, Jay",
        "REYES, Rosa",
    )


def test_an_allegation_the_evidence_does_not_support_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    alg = e.allegation(e.world_ids["R1"], "maya", "Physical Abuse", perpetrator="rosa")
    f = one(graded(s, e), "ALG-OTHER")
    assert (f.outcome, f.points, f.possible, f.entered) == (
        Outcome.EXTRA,
        -2.0,
        0.0,
        "Physical Abuse",
    )
    assert f.record == RecordRef(RecordKind.ALLEGATION, alg)


def test_allegations_already_in_the_world_are_not_extras():
    s = scenario()
    e = perfect_base(s)
    e.allegation(e.world_ids["R0"], "maya", "General Neglect", created_by_trainee=False)
    assert findings(graded(s, e), "ALG-OTHER") == []
