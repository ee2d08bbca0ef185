"""The verdict a training file records (RULES.md, Weights and Scoring principles), each
behaviour the verdicts issue names, tried as a trainer would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from scenario_builders import AR, SCR, VBC, VDC, scenario

from cwstrainer import attempt_file, codes
from cwstrainer.errors import ScenarioInvalid
from cwstrainer.grading import Report, grade, percent, verdict_text
from cwstrainer.records import AllegationRecord, AttemptRecords, SpecialProjectRecord
from cwstrainer.rules.catalog import Weight
from cwstrainer.rules.findings import Outcome
from cwstrainer.rules.world import starting_records
from cwstrainer.scenario.loader import load_file, load_text
from cwstrainer.special_projects import Notebook

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "scenarios"


def bundled(scenario_id: str, attempt: str) -> Report:
    s = load_file(BUNDLED / f"{scenario_id}.yaml").scenario
    records = attempt_file.read(BUNDLED / "attempts" / scenario_id / f"{attempt}.json").records
    return grade(s, records)


# -- errors the letters state as directions no longer pass ------------------------------


@pytest.mark.parametrize(
    ("scenario_id", "attempt", "rule_id"),
    [
        # S-CSEC Referral start date two days after the referral was received
        ("in-care-victim-2016", "referral-code-dated-at-screening", "REF-SPC-START"),
        # an end date entered while the investigation is still open
        ("investigation-open-2016", "end-date-today", "REF-SPC-END"),
        # S-CSEC Referral on the duplicate referral as well as the primary
        ("duplicate-referral-2016", "referral-code-on-the-duplicate-too", "REF-DUPLICATE-PRIMARY"),
        # Absence From Placement for a child who was never in foster care
        ("in-home-at-risk-2016", "absence-code-for-running-from-home", "ABS-POPULATION"),
        # Victim Before Care ended on the day the youth went home, not when services ended
        ("services-ended-2017", "ended-when-she-went-home", "VICTIM-END"),
    ],
)
def test_a_critical_error_fails_whatever_the_percentage(scenario_id, attempt, rule_id):
    report = bundled(scenario_id, attempt)
    assert [f.rule_id for f in report.critical_errors] == [rule_id]
    assert not report.passed
    assert report.verdict == "Not passed: 1 critical error"


def test_a_major_error_costs_points_but_does_not_fail_alone():
    report = bundled("investigation-open-2016", "father-named-as-perpetrator")
    assert [(f.rule_id, f.weight) for f in report.errors] == [("ALG-PERPETRATOR", "major")]
    assert report.critical_errors == () and report.passed


def test_below_the_pass_mark_fails_and_says_so():
    report = bundled("failure-to-protect-removal-2016", "father-named-on-exploitation")
    assert not report.critical_errors and not report.passed
    assert report.verdict == "Not passed: 78.6% is below the pass mark of 80%"


def test_advice_never_costs_the_pass():
    """The letter's example (General Neglect primary "could be") reversed: shown, unscored."""
    report = bundled("failure-to-protect-removal-2016", "reasons-for-removal-reversed")
    (advice,) = [f for f in report.findings if f.outcome is not Outcome.MET]
    assert (advice.rule_id, advice.weight, advice.possible) == ("RMV-FAIL-TO-PROTECT", "advice", 0)
    assert report.passed and report.percent == 100


# -- one mistake, one finding -----------------------------------------------------------


def test_both_sisters_on_one_referral_is_one_mistake_shown_once():
    """The second sister's allegations are on her sister's referral: graded where they
    stand; the missing referral of her own is REF-ONE-PER-CHILD's, once."""
    report = bundled("several-children-one-report-2016", "both-sisters-on-one-referral")
    assert [(f.rule_id, str(f.outcome)) for f in report.errors] == [("REF-ONE-PER-CHILD", "missed")]
    for rule_id in ("ALG-EXPLOITATION", "ALG-PERPETRATOR", "REF-SUBCATEGORY", "ALG-OTHER"):
        assert all(f.outcome is Outcome.MET for f in report.findings if f.rule_id == rule_id)
    (cause,) = report.errors
    under = {f.rule_id for f in report.findings if f.cause is not None}
    assert under == {"REF-ONE-PER-CHILD", "REF-SPC-REQUIRED", "REF-SPC-START", "REF-SPC-END"}
    assert all(f.cause == cause.key for f in report.findings if f.cause)


