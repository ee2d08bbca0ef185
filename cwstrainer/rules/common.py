"""Checks several rules share: a date of an expected row, and the extras of one rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cwstrainer.records import RecordKind, SpecialProjectRecord
from cwstrainer.rules.context import Context, date, ref
from cwstrainer.rules.findings import Finding, Outcome, RecordRef, finding


def date_check(
    rule_id: str,
    *,
    code: str,
    what: str,
    row: SpecialProjectRecord | None,
    wanted: dt.date | None,
    why: str,
    owner: RecordRef | None,
) -> Finding:
    """Grade one date of an expected Special Project row against the date the facts give.

    ``what`` is "start date" or "end date" (the row's field graded); ``why`` says what
    the date is by the letter. A wanted date of None means the row must have no such
    date yet.
    """
    is_end = what == "end date"
    blank = "no end date" if is_end else "(blank)"
    expected = date(wanted) if wanted else blank
    if row is None:
        return finding(
            rule_id,
            Outcome.MISSED,
            f"No {code} row, so no {what}: {why}.",
            expected=expected,
            record=owner,
        )
    entered = row.end_date if is_end else row.start_date
    shown = date(entered) if entered else blank
    if entered == wanted:
        return finding(
            rule_id,
            Outcome.MET,
            f"{code} {what}: {expected}. {why[0].upper()}{why[1:]}.",
            entered=shown,
            expected=expected,
            record=ref(RecordKind.SPECIAL_PROJECT, row.id),
        )
    return finding(
        rule_id,
        Outcome.WRONG_VALUE,
        f"{code} {what} is {shown}; it should be {expected}: {why}.",
        entered=shown,
        expected=expected,
        record=ref(RecordKind.SPECIAL_PROJECT, row.id),
    )


def extras(ctx: Context, rule_id: str) -> Iterator[Finding]:
    """The rows nobody expected that this rule names as mistakes."""
    for u in ctx.unexpected_for(rule_id):
        yield finding(
            rule_id,
            Outcome.EXTRA,
            u.message,
            entered=u.row.code,
            expected="(none)",
            record=ref(RecordKind.SPECIAL_PROJECT, u.row.id),
            reading=u.reading,
        )


def required_codes(ctx: Context, child: str) -> tuple[list[str], list[str]]:
    """The distinct client codes a child's case needs, and those not attached.

    A code is attached when at least one of its expected rows is on the case: a second
    absence left without its own Absence From Placement is ABS-PER-INCIDENT's point, not
    a code missing from the child. A row of the other victim code entered in place of the
    right one does not count as attached.
    """
    wanted: list[str] = []
    attached: set[str] = set()
    for m in ctx.case_codes:
        if m.expected.child != child or not m.expected.required:
            continue
        if m.expected.code not in wanted:
            wanted.append(m.expected.code)
        if m.row is not None and not m.substitute:
            attached.add(m.expected.code)
    return wanted, [c for c in wanted if c not in attached]
