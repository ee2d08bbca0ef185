"""ACL 16-74: S-CSEC Referral on every referral alleging CSE, and the CSE subcategories."""

from __future__ import annotations

from collections.abc import Iterator

from cwstrainer import codes
from cwstrainer.records import RecordKind
from cwstrainer.rules import expected
from cwstrainer.rules.catalog import Weight
from cwstrainer.rules.common import date_check, extras, key, omission, other_allegation_key
from cwstrainer.rules.context import Context, MatchedReferralCode, code_text, date, ref
from cwstrainer.rules.findings import Finding, Outcome, finding
from cwstrainer.rules.registry import check
from cwstrainer.scenario.model import Referral
from cwstrainer.special_projects import S_CSEC_REFERRAL

_CODE = S_CSEC_REFERRAL


def _names(ctx: Context, children: tuple[str, ...]) -> str:
    return " and ".join(ctx.first_name(c) for c in children)


def _presence(ctx: Context, m: MatchedReferralCode) -> Finding | None:
    """Whether the referral meant to carry an S-CSEC Referral carries it."""
    want = m.expected
    rule_id = want.presence_rule
    label = ctx.referral_label(want.referral)
    who = _names(ctx, want.children)
    k = key(rule_id, want.subject)
    after = (
        key("REF-ONE-PER-CHILD", f"{want.referral.id}/{want.children[0]}")
        if expected.splits_per_child(ctx.s, want.referral)
        or any(want.referral in report for report in expected.one_report_several_children(ctx.s))
        else None
    )
    if not want.required:
        if m.row is None:
            return finding(
                rule_id,
                Outcome.MET,
                f"No S-CSEC Referral was due on {label}: {want.why_not_required}. Nothing "
                "to enter, and nothing lost.",
                entered="(none)",
                expected="(none due)",
                scored=False,
                key=k,
            )
        return finding(
            rule_id,
            Outcome.MET,
            f"S-CSEC Referral on {label} was not required ({want.why_not_required}); "
            "entering it is not penalised.",
            entered=_CODE,
            record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
            scored=False,
            key=k,
        )
    why = (
        f"it alleges the commercial sexual exploitation of {who}"
        if rule_id == "REF-SPC-REQUIRED"
        else f"it is the primary referral of a duplicate or associated report alleging the "
        f"commercial sexual exploitation of {who}"
    )
    if m.row is not None:
        return finding(
            rule_id,
            Outcome.MET,
            f"S-CSEC Referral is on {label}: {why}.",
            entered=_CODE,
            expected=_CODE,
            record=ref(RecordKind.SPECIAL_PROJECT, m.row.id),
            key=k,
            after=after,
        )
    if m.record is None:
        return finding(
            rule_id,
            Outcome.MISSED,
            f"No referral stands for {label} with an allegation for {who}; "
            f"{why}, and needs S-CSEC Referral. (A referral you create is recognised "
            "by its received date and the victims of its allegations.)",
            expected=_CODE,
            key=k,
            after=after,
        )
    return finding(
        rule_id,
        Outcome.MISSED,
        f"{label[0].upper()}{label[1:]} has no S-CSEC Referral; {why}, whatever its "
        "method of referral or disposition.",
        entered="(none)",
        expected=_CODE,
        record=ref(RecordKind.REFERRAL, m.record.id),
        key=k,
        after=after,
    )


def _required(ctx: Context) -> Iterator[MatchedReferralCode]:
    return (m for m in ctx.referral_codes if m.expected.required)


@check("REF-SPC-REQUIRED")
def spc_required(ctx: Context) -> Iterator[Finding]:
    """Every referral alleging CSE carries S-CSEC Referral (from its received date on)."""
    for m in ctx.referral_codes:
        if m.expected.presence_rule == "REF-SPC-REQUIRED":
            found = _presence(ctx, m)
            if found is not None:
                yield found
    yield from extras(ctx, "REF-SPC-REQUIRED")


@check("REF-SPC-START")
def spc_start(ctx: Context) -> Iterator[Finding]:
    """The code starts on the date the referral was received."""
    for m in _required(ctx):
        yield date_check(
            "REF-SPC-START",
            code=_CODE,
            what="start date",
            row=m.row,
            wanted=m.expected.start,
            why="the date the referral was received",
            owner=ref(RecordKind.REFERRAL, m.record.id if m.record else None),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
        )


