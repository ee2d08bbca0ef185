"""ACL 15-49, "Four Special Project Codes": the client CSEC codes on the child's case."""

from __future__ import annotations

from collections.abc import Iterator

from cwstrainer.records import RecordKind
from cwstrainer.rules import expected
from cwstrainer.rules.common import date_check, extras, key, omission, required_codes
from cwstrainer.rules.context import WHEN_RULE, Context, MatchedCaseCode, date, ref
from cwstrainer.rules.findings import Finding, Outcome, RecordRef, finding
from cwstrainer.rules.registry import check
from cwstrainer.special_projects import (
    S_CSEC_ABSENCE_FROM_PLACEMENT,
    S_CSEC_AT_RISK,
    S_CSEC_VICTIM_BEFORE_CARE,
    S_CSEC_VICTIM_DURING_CARE,
)


def _owner(m: MatchedCaseCode) -> RecordRef | None:
    return ref(RecordKind.CASE, m.record.id if m.record else None)


def _of(ctx: Context, code: str) -> Iterator[MatchedCaseCode]:
    """The required expectations of one code."""
    return (m for m in ctx.case_codes if m.expected.code == code and m.expected.required)


def _what(ctx: Context, m: MatchedCaseCode) -> str:
    """What an expected code is for, in a trainee's words."""
    want = m.expected
    name = ctx.first_name(want.child)
    if want.absence is not None:
        return f"{name}'s absence from placement that began {date(want.absence.left)}"
    if want.at_risk is not None:
        return f"{name}, identified as at risk on {date(want.at_risk.identified)}"
    became = want.victimization.became_victim if want.victimization else want.start
    return f"{name}'s exploitation (became a victim {date(became)})"


def _presence(
    ctx: Context, rule_id: str, m: MatchedCaseCode, *, substitute_ok: bool
) -> Finding | None:
    """Whether the expected code is on the case: a row (``substitute_ok``: of either
    victim code) met, none missed; allowed-but-not-required rows are noted, unscored."""
    want = m.expected
    k = key(rule_id, want.subject)
    if not want.required:
        if m.row is None or m.substitute:
            return finding(
                rule_id,
                Outcome.MET,
                f"No {want.code} was due for {_what(ctx, m)}: {want.why_not_required}. "
                "Nothing to enter, and nothing lost.",
                entered="(none)",
                expected="(none due)",
                record=_owner(m),
                scored=False,
                key=k,
            )
        return finding(
            rule_id,
            Outcome.MET,
            f"{want.code} for {_what(ctx, m)} is not required "
            f"({want.why_not_required}); entering it is not penalised.",
            entered=want.code,
            record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
            scored=False,
            key=k,
        )
    if m.row is not None and (substitute_ok or not m.substitute):
        which = (
            f" (a victim code is attached; the one due is {want.code}: see {WHEN_RULE[want.code]})"
            if m.substitute
            else ""
        )
        return finding(
            rule_id,
            Outcome.MET,
            f"{m.row.code} is on the case for {_what(ctx, m)}{which}.",
            reading=want.reading,
            entered=m.row.code,
            expected=want.code,
            record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
            key=k,
        )
    return finding(
        rule_id,
        Outcome.MISSED,
        f"No {want.code} on {ctx.first_name(want.child)}'s case for {_what(ctx, m)}.",
        reading=want.reading,
        entered="(none)",
        expected=want.code,
        record=_owner(m),
        key=k,
    )


def _presences(ctx: Context, rule_id: str, *, substitute_ok: bool = False) -> Iterator[Finding]:
    for m in ctx.case_codes:
        if m.expected.presence_rule == rule_id:
            found = _presence(ctx, rule_id, m, substitute_ok=substitute_ok)
            if found is not None:
                yield found


@check("CASE-SPC-ON-SUBSTANTIATION")
def on_substantiation(ctx: Context) -> Iterator[Finding]:
    """A substantiated exploitation allegation: a victim code on the child's case.

    Which victim code is right is VDC-WHEN's and VBC-WHEN's business; here either counts.
    """
    yield from _presences(ctx, "CASE-SPC-ON-SUBSTANTIATION", substitute_ok=True)


