"""The grader: score, pass mark, report JSON, order independence, the store's records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from scenario_builders import SCR, VDC, Entries, graded, perfect_base, scenario

from cwstrainer import codes
from cwstrainer.grading import Report, ReportInvalid, grade
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.rules.catalog import RULES
from cwstrainer.rules.findings import Outcome
from cwstrainer.scenario.loader import load_file, load_library
from cwstrainer.special_projects import Notebook
from cwstrainer.store.store import Store

ROOT = Path(__file__).resolve().parent.parent


def test_documented_as_the_letters_ask_scores_everything():
    s = scenario()
    report = graded(s, perfect_base(s))
    assert (report.score, report.possible, report.percent, report.passed) == (20, 20, 100, True)
    assert all(f.outcome is Outcome.MET for f in report.findings)


def test_nothing_entered_scores_nothing_and_fails():
    s = scenario()
    report = graded(s, Entries.world(s))
    assert (report.score, report.possible, report.percent, report.passed) == (0, 20, 0, False)


def test_extras_take_points_off():
    s = scenario()
    e = perfect_base(s)
    e.on_case("C1", "S-CSEC Victim Before Care", "2016-03-08")
    report = graded(s, e)
    assert (report.score, report.possible, report.percent) == (18, 20, 90)


def test_the_score_never_goes_below_zero():
    s = scenario()
    e = Entries.world(s)
    e.on_referral("R0", SCR, "2016-03-04")
    e.on_referral("R0", VDC, "2017-01-01", "2016-01-01")
    report = graded(s, e)
    assert sum(f.points for f in report.findings) < 0
    assert (report.score, report.percent, report.passed) == (0, 0, False)


def test_pass_mark_is_the_scenarios():
    s = scenario(pass_mark=95)
    e = perfect_base(s)
    e.special_projects.pop()  # no Victim During Care: 12 of 20
    assert graded(s, e).percent == 60
    e = perfect_base(s)
    e.special_projects[1] = dataclasses.replace(e.special_projects[1], start_date=None)
    report = graded(s, e)
    assert (report.percent, report.passed) == (90, False)


def test_nothing_to_do_passes_unless_something_wrong_was_entered():
    s = scenario(
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
        facts={},
        key={},
    )
    e = Entries.world(s)
    assert (graded(s, e).possible, graded(s, e).percent, graded(s, e).passed) == (0, 100, True)
    e.on_case("C1", VDC, "2016-09-24")
    assert (graded(s, e).percent, graded(s, e).passed) == (0, False)


def test_findings_come_in_the_catalogue_order():
    s = scenario()
    order = [r.id for r in RULES]
    ids = [f.rule_id for f in graded(s, Entries.world(s)).findings]
    assert ids == sorted(ids, key=order.index)


def test_order_of_entry_never_matters():
    s = scenario()
    e = perfect_base(s)
    e.on_case("C1", "S-CSEC Victim Before Care", "2016-03-08")
    forward = grade(s, e.records())
    r = e.records()
    backward = grade(
        s,
        AttemptRecords(
            tuple(reversed(r.referrals)),
            tuple(reversed(r.allegations)),
            tuple(reversed(r.placements)),
            tuple(reversed(r.cases)),
            tuple(reversed(r.special_projects)),
        ),
    )
    assert forward == backward


def test_report_json_round_trip():
    s = scenario()
    e = perfect_base(s)
    e.on_referral("R0", SCR, "2016-03-04")
    report = graded(s, e)
    again = Report.from_json(report.to_json())
    assert again == report
    data = report.to_dict()
    # 90%, but S-CSEC Referral on a referral alleging no CSE is a critical error.
    assert (data["score"], data["possible"], data["passed"]) == (18, 20, False)
    assert (data["critical_errors"], data["verdict"]) == (1, "Not passed: 1 critical error")
    first = data["findings"][0]
    assert set(first) == {
        "rule",
        "outcome",
        "points",
        "possible",
        "weight",
        "weight_by_scenario",
        "severity",
        "message",
        "citation",
        "inference",
        "entered",
        "expected",
        "record",
        "key",
        "after",
        "cause",
        "omission",
        "value",
        "scored",
        "preset",
    }
    assert first["record"] == {"kind": "special_project", "id": 1}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"format": "x"}',
        '{"format": "cwstrainer-report"}',
        '{"format": "cwstrainer-report", "scenario": {"id": "a", '
        '"version": 1}, "pass_mark": 80, "findings": [{"rule": 1}]}',
    ],
)
def test_text_that_is_not_a_report_is_refused(text):
    with pytest.raises(ReportInvalid):
        Report.from_json(text)


@pytest.mark.parametrize(
    "loaded", load_library([ROOT / "scenarios"]).scenarios, ids=lambda ls: ls.scenario.id
)
def test_every_bundled_scenario_grades_a_fresh_attempt(loaded):
    s = loaded.scenario
    report = grade(s, Entries.world(s).records())
    assert report.possible > 0 or all(f.possible == 0 for f in report.findings)
    # Nothing entered passes only where every point to win is a right decision to enter
    # nothing (at-risk-one-indicator-2016: one indicator, so no At-Risk code).
    assert not report.passed or all(f.omission for f in report.findings if f.possible)
    assert Report.from_json(report.to_json()) == report


def test_the_stores_records_grade_as_the_trainee_left_them(tmp_path):
    """Through the store's own API, as the notebooks make the entries."""
    loaded = load_file(ROOT / "scenarios" / "in-care-victim-2016.yaml")
    store = Store.open(tmp_path)
    try:
        attempt = store.start_attempt(store.sign_in("Trainee"), loaded, "practice")
        records = store.records(attempt.id)
        r1 = next(r.id for r in records.referrals if r.world_key == "R1")
        c1 = records.cases[0].id
        alg = store.add_allegation(attempt.id, r1)
        store.update(
            attempt.id,
            RecordKind.ALLEGATION,
            alg.id,
            victim="maya",
            perpetrator="jay",
            abuse_category=codes.EXPLOITATION,
            abuse_subcategory=codes.COMMERCIAL_SEXUAL_EXPLOITATION,
        )
        scr = store.add_special_project(attempt.id, Notebook.REFERRAL, r1)
        store.update(
            attempt.id,
            RecordKind.SPECIAL_PROJECT,
            scr.id,
            code=SCR,
            start_date="10/10/2016",
            end_date="10/28/2016",
        )
        vdc = store.add_special_project(attempt.id, Notebook.CASE, c1)
        store.update(
            attempt.id, RecordKind.SPECIAL_PROJECT, vdc.id, code=VDC, start_date="09/24/2016"
        )
        report = grade(loaded.scenario, store.records(attempt.id))
        assert (report.score, report.possible, report.passed) == (20, 20, True)
        done = store.submit(
            attempt.id, report.score, report.possible, report.passed, report.to_json()
        )
        assert done.passed is True
        assert Report.from_json(store.report_json(attempt.id) or "") == report
    finally:
        store.close()


def test_a_report_nested_too_deep_is_refused_not_a_recursion_error():
    with pytest.raises(ReportInvalid, match="nested"):
        Report.from_json("[" * 100_000 + "]" * 100_000)
