"""ACL 15-49, "Instructions for Using the Exploitation Abuse Category": reasons for removal."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cwstrainer import codes
from cwstrainer.records import PlacementRecord, RecordKind
from cwstrainer.rules.common import key, required_codes
from cwstrainer.rules.context import Context, code_text, date, ref
from cwstrainer.rules.findings import Finding, Outcome, finding
from cwstrainer.rules.registry import check
from cwstrainer.scenario.model import Removal

_EXPLOITATION = code_text(codes.REASONS_FOR_REMOVAL, codes.REMOVAL_EXPLOITATION)
_GENERAL_NEGLECT = code_text(codes.REASONS_FOR_REMOVAL, codes.REMOVAL_GENERAL_NEGLECT)


def _reasons(p: PlacementRecord) -> str:
    primary = code_text(codes.REASONS_FOR_REMOVAL, p.primary_reason)
    secondary = code_text(codes.REASONS_FOR_REMOVAL, p.secondary_reason)
    return f"primary {primary}, secondary {secondary}"


def _label(ctx: Context, rm: Removal) -> str:
    return f"the removal of {ctx.first_name(rm.child)} on {date(rm.date)}"


def _reasons_check(
    ctx: Context,
    rule_id: str,
    rm: Removal,
    *,
    want: str,
    right: Callable[[PlacementRecord], bool],
    met: str,
    wrong: str,
    after: str | None = None,
) -> Finding:
    """Grade the Reasons For Removal of the placement entered for ``rm``; ``met`` and
    ``wrong`` are messages where {removal} and {reasons} are filled in."""
    p = ctx.placements.get(rm.id)
    k = key(rule_id, rm.id)
    if p is None:
        return finding(
            rule_id,
            Outcome.MISSED,
            f"No placement was found for {_label(ctx, rm)} (Placement Management, red "
            "section of the referral).",
            entered="(none)",
            expected=want,
            key=k,
            after=after,
        )
    ok = right(p)
    return finding(
        rule_id,
        Outcome.MET if ok else Outcome.WRONG_VALUE,
        (met if ok else wrong).format(removal=_label(ctx, rm), reasons=_reasons(p)),
        entered=_reasons(p),
        expected=want,
        record=ref(RecordKind.PLACEMENT, p.id),
        key=k,
        after=after,
    )


@check("RMV-EXPLOITATION-REASON")
def exploitation_reason(ctx: Context) -> Iterator[Finding]:
    """CSE part of the removal decision: Exploitation as primary and/or secondary reason."""
    for rm in ctx.s.removals:
        if rm.cse_in_decision:
            yield _reasons_check(
                ctx,
                "RMV-EXPLOITATION-REASON",
                rm,
                want=f"{_EXPLOITATION} as primary or secondary reason",
                right=lambda p: (
                    codes.REMOVAL_EXPLOITATION in (p.primary_reason, p.secondary_reason)
                ),
                met="Commercial sexual exploitation was part of {removal}, and Exploitation is "
                "a reason for removal ({reasons}).",
                wrong="Commercial sexual exploitation was part of {removal}, but the reasons "
                "are {reasons}: Exploitation should be the primary and/or secondary reason.",
            )


@check("RMV-FAIL-TO-PROTECT")
def fail_to_protect(ctx: Context) -> Iterator[Finding]:
    """Failure to protect from CSE as the main reason: General Neglect primary, Exploitation
    secondary. The letter's own example ("could be"): graded as guidance."""
    for rm in ctx.s.removals:
        if rm.failure_to_protect_primary:
            yield _reasons_check(
                ctx,
                "RMV-FAIL-TO-PROTECT",
                rm,
                want=f"primary {_GENERAL_NEGLECT}, secondary {_EXPLOITATION}",
                right=lambda p: (
                    (p.primary_reason, p.secondary_reason)
                    == (codes.REMOVAL_GENERAL_NEGLECT, codes.REMOVAL_EXPLOITATION)
                ),
                met="The parent's failure to protect from CSE is the main reason for "
                "{removal}: General Neglect primary, Exploitation secondary.",
                wrong="The parent's failure to protect from CSE is the main reason for "
                "{removal}; the letter's example gives General Neglect as primary and "
                "Exploitation as secondary ({reasons} entered). This is the letter's guidance "
                "(\u201ccould be\u201d): advice, never counted against the pass.",
                after=key("RMV-EXPLOITATION-REASON", rm.id) if rm.cse_in_decision else None,
            )


@check("RMV-SPC-LINK")
def spc_link(ctx: Context) -> Iterator[Finding]:
    """Exploitation a reason for removal: every applicable CSEC code on the child's case."""
    for rm in ctx.s.removals:
        if not rm.cse_in_decision:
            continue
        wanted, missing, cause = required_codes(ctx, rm.child)
        if not wanted:
            continue
        case = ctx.s.case_of(rm.child)
        record = ctx.case_record(case) if case else None
        owner = ref(RecordKind.CASE, record.id if record else None)
        attached = [c for c in wanted if c not in missing]
        if missing:
            yield finding(
                "RMV-SPC-LINK",
                Outcome.MISSED,
                f"Exploitation is a reason for {_label(ctx, rm)}, so every applicable "
                f"CSEC code belongs on the case; missing: {', '.join(missing)}.",
                entered=", ".join(attached) or "(none)",
                expected=", ".join(wanted),
                record=owner,
                key=key("RMV-SPC-LINK", rm.id),
                after=cause,
            )
        else:
            yield finding(
                "RMV-SPC-LINK",
                Outcome.MET,
                f"Exploitation is a reason for {_label(ctx, rm)}, and every applicable "
                f"CSEC code is on the case: {', '.join(wanted)}.",
                entered=", ".join(attached),
                expected=", ".join(wanted),
                record=owner,
                key=key("RMV-SPC-LINK", rm.id),
            )