def test_the_wrong_victim_code_is_named_as_entered_and_the_report_agrees_with_itself():
    s = scenario(
        facts={
            "victims": [
                {
                    "child": "maya",
                    "referral": "R1",
                    "became_victim": "2016-02-20",
                    "timing": "before care",
                    "identified": "2016-10-12",
                    "substantiated": "2016-10-28",
                }
            ]
        },
        removals=[
            {
                "id": "P1",
                "child": "maya",
                "referral": "R0",
                "date": "2016-03-07",
                "entered": True,
                "cse_in_decision": True,
                "primary_reason": "Exploitation",
            }
        ],
    )
    start = starting_records(s)
    row = SpecialProjectRecord(99, Notebook.CASE, start.cases[0].id, VDC, s.cases[0].opened)
    report = grade(s, dataclasses.replace(start, special_projects=(row,)))
    by_rule = {f.rule_id: f for f in report.findings if f.key and "VBC" in f.key + f.rule_id}
    when = next(f for f in report.findings if f.rule_id == "VBC-WHEN")
    assert when.outcome is Outcome.WRONG_VALUE and when.entered == VDC
    start_date = next(f for f in report.findings if f.rule_id == "VBC-START")
    assert start_date.message.startswith(f"{VDC} (entered where {VBC} is due) start date")
    link = next(f for f in report.findings if f.rule_id == "RMV-SPC-LINK")
    assert link.outcome is Outcome.MISSED and link.cause == when.key
    on_case = next(f for f in report.findings if f.rule_id == "CASE-SPC-ON-SUBSTANTIATION")
    assert f"the one due is {VBC}" in on_case.message
    assert by_rule  # keyed findings name the code due


# -- points possible from the answer key alone ------------------------------------------


AT_RISK_THEN_VICTIM = dict(
    cases=[
        {
            "id": "C1",
            "child": "maya",
            "opened": "2016-03-08",
            "special_projects": [{"code": AR, "start": "2016-09-10"}],
        }
    ],
    facts={
        "victims": [
            {
                "child": "maya",
                "referral": "R1",
                "became_victim": "2016-09-24",
                "timing": "in care",
                "identified": "2016-10-12",
                "substantiated": "2016-10-28",
            }
        ],
        "at_risk": [
            {
                "child": "maya",
                "identified": "2016-09-10",
                "indicators": [
                    {"indicator": "frequent truancy", "identified": "2016-09-01"},
                    {
                        "indicator": "relationship with a much older adult",
                        "identified": "2016-09-08",
                    },
                ],
            }
        ],
    },
)


def _rows(records: AttemptRecords, *rows: SpecialProjectRecord) -> AttemptRecords:
    """The starting records with these case rows, and the referral R1 documented right
    (its Exploitation allegation and S-CSEC Referral), so only the case rows differ."""
    import datetime as dt

    r1 = next(r for r in records.referrals if r.world_key == "R1")
    allegation = AllegationRecord(
        90,
        r1.id,
        victim="maya",
        perpetrator="jay",
        abuse_category=codes.EXPLOITATION,
        abuse_subcategory=codes.COMMERCIAL_SEXUAL_EXPLOITATION,
    )
    scr = SpecialProjectRecord(
        91, Notebook.REFERRAL, r1.id, SCR, dt.date(2016, 10, 10), dt.date(2016, 10, 28)
    )
    return dataclasses.replace(
        records,
        allegations=(*records.allegations, allegation),
        special_projects=(scr, *rows),
    )


def _case_row(records: AttemptRecords, row_id: int, code: str, start: str, end: str | None):
    import datetime as dt

    return SpecialProjectRecord(
        row_id,
        Notebook.CASE,
        records.cases[0].id,
        code,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end) if end else None,
    )


