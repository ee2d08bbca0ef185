"""ACL 15-49 client codes on the case: victim codes, At-Risk, Absence From Placement."""

from __future__ import annotations

from scenario_builders import (
    ABS,
    AR,
    VBC,
    VDC,
    Entries,
    findings,
    graded,
    one,
    perfect_base,
    scenario,
)

from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, RecordRef, Severity

IN_CARE = {
    "child": "maya",
    "referral": "R1",
    "became_victim": "2016-09-24",
    "timing": "in care",
    "identified": "2016-10-12",
    "substantiated": "2016-10-28",
}
TWO_INDICATORS = [
    {"indicator": "frequent truancy", "identified": "2016-09-01"},
    {"indicator": "relationship with a much older adult", "identified": "2016-09-08"},
]


def before_care(**case: object):
    return scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", **case}],
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R0",
                "date": "2016-03-07",
                "entered": True,
                "primary_reason": "General Neglect",
            }
        ],
        facts={
            "victims": [
                {
                    "child": "maya",
                    "referral": "R1",
                    "became_victim": "2016-02-20",
                    "timing": "before care",
                    "substantiated": "2016-10-28",
                }
            ]
        },
    )


def at_risk(
    *,
    victim: bool = False,
    indicators=TWO_INDICATORS,
    kind: str = "foster care",
    no_longer: str | None = None,
):
    risk = {"child": "maya", "identified": "2016-09-10", "indicators": indicators}
    if no_longer:
        risk["no_longer_at_risk"] = no_longer
    return scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": kind}],
        facts={"victims": [IN_CARE] if victim else [], "at_risk": [risk]},
        key={} if not victim else None,
    )


# -- CASE-SPC-ON-SUBSTANTIATION ------------------------------------------------------------


def test_on_substantiation_met():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "CASE-SPC-ON-SUBSTANTIATION")
    assert (f.outcome, f.points, f.possible, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        2.0,
        VDC,
        VDC,
    )
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, 2)


def test_on_substantiation_missed():
    s = scenario()
    e = Entries.world(s)
    f = one(graded(s, e), "CASE-SPC-ON-SUBSTANTIATION")
    assert (f.outcome, f.points, f.possible, f.expected) == (Outcome.MISSED, 0.0, 2.0, VDC)
    assert f.record == RecordRef(RecordKind.CASE, e.world_ids["C1"])


def test_not_substantiated_nothing_required_and_an_early_code_is_not_penalised():
    s = scenario(facts={"victims": [{k: v for k, v in IN_CARE.items() if k != "substantiated"}]})
    e = Entries.world(s)
    report = graded(s, e)
    (note,) = findings(report, "CASE-SPC-ON-SUBSTANTIATION")
    assert (note.outcome, note.possible, note.severity) == (Outcome.MET, 0.0, Severity.NOTE)
    assert "not substantiated yet" in note.message and "Nothing to enter" in note.message
    for rule_id in ("VDC-WHEN", "VDC-START", "VICTIM-END"):
        assert findings(report, rule_id) == []
    e.on_case("C1", VDC, "2016-09-24")
    f = one(graded(s, e), "CASE-SPC-ON-SUBSTANTIATION")
    assert (f.outcome, f.points, f.possible, f.severity) == (Outcome.MET, 0.0, 0.0, Severity.NOTE)
    assert findings(graded(s, e), "VDC-WHEN") == []


# -- VDC-WHEN / VBC-WHEN -------------------------------------------------------------------


def test_vdc_when_met():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "VDC-WHEN")
    assert (f.outcome, f.points, f.entered, f.expected) == (Outcome.MET, 2.0, VDC, VDC)


def test_vdc_when_wrong_code_chosen():
    s = scenario()
    e = Entries.world(s)
    row = e.on_case("C1", VBC, "2016-03-08")
    report = graded(s, e)
    f = one(report, "VDC-WHEN")
    assert (f.outcome, f.points, f.possible, f.entered, f.expected) == (
        Outcome.WRONG_VALUE,
        0.0,
        2.0,
        VBC,
        VDC,
    )
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert one(report, "CASE-SPC-ON-SUBSTANTIATION").outcome is Outcome.MET
    assert findings(report, "VBC-WHEN") == []