@check("SPC-MULTIPLE")
def multiple(ctx: Context) -> Iterator[Finding]:
    """A child whose facts call for several codes carries all of them at once."""
    for child in dict.fromkeys(m.expected.child for m in ctx.case_codes):
        wanted, missing, cause = required_codes(ctx, child)
        if len(wanted) < 2:
            continue
        m = next(m for m in ctx.case_codes if m.expected.child == child)
        name = ctx.first_name(child)
        attached = ", ".join(c for c in wanted if c not in missing) or "(none)"
        if missing:
            yield finding(
                "SPC-MULTIPLE",
                Outcome.MISSED,
                f"{name}'s facts call for several codes at once ({', '.join(wanted)}); "
                f"a child may carry several. Missing: {', '.join(missing)}.",
                entered=attached,
                expected=", ".join(wanted),
                record=_owner(m),
                key=key("SPC-MULTIPLE", child),
                after=cause,
            )
        else:
            yield finding(
                "SPC-MULTIPLE",
                Outcome.MET,
                f"{name} carries every code the facts call for: {', '.join(wanted)}.",
                entered=attached,
                expected=", ".join(wanted),
                record=_owner(m),
                key=key("SPC-MULTIPLE", child),
            )


def _when(ctx: Context, rule_id: str, code: str, timing: str) -> Iterator[Finding]:
    for m in _of(ctx, code):
        name = ctx.first_name(m.expected.child)
        k = key(rule_id, m.expected.subject)
        reading = m.expected.reading
        # A child never removed did not become a victim "before entering foster care": the
        # finding says what happened and that the code is the trainer's reading.
        became = "while living at home" if reading else timing
        if m.row is not None and not m.substitute:
            yield finding(
                rule_id,
                Outcome.MET,
                f"{code}: {name} became a victim {became}.",
                entered=code,
                expected=code,
                record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
                key=k,
                reading=reading,
            )
        elif m.row is not None:
            yield finding(
                rule_id,
                Outcome.WRONG_VALUE,
                f"{m.row.code} was chosen, but {name} became a victim {became}: the "
                f"code is {code}.",
                entered=m.row.code,
                expected=code,
                record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
                key=k,
                reading=reading,
            )
        else:
            yield finding(
                rule_id,
                Outcome.MISSED,
                f"{name} became a victim {became}: {code} belongs on the case.",
                entered="(none)",
                expected=code,
                record=_owner(m),
                key=k,
                after=key(m.expected.presence_rule, m.expected.subject),
                reading=reading,
            )
    yield from extras(ctx, rule_id)


@check("VDC-WHEN")
def vdc_when(ctx: Context) -> Iterator[Finding]:
    """Victim During Care for a child who became a victim while in foster care."""
    yield from _when(ctx, "VDC-WHEN", S_CSEC_VICTIM_DURING_CARE, "while in foster care")


@check("VBC-WHEN")
def vbc_when(ctx: Context) -> Iterator[Finding]:
    """Victim Before Care for a child who became a victim before entering foster care."""
    yield from _when(ctx, "VBC-WHEN", S_CSEC_VICTIM_BEFORE_CARE, "before entering foster care")


def _start(ctx: Context, rule_id: str, code: str, why: str) -> Iterator[Finding]:
    for m in _of(ctx, code):
        yield date_check(
            rule_id,
            code=code,
            what="start date",
            row=m.row,
            wanted=m.expected.start,
            why=why,
            owner=_owner(m),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
        )


@check("VDC-START")
def vdc_start(ctx: Context) -> Iterator[Finding]:
    """Victim During Care starts on the day the child, in care, became a victim."""
    yield from _start(
        ctx,
        "VDC-START",
        S_CSEC_VICTIM_DURING_CARE,
        "the date the child, while in care, became a victim, as identified "
        "through the county screening process",
    )


@check("VBC-START")
def vbc_start(ctx: Context) -> Iterator[Finding]:
    """Victim Before Care starts on the day the case was opened."""
    yield from _start(
        ctx,
        "VBC-START",
        S_CSEC_VICTIM_BEFORE_CARE,
        "the date the case was opened; it can never be earlier than the child's "
        "entry into the child welfare system",
    )


@check("VICTIM-END")
def victim_end(ctx: Context) -> Iterator[Finding]:
    """Both victim codes end when child welfare services end; none while they continue."""
    for code in (S_CSEC_VICTIM_DURING_CARE, S_CSEC_VICTIM_BEFORE_CARE):
        for m in _of(ctx, code):
            name = ctx.first_name(m.expected.child)
            why = (
                f"the date {name} stopped receiving child welfare services"
                if m.expected.end
                else f"{name} still receives child welfare services, so no end date yet"
            )
            yield date_check(
                "VICTIM-END",
                code=code,
                what="end date",
                row=m.row,
                wanted=m.expected.end,
                why=why,
                owner=_owner(m),
                subject=m.expected.subject,
                after=key(m.expected.presence_rule, m.expected.subject),
            )