@check("REF-SPC-END")
def spc_end(ctx: Context) -> Iterator[Finding]:
    """End-dated once the referral is investigated: on the date the investigation ended."""
    for m in _required(ctx):
        done = m.expected.end
        why = (
            "the referral was investigated: the end date is the date the investigation was "
            "completed"
            if done
            else "the investigation is still open, so no end date yet"
        )
        yield date_check(
            "REF-SPC-END",
            code=_CODE,
            what="end date",
            row=m.row,
            wanted=done,
            why=why,
            owner=ref(RecordKind.REFERRAL, m.record.id if m.record else None),
            subject=m.expected.subject,
            after=key(m.expected.presence_rule, m.expected.subject),
            value_weight=Weight.MAJOR,
        )


@check("REF-DUPLICATE-PRIMARY")
def duplicate_primary(ctx: Context) -> Iterator[Finding]:
    """For duplicate or associated referrals the code goes on the primary only.

    The primary carries it even when only its duplicate alleges CSE (the letter puts the
    code "in the primary referral"); that expectation is graded here. Leaving the
    duplicate without the code is a decision the letter asks for, so it is an
    expectation of its own: met while no record of the duplicate carries the code.
    """
    for m in ctx.referral_codes:
        if m.expected.presence_rule == "REF-DUPLICATE-PRIMARY":
            found = _presence(ctx, m)
            if found is not None:
                yield found
    on_duplicates = ctx.unexpected_for("REF-DUPLICATE-PRIMARY")
    for referral in ctx.s.referrals:
        if referral.primary is None or not _alleges_cse(ctx, referral):
            continue
        records = {r.id for r in ctx.referral_records[referral.id]}
        rows = [u for u in on_duplicates if u.row.owner_id in records]
        label = f"the {referral.relation} {ctx.referral_label(referral)}"
        yield omission(
            "REF-DUPLICATE-PRIMARY",
            referral.id,
            rows,
            code=_CODE,
            why_none="the primary referral carries it",
            met=f"No S-CSEC Referral on {label}: right, it goes on the primary referral only.",
            owner=ref(RecordKind.REFERRAL, min(records)) if records else None,
        )
    counted = {r.id for dup in ctx.s.referrals if dup.primary for r in ctx.referral_records[dup.id]}
    answered = {u.row.id for u in on_duplicates if u.row.owner_id in counted}
    yield from extras(ctx, "REF-DUPLICATE-PRIMARY", answered)


def _alleges_cse(ctx: Context, referral: Referral) -> bool:
    """Whether a duplicate or associated referral belongs to a report alleging CSE."""
    if referral.cse_alleged:
        return True
    primary = next((r for r in ctx.s.referrals if r.id == referral.primary), None)
    return primary is not None and any(r.cse_alleged for r in expected.group_of(ctx.s, primary))


@check("REF-ONE-PER-CHILD")
def one_per_child(ctx: Context) -> Iterator[Finding]:
    """One unduplicated report alleging CSE of several children: a referral per child.

    A child's referral is their own when its CSE allegations name no other child of
    the same report.
    """
    for report in expected.one_report_several_children(ctx.s):
        children = list(dict.fromkeys(c for r in report for c in r.cse_alleged))
        everyone = " and ".join(ctx.first_name(c) for c in children)
        received = date(report[0].received)
        before: str | None = None  # children left together are one mistake, not one each
        for referral in report:
            for child in referral.cse_alleged:
                k = key("REF-ONE-PER-CHILD", f"{referral.id}/{child}")
                after, before = before, k
                others = set(children) - {child}
                own = next(
                    (
                        rec
                        for rec in ctx.referral_records[referral.id]
                        if child in ctx.cse_victims(rec) and not ctx.cse_victims(rec) & others
                    ),
                    None,
                )
                name, want = ctx.first_name(child), f"a referral for {ctx.client(child)}"
                if own is not None:
                    yield finding(
                        "REF-ONE-PER-CHILD",
                        Outcome.MET,
                        f"{name}'s CSE allegation from the report received {received} "
                        "is on a referral of its own.",
                        entered=want,
                        expected=want,
                        record=ref(RecordKind.REFERRAL, own.id),
                        key=k,
                        after=after,
                        weight=Weight.MAJOR,
                    )
                else:
                    yield finding(
                        "REF-ONE-PER-CHILD",
                        Outcome.MISSED,
                        f"The report received {received} alleges the commercial sexual "
                        f"exploitation of {everyone}: each child gets a separate CSEC "
                        f"referral, each with S-CSEC Referral. {name} has none of "
                        "their own.",
                        entered="(none)",
                        expected=want,
                        key=k,
                        after=after,
                        weight=Weight.MAJOR,
                    )


