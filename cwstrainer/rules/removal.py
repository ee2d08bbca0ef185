"""ACL 15-49, "Instructions for Using the Exploitation Abuse Category": reasons for removal."""

from __future__ import annotations

from collections.abc import Iterator

from cwstrainer import codes
from cwstrainer.records import PlacementRecord, RecordKind
from cwstrainer.rules.common import required_codes
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


def _missing_placement(ctx: Context, rule_id: str, rm: Removal, expected: str) -> Finding:
    return finding(
        rule_id,
        Outcome.MISSED,
        f"No placement was found for {_label(ctx, rm)} (Placement Management, red "
        "section of the referral).",
        entered="(none)",
        expected=expected,
    )


@check("RMV-EXPLOITATION-REASON")
def exploitation_reason(ctx: Context) -> Iterator[Finding]:
    """CSE part of the removal decision: Exploitation as primary and/or secondary reason."""
    want = f"{_EXPLOITATION} as primary or secondary reason"
    for rm in ctx.s.removals:
        if not rm.cse_in_decision:
            continue
        p = ctx.placements.get(rm.id)
        if p is None:
            yield _missing_placement(ctx, "RMV-EXPLOITATION-REASON", rm, want)
        elif codes.REMOVAL_EXPLOITATION in (p.primary_reason, p.secondary_reason):
            yield finding(
                "RMV-EXPLOITATION-REASON",
                Outcome.MET,
                f"Commercial sexual exploitation was part of {_label(ctx, rm)}, and "
                f"Exploitation is a reason for removal ({_reasons(p)}).",
                entered=_reasons(p),
                expected=want,
                record=ref(RecordKind.PLACEMENT, p.id),
            )
        else:
            yield finding(
                "RMV-EXPLOITATION-REASON",
                Outcome.WRONG_VALUE,
                f"Commercial sexual exploitation was part of {_label(ctx, rm)}, but "
                f"the reasons are {_reasons(p)}: Exploitation should be the primary "
                "and/or secondary reason.",
                entered=_reasons(p),
                expected=want,
                record=ref(RecordKind.PLACEMENT, p.id),
            )


@check("RMV-FAIL-TO-PROTECT")
def fail_to_protect(ctx: Context) -> Iterator[Finding]:
    """Failure to protect from CSE as the main reason: General Neglect primary, Exploitation
    secondary. The letter's own example ("could be"): graded as guidance."""
    want = f"primary {_GENERAL_NEGLECT}, secondary {_EXPLOITATION}"
    for rm in ctx.s.removals:
        if not rm.failure_to_protect_primary:
            continue
        p = ctx.placements.get(rm.id)
        if p is None:
            yield _missing_placement(ctx, "RMV-FAIL-TO-PROTECT", rm, want)
        elif (p.primary_reason, p.secondary_reason) == (
            codes.REMOVAL_GENERAL_NEGLECT,
            codes.REMOVAL_EXPLOITATION,
        ):
            yield finding(
                "RMV-FAIL-TO-PROTECT",
                Outcome.MET,
                f"The parent's failure to protect from CSE is the main reason for "
                f"{_label(ctx, rm)}: General Neglect primary, Exploitation secondary.",
                entered=_reasons(p),
                expected=want,
                record=ref(RecordKind.PLACEMENT, p.id),
            )
        else:
            yield finding(
                "RMV-FAIL-TO-PROTECT",
                Outcome.WRONG_VALUE,
                f"The parent's failure to protect from CSE is the main reason for "
                f"{_label(ctx, rm)}; the letter's example gives General Neglect as "
                f"primary and Exploitation as secondary ({_reasons(p)} entered). This "
                "is the letter's guidance (\u201ccould be\u201d), weighed lighter.",
                entered=_reasons(p),
                expected=want,
                record=ref(RecordKind.PLACEMENT, p.id),
            )


@check("RMV-SPC-LINK")
def spc_link(ctx: Context) -> Iterator[Finding]:
    """Exploitation a reason for removal: every applicable CSEC code on the child's case."""
    for rm in ctx.s.removals:
        if not rm.cse_in_decision:
            continue
        wanted, missing = required_codes(ctx, rm.child)
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
            )
