"""Property tests: grading never raises on any records the store can hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scenario_builders import scenario

from cwstrainer import attempt_file, codes
from cwstrainer.grading import Report, grade
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    PlacementRecord,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.rules.catalog import INFERENCE_RULE_IDS, RULE_IDS
from cwstrainer.rules.findings import Outcome
from cwstrainer.rules.world import starting_records
from cwstrainer.scenario.loader import load_library
from cwstrainer.special_projects import SPECIAL_PROJECT_CODES, Notebook

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = [scenario()] + [ls.scenario for ls in load_library([ROOT / "scenarios"]).scenarios]

ids = st.integers(min_value=1, max_value=6)
maybe_ids = st.one_of(st.none(), st.integers(min_value=-1, max_value=8))
dates = st.one_of(st.none(), st.dates(dt.date(2014, 1, 1), dt.date(2018, 12, 31)))
keys = st.sampled_from([None, "R0", "R1", "R2", "C1", "C2", "P1", "P2", "nope"])
people = st.sampled_from([None, "maya", "lena", "jay", "rosa", "ghost", ""])


def code_ids(table: codes.CodeTable) -> st.SearchStrategy[int | None]:
    return st.one_of(st.none(), st.sampled_from([c.id for c in table]), st.integers(0, 99999))


referrals = st.builds(
    ReferralRecord,
    ids,
    world_key=keys,
    received_date=dates,
    primary_referral_id=maybe_ids,
    created_by_trainee=st.booleans(),
)
allegations = st.builds(
    AllegationRecord,
    ids,
    maybe_ids.map(lambda i: i or 0),
    victim=people,
    perpetrator=people,
    abuse_category=code_ids(codes.ABUSE_CATEGORIES),
    abuse_subcategory=code_ids(codes.ABUSE_SUBCATEGORIES),
    disposition=code_ids(codes.DISPOSITIONS),
    disposition_date=dates,
    created_by_trainee=st.booleans(),
)
placements = st.builds(
    PlacementRecord,
    ids,
    ids,
    child=people,
    removal_date=dates,
    primary_reason=code_ids(codes.REASONS_FOR_REMOVAL),
    secondary_reason=code_ids(codes.REASONS_FOR_REMOVAL),
    world_key=keys,
    created_by_trainee=st.booleans(),
)
cases = st.builds(
    CaseRecord,
    ids,
    keys.map(lambda k: k or ""),
    people.map(lambda p: p or ""),
    st.dates(dt.date(2014, 1, 1), dt.date(2018, 12, 31)),
)
special_projects = st.builds(
    SpecialProjectRecord,
    ids,
    st.sampled_from(list(Notebook)),
    ids,
    code=st.one_of(
        st.none(),
        st.sampled_from([c.title for c in SPECIAL_PROJECT_CODES]),
        st.just("S-Safely Surrendered Baby"),
        st.text(max_size=5),
    ),
    start_date=dates,
    end_date=dates,
)


def _unique(items: list) -> tuple:
    """Ids are unique within a table, as in the store."""
    seen: dict[int, object] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return tuple(seen.values())


records = st.builds(
    AttemptRecords,
    st.lists(referrals, max_size=6).map(_unique),
    st.lists(allegations, max_size=8).map(_unique),
    st.lists(placements, max_size=4).map(_unique),
    st.lists(cases, max_size=3).map(_unique),
    st.lists(special_projects, max_size=10).map(_unique),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s=st.sampled_from(SCENARIOS), r=records)
def test_grading_never_raises_and_keeps_its_invariants(s, r):
    report = grade(s, r)
    assert {f.rule_id for f in report.findings} <= RULE_IDS
    # Points possible come from the answer key alone (RULES.md, Scoring principles): the
    # same expectations, at the same points, whatever the records.
    start = grade(s, starting_records(s))
    assert report.possible == start.possible == grade(s, AttemptRecords()).possible
    assert _expectations(report) == _expectations(start)
    assert report.score >= 0
    assert 0 <= report.percent <= 100
    for f in report.findings:
        if f.outcome is Outcome.EXTRA:  # takes points off, unless shown under its cause
            assert (f.points < 0 if f.cause is None else f.points == 0) and f.possible == 0
        elif f.preset:  # met by the scenario's own record: nothing to win, its weight to lose
            assert f.possible == 0 and f.points <= 0
        else:
            assert 0 <= f.points <= f.possible
        if f.cause is not None:  # a consequence is never a mistake of its own
            assert not f.is_error and f.outcome is not Outcome.MET
    critical = [f for f in report.findings if f.is_critical_error]
    assert report.passed == (not critical and report.percent >= report.pass_mark)
    assert Report.from_json(report.to_json()) == report


def _expectations(report: Report) -> dict[str, float]:
    """The expectations graded (an extra's key names a mistake, not an expectation)."""
    return {
        f.key: f.possible
        for f in report.findings
        if f.key is not None and f.outcome is not Outcome.EXTRA
    }


@settings(max_examples=100, deadline=None)
@given(s=st.sampled_from(SCENARIOS), r=records)
def test_switched_off_inference_rules_give_no_findings(s, r):
    off = dataclasses.replace(s, rules=dict.fromkeys(INFERENCE_RULE_IDS, False))
    assert not {f.rule_id for f in grade(off, r).findings} & INFERENCE_RULE_IDS


REFERENCES = [
    (
        ls.scenario,
        attempt_file.read(
            ROOT / "scenarios" / "attempts" / ls.scenario.id / "reference.json"
        ).records,
    )
    for ls in load_library([ROOT / "scenarios"]).scenarios
]


@st.composite
def edited_reference(draw):
    """A bundled scenario and its reference attempt with a trainee's edits: rows deleted,
    dates moved, codes swapped, as a trainee's real mistakes look."""
    s, r = draw(st.sampled_from(REFERENCES))
    rows = list(r.special_projects)
    keep = draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    edited = []
    for row, kept in zip(rows, keep, strict=True):
        if not kept:
            continue
        shift = draw(st.sampled_from([0, 0, -2, 1, 30]))
        code = draw(
            st.sampled_from([row.code, row.code, *[c.title for c in SPECIAL_PROJECT_CODES]])
        )
        start = row.start_date + dt.timedelta(days=shift) if row.start_date else None
        end = draw(st.sampled_from([row.end_date, None, start]))
        edited.append(dataclasses.replace(row, code=code, start_date=start, end_date=end))
    allegations = draw(st.sampled_from([r.allegations, r.allegations[:1], ()]))
    placements = draw(st.sampled_from([r.placements, ()]))
    return s, dataclasses.replace(
        r, special_projects=tuple(edited), allegations=allegations, placements=placements
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=edited_reference())
def test_points_possible_never_move_with_what_a_trainee_edits(case):
    s, r = case
    report = grade(s, r)
    reference = grade(s, starting_records(s))
    assert report.possible == reference.possible
    assert _expectations(report) == _expectations(reference)
    assert report.passed == (not report.critical_errors and report.percent >= report.pass_mark)