def test_a_pre_entered_row_scores_the_same_whatever_the_trainee_touched():
    """The issue saw 30 possible against 26 depending on whether a pre-entered At-Risk
    row's dates were changed; and deleting the row made the same mistakes fail."""
    s = scenario(**AT_RISK_THEN_VICTIM)
    start = starting_records(s)
    (pre,) = start.special_projects
    vdc = _case_row(start, 50, VDC, "2016-09-24", None)
    attempts = {
        "untouched": _rows(start, pre, vdc),
        "end-dated": _rows(start, dataclasses.replace(pre, end_date=vdc.start_date), vdc),
        "start moved": _rows(start, dataclasses.replace(pre, start_date=vdc.start_date), vdc),
        "deleted": _rows(start, vdc),
        "deleted and made anew": _rows(
            start, _case_row(start, 51, AR, "2016-09-10", "2016-09-24"), vdc
        ),
    }
    reports = {name: grade(s, r) for name, r in attempts.items()}
    assert len({r.possible for r in reports.values()}) == 1
    # The row was there: its code and start earn nothing, whoever leaves them standing.
    good = reports["end-dated"]
    assert {f.rule_id for f in good.findings if f.preset} >= {"AR-WHEN", "AR-START"}
    # Entering the end date is scored the same on the old row or a new one.
    assert reports["deleted and made anew"].score == good.score
    assert good.passed and reports["deleted and made anew"].passed
    # Leaving it open is one mistake (AR-END); AR-TO-VICTIM is shown under it.
    untouched = reports["untouched"]
    assert [f.rule_id for f in untouched.critical_errors] == ["AR-END"]
    # Breaking what the scenario had right costs its weight and fails.
    for name in ("start moved", "deleted"):
        assert not reports[name].passed, name
        broken = [f for f in reports[name].critical_errors if f.preset]
        assert broken and all(f.points < 0 and f.possible == 0 for f in broken), name


def test_a_pre_entered_victim_code_to_end_date():
    """The issue saw 10 possible against 4 around a pre-entered Victim Before Care row."""
    s = scenario(
        today="2017-06-16",
        cases=[
            {
                "id": "C1",
                "child": "maya",
                "opened": "2016-03-08",
                "services_ended": "2017-06-02",
                "special_projects": [{"code": VBC, "start": "2016-03-08"}],
            }
        ],
        facts={
            "victims": [
                {
                    "child": "maya",
                    "referral": "R1",
                    "became_victim": "2016-02-20",
                    "timing": "before care",
                    "identified": "2016-10-12",
                    "substantiated": "2016-10-28",
                }
            ]
        },
    )
    start = starting_records(s)
    (pre,) = start.special_projects
    import datetime as dt

    right = dataclasses.replace(pre, end_date=dt.date(2017, 6, 2))
    went_home = dataclasses.replace(pre, end_date=dt.date(2017, 5, 19))
    reports = [grade(s, _rows(start, r)) for r in (pre, right, went_home, None) if r] + [
        grade(s, _rows(start))
    ]
    assert len({r.possible for r in reports}) == 1
    ok, home = reports[1], reports[2]
    assert [f.rule_id for f in home.critical_errors] == ["VICTIM-END"]
    assert ok.score - home.score == 2
    end = next(f for f in ok.findings if f.rule_id == "VICTIM-END")
    assert (end.points, end.possible, end.preset) == (2.0, 2.0, False)


# -- right omissions ------------------------------------------------------------------


def test_one_indicator_and_no_code_is_a_finding_met_that_says_why():
    report = bundled("at-risk-one-indicator-2016", "reference")
    (f,) = [f for f in report.findings if f.rule_id == "AR-WHEN"]
    assert (f.outcome, f.points, f.possible, f.omission) == (Outcome.MET, 2, 2, True)
    assert "at least two risk indicators" in f.message and "give 1" in f.message
    assert report.passed and report.possible > 0


def test_no_referral_code_before_it_existed_says_why_nothing_was_due():
    report = bundled("referral-before-scsec-code-2016", "reference")
    notes = [f for f in report.findings if f.rule_id == "REF-SPC-REQUIRED"]
    assert notes and all(f.outcome is Outcome.MET and f.possible == 0 for f in notes)
    assert any("was due" in f.message and "09/21/2016" in f.message for f in notes)


# -- a scenario may raise or lower a rule's weight ------------------------------------------


