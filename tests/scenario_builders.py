"""Small scenarios and trainee records for the rule and grading tests.

``scenario(**changes)`` is the worked example's situation (Maya, 15, removed on referral
R0 in March and exploited while in foster care; referral R1 received 10/10/2016,
investigated by 10/28/2016; today 11/04/2016) with top-level keys replaced. ``Entries``
builds the records a trainee leaves behind, starting from the world the store copies
into a new attempt.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml

from cwstrainer import codes
from cwstrainer.grading import Report, grade
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    PlacementRecord,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.rules.findings import Finding
from cwstrainer.scenario.loader import load_text
from cwstrainer.scenario.model import Scenario
from cwstrainer.special_projects import Notebook

D = dt.date.fromisoformat

SCR = "S-CSEC Referral"
VDC = "S-CSEC Victim During Care"
VBC = "S-CSEC Victim Before Care"
AR = "S-CSEC At-Risk"
ABS = "S-CSEC Absence From Placement"

BASE: dict[str, Any] = {
    "id": "test-scenario",
    "title": "Test",
    "version": 1,
    "difficulty": "easy",
    "estimated_minutes": 10,
    "learning_objectives": ["Test the rules."],
    "today": "2016-11-04",
    "narrative": "A test.",
    "clients": [
        {
            "id": "maya",
            "first_name": "Maya",
            "last_name": "Reyes",
            "birth_date": "2001-06-14",
            "role": "child",
        },
        {
            "id": "lena",
            "first_name": "Lena",
            "last_name": "Reyes",
            "birth_date": "2003-02-01",
            "role": "child",
        },
        {
            "id": "jay",
            "first_name": "Jay",
            "last_name": "Unknown",
            "birth_date": "1990-01-01",
            "role": "adult",
        },
        {
            "id": "rosa",
            "first_name": "Rosa",
            "last_name": "Reyes",
            "birth_date": "1980-05-05",
            "role": "adult",
        },
    ],
    "referrals": [
        {
            "id": "R0",
            "received": "2016-03-04",
            "received_time": "11:00",
            "method": "hotline",
            "communication_method": "Telephone",
            "children": ["maya"],
            "investigation_completed": "2016-03-07",
        },
        {
            "id": "R1",
            "received": "2016-10-10",
            "received_time": "09:42",
            "method": "hotline",
            "communication_method": "Telephone",
            "children": ["maya"],
            "cse_alleged": ["maya"],
            "investigation_completed": "2016-10-28",
        },
    ],
    "cases": [{"id": "C1", "child": "maya", "opened": "2016-03-08", "kind": "foster care"}],
    "removals": [
        {
            "id": "P1",
            "child": "maya",
            "referral": "R0",
            "date": "2016-03-07",
            "entered": True,
            "primary_reason": "General Neglect",
        },
    ],
    "facts": {
        "victims": [
            {
                "child": "maya",
                "referral": "R1",
                "became_victim": "2016-09-24",
                "timing": "in care",
                "identified": "2016-10-12",
                "substantiated": "2016-10-28",
            },
        ],
    },
    "key": {
        "perpetrators": [
            {
                "referral": "R1",
                "victim": "maya",
                "category": "Exploitation",
                "subcategory": "Commercial Sexual Exploitation",
                "perpetrator": "jay",
                "why": "The screening names Jay.",
            },
        ],
    },
}


def scenario(**changes: Any) -> Scenario:
    """The base scenario with top-level keys replaced (``None`` removes a key)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return load_text(yaml.safe_dump(data, sort_keys=False))


def category(name: str) -> int:
    found = codes.ABUSE_CATEGORIES.find(name)
    assert found is not None, name
    return found.id


def reason(name: str) -> int:
    found = codes.REASONS_FOR_REMOVAL.find(name)
    assert found is not None, name
    return found.id


CSE_SUB = codes.COMMERCIAL_SEXUAL_EXPLOITATION
FAIL_SUB = codes.FAIL_TO_PROTECT_FROM_CSE