@check("AR-WHEN")
def at_risk_when(ctx: Context) -> Iterator[Finding]:
    """At-Risk for a child with at least two risk indicators; one is not enough.

    A child the facts show at risk on fewer than two indicators is an expectation too:
    leaving the code off is the right decision, met while no At-Risk row is on the case.
    """
    yield from _presences(ctx, "AR-WHEN")
    flagged = ctx.unexpected_for("AR-WHEN")
    used: set[int] = set()
    for a in ctx.s.facts.at_risk:
        case = ctx.s.case_of(a.child)
        record = ctx.case_record(case) if case else None
        known = expected.indicators_known(a, ctx.today)
        if case is None or len(known) >= 2:
            continue
        name = ctx.first_name(a.child)
        rows = [
            u
            for u in flagged
            if record is not None and u.row.owner_id == record.id and u.row.id not in used
        ]
        used.update(u.row.id for u in rows)
        given = ", ".join(known) or "none"
        yield omission(
            "AR-WHEN",
            f"{a.child}/{a.identified.isoformat()}",
            rows,
            code=S_CSEC_AT_RISK,
            why_none="fewer than two indicators",
            met=f"No S-CSEC At-Risk for {name}: right, the code needs at least two risk "
            f"indicators and the facts give {len(known)} ({given}).",
            owner=ref(RecordKind.CASE, record.id if record else None),
        )
    yield from extras(ctx, "AR-WHEN", used)


@check("AR-START")
def at_risk_start(ctx: Context) -> Iterator[Finding]:
    """At-Risk starts on the day the caseworker identified the child as at risk."""
    yield from _start(
        ctx, "AR-START", S_CSEC_AT_RISK, "the date the caseworker identified the child as at risk"
    )


@check("AR-END")
def at_risk_end(ctx: Context) -> Iterator[Finding]:
    """At-Risk ends when the child is no longer at risk or became a victim."""
    for m in _of(ctx, S_CSEC_AT_RISK):
        a = m.expected.at_risk
        end = m.expected.end
        if end is None:
            why = "the child is still considered at risk, so no end date yet"
        elif a is not None and end == a.no_longer_at_risk:
            why = "the date the child was no longer considered at risk"
        else:
            why = "the date the child became a victim of commercial sexual exploitation"
        yield date_check(
            "AR-END",
            code=S_CSEC_AT_RISK,
            what="end date",
            row=m.row,
            wanted=end,
            why=why,
            owner=_owner(m),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
        )


@check("AR-TO-VICTIM")
def at_risk_to_victim(ctx: Context) -> Iterator[Finding]:
    """At risk, then a victim while in care: end-date At-Risk and add Victim During Care."""
    for m in _of(ctx, S_CSEC_AT_RISK):
        a = m.expected.at_risk
        if a is None:
            continue
        for v in ctx.s.facts.victims:
            if (
                v.child != a.child
                or v.timing != "in care"
                or v.became_victim < a.identified
                or not expected.established(v, ctx.today)
            ):
                continue
            victim = next(
                (
                    x
                    for x in ctx.case_codes
                    if x.expected.victimization == v
                    and x.expected.code == S_CSEC_VICTIM_DURING_CARE
                ),
                None,
            )
            ended = m.row is not None and m.row.end_date is not None
            added = victim is not None and victim.row is not None and not victim.substitute
            after = _first_gap(m, victim, ended)
            k = key("AR-TO-VICTIM", f"{a.child}/{v.became_victim.isoformat()}")
            name = ctx.first_name(a.child)
            entered = (
                f"At-Risk {'end-dated' if ended else 'not end-dated'}, Victim During "
                f"Care {'added' if added else 'not added'}"
            )
            want = "At-Risk end-dated, Victim During Care added"
            if ended and added:
                yield finding(
                    "AR-TO-VICTIM",
                    Outcome.MET,
                    f"{name} was documented at risk and then became a victim in care: "
                    "At-Risk is end-dated and Victim During Care added.",
                    entered=entered,
                    expected=want,
                    record=_owner(m),
                    key=k,
                )
            else:
                yield finding(
                    "AR-TO-VICTIM",
                    Outcome.MISSED,
                    f"{name} was documented at risk and then became a victim in care "
                    f"on {date(v.became_victim)}: end-date S-CSEC At-Risk and add "
                    "S-CSEC Victim During Care.",
                    entered=entered,
                    expected=want,
                    record=_owner(m),
                    key=k,
                    after=after,
                )


