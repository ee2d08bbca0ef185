"""ACL 15-49, "Instructions for Using the Exploitation Abuse Category": the allegations."""

from __future__ import annotations

from collections.abc import Iterator

from cwstrainer import codes
from cwstrainer.records import AllegationRecord, RecordKind
from cwstrainer.rules import expected
from cwstrainer.rules.common import allegation_key, key, other_allegation_key
from cwstrainer.rules.context import Context, code_text, ref
from cwstrainer.rules.findings import Finding, Outcome, finding
from cwstrainer.rules.registry import check
from cwstrainer.scenario.model import KeyAllegation, Referral

_EXPLOITATION = code_text(codes.ABUSE_CATEGORIES, codes.EXPLOITATION)


def _category(name: str) -> int | None:
    found = codes.ABUSE_CATEGORIES.find(name)
    return found.id if found else None


def _key_categories(ctx: Context, referral_id: str, victim: str) -> set[int | None]:
    return {
        _category(k.category)
        for k in ctx.s.key.other_allegations
        if k.referral == referral_id and k.victim == victim
    }


def cse_allegation(
    ctx: Context, referral: Referral, child: str
) -> tuple[AllegationRecord | None, bool]:
    """The allegation standing for a child's CSE on a referral, and whether it is right.

    An Exploitation allegation for the child is right; failing that, an allegation for
    the child that the key does not account for is the one entered in its place.
    """
    records = ctx.records_for(referral.id, child)
    right = ctx.allegations(records, child, codes.EXPLOITATION)
    if right:
        return right[0], True
    keyed = _key_categories(ctx, referral.id, child)
    other = [a for a in ctx.allegations(records, child) if a.abuse_category not in keyed]
    return (other[0] if other else None), False


@check("ALG-EXPLOITATION")
def exploitation(ctx: Context) -> Iterator[Finding]:
    """Each child a referral alleges was exploited gets an Exploitation allegation."""
    for referral in expected.cse_referrals(ctx.s):
        label = ctx.referral_label(referral)
        for child in referral.cse_alleged:
            name = ctx.first_name(child)
            k = key("ALG-EXPLOITATION", f"{referral.id}/{child}")
            alg, right = cse_allegation(ctx, referral, child)
            if alg is not None and right:
                yield finding(
                    "ALG-EXPLOITATION",
                    Outcome.MET,
                    f"{label[0].upper()}{label[1:]} has an Exploitation allegation for {name}.",
                    entered=_EXPLOITATION,
                    expected=_EXPLOITATION,
                    record=ref(RecordKind.ALLEGATION, alg.id),
                    key=k,
                )
            elif alg is not None:
                entered = code_text(codes.ABUSE_CATEGORIES, alg.abuse_category)
                yield finding(
                    "ALG-EXPLOITATION",
                    Outcome.WRONG_VALUE,
                    f"{name}'s allegation on {label} has Abuse Category {entered}; "
                    "commercial sexual exploitation is alleged, so the category is "
                    "Exploitation.",
                    entered=entered,
                    expected=_EXPLOITATION,
                    record=ref(RecordKind.ALLEGATION, alg.id),
                    key=k,
                )
            else:
                records = ctx.records_for(referral.id, child)
                yield finding(
                    "ALG-EXPLOITATION",
                    Outcome.MISSED,
                    f"No allegation for {name} on {label}; it alleges the commercial "
                    "sexual exploitation of a minor, so it needs an Exploitation "
                    "allegation for that child.",
                    entered="(none)",
                    expected=_EXPLOITATION,
                    record=ref(RecordKind.REFERRAL, records[0].id if records else None),
                    key=k,
                )


def _keyed(ctx: Context, k: KeyAllegation) -> AllegationRecord | None:
    category = _category(k.category)
    found = ctx.allegations(ctx.records_for(k.referral, k.victim), k.victim, category)
    return found[0] if found else None


def _why(k: KeyAllegation) -> str:
    return f" The evidence: {k.why}" if k.why else ""


