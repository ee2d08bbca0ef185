"""Dates and data: what CWS/CMS itself holds every entry to, whatever the letter.

These are guards: each mistake is an extra (points off); a guard with nothing wrong
reports one unscored "met" finding, so that the trainee sees it was checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cwstrainer.records import RecordKind, SpecialProjectRecord
from cwstrainer.rules.common import guard
from cwstrainer.rules.context import Context, date, ref
from cwstrainer.rules.findings import Finding, Outcome, finding, value_of
from cwstrainer.rules.registry import check
from cwstrainer.special_projects import is_csec_code, special_project


def _csec_rows(ctx: Context) -> list[SpecialProjectRecord]:
    return [s for s in ctx.r.special_projects if s.code is not None and is_csec_code(s.code)]


@check("DATE-ORDER")
def date_order(ctx: Context) -> Iterator[Finding]:
    """No Special Project row ends before it starts."""
    dated = [s for s in ctx.r.special_projects if s.start_date and s.end_date]
    mistakes = [
        finding(
            "DATE-ORDER",
            Outcome.EXTRA,
            f"{s.code or 'Special project'} ends {date(s.end_date)}, before it starts "
            f"{date(s.start_date)}.",
            entered=date(s.end_date),
            expected=f"on or after {date(s.start_date)}",
            record=ref(RecordKind.SPECIAL_PROJECT, s.id),
            key=f"DATE-ORDER@{value_of(RecordKind.SPECIAL_PROJECT, s.id, 'end_date')}",
            value=value_of(RecordKind.SPECIAL_PROJECT, s.id, "end_date"),
        )
        for s in dated
        if s.end_date is not None and s.start_date is not None and s.end_date < s.start_date
    ]
    yield from guard(
        "DATE-ORDER",
        mistakes,
        len(dated),
        "No special project's end date is before its start date.",
    )


def _dates(ctx: Context) -> Iterator[tuple[RecordKind, int, str, str, dt.date | None]]:
    for r in ctx.r.referrals:
        yield RecordKind.REFERRAL, r.id, "received_date", "Received Date", r.received_date
    for a in ctx.r.allegations:
        yield (
            RecordKind.ALLEGATION,
            a.id,
            "disposition_date",
            "Disposition Date",
            a.disposition_date,
        )
    for p in ctx.r.placements:
        yield RecordKind.PLACEMENT, p.id, "removal_date", "Removal Date", p.removal_date
    for g in ctx.r.csec_rows:
        yield RecordKind.CSEC, g.id, "start_date", "CSEC Start Date", g.start_date
        yield RecordKind.CSEC, g.id, "end_date", "CSEC End Date", g.end_date
    for s in ctx.r.special_projects:
        code = s.code or "Special project"
        yield RecordKind.SPECIAL_PROJECT, s.id, "start_date", f"{code} Start Date", s.start_date
        yield RecordKind.SPECIAL_PROJECT, s.id, "end_date", f"{code} End Date", s.end_date


@check("DATE-NOT-FUTURE")
def not_future(ctx: Context) -> Iterator[Finding]:
    """No date after the scenario's today, the day the worker documents."""
    dated = [d for d in _dates(ctx) if d[4] is not None]
    mistakes = [
        finding(
            "DATE-NOT-FUTURE",
            Outcome.EXTRA,
            f"{label} {date(value)} is after today ({date(ctx.today)}).",
            entered=date(value),
            expected=f"on or before {date(ctx.today)}",
            record=ref(kind, record_id),
            key=f"DATE-NOT-FUTURE@{value_of(kind, record_id, name)}",
            value=value_of(kind, record_id, name),
        )
        for kind, record_id, name, label, value in dated
        if value is not None and value > ctx.today
    ]
    yield from guard(
        "DATE-NOT-FUTURE", mistakes, len(dated), f"No date is after today ({date(ctx.today)})."
    )


@check("SPC-WRONG-NOTEBOOK")
def wrong_notebook(ctx: Context) -> Iterator[Finding]:
    """Client codes in the case notebook, S-CSEC Referral in the referral notebook."""
    rows = _csec_rows(ctx)
    mistakes = []
    for s in rows:
        home = special_project(s.code or "").notebook
        if home != s.notebook:
            mistakes.append(
                finding(
                    "SPC-WRONG-NOTEBOOK",
                    Outcome.EXTRA,
                    f"{s.code} is entered in a {s.notebook} notebook; it belongs on the "
                    f"{home} notebook's Special Projects page.",
                    entered=f"{s.notebook} notebook",
                    expected=f"{home} notebook",
                    record=ref(RecordKind.SPECIAL_PROJECT, s.id),
                )
            )
    yield from guard(
        "SPC-WRONG-NOTEBOOK", mistakes, len(rows), "Every CSEC code is in the right notebook."
    )


@check("SPC-NOT-YET-ACTIVE")
def not_yet_active(ctx: Context) -> Iterator[Finding]:
    """A code is chosen only from its availability date, judged by the scenario's today."""
    rows = _csec_rows(ctx)
    mistakes = []
    for s in rows:
        spc = special_project(s.code or "")
        if not spc.offered_on(ctx.today):
            mistakes.append(
                finding(
                    "SPC-NOT-YET-ACTIVE",
                    Outcome.EXTRA,
                    f"{s.code} is available only from {date(spc.available_from)}; today is "
                    f"{date(ctx.today)}.",
                    entered=s.code,
                    expected=f"available from {date(spc.available_from)}",
                    record=ref(RecordKind.SPECIAL_PROJECT, s.id),
                )
            )
    yield from guard(
        "SPC-NOT-YET-ACTIVE",
        mistakes,
        len(rows),
        "Every CSEC code entered was available on the day.",
    )