def _first_gap(at_risk: MatchedCaseCode, victim: MatchedCaseCode | None, ended: bool) -> str | None:
    """The key of the first mistake that keeps AR-TO-VICTIM from holding, if another
    finding names it: no At-Risk row, At-Risk not end-dated, Victim During Care missing
    or another code in its place."""
    if at_risk.row is None:
        return key(at_risk.expected.presence_rule, at_risk.expected.subject)
    if not ended:
        return key("AR-END", at_risk.expected.subject, "end date")
    if victim is None:
        return None
    if victim.row is None:
        return key(victim.expected.presence_rule, victim.expected.subject)
    if victim.substitute:
        return key(WHEN_RULE[victim.expected.code], victim.expected.subject)
    return None


@check("ABS-WHEN")
def absence_when(ctx: Context) -> Iterator[Finding]:
    """Absence From Placement for a child exploited while absent, identified on return."""
    yield from _presences(ctx, "ABS-WHEN")
    yield from extras(ctx, "ABS-WHEN")


@check("ABS-POPULATION")
def absence_population(ctx: Context) -> Iterator[Finding]:
    """Absence From Placement only for children and nonminor dependents in foster care.

    Each case outside foster care of a child the facts name (victim or at risk) is an
    expectation that the code stays off: the right decision, met while it does.
    """
    named = {v.child for v in ctx.s.facts.victims} | {a.child for a in ctx.s.facts.at_risk}
    flagged = ctx.unexpected_for("ABS-POPULATION")
    used: set[int] = set()
    for case in ctx.s.cases:
        record = ctx.case_record(case)
        if case.kind == "foster care" or case.child not in named:
            continue
        rows = [u for u in flagged if record is not None and u.row.owner_id == record.id]
        used.update(u.row.id for u in rows)
        yield omission(
            "ABS-POPULATION",
            case.id,
            rows,
            code=S_CSEC_ABSENCE_FROM_PLACEMENT,
            why_none="not in foster care",
            met=f"No Absence From Placement on {ctx.first_name(case.child)}'s {case.kind} "
            "case: right, it is only for children in foster care.",
            owner=ref(RecordKind.CASE, record.id if record else None),
        )
    yield from extras(ctx, "ABS-POPULATION", used)


@check("ABS-DATES")
def absence_dates(ctx: Context) -> Iterator[Finding]:
    """Absence From Placement from the first day absent to the day of return."""
    for m in _of(ctx, S_CSEC_ABSENCE_FROM_PLACEMENT):
        row = m.row
        yield date_check(
            "ABS-DATES",
            code=S_CSEC_ABSENCE_FROM_PLACEMENT,
            what="start date",
            row=row,
            wanted=m.expected.start,
            why="the date the child was first absent from placement, entered "
            "retroactively however long the identification took",
            owner=_owner(m),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
        )
        yield date_check(
            "ABS-DATES",
            code=S_CSEC_ABSENCE_FROM_PLACEMENT,
            what="end date",
            row=row,
            wanted=m.expected.end,
            why="the date the child returned to placement"
            if m.expected.end
            else "the child has not returned, so no end date yet",
            owner=_owner(m),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
        )


@check("ABS-PER-INCIDENT")
def absence_per_incident(ctx: Context) -> Iterator[Finding]:
    """One Absence From Placement for each separate absence."""
    by_child: dict[str, list[MatchedCaseCode]] = {}
    for m in _of(ctx, S_CSEC_ABSENCE_FROM_PLACEMENT):
        by_child.setdefault(m.expected.child, []).append(m)
    for child, ms in by_child.items():
        if len(ms) < 2:
            continue
        have = sum(m.row is not None for m in ms)
        text = (
            f"{len(ms)} separate absences with exploitation, {have} Absence From Placement code(s)"
        )
        outcome = Outcome.MET if have == len(ms) else Outcome.MISSED
        gap = next((m for m in ms if m.row is None), None)
        advice = "" if outcome is Outcome.MET else ": each absence gets a code of its own"
        yield finding(
            "ABS-PER-INCIDENT",
            outcome,
            f"{ctx.first_name(child)}: {text}{advice}.",
            entered=f"{have} code(s)",
            expected=f"{len(ms)} codes",
            record=_owner(ms[0]),
            key=key("ABS-PER-INCIDENT", child),
            after=key(gap.expected.presence_rule, gap.expected.subject) if gap else None,
        )
    yield from extras(ctx, "ABS-PER-INCIDENT")