def test_vdc_when_missed():
    s = scenario()
    f = one(graded(s, Entries.world(s)), "VDC-WHEN")
    assert (f.outcome, f.expected) == (Outcome.MISSED, VDC)


def test_both_victim_codes_for_one_victimization_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    row = e.on_case("C1", VBC, "2016-03-08")
    f = one(graded(s, e), "VBC-WHEN")
    assert (f.outcome, f.points, f.possible, f.entered) == (Outcome.EXTRA, -2.0, 0.0, VBC)
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert "never both" in f.message


def test_vbc_when_met_and_missed():
    s = before_care()
    e = Entries.world(s)
    f = one(graded(s, e), "VBC-WHEN")
    assert (f.outcome, f.possible, f.expected) == (Outcome.MISSED, 2.0, VBC)
    e.on_case("C1", VBC, "2016-03-08")
    f = one(graded(s, e), "VBC-WHEN")
    assert (f.outcome, f.points, f.entered) == (Outcome.MET, 2.0, VBC)


def test_vdc_without_any_victimization_is_an_extra():
    s = before_care()
    e = Entries.world(s)
    e.on_case("C1", VBC, "2016-03-08")
    e.on_case("C1", VDC, "2016-04-01")
    f = one(graded(s, e), "VDC-WHEN")
    assert (f.outcome, f.points) == (Outcome.EXTRA, -2.0)


# -- VDC-START / VBC-START / VICTIM-END ----------------------------------------------------


def test_vdc_start_met_and_wrong():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "VDC-START")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "09/24/2016",
        "09/24/2016",
    )
    e = Entries.world(s)
    e.on_case("C1", VDC, "2016-10-12")
    f = one(graded(s, e), "VDC-START")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.WRONG_VALUE,
        0.0,
        "10/12/2016",
        "09/24/2016",
    )


def test_vbc_start_is_the_case_opened_date():
    s = before_care()
    e = Entries.world(s)
    e.on_case("C1", VBC, "2016-03-08")
    f = one(graded(s, e), "VBC-START")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "03/08/2016",
        "03/08/2016",
    )


def test_vbc_start_at_the_exploitation_date_is_wrong():
    s = before_care()
    e = Entries.world(s)
    e.on_case("C1", VBC, "2016-02-20")
    f = one(graded(s, e), "VBC-START")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "02/20/2016", "03/08/2016")
    assert "never be earlier" in f.message


def test_victim_end_open_while_services_continue():
    s = scenario()
    f = one(graded(s, perfect_base(s)), "VICTIM-END")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "no end date",
        "no end date",
    )
    e = Entries.world(s)
    e.on_case("C1", VDC, "2016-09-24", "2016-10-28")
    f = one(graded(s, e), "VICTIM-END")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "10/28/2016", "no end date")


def test_victim_end_when_services_ended():
    s = before_care(services_ended="2016-11-01")
    e = Entries.world(s)
    e.on_case("C1", VBC, "2016-03-08")
    f = one(graded(s, e), "VICTIM-END")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "no end date", "11/01/2016")
    e.special_projects.clear()
    e.on_case("C1", VBC, "2016-03-08", "2016-11-01")
    assert one(graded(s, e), "VICTIM-END").outcome is Outcome.MET


# -- At-Risk -----------------------------------------------------------------------------


def test_at_risk_when_met_start_and_end():
    s = at_risk()
    e = Entries.world(s)
    row = e.on_case("C1", AR, "2016-09-10")
    report = graded(s, e)
    f = one(report, "AR-WHEN")
    assert (f.outcome, f.points, f.entered) == (Outcome.MET, 2.0, AR)
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert one(report, "AR-START").expected == "09/10/2016"
    assert one(report, "AR-START").outcome is Outcome.MET
    assert (one(report, "AR-END").outcome, one(report, "AR-END").expected) == (
        Outcome.MET,
        "no end date",
    )