class Entries:
    """A trainee's records, built up entry by entry; ids are given in entry order."""

    def __init__(self) -> None:
        self.referrals: list[ReferralRecord] = []
        self.allegations: list[AllegationRecord] = []
        self.placements: list[PlacementRecord] = []
        self.cases: list[CaseRecord] = []
        self.special_projects: list[SpecialProjectRecord] = []
        self.world_ids: dict[str, int] = {}

    @classmethod
    def world(cls, s: Scenario) -> Entries:
        """What the store copies into a new attempt: entered referrals with their
        allegations, entered removals, and the cases."""
        e = cls()
        for r in s.referrals:
            if r.entered:
                rid = e.referral(world_key=r.id, received=r.received)
                e.world_ids[r.id] = rid
                for a in r.allegations:
                    sub = codes.ABUSE_SUBCATEGORIES.find(a.subcategory or "")
                    e.allegation(
                        rid,
                        a.victim,
                        a.category,
                        subcategory=sub.id if sub else None,
                        perpetrator=a.perpetrator,
                        created_by_trainee=False,
                    )
        for rm in s.removals:
            if rm.entered and rm.referral in e.world_ids:
                e.placement(
                    e.world_ids[rm.referral],
                    rm.child,
                    rm.date,
                    primary=rm.primary_reason,
                    secondary=rm.secondary_reason,
                    world_key=rm.id,
                    created_by_trainee=False,
                )
        for c in s.cases:
            e.world_ids[c.id] = e.case(c.id, c.child, c.opened)
        return e

    def referral(
        self, *, world_key: str | None = None, received: dt.date | None = None, **kw: Any
    ) -> int:
        rid = len(self.referrals) + 1
        self.referrals.append(
            ReferralRecord(
                rid,
                world_key=world_key,
                received_date=received,
                created_by_trainee=world_key is None,
                **kw,
            )
        )
        return rid

    def allegation(
        self,
        referral_id: int,
        victim: str | None,
        cat: str | None = "Exploitation",
        *,
        subcategory: int | None = None,
        perpetrator: str | None = None,
        **kw: Any,
    ) -> int:
        aid = len(self.allegations) + 1
        self.allegations.append(
            AllegationRecord(
                aid,
                referral_id,
                victim=victim,
                perpetrator=perpetrator,
                abuse_category=category(cat) if cat else None,
                abuse_subcategory=subcategory,
                **kw,
            )
        )
        return aid

    def placement(
        self,
        referral_id: int,
        child: str,
        removal: dt.date,
        *,
        primary: str | None = None,
        secondary: str | None = None,
        world_key: str | None = None,
        created_by_trainee: bool = True,
    ) -> int:
        pid = len(self.placements) + 1
        self.placements.append(
            PlacementRecord(
                pid,
                referral_id,
                child=child,
                removal_date=removal,
                primary_reason=reason(primary) if primary else None,
                secondary_reason=reason(secondary) if secondary else None,
                world_key=world_key,
                created_by_trainee=created_by_trainee,
            )
        )
        return pid

    def set_reasons(self, placement_id: int, primary: str | None, secondary: str | None) -> None:
        """Change the reasons of a placement (as the trainee edits an entered one)."""
        i = placement_id - 1
        p = self.placements[i]
        self.placements[i] = PlacementRecord(
            p.id,
            p.referral_id,
            child=p.child,
            removal_date=p.removal_date,
            primary_reason=reason(primary) if primary else None,
            secondary_reason=reason(secondary) if secondary else None,
            world_key=p.world_key,
            created_by_trainee=p.created_by_trainee,
        )

    def case(self, world_key: str, child: str, opened: dt.date) -> int:
        cid = len(self.cases) + 1
        self.cases.append(CaseRecord(cid, world_key, child, opened))
        return cid

    def spc(
        self,
        notebook: Notebook,
        owner_id: int,
        code: str | None,
        start: str | None = None,
        end: str | None = None,
    ) -> int:
        sid = len(self.special_projects) + 1
        self.special_projects.append(
            SpecialProjectRecord(
                sid, notebook, owner_id, code, D(start) if start else None, D(end) if end else None
            )
        )
        return sid

    def on_referral(
        self, world_key: str, code: str | None, start: str | None = None, end: str | None = None
    ) -> int:
        return self.spc(Notebook.REFERRAL, self.world_ids[world_key], code, start, end)

    def on_case(
        self, world_key: str, code: str | None, start: str | None = None, end: str | None = None
    ) -> int:
        return self.spc(Notebook.CASE, self.world_ids[world_key], code, start, end)

    def records(self) -> AttemptRecords:
        return AttemptRecords(
            tuple(self.referrals),
            tuple(self.allegations),
            tuple(self.placements),
            tuple(self.cases),
            tuple(self.special_projects),
        )


def perfect_base(s: Scenario | None = None) -> Entries:
    """The base scenario documented as the letters ask."""
    s = s or scenario()
    e = Entries.world(s)
    r1 = e.world_ids["R1"]
    e.allegation(r1, "maya", subcategory=CSE_SUB, perpetrator="jay")
    e.on_referral("R1", SCR, "2016-10-10", "2016-10-28")
    e.on_case("C1", VDC, "2016-09-24")
    return e


def findings(report: Report, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule_id]


def one(report: Report, rule_id: str) -> Finding:
    """The single finding of a rule (fails the test if there are none or several)."""
    found = findings(report, rule_id)
    assert len(found) == 1, [(f.outcome, f.message) for f in found]
    return found[0]


def graded(s: Scenario, e: Entries) -> Report:
    return grade(s, e.records())