@check("REF-SUBCATEGORY")
def subcategory(ctx: Context) -> Iterator[Finding]:
    """Exploitation takes "Commercial Sexual Exploitation"; General Neglect takes
    "Fail/Unable to Protect from CSE", on referrals received once the subcategories
    were offered."""
    cse = codes.ABUSE_SUBCATEGORIES.by_id(codes.COMMERCIAL_SEXUAL_EXPLOITATION)
    if not cse.offered_on(ctx.today):
        return
    judged: set[int] = set()
    # A referral received before the subcategories were offered (ACL 16-49, 05/23/2016)
    # was documented without them; nothing in the letters asks a worker to go back to it.
    wanted = [
        (r.id, c, codes.EXPLOITATION, cse.id, key("ALG-EXPLOITATION", f"{r.id}/{c}"))
        for r in expected.cse_referrals(ctx.s)
        if cse.offered_on(r.received)
        for c in r.cse_alleged
    ]
    for k in ctx.s.key.other_allegations:
        sub = codes.ABUSE_SUBCATEGORIES.find(k.subcategory or "")
        parent = codes.ABUSE_CATEGORIES.find(k.category)
        if (
            sub is not None
            and parent is not None
            and sub.offered_on(ctx.s.referral(k.referral).received)
        ):
            wanted.append((k.referral, k.victim, parent.id, sub.id, other_allegation_key(k)))
    for referral_id, child, category, sub_id, after in wanted:
        k_ = key(
            "REF-SUBCATEGORY",
            f"{referral_id}/{child}/{code_text(codes.ABUSE_CATEGORIES, category)}",
        )
        found = ctx.allegations(ctx.records_for(referral_id, child), child, category)
        label = ctx.referral_label(ctx.s.referral(referral_id))
        what = (
            f"{code_text(codes.ABUSE_CATEGORIES, category)} allegation for {ctx.first_name(child)}"
        )
        sub_text = code_text(codes.ABUSE_SUBCATEGORIES, sub_id)
        if not found:
            yield finding(
                "REF-SUBCATEGORY",
                Outcome.MISSED,
                f"No {what} on {label}, so no Abuse Subcategory \u201c{sub_text}\u201d.",
                expected=sub_text,
                key=k_,
                after=after,
            )
            continue
        right = next((a for a in found if a.abuse_subcategory == sub_id), None)
        judged.update(a.id for a in found)
        if right is not None:
            yield finding(
                "REF-SUBCATEGORY",
                Outcome.MET,
                f"The {what} has Abuse Subcategory \u201c{sub_text}\u201d.",
                entered=sub_text,
                expected=sub_text,
                record=ref(RecordKind.ALLEGATION, right.id),
                key=k_,
                after=after,
            )
        else:
            entered = code_text(codes.ABUSE_SUBCATEGORIES, found[0].abuse_subcategory)
            yield finding(
                "REF-SUBCATEGORY",
                Outcome.WRONG_VALUE,
                f"The {what} has Abuse Subcategory {entered}; it should be \u201c{sub_text}\u201d.",
                entered=entered,
                expected=sub_text,
                record=ref(RecordKind.ALLEGATION, found[0].id),
                key=k_,
                after=after,
            )
    for a in ctx.r.allegations:
        given = a.abuse_subcategory
        if a.id in judged or given is None or given not in codes.ABUSE_SUBCATEGORIES:
            continue
        parent_id = codes.ABUSE_SUBCATEGORIES.by_id(given).parent_id
        if parent_id != a.abuse_category:
            yield finding(
                "REF-SUBCATEGORY",
                Outcome.EXTRA,
                f"\u201c{code_text(codes.ABUSE_SUBCATEGORIES, given)}\u201d is a "
                f"subcategory of {code_text(codes.ABUSE_CATEGORIES, parent_id)}, not of "
                f"{code_text(codes.ABUSE_CATEGORIES, a.abuse_category)}.",
                entered=code_text(codes.ABUSE_SUBCATEGORIES, given),
                expected=f"a subcategory of {code_text(codes.ABUSE_CATEGORIES, a.abuse_category)}",
                record=ref(RecordKind.ALLEGATION, a.id),
            )