def test_at_risk_when_missed():
    s = at_risk()
    f = one(graded(s, Entries.world(s)), "AR-WHEN")
    assert (f.outcome, f.points, f.possible, f.expected) == (Outcome.MISSED, 0.0, 2.0, AR)


def test_at_risk_with_one_indicator_leaving_it_off_is_a_right_decision_met():
    s = at_risk(indicators=TWO_INDICATORS[:1])
    e = Entries.world(s)
    f = one(graded(s, e), "AR-WHEN")
    assert (f.outcome, f.points, f.possible, f.omission) == (Outcome.MET, 2.0, 2.0, True)
    assert "at least two risk indicators" in f.message and "give 1" in f.message


def test_at_risk_with_one_indicator_entered_is_a_critical_error():
    s = at_risk(indicators=TWO_INDICATORS[:1])
    e = Entries.world(s)
    e.on_case("C1", AR, "2016-09-10")
    report = graded(s, e)
    f = one(report, "AR-WHEN")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert "give 1 for Maya" in f.message
    assert f.is_critical_error and not report.passed


def test_at_risk_start_wrong():
    s = at_risk()
    e = Entries.world(s)
    e.on_case("C1", AR, "2016-09-01")
    f = one(graded(s, e), "AR-START")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "09/01/2016", "09/10/2016")


def test_at_risk_end_when_no_longer_at_risk():
    s = at_risk(no_longer="2016-10-20")
    e = Entries.world(s)
    e.on_case("C1", AR, "2016-09-10")
    f = one(graded(s, e), "AR-END")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, "no end date", "10/20/2016")


def test_at_risk_not_required_before_its_date_but_allowed():
    s = scenario(
        today="2016-06-01",
        referrals=[
            {
                "id": "R0",
                "received": "2016-03-04",
                "received_time": "11:00",
                "method": "hotline",
                "communication_method": "Telephone",
                "children": ["maya"],
            }
        ],
        facts={
            "at_risk": [
                {
                    "child": "maya",
                    "identified": "2016-05-10",
                    "indicators": [{**i, "identified": "2016-05-01"} for i in TWO_INDICATORS],
                }
            ]
        },
        key={},
    )
    e = Entries.world(s)
    (note,) = findings(graded(s, e), "AR-WHEN")
    assert (note.outcome, note.possible) == (Outcome.MET, 0.0)
    assert "required only from 09/29/2016" in note.message
    e.on_case("C1", AR, "2016-05-10")
    f = one(graded(s, e), "AR-WHEN")
    assert (f.outcome, f.points, f.possible, f.severity) == (Outcome.MET, 0.0, 0.0, Severity.NOTE)
    assert "09/29/2016" in f.message


def test_at_risk_then_victim_met():
    s = at_risk(victim=True)
    e = perfect_base(s)
    e.on_case("C1", AR, "2016-09-10", "2016-09-24")
    report = graded(s, e)
    f = one(report, "AR-TO-VICTIM")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 2.0, 2.0)
    assert one(report, "AR-END").expected == "09/24/2016"
    assert one(report, "AR-END").outcome is Outcome.MET


def test_at_risk_then_victim_missed_when_at_risk_left_open():
    s = at_risk(victim=True)
    e = perfect_base(s)
    e.on_case("C1", AR, "2016-09-10")
    report = graded(s, e)
    f = one(report, "AR-TO-VICTIM")
    assert (f.outcome, f.points, f.possible) == (Outcome.MISSED, 0.0, 2.0)
    assert f.entered == "At-Risk not end-dated, Victim During Care added"
    # One mistake, one finding: the open At-Risk is AR-END's; AR-TO-VICTIM is shown under it.
    end = one(report, "AR-END")
    assert f.cause == end.key and end.is_error and not f.is_error
    assert report.consequences_of(end) == (f,)


