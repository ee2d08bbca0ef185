"""Checks several rules share: a date of an expected row, and the extras of one rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cwstrainer.records import RecordKind, SpecialProjectRecord
from cwstrainer.rules.catalog import Weight
from cwstrainer.rules.context import WHEN_RULE, Context, Unexpected, date, ref
from cwstrainer.rules.findings import Finding, Outcome, RecordRef, finding, value_of
from cwstrainer.scenario.model import KeyAllegation


def key(rule_id: str, subject: str, part: str = "") -> str:
    """The key of one expectation: its rule, its subject and, for dates, which date."""
    return f"{rule_id}@{subject}" + (f":{part}" if part else "")


def other_allegation_key(k: KeyAllegation) -> str:
    """The key of an allegation the answer key asks for besides Exploitation (ALG-OTHER)."""
    return key("ALG-OTHER", f"{k.referral}/{k.victim}/{k.category}")


def allegation_key(k: KeyAllegation) -> str:
    """The key of the allegation a perpetrator is named on: the child's Exploitation
    allegation (ALG-EXPLOITATION), or another the key asks for (ALG-OTHER)."""
    if k.category == "Exploitation":
        return key("ALG-EXPLOITATION", f"{k.referral}/{k.victim}")
    return other_allegation_key(k)


def date_check(
    rule_id: str,
    *,
    code: str,
    what: str,
    row: SpecialProjectRecord | None,
    wanted: dt.date | None,
    why: str,
    owner: RecordRef | None,
    subject: str,
    after: str,
    value_weight: Weight | None = None,
) -> Finding:
    """Grade one date of an expected Special Project row against the date the facts give.

    ``what`` is "start date" or "end date" (the row's field graded); ``why`` says what
    the date is by the letter. A wanted date of None means the row must have no such
    date yet. ``after`` is the key of the row's presence: without the row, this date is
    its consequence. ``value_weight`` weighs a date that is there but not the one due,
    where RULES.md weighs that apart (REF-SPC-END). A finding speaks of the code the
    trainee entered, and of the one due when they differ.
    """
    is_end = what == "end date"
    blank = "no end date" if is_end else "(blank)"
    expected = date(wanted) if wanted else blank
    k = key(rule_id, subject, what)
    if row is None:
        return finding(
            rule_id,
            Outcome.MISSED,
            f"No {code} row, so no {what}: {why}.",
            expected=expected,
            record=owner,
            key=k,
            after=after,
        )
    entered = row.end_date if is_end else row.start_date
    shown = date(entered) if entered else blank
    named = code if row.code == code else f"{row.code} (entered where {code} is due)"
    value = value_of(RecordKind.SPECIAL_PROJECT, row.id, "end_date" if is_end else "start_date")
    if entered == wanted:
        return finding(
            rule_id,
            Outcome.MET,
            f"{named} {what}: {expected}. {why[0].upper()}{why[1:]}.",
            entered=shown,
            expected=expected,
            record=ref(RecordKind.SPECIAL_PROJECT, row.id),
            key=k,
            after=after,
            value=value,
        )
    return finding(
        rule_id,
        Outcome.WRONG_VALUE,
        f"{named} {what} is {shown}; it should be {expected}: {why}.",
        entered=shown,
        expected=expected,
        record=ref(RecordKind.SPECIAL_PROJECT, row.id),
        key=k,
        after=after,
        weight=value_weight if entered is not None and wanted is not None else None,
        value=value,
    )


def guard(rule_id: str, mistakes: list[Finding], checked: int, ok: str) -> Iterator[Finding]:
    """A guard's findings: each mistake (an extra), or, when there was something to check
    and nothing wrong, one unscored "met" saying so."""
    yield from mistakes
    if checked and not mistakes:
        yield finding(rule_id, Outcome.MET, ok, scored=False)


def omission(
    rule_id: str,
    subject: str,
    rows: list[Unexpected],
    *,
    code: str,
    why_none: str,
    met: str,
    owner: RecordRef | None,
) -> Finding:
    """A right decision to enter nothing (RULES.md, Scoring principles): met while none of
    ``rows`` (the rows this rule names on that place) was entered, wrong with the first."""
    k = key(rule_id, f"{subject}/none")
    if rows:
        return finding(
            rule_id,
            Outcome.WRONG_VALUE,
            rows[0].message,
            entered=code,
            expected=f"(none: {why_none})",
            record=ref(RecordKind.SPECIAL_PROJECT, rows[0].row.id),
            key=k,
            omission=True,
        )
    return finding(
        rule_id,
        Outcome.MET,
        met,
        entered="(none)",
        expected="(none)",
        record=owner,
        key=k,
        omission=True,
    )


def extras(ctx: Context, rule_id: str, answered: set[int] | None = None) -> Iterator[Finding]:
    """The rows nobody expected that this rule names as mistakes (less those ``answered``
    by one of its expectations, such as a right omission broken)."""
    for u in ctx.unexpected_for(rule_id):
        if answered and u.row.id in answered:
            continue
        yield finding(
            rule_id,
            Outcome.EXTRA,
            u.message,
            entered=u.row.code,
            expected="(none)",
            record=ref(RecordKind.SPECIAL_PROJECT, u.row.id),
            reading=u.reading,
        )


def required_codes(ctx: Context, child: str) -> tuple[list[str], list[str], str | None]:
    """The distinct client codes a child's case needs, those not attached, and the key of
    the first mistake that left one out (what RMV-SPC-LINK and SPC-MULTIPLE rest on).

    A code is attached when at least one of its expected rows is on the case: a second
    absence left without its own Absence From Placement is ABS-PER-INCIDENT's point, not
    a code missing from the child. A row of the other victim code entered in place of the
    right one does not count as attached: that is VDC-WHEN's or VBC-WHEN's mistake.
    """
    wanted: list[str] = []
    attached: set[str] = set()
    cause: dict[str, str] = {}
    for m in ctx.case_codes:
        if m.expected.child != child or not m.expected.required:
            continue
        if m.expected.code not in wanted:
            wanted.append(m.expected.code)
        if m.row is not None and not m.substitute:
            attached.add(m.expected.code)
        elif m.row is not None:
            cause.setdefault(m.expected.code, key(WHEN_RULE[m.expected.code], m.expected.subject))
        else:
            cause.setdefault(m.expected.code, key(m.expected.presence_rule, m.expected.subject))
    missing = [c for c in wanted if c not in attached]
    return wanted, missing, (cause[missing[0]] if missing else None)
