"""Entries that were already in CWS/CMS when the attempt began earn no points.

A scenario may start with allegations, a removal with its reasons, or special projects
already entered. When such a record still stands exactly as the scenario set it up, the
trainee did nothing to earn what it satisfies: its finding stays in the report, as a
note, with no points, so that a trainee who enters nothing never scores for the world.
A record the trainee corrected or entered is graded as usual.
"""

from __future__ import annotations

import dataclasses

from cwstrainer import codes
from cwstrainer.codes import CodeTable
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    PlacementRecord,
    RecordKind,
    SpecialProjectRecord,
)
from cwstrainer.rules.findings import Finding, Outcome, Severity
from cwstrainer.scenario.model import Scenario
from cwstrainer.special_projects import Notebook

NOTE = " It was already in CWS/CMS when the attempt began, so it earns no points."


def _code(table: CodeTable, text: str | None) -> int | None:
    code = table.find(text) if text else None
    return code.id if code else None


def _allegation_as_set_up(s: Scenario, records: AttemptRecords, a: AllegationRecord) -> bool:
    referral = records.referral(a.referral_id)
    if a.created_by_trainee or referral is None or referral.world_key is None:
        return False
    world = next((r for r in s.referrals if r.id == referral.world_key), None)
    return world is not None and any(
        (
            a.victim,
            a.perpetrator,
            a.abuse_category,
            a.abuse_subcategory,
            a.disposition,
            a.disposition_date,
        )
        == (
            w.victim,
            w.perpetrator,
            _code(codes.ABUSE_CATEGORIES, w.category),
            _code(codes.ABUSE_SUBCATEGORIES, w.subcategory),
            _code(codes.DISPOSITIONS, w.disposition),
            w.disposition_date,
        )
        for w in world.allegations
    )


def _placement_as_set_up(s: Scenario, p: PlacementRecord) -> bool:
    if p.created_by_trainee or p.world_key is None:
        return False
    removal = next((r for r in s.removals if r.id == p.world_key and r.entered), None)
    return removal is not None and (
        p.child,
        p.removal_date,
        p.primary_reason,
        p.secondary_reason,
    ) == (
        removal.child,
        removal.date,
        _code(codes.REASONS_FOR_REMOVAL, removal.primary_reason),
        _code(codes.REASONS_FOR_REMOVAL, removal.secondary_reason),
    )


def _special_project_as_set_up(
    s: Scenario, records: AttemptRecords, row: SpecialProjectRecord
) -> bool:
    if row.notebook is Notebook.REFERRAL:
        owner = records.referral(row.owner_id)
        key = owner.world_key if owner else None
        entered = next((r.special_projects for r in s.referrals if r.id == key), ())
    else:
        case = records.case(row.owner_id)
        key = case.world_key if case else None
        entered = next((c.special_projects for c in s.cases if c.id == key), ())
    return any(
        (row.code, row.start_date, row.end_date) == (e.code, e.start, e.end) for e in entered
    )


def as_set_up(s: Scenario, records: AttemptRecords, finding: Finding) -> bool:
    """Whether the record a finding rests on stands as the scenario set it up."""
    ref = finding.record
    if ref is None:
        return False
    if ref.kind is RecordKind.ALLEGATION:
        a = next((x for x in records.allegations if x.id == ref.id), None)
        return a is not None and _allegation_as_set_up(s, records, a)
    if ref.kind is RecordKind.PLACEMENT:
        p = next((x for x in records.placements if x.id == ref.id), None)
        return p is not None and _placement_as_set_up(s, p)
    if ref.kind is RecordKind.SPECIAL_PROJECT:
        row = next((x for x in records.special_projects if x.id == ref.id), None)
        return row is not None and _special_project_as_set_up(s, records, row)
    return False


def without_world_points(
    s: Scenario, records: AttemptRecords, found: list[Finding]
) -> list[Finding]:
    """The findings, with those met only by the world's own records made unscored notes."""
    return [
        dataclasses.replace(
            f, points=0.0, possible=0.0, severity=Severity.NOTE, message=f.message + NOTE
        )
        if f.outcome is Outcome.MET and f.possible > 0 and as_set_up(s, records, f)
        else f
        for f in found
    ]