# -- SPC-MULTIPLE ------------------------------------------------------------------------


def test_several_codes_met_and_missed():
    s = at_risk(victim=True)
    e = perfect_base(s)
    f = one(graded(s, e), "SPC-MULTIPLE")
    # The letter's permission ("may have multiple SPCs"): advice, never scored.
    assert (f.outcome, f.points, f.possible, f.entered, f.expected) == (
        Outcome.MISSED,
        0.0,
        0.0,
        VDC,
        f"{AR}, {VDC}",
    )
    assert f.weight == "advice" and not f.is_error
    e.on_case("C1", AR, "2016-09-10", "2016-09-24")
    f = one(graded(s, e), "SPC-MULTIPLE")
    assert (f.outcome, f.points) == (Outcome.MET, 0.0)


# -- Absence From Placement ------------------------------------------------------------------


def absences(*, substantiated: bool = True, kind: str = "foster care"):
    def victim(absence: str, became: str) -> dict[str, object]:
        v = {
            "child": "maya",
            "became_victim": became,
            "timing": "absent from placement",
            "absence": absence,
            "identified": "2016-08-10",
        }
        if substantiated:
            v["substantiated"] = "2016-08-20"
        return v

    return scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": kind}],
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R0",
                "date": "2016-03-07",
                "entered": True,
                "primary_reason": "General Neglect",
                "absences": [
                    {"id": "A1", "left": "2016-06-02", "returned": "2016-06-10"},
                    {"id": "A2", "left": "2016-08-01", "returned": "2016-08-05"},
                ],
            }
        ],
        facts={"victims": [victim("A1", "2016-06-03"), victim("A2", "2016-08-02")]},
        key={},
    )


def test_absence_when_and_dates_met():
    s = absences()
    e = Entries.world(s)
    e.on_case("C1", ABS, "2016-06-02", "2016-06-10")
    e.on_case("C1", ABS, "2016-08-01", "2016-08-05")
    report = graded(s, e)
    assert [(f.outcome, f.points) for f in findings(report, "ABS-WHEN")] == [
        (Outcome.MET, 2.0),
        (Outcome.MET, 2.0),
    ]
    assert [(f.outcome, f.expected) for f in findings(report, "ABS-DATES")] == [
        (Outcome.MET, "06/02/2016"),
        (Outcome.MET, "06/10/2016"),
        (Outcome.MET, "08/01/2016"),
        (Outcome.MET, "08/05/2016"),
    ]
    f = one(report, "ABS-PER-INCIDENT")
    assert (f.outcome, f.points, f.entered, f.expected) == (
        Outcome.MET,
        2.0,
        "2 code(s)",
        "2 codes",
    )


def test_one_code_spanning_two_absences():
    s = absences()
    e = Entries.world(s)
    e.on_case("C1", ABS, "2016-06-02", "2016-08-05")
    report = graded(s, e)
    f = one(report, "ABS-PER-INCIDENT")
    assert (f.outcome, f.points, f.possible, f.entered) == (Outcome.MISSED, 0.0, 2.0, "1 code(s)")
    assert [f.outcome for f in findings(report, "ABS-WHEN")] == [Outcome.MET, Outcome.MISSED]
    dates = findings(report, "ABS-DATES")
    assert (dates[1].outcome, dates[1].entered, dates[1].expected) == (
        Outcome.WRONG_VALUE,
        "08/05/2016",
        "06/10/2016",
    )


def test_a_second_code_for_one_absence_is_an_extra():
    s = absences()
    e = Entries.world(s)
    e.on_case("C1", ABS, "2016-06-02", "2016-06-10")
    e.on_case("C1", ABS, "2016-08-01", "2016-08-05")
    row = e.on_case("C1", ABS, "2016-06-02", "2016-06-10")
    extra = [f for f in findings(graded(s, e), "ABS-PER-INCIDENT") if f.outcome is Outcome.EXTRA]
    assert [(f.points, f.record) for f in extra] == [
        (-2.0, RecordRef(RecordKind.SPECIAL_PROJECT, row))
    ]


