"""The entries a scenario's facts call for, derived by the letters' rules.

Pure functions of the scenario: an author types facts (who was exploited, when, in
care or not, substantiated or not), never the answers. Each expectation knows the rule
ids that grade its presence and its dates, and whether it is *required* (the rule and
the code's dates apply) or only *allowed* (correct, but not yet required: entering it
is not penalised, and it earns nothing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from cwstrainer.scenario.model import Absence, AtRisk, Case, Referral, Scenario, Victimization
from cwstrainer.special_projects import (
    S_CSEC_ABSENCE_FROM_PLACEMENT,
    S_CSEC_AT_RISK,
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_BEFORE_CARE,
    S_CSEC_VICTIM_DURING_CARE,
    special_project,
)

VICTIM_CODES = (S_CSEC_VICTIM_DURING_CARE, S_CSEC_VICTIM_BEFORE_CARE)


@dataclass(frozen=True)
class ReferralCode:
    """One S-CSEC Referral the facts call for, on one referral (or one child's own)."""

    referral: Referral
    children: tuple[str, ...]
    presence_rule: str
    required: bool
    start: dt.date
    end: dt.date | None
    why_not_required: str = ""

    @property
    def subject(self) -> str:
        """The expectation's name in finding keys: the referral and its children."""
        return f"{self.referral.id}/{'+'.join(self.children)}"


@dataclass(frozen=True)
class CaseCode:
    """One client CSEC code the facts call for on a child's case."""

    child: str
    case: Case
    code: str
    start: dt.date
    end: dt.date | None
    presence_rule: str
    start_rule: str
    end_rule: str
    required: bool
    victimization: Victimization | None = None
    at_risk: AtRisk | None = None
    absence: Absence | None = None
    why_not_required: str = ""
    subject: str = ""
    reading: str | None = None


def cse_referrals(s: Scenario) -> tuple[Referral, ...]:
    """The referrals alleging the commercial sexual exploitation of a child."""
    return tuple(r for r in s.referrals if r.cse_alleged)


def splits_per_child(s: Scenario, referral: Referral) -> bool:
    """Whether REF-ONE-PER-CHILD asks for one referral per CSE child of this report.

    Only for an unduplicated report naming several children, received once ACL 16-74's
    code was in use, and only while the scenario keeps the inference on.
    """
    return (
        referral.primary is None
        and len(referral.cse_alleged) > 1
        and s.rule_enabled("REF-ONE-PER-CHILD")
        and special_project(S_CSEC_REFERRAL).required_on(referral.received)
    )


def group_of(s: Scenario, primary: Referral) -> tuple[Referral, ...]:
    """A primary referral with its duplicate and associated referrals."""
    return (primary, *(r for r in s.referrals if r.primary == primary.id))


def referral_codes(s: Scenario) -> tuple[ReferralCode, ...]:
    """Every S-CSEC Referral the facts call for (ACL 16-74).

    A duplicate or associated referral's code goes on its primary (REF-DUPLICATE-PRIMARY),
    dated from the primary's received date. The code is required when some CSE report
    of the group came in on or after the code's required date: a referral received
    before 09/21/2016 never needs it.
    """
    code = special_project(S_CSEC_REFERRAL)
    found: list[ReferralCode] = []
    for primary in (r for r in s.referrals if r.primary is None):
        reports = [r for r in group_of(s, primary) if r.cse_alleged]
        if not reports:
            continue
        required = any(code.required_on(r.received) for r in reports)
        why = (
            ""
            if required
            else f"the referral was received before {code.required_from:%m/%d/%Y}, when "
            "S-CSEC Referral came into use"
        )
        rule_id = "REF-SPC-REQUIRED" if primary.cse_alleged else "REF-DUPLICATE-PRIMARY"
        children = primary.cse_alleged or tuple(c for r in reports for c in r.cse_alleged)
        sets = [(c,) for c in children] if splits_per_child(s, primary) else [children]
        for kids in sets:
            found.append(
                ReferralCode(
                    primary,
                    tuple(dict.fromkeys(kids)),
                    rule_id,
                    required,
                    primary.received,
                    primary.investigation_completed,
                    why,
                )
            )
    return tuple(found)


def indicators_known(at_risk: AtRisk, today: dt.date) -> tuple[str, ...]:
    """The distinct risk indicators the caseworker knew of by ``today``."""
    names = [
        f"other: {i.note}" if i.indicator == "other" else i.indicator
        for i in at_risk.indicators
        if i.identified <= today
    ]
    return tuple(dict.fromkeys(names))


def established(v: Victimization, today: dt.date) -> bool:
    """Whether a victimization calls for case codes by ``today``: once substantiated.

    ACL 15-49 attaches the codes "if the exploitation allegation is substantiated". Absence
    From Placement's description speaks of a child "identified as such upon return"; the
    trainer does not require it before substantiation, but allows it (see case_codes).
    """
    return v.substantiated is not None and v.substantiated <= today


def one_report_several_children(s: Scenario) -> tuple[tuple[Referral, ...], ...]:
    """Unduplicated CSE reports naming several children (REF-ONE-PER-CHILD).

    A report is one referral whose ``cse_alleged`` names several children, or several
    scenario referrals received on the same date at the same time (an author may write
    the separate referrals the trainee has to create). Only reports received once
    S-CSEC Referral was in use, and only while the scenario keeps the inference on.
    """
    if not s.rule_enabled("REF-ONE-PER-CHILD"):
        return ()
    code = special_project(S_CSEC_REFERRAL)
    reports: dict[tuple[dt.date, dt.time], list[Referral]] = {}
    for r in s.referrals:
        if r.primary is None and r.cse_alleged and code.required_on(r.received):
            reports.setdefault((r.received, r.received_time), []).append(r)
    return tuple(
        tuple(group)
        for group in reports.values()
        if len({c for r in group for c in r.cse_alleged}) > 1
    )


def _services_end(case: Case, today: dt.date) -> dt.date | None:
    return case.services_ended if case.services_ended and case.services_ended <= today else None


def _victim_code(s: Scenario, v: Victimization, case: Case) -> CaseCode:
    today = s.today
    end = _services_end(case, today)
    ok = established(v, today)
    pending = "" if ok else "the exploitation allegation is not substantiated yet"
    reading = None
    if v.timing == "in care":
        code, start, rule_id = S_CSEC_VICTIM_DURING_CARE, v.became_victim, "VDC-START"
    elif v.timing == "before care":
        code, start, rule_id = S_CSEC_VICTIM_BEFORE_CARE, case.opened, "VBC-START"
    elif v.timing == "at home":
        # A child never removed (an in-home case, a youth receiving independent living
        # services) is in ACL 15-49's population (footnote 1), but none of the four interim
        # codes names one: the trainer reads Victim Before Care, a victim who has not
        # entered foster care, dated from the case opening as the letter dates it.
        code, start, rule_id = S_CSEC_VICTIM_BEFORE_CARE, case.opened, "VBC-START"
        reading = (
            f"{s.client(v.child).first_name} was never in foster care; ACL 15-49's footnote "
            "1 puts such a child in the population, but none of the four interim codes names "
            "one, so the trainer reads Victim Before Care (a victim who has not entered "
            "foster care), started on the day the case was opened"
        )
    else:
        # Exploited while absent from a foster placement: Absence From Placement is the
        # letter's code; Victim During Care is allowed (the child was in foster care)
        # but not required.
        code, start, rule_id = S_CSEC_VICTIM_DURING_CARE, v.became_victim, "VDC-START"
        pending = (
            f"{s.client(v.child).first_name} was exploited while absent from placement: "
            "the letter's code for that is Absence From Placement"
        )
        ok = False
    found = _case_code(
        s,
        v.child,
        case,
        code,
        start,
        end,
        ok,
        pending,
        rule_id,
        presence="CASE-SPC-ON-SUBSTANTIATION",
        end_rule="VICTIM-END",
        victimization=v,
    )
    return dataclasses.replace(found, reading=reading) if reading else found


def _case_code(
    s: Scenario,
    child: str,
    case: Case,
    code: str,
    start: dt.date,
    end: dt.date | None,
    ok: bool,
    pending: str,
    start_rule: str,
    *,
    presence: str,
    end_rule: str,
    victimization: Victimization | None = None,
    at_risk: AtRisk | None = None,
    absence: Absence | None = None,
) -> CaseCode:
    spc = special_project(code)
    required = ok and spc.required_on(s.today)
    why = pending
    if ok and not required:
        why = f"{code} is required only from {spc.required_from:%m/%d/%Y}"
    return CaseCode(
        child,
        case,
        code,
        start,
        end,
        presence,
        start_rule,
        end_rule,
        required,
        victimization,
        at_risk,
        absence,
        why,
    )


def _absence(s: Scenario, absence_id: str | None) -> Absence | None:
    return next((a for rm in s.removals for a in rm.absences if a.id == absence_id), None)


def case_codes(s: Scenario) -> tuple[CaseCode, ...]:
    """Every client CSEC code the facts call for on the children's cases (ACL 15-49).

    Judged by the scenario's today, the day the worker documents. A child without an
    open case in the scenario has no case notebook to carry codes. Absence From Placement
    is expected only on a foster care case (ABS-POPULATION).
    """
    today = s.today
    found: list[CaseCode] = []
    for a in s.facts.at_risk:
        case = s.case_of(a.child)
        if case is None or len(indicators_known(a, today)) < 2:
            continue
        ends = [a.no_longer_at_risk] if a.no_longer_at_risk else []
        ends += [
            v.became_victim
            for v in s.facts.victims
            if v.child == a.child and v.became_victim >= a.identified and established(v, today)
        ]
        found.append(
            _case_code(
                s,
                a.child,
                case,
                S_CSEC_AT_RISK,
                a.identified,
                min(ends, default=None),
                True,
                "",
                "AR-START",
                presence="AR-WHEN",
                end_rule="AR-END",
                at_risk=a,
            )
        )
    for v in s.facts.victims:
        case = s.case_of(v.child)
        if case is None:
            continue
        found.append(_victim_code(s, v, case))
        absence = _absence(s, v.absence)
        if v.timing == "absent from placement" and absence and case.kind == "foster care":
            found.append(
                _case_code(
                    s,
                    v.child,
                    case,
                    S_CSEC_ABSENCE_FROM_PLACEMENT,
                    absence.left,
                    absence.returned,
                    established(v, today),
                    "the child is not yet identified as exploited during the absence",
                    "ABS-DATES",
                    presence="ABS-WHEN",
                    end_rule="ABS-DATES",
                    victimization=v,
                    absence=absence,
                )
            )
    return _named(found)


_Subjected = TypeVar("_Subjected", "CaseCode", "GridRow")


def _named(found: list[_Subjected]) -> tuple[_Subjected, ...]:
    """Each expectation with a subject of its own for finding keys: the child, the code or
    type, and the start (numbered where two would share one)."""
    seen: dict[str, int] = {}
    named: list[_Subjected] = []
    for c in found:
        kind = c.code if isinstance(c, CaseCode) else c.type
        base = f"{c.child}/{kind}/{c.start.isoformat()}"
        seen[base] = seen.get(base, 0) + 1
        subject = base if seen[base] == 1 else f"{base}#{seen[base]}"
        named.append(dataclasses.replace(c, subject=subject))
    return tuple(named)


# -- the CSEC Data Grid (ACL 16-74, citing ACL 16-49) ---------------------------------------

AT_RISK = "At Risk"
VICTIM_BEFORE_FOSTER_CARE = "Victim Before Foster Care"
VICTIM_DURING_FOSTER_CARE = "Victim During Foster Care"
VICTIM_IN_OPEN_CASE = "Victim in Open Case not in Foster Care"
VICTIM_ABSENT_FROM_PLACEMENT = "Victim while Absent from Placement"
VICTIM_CLOSED_CASE_ILP = "Victim with Closed Case, Rcv ILP Svcs"


@dataclass(frozen=True)
class GridRow:
    """One row the facts call for in a child's CSEC Data Grid.

    ``why`` says, in a trainee's words, why this type and these dates; ``stated`` marks a
    row the author wrote (``Scenario.grid``) rather than one the trainer derived.
    """

    child: str
    type: str
    start: dt.date
    end: dt.date | None
    why: str
    stated: bool = False
    subject: str = ""


def victim_grid_type(s: Scenario, v: Victimization) -> tuple[str, str] | None:
    """The CSEC Type a victimization calls for, and why (the trainer's reading), or None
    when the child is outside the population the grid's types name (no open case)."""
    case = s.case_of(v.child)
    name = s.client(v.child).first_name
    if v.timing == "absent from placement":
        if case is not None and case.kind == "foster care":
            return VICTIM_ABSENT_FROM_PLACEMENT, (
                f"{name} was exploited while absent from a foster care placement"
            )
        return None
    if v.timing == "in care":
        return VICTIM_DURING_FOSTER_CARE, f"{name} became a victim while in foster care"
    if v.timing == "before care":
        return VICTIM_BEFORE_FOSTER_CARE, f"{name} became a victim before entering foster care"
    if case is None:
        return None
    if case.kind == "independent living":
        return VICTIM_CLOSED_CASE_ILP, (
            f"{name} is a youth receiving independent living services, not in foster care"
        )
    if case.kind == "in-home":
        return VICTIM_IN_OPEN_CASE, (
            f"{name} has an open case and was never removed from home (ACL 15-49, footnote 1)"
        )
    return VICTIM_DURING_FOSTER_CARE, f"{name} was exploited while in foster care"


def grid_rows(s: Scenario) -> tuple[GridRow, ...]:
    """Every CSEC Data Grid row the facts call for, judged by the scenario's today.

    At Risk from the day identified (at least two indicators) to the day no longer at risk
    or became a victim; a victim row once the exploitation is substantiated, from the day
    it began to the day it ended (for an absence, the first day absent to the day of
    return). Rows the author states replace the derived rows of their child.
    """
    today = s.today
    found: list[GridRow] = []
    for a in s.facts.at_risk:
        if len(indicators_known(a, today)) < 2:
            continue
        ends = [a.no_longer_at_risk] if a.no_longer_at_risk else []
        ends += [
            v.became_victim
            for v in s.facts.victims
            if v.child == a.child and v.became_victim >= a.identified and established(v, today)
        ]
        end = min(ends, default=None)
        found.append(
            GridRow(
                a.child,
                AT_RISK,
                a.identified,
                end,
                f"{s.client(a.child).first_name} was identified at risk on at least two indicators",
            )
        )
    for v in s.facts.victims:
        typed = victim_grid_type(s, v)
        if typed is None or not established(v, today):
            continue
        kind, why = typed
        start, end = v.became_victim, v.ended
        absence = _absence(s, v.absence)
        if kind == VICTIM_ABSENT_FROM_PLACEMENT and absence is not None:
            start, end = absence.left, absence.returned
        found.append(GridRow(v.child, kind, start, end, why))
    stated = {r.child for r in s.grid}
    rows = [r for r in found if r.child not in stated]
    rows += [
        GridRow(r.child, r.type, r.start, r.end, r.why or "the scenario states this row", True)
        for r in s.grid
    ]
    return _named(rows)


def grid_at_risk_omissions(s: Scenario) -> tuple[AtRisk, ...]:
    """Children the facts show at risk on fewer than two indicators: no At Risk row."""
    stated = {r.child for r in s.grid}
    return tuple(
        a
        for a in s.facts.at_risk
        if a.child not in stated and len(indicators_known(a, s.today)) < 2
    )