@check("ALG-PERPETRATOR")
def perpetrator(ctx: Context) -> Iterator[Finding]:
    """The perpetrator named on each allegation is the one the evidence (the key) names."""
    for k in ctx.s.key.perpetrators:
        alg = _keyed(ctx, k)
        what = f"{k.category} allegation for {ctx.first_name(k.victim)}"
        want = ctx.client(k.perpetrator) if k.perpetrator else "(none)"
        mine, after = (
            key("ALG-PERPETRATOR", f"{k.referral}/{k.victim}/{k.category}"),
            allegation_key(k),
        )
        if alg is None:
            yield finding(
                "ALG-PERPETRATOR",
                Outcome.MISSED,
                f"No {what}, so no perpetrator named.{_why(k)}",
                expected=want,
                key=mine,
                after=after,
            )
            continue
        got = ctx.client(alg.perpetrator) if alg.perpetrator else "(none)"
        if alg.perpetrator == k.perpetrator:
            yield finding(
                "ALG-PERPETRATOR",
                Outcome.MET,
                f"Perpetrator on the {what}: {want}.{_why(k)}",
                entered=got,
                expected=want,
                record=ref(RecordKind.ALLEGATION, alg.id),
                key=mine,
                after=after,
            )
        else:
            yield finding(
                "ALG-PERPETRATOR",
                Outcome.WRONG_VALUE,
                f"Perpetrator on the {what} is {got}; the evidence names {want}.{_why(k)}",
                entered=got,
                expected=want,
                record=ref(RecordKind.ALLEGATION, alg.id),
                key=mine,
                after=after,
            )


def _supported(ctx: Context) -> set[tuple[str, int | None]]:
    """(victim, category) pairs the facts or the key account for."""
    pairs: set[tuple[str, int | None]] = {
        (c, codes.EXPLOITATION) for r in expected.cse_referrals(ctx.s) for c in r.cse_alleged
    }
    for k in (*ctx.s.key.other_allegations, *ctx.s.key.perpetrators):
        pairs.add((k.victim, _category(k.category)))
    return pairs


@check("ALG-OTHER")
def other(ctx: Context) -> Iterator[Finding]:
    """Other allegations, such as neglect, where the evidence (the key) supports them.

    An allegation the trainee added that neither the facts nor the key account for is
    an extra: the key is the scenario's statement of what the evidence supports.
    """
    for k in ctx.s.key.other_allegations:
        alg = _keyed(ctx, k)
        what = f"a {k.category} allegation for {ctx.first_name(k.victim)}"
        if alg is None:
            yield finding(
                "ALG-OTHER",
                Outcome.MISSED,
                f"The evidence supports {what}; none was entered.{_why(k)}",
                entered="(none)",
                expected=k.category,
                key=other_allegation_key(k),
            )
        elif k.perpetrator is not None and alg.perpetrator != k.perpetrator:
            got = ctx.client(alg.perpetrator) if alg.perpetrator else "(none)"
            yield finding(
                "ALG-OTHER",
                Outcome.WRONG_VALUE,
                f"{what[0].upper()}{what[1:]} is entered, naming {got}; the evidence "
                f"names {ctx.client(k.perpetrator)}.{_why(k)}",
                entered=got,
                expected=ctx.client(k.perpetrator),
                record=ref(RecordKind.ALLEGATION, alg.id),
                key=other_allegation_key(k),
            )
        else:
            yield finding(
                "ALG-OTHER",
                Outcome.MET,
                f"{what[0].upper()}{what[1:]} is entered.{_why(k)}",
                entered=k.category,
                expected=k.category,
                record=ref(RecordKind.ALLEGATION, alg.id),
                key=other_allegation_key(k),
            )
    supported = _supported(ctx)
    standing_in = {
        alg.id
        for r in expected.cse_referrals(ctx.s)
        for c in r.cse_alleged
        for alg, right in [cse_allegation(ctx, r, c)]
        if alg is not None and not right
    }
    for a in ctx.r.allegations:
        if (
            not a.created_by_trainee
            or a.abuse_category is None
            or a.victim is None
            or a.id in standing_in
            or (a.victim, a.abuse_category) in supported
        ):
            continue
        entered = code_text(codes.ABUSE_CATEGORIES, a.abuse_category)
        yield finding(
            "ALG-OTHER",
            Outcome.EXTRA,
            f"{entered} allegation for {ctx.first_name(a.victim)}: the evidence in "
            "this scenario does not support it.",
            entered=entered,
            expected="(none)",
            record=ref(RecordKind.ALLEGATION, a.id),
        )