def test_absence_code_without_exploitation_is_an_extra():
    s = scenario()
    e = perfect_base(s)
    e.on_case("C1", ABS, "2016-07-01", "2016-07-03")
    f = one(graded(s, e), "ABS-WHEN")
    assert (f.outcome, f.points, f.entered) == (Outcome.EXTRA, -2.0, ABS)


def test_absence_identified_but_not_substantiated_is_allowed_not_required():
    s = absences(substantiated=False)
    e = Entries.world(s)
    notes = findings(graded(s, e), "ABS-WHEN")
    assert [(x.outcome, x.points, x.possible) for x in notes] == [(Outcome.MET, 0.0, 0.0)] * 2
    assert all("Nothing to enter" in x.message for x in notes)
    e.on_case("C1", ABS, "2016-06-02", "2016-06-10")
    f = findings(graded(s, e), "ABS-WHEN")
    assert sorted((x.outcome, x.points, x.possible) for x in f) == [(Outcome.MET, 0.0, 0.0)] * 2
    assert any("entering it is not penalised" in x.message for x in f)


def test_absence_population_guard_on_an_in_home_case():
    s = at_risk(kind="in-home")
    e = Entries.world(s)
    e.on_case("C1", AR, "2016-09-10")
    f = one(graded(s, e), "ABS-POPULATION")
    assert (f.outcome, f.points, f.possible, f.omission) == (Outcome.MET, 2.0, 2.0, True)
    row = e.on_case("C1", ABS, "2016-10-01", "2016-10-03")
    report = graded(s, e)
    f = one(report, "ABS-POPULATION")
    assert (f.outcome, f.points, f.possible, f.entered) == (Outcome.WRONG_VALUE, 0.0, 2.0, ABS)
    assert f.record == RecordRef(RecordKind.SPECIAL_PROJECT, row)
    assert f.is_critical_error and not report.passed
    assert findings(graded(s, e), "ABS-WHEN") == []


def test_a_lone_code_for_the_second_absence_answers_the_second_absence():
    s = absences()
    e = Entries.world(s)
    row = e.on_case("C1", ABS, "2016-08-01", "2016-08-05")
    report = graded(s, e)
    assert [(f.outcome, f.record) for f in findings(report, "ABS-WHEN")] == [
        (Outcome.MISSED, RecordRef(RecordKind.CASE, e.world_ids["C1"])),
        (Outcome.MET, RecordRef(RecordKind.SPECIAL_PROJECT, row)),
    ]
    assert [f.outcome for f in findings(report, "ABS-DATES")] == [
        Outcome.MISSED,
        Outcome.MISSED,
        Outcome.MET,
        Outcome.MET,
    ]


def test_a_code_that_is_only_allowed_never_takes_the_row_a_required_one_needs():
    """Exploited during an absence (Victim During Care allowed), later in care (required)."""
    later = {**IN_CARE, "became_victim": "2016-09-24"}
    s = scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08"}],
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R0",
                "date": "2016-03-07",
                "entered": True,
                "primary_reason": "General Neglect",
                "absences": [{"id": "A1", "left": "2016-06-02", "returned": "2016-06-10"}],
            }
        ],
        facts={
            "victims": [
                {
                    "child": "maya",
                    "became_victim": "2016-06-03",
                    "timing": "absent from placement",
                    "absence": "A1",
                    "substantiated": "2016-08-20",
                },
                later,
            ]
        },
    )
    e = perfect_base(s)
    e.on_case("C1", ABS, "2016-06-02", "2016-06-10")
    report = graded(s, e)
    assert [(f.outcome, f.points) for f in findings(report, "VDC-START")] == [(Outcome.MET, 2.0)]
    assert report.score == report.possible
