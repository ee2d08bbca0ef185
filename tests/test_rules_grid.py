"""The CSEC Data Grid (ACL 16-74 citing ACL 16-49): each GRID rule met and missed, at
its weight, and the choice of documentation a scenario makes."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

import pytest
from scenario_builders import BASE, VBC, findings, one, scenario

from cwstrainer import codes
from cwstrainer.grading import Report, grade
from cwstrainer.records import AttemptRecords, CsecRecord
from cwstrainer.rules.catalog import CASE_CODE_RULE_IDS, GRID_RULE_IDS, Weight
from cwstrainer.rules.findings import Outcome
from cwstrainer.rules.world import starting_records

D = dt.date.fromisoformat
AT_RISK, BEFORE, DURING = "At Risk", "Victim Before Foster Care", "Victim During Foster Care"
OPEN_CASE, ABSENT = "Victim in Open Case not in Foster Care", "Victim while Absent from Placement"
ILP = "Victim with Closed Case, Rcv ILP Svcs"
TWO = [
    {"indicator": "frequent truancy", "identified": "2016-09-01"},
    {"indicator": "relationship with a much older adult", "identified": "2016-09-08"},
]


def grid_scenario(documentation: str = "grid", **changes: Any):
    return scenario(documentation=documentation, **changes)


def victim(timing: str = "in care", **extra: Any) -> dict[str, Any]:
    base = copy.deepcopy(BASE["facts"]["victims"][0])
    base["timing"] = timing
    base.update(extra)
    return base


def rows(s, *entries: tuple[str, str, str | None], child: str = "maya") -> AttemptRecords:
    """The starting records with these grid rows (type, start, end) for ``child``."""
    start = starting_records(s)
    new = tuple(
        CsecRecord(
            100 + i,
            child,
            codes.CSEC_TYPES.find(kind).id,  # type: ignore[union-attr]
            D(begin),
            D(end) if end else None,
        )
        for i, (kind, begin, end) in enumerate(entries)
    )
    return dataclasses.replace(start, csec_rows=start.csec_rows + new)


def graded(s, records: AttemptRecords) -> Report:
    return grade(s, records)


# -- which documentation a scenario teaches ---------------------------------------------


def test_case_codes_is_the_default_and_grades_no_grid_rule():
    s = scenario()
    assert s.documentation == "case codes"
    report = graded(s, rows(s, (DURING, "2016-09-24", None)))
    assert not {f.rule_id for f in report.findings} & GRID_RULE_IDS


def test_a_grid_scenario_grades_no_interim_case_code():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2016-09-24", None)))
    ids = {f.rule_id for f in report.findings}
    assert not ids & CASE_CODE_RULE_IDS
    assert {"GRID-TYPE", "GRID-DATES"} <= ids


def test_both_grades_both():
    s = grid_scenario("both")
    ids = {f.rule_id for f in graded(s, rows(s)).findings}
    assert {"CASE-SPC-ON-SUBSTANTIATION", "GRID-TYPE"} <= ids


# -- GRID-TYPE and GRID-DATES (major, inference) ----------------------------------------------


def test_a_victim_in_care_gets_a_during_foster_care_row_from_the_day_it_began():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2016-09-24", None)))
    kind = one(report, "GRID-TYPE")
    assert (kind.outcome, kind.points, kind.possible, kind.weight) == (
        Outcome.MET,
        2.0,
        2.0,
        Weight.MAJOR,
    )
    assert kind.inference and "Inference" in kind.message
    dates = findings(report, "GRID-DATES")
    assert [(f.outcome, f.expected) for f in dates] == [
        (Outcome.MET, "09/24/2016"),
        (Outcome.MET, "no End Date"),
    ]
    assert not [f for f in report.errors if f.rule_id.startswith("GRID")]


def test_the_wrong_type_is_named_as_entered_and_the_dates_still_graded():
    s = grid_scenario()
    report = graded(s, rows(s, (BEFORE, "2016-09-24", None)))
    kind = one(report, "GRID-TYPE")
    assert (kind.outcome, kind.entered, kind.expected) == (Outcome.WRONG_VALUE, BEFORE, DURING)
    assert not kind.is_critical_error  # major: the type is the trainer's reading
    start = findings(report, "GRID-DATES")[0]
    assert start.outcome is Outcome.MET and start.message.startswith(f"{BEFORE} row (for {DURING})")


def test_no_row_is_one_mistake_its_dates_under_it():
    s = grid_scenario()
    report = graded(s, rows(s))
    kind = one(report, "GRID-TYPE")
    assert kind.outcome is Outcome.MISSED and kind.is_error
    assert all(f.cause == kind.key for f in findings(report, "GRID-DATES"))


def test_at_risk_then_victim_ends_at_risk_on_the_day_she_became_a_victim():
    s = grid_scenario(
        facts={
            "victims": [victim()],
            "at_risk": [{"child": "maya", "identified": "2016-09-10", "indicators": TWO}],
        }
    )
    ok = graded(s, rows(s, (AT_RISK, "2016-09-10", "2016-09-24"), (DURING, "2016-09-24", None)))
    assert all(f.outcome is Outcome.MET for f in ok.findings if f.rule_id.startswith("GRID"))
    left_open = graded(s, rows(s, (AT_RISK, "2016-09-10", None), (DURING, "2016-09-24", None)))
    (end,) = [f for f in findings(left_open, "GRID-DATES") if f.outcome is not Outcome.MET]
    assert (end.entered, end.expected) == ("no End Date", "09/24/2016")


def test_one_indicator_no_at_risk_row_is_a_right_decision():
    s = grid_scenario(
        facts={"at_risk": [{"child": "maya", "identified": "2016-09-10", "indicators": TWO[:1]}]}
    )
    f = one(graded(s, rows(s)), "GRID-TYPE")
    assert (f.outcome, f.points, f.possible, f.omission) == (Outcome.MET, 2.0, 2.0, True)
    f = one(graded(s, rows(s, (AT_RISK, "2016-09-10", None))), "GRID-TYPE")
    assert (f.outcome, f.points, f.possible) == (Outcome.WRONG_VALUE, 0.0, 2.0)
    assert "at least two risk indicators" in f.message


def test_an_absence_row_runs_from_the_first_day_absent_to_the_return():
    s = grid_scenario(
        removals=[
            {
                **BASE["removals"][0],
                "absences": [{"id": "A1", "left": "2016-09-20", "returned": "2016-09-27"}],
            }
        ],
        facts={"victims": [victim("absent from placement", absence="A1")]},
    )
    report = graded(s, rows(s, (ABSENT, "2016-09-20", "2016-09-27")))
    assert one(report, "GRID-TYPE").outcome is Outcome.MET
    assert [f.expected for f in findings(report, "GRID-DATES")] == ["09/20/2016", "09/27/2016"]


@pytest.mark.parametrize(
    ("kind", "expected"), [("in-home", OPEN_CASE), ("independent living", ILP)]
)
def test_a_child_never_removed_gets_the_type_of_her_population(kind, expected):
    s = grid_scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": kind}],
        removals=[],
        facts={"victims": [victim("at home")]},
    )
    f = one(graded(s, rows(s, (expected, "2016-09-24", None))), "GRID-TYPE")
    assert (f.outcome, f.expected) == (Outcome.MET, expected)


def test_running_away_from_home_is_not_an_absence_from_placement():
    s = grid_scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": "in-home"}],
        removals=[],
        facts={"victims": [victim("at home")]},
    )
    f = one(graded(s, rows(s, (ABSENT, "2016-09-24", "2016-09-30"))), "GRID-TYPE")
    assert (f.outcome, f.entered, f.expected) == (Outcome.WRONG_VALUE, ABSENT, OPEN_CASE)


def test_rows_the_author_states_replace_the_derived_ones():
    s = grid_scenario(
        grid=[{"child": "maya", "type": DURING, "start": "2016-10-12", "why": "County protocol."}]
    )
    report = graded(s, rows(s, (DURING, "2016-10-12", None)))
    assert one(report, "GRID-TYPE").outcome is Outcome.MET
    start = findings(report, "GRID-DATES")[0]
    assert (start.outcome, start.expected) == (Outcome.MET, "10/12/2016")
    assert "scenario states" in start.message


def test_an_extra_row_of_a_type_nobody_expected_costs_its_points():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2016-09-24", None), (AT_RISK, "2016-08-01", None)))
    extra = [f for f in findings(report, "GRID-TYPE") if f.outcome is Outcome.EXTRA]
    assert [(f.entered, f.points) for f in extra] == [(AT_RISK, -2.0)]


# -- the system rules (critical) --------------------------------------------------------------


def _guard(report: Report, rule_id: str) -> list:
    return [f for f in findings(report, rule_id) if f.outcome is Outcome.EXTRA]


def test_absence_row_without_an_end_date_is_refused_r10971():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2016-09-24", None), (ABSENT, "2016-09-20", None)))
    (f,) = _guard(report, "GRID-ABSENT-END")
    assert f.is_critical_error and not report.passed
    assert "requires an end date" in f.message
    ok = graded(s, rows(s, (DURING, "2016-09-24", None)))
    assert (
        one(ok, "GRID-ABSENT-END").outcome is Outcome.MET
        if findings(ok, "GRID-ABSENT-END")
        else True
    )


def test_a_start_before_the_birth_date_is_refused_r10974():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2001-06-13", None)))  # born 2001-06-14
    (f,) = _guard(report, "GRID-NOT-BEFORE-BIRTH")
    assert f.is_critical_error and not report.passed
    same_day = graded(s, rows(s, (DURING, "2001-06-14", None)))
    assert _guard(same_day, "GRID-NOT-BEFORE-BIRTH") == []
    assert one(same_day, "GRID-NOT-BEFORE-BIRTH").outcome is Outcome.MET


def test_an_end_before_the_start_is_refused_and_the_same_day_allowed_r10975():
    s = grid_scenario()
    bad = graded(s, rows(s, (DURING, "2016-09-24", "2016-09-23")))
    (f,) = _guard(bad, "GRID-DATE-ORDER")
    assert f.is_critical_error and "greater than or equal" in f.message
    same = graded(s, rows(s, (DURING, "2016-09-24", "2016-09-24")))
    assert _guard(same, "GRID-DATE-ORDER") == []


def test_two_rows_of_one_type_standing_together_are_refused():
    s = grid_scenario()
    report = graded(s, rows(s, (DURING, "2016-09-24", None), (DURING, "2016-10-01", None)))
    (f,) = _guard(report, "GRID-NO-DUPLICATE")
    assert f.is_critical_error and "CSEC duplication for code" in f.message
    ended_then_new = graded(
        s, rows(s, (DURING, "2016-09-24", "2016-09-30"), (DURING, "2016-10-01", None))
    )
    assert _guard(ended_then_new, "GRID-NO-DUPLICATE") == []


def test_a_saved_row_deleted_is_a_finding_of_the_trainers_reading():
    s = grid_scenario(
        clients=[
            {**BASE["clients"][0], "csec_history": [{"type": AT_RISK, "start": "2016-09-10"}]},
            *BASE["clients"][1:],
        ],
        facts={
            "victims": [victim()],
            "at_risk": [{"child": "maya", "identified": "2016-09-10", "indicators": TWO}],
        },
    )
    start = starting_records(s)
    assert [r.world_key for r in start.csec_rows] == ["maya#1"]
    deleted = dataclasses.replace(start, csec_rows=())
    report = graded(s, deleted)
    (f,) = _guard(report, "GRID-NO-DUPLICATE")
    assert f.weight is Weight.MAJOR and f.inference and "never deleted" in f.message
    assert f.points == -2.0 and f.is_error
    # the row was right at the start; what it answered is shown under the deletion, once
    kind = next(f for f in findings(report, "GRID-TYPE") if f.expected == AT_RISK)
    assert kind.preset and kind.cause == f.key and kind.points == 0.0


def test_a_pre_entered_at_risk_row_to_end_date_scores_only_its_end_date():
    s = grid_scenario(
        clients=[
            {**BASE["clients"][0], "csec_history": [{"type": AT_RISK, "start": "2016-09-10"}]},
            *BASE["clients"][1:],
        ],
        facts={
            "victims": [victim()],
            "at_risk": [{"child": "maya", "identified": "2016-09-10", "indicators": TWO}],
        },
    )
    start = starting_records(s)
    (pre,) = start.csec_rows
    ended = dataclasses.replace(pre, end_date=D("2016-09-24"))
    during = CsecRecord(9, "maya", codes.CSEC_TYPES.find(DURING).id, D("2016-09-24"))  # type: ignore[union-attr]
    good = graded(s, dataclasses.replace(start, csec_rows=(ended, during)))
    untouched = graded(s, dataclasses.replace(start, csec_rows=(pre, during)))
    assert good.possible == untouched.possible == graded(s, start).possible
    preset = {f.key for f in good.findings if f.preset}
    assert any(k.startswith("GRID-TYPE@maya/At Risk") for k in preset)
    assert good.score - untouched.score == 2


# -- the interim codes for a child never removed -------------------------------------------


def test_under_the_interim_codes_an_in_home_victim_gets_the_trainers_reading_said_as_such():
    s = scenario(
        cases=[{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": "in-home"}],
        removals=[],
        facts={"victims": [victim("at home")]},
    )
    start = starting_records(s)
    from cwstrainer.records import SpecialProjectRecord
    from cwstrainer.special_projects import Notebook

    row = SpecialProjectRecord(7, Notebook.CASE, start.cases[0].id, VBC, D("2016-03-08"))
    report = graded(s, dataclasses.replace(start, special_projects=(row,)))
    when = one(report, "VBC-WHEN")
    assert when.outcome is Outcome.MET and when.inference
    assert "while living at home" in when.message
    assert "before entering foster care" not in when.message.split("(The trainer's reading")[0]
    assert "The trainer's reading" in when.message and "never in foster care" in when.message