def test_a_scenario_raises_a_weight_and_the_report_says_so():
    plain = bundled("investigation-open-2016", "father-named-as-perpetrator")
    text = (BUNDLED / "investigation-open-2016.yaml").read_text(encoding="utf-8")
    raised = load_text(text + "\nweights:\n  ALG-PERPETRATOR: critical\n")
    records = attempt_file.read(
        BUNDLED / "attempts" / "investigation-open-2016" / "father-named-as-perpetrator.json"
    ).records
    report = grade(raised, records)
    (f,) = [f for f in report.findings if f.rule_id == "ALG-PERPETRATOR"]
    assert (f.weight, f.weight_by_scenario) == (Weight.CRITICAL, True)
    assert plain.passed and not report.passed
    assert report.possible == plain.possible
    assert Report.from_json(report.to_json()) == report


def test_a_scenario_lowers_a_weight_to_advice_and_it_stops_counting():
    text = (BUNDLED / "in-care-victim-2016.yaml").read_text(encoding="utf-8")
    lowered = load_text(text + "\nweights:\n  REF-SPC-START: advice\n")
    records = attempt_file.read(
        BUNDLED / "attempts" / "in-care-victim-2016" / "referral-code-dated-at-screening.json"
    ).records
    report = grade(lowered, records)
    (f,) = [f for f in report.findings if f.rule_id == "REF-SPC-START"]
    assert (f.weight, f.possible, f.is_error) == (Weight.ADVICE, 0.0, False)
    assert report.passed and report.percent == 100


def test_an_unknown_rule_in_weights_is_a_located_problem_with_a_suggestion():
    text = (BUNDLED / "in-care-victim-2016.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(text + "\nweights:\n  REF-SPC-STRAT: major\n", "x.yaml")
    assert "did you mean 'REF-SPC-START'" in str(caught.value)
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(text + "\nweights:\n  REF-SPC-START: fatal\n", "x.yaml")
    assert "'critical', 'major', 'advice'" in str(caught.value)


# -- one definition of percent and verdict ------------------------------------------------


@pytest.mark.parametrize(
    ("score", "possible", "expected"),
    [(0, 0, 100.0), (-2, 0, 0.0), (18, 20, 90.0), (-4, 20, 0.0), (2, 3, 66.7)],
)
def test_percent_is_defined_once(score, possible, expected):
    assert percent(score, possible) == expected


def test_verdict_words():
    assert verdict_text(True, 0, 100, 80) == "Passed"
    assert verdict_text(False, 2, 95, 80) == "Not passed: 2 critical errors"
    assert verdict_text(False, 0, 70, 80) == "Not passed: 70% is below the pass mark of 80%"


def test_a_report_written_with_a_forged_verdict_is_read_by_its_findings():
    report = bundled("in-care-victim-2016", "referral-code-dated-at-screening")
    data = report.to_dict()
    data.update(score=20, percent=100, passed=True, critical_errors=0, verdict="Passed")
    import json

    again = Report.from_json(json.dumps(data))
    assert not again.passed and again.verdict == "Not passed: 1 critical error"


def test_referral_code_symbol_is_the_letters():
    assert SCR == "S-CSEC Referral"


def test_the_timeline_agrees_with_the_findings_about_a_code_entered_in_anothers_place():
    """The timeline matches rows as the grader does: Victim During Care entered where
    Victim Before Care is due is drawn in Victim Before Care's lane, named as entered."""
    from ui.timeline import build_timeline

    report_scenario = load_file(BUNDLED / "failure-to-protect-removal-2016.yaml").scenario
    records = attempt_file.read(
        BUNDLED
        / "attempts"
        / "failure-to-protect-removal-2016"
        / "during-care-code-for-before-care-victim.json"
    ).records
    timeline = build_timeline(report_scenario, records)
    (lane,) = [lane for lane in timeline.lanes if lane.title.startswith(VBC)]
    assert lane.entered and lane.entered_code == VDC
    assert lane.verdict.startswith(f"{VDC} entered in its place")
    assert not any(lane.expected is None for lane in timeline.lanes)  # no stray "extra" lane
    report = grade(report_scenario, records)
    when = next(f for f in report.findings if f.rule_id == "VBC-WHEN")
    assert when.entered == VDC and when.expected == VBC
