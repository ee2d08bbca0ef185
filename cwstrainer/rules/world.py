"""The records a scenario puts in CWS/CMS before the trainee starts, and what they earn.

A scenario may start with referrals, allegations, a removal with its reasons, or special
projects already entered. :func:`starting_records` builds those records exactly as an
attempt starts with them, without a database, so that the grader can grade the starting
point too: an expectation those records already meet earns nothing while it stands, and
costs its weight if the trainee breaks it (RULES.md, Scoring principles). Points possible
therefore come from the scenario alone, never from what the trainee touched.
"""

from __future__ import annotations

import dataclasses

from cwstrainer import codes
from cwstrainer.codes import CodeTable
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    CsecRecord,
    PlacementRecord,
    ReferralRecord,
    SpecialProjectRecord,
    grid_key,
)
from cwstrainer.rules.findings import Finding, Outcome
from cwstrainer.scenario.model import EnteredSpecialProject, Scenario
from cwstrainer.special_projects import Notebook

PRESET_NOTE = " It was already in CWS/CMS when the attempt began, so it earns no points."
PRESET_BROKEN_NOTE = (
    " It was right in CWS/CMS when the attempt began; the change made in the attempt broke "
    "it, so it costs its points."
)


def code_id(table: CodeTable, text: str | None) -> int | None:
    """The id of a code named in a scenario, or None (blank or unknown)."""
    code = table.find(text) if text else None
    return code.id if code else None


def is_preset(f: Finding) -> bool:
    """Whether a finding of the starting records means the scenario already met it."""
    return f.outcome is Outcome.MET and f.scored and not f.omission


def starting_records(s: Scenario) -> AttemptRecords:
    """The notebooks as an attempt at ``s`` starts: what the scenario entered, no more."""
    referrals: list[ReferralRecord] = []
    allegations: list[AllegationRecord] = []
    placements: list[PlacementRecord] = []
    cases: list[CaseRecord] = []
    rows: list[SpecialProjectRecord] = []

    def add_rows(
        notebook: Notebook, owner: int, entered: tuple[EnteredSpecialProject, ...]
    ) -> None:
        for e in entered:
            rows.append(
                SpecialProjectRecord(len(rows) + 1, notebook, owner, e.code, e.start, e.end)
            )

    ids: dict[str, int] = {}
    for ref in s.referrals:
        if not ref.entered:
            continue
        ids[ref.id] = len(referrals) + 1
        referrals.append(
            ReferralRecord(
                ids[ref.id],
                world_key=ref.id,
                referral_name=s.referral_name(ref),
                received_date=ref.received,
                received_time=ref.received_time,
                communication_method=code_id(codes.COMMUNICATION_METHODS, ref.communication_method),
                response_type=code_id(codes.RESPONSE_TYPES, ref.response_type),
            )
        )
        add_rows(Notebook.REFERRAL, ids[ref.id], ref.special_projects)
        for a in ref.allegations:
            allegations.append(
                AllegationRecord(
                    len(allegations) + 1,
                    ids[ref.id],
                    victim=a.victim,
                    perpetrator=a.perpetrator,
                    abuse_category=code_id(codes.ABUSE_CATEGORIES, a.category),
                    abuse_subcategory=code_id(codes.ABUSE_SUBCATEGORIES, a.subcategory),
                    disposition=code_id(codes.DISPOSITIONS, a.disposition),
                    disposition_date=a.disposition_date,
                    created_by_trainee=False,
                )
            )
    primaries = {ref.id: ids.get(ref.primary or "") for ref in s.referrals if ref.id in ids}
    referrals = [
        dataclasses.replace(r, primary_referral_id=primaries.get(r.world_key or ""))
        for r in referrals
    ]
    for rm in s.removals:
        if rm.entered and rm.referral in ids:
            placements.append(
                PlacementRecord(
                    len(placements) + 1,
                    ids[rm.referral],
                    child=rm.child,
                    removal_date=rm.date,
                    facility_type=code_id(codes.FACILITY_TYPES, rm.facility_type),
                    primary_reason=code_id(codes.REASONS_FOR_REMOVAL, rm.primary_reason),
                    secondary_reason=code_id(codes.REASONS_FOR_REMOVAL, rm.secondary_reason),
                    world_key=rm.id,
                    created_by_trainee=False,
                )
            )
    for case in s.cases:
        cases.append(CaseRecord(len(cases) + 1, case.id, case.child, case.opened))
        add_rows(Notebook.CASE, len(cases), case.special_projects)
    grid = [
        CsecRecord(
            0,
            client.id,
            code_id(codes.CSEC_TYPES, g.type),
            g.start,
            g.end,
            world_key=grid_key(client.id, i),
        )
        for client in s.clients
        for i, g in enumerate(client.csec_history)
    ]
    return AttemptRecords(
        tuple(referrals),
        tuple(allegations),
        tuple(placements),
        tuple(cases),
        tuple(rows),
        tuple(dataclasses.replace(g, id=i) for i, g in enumerate(grid, start=1)),
    )
