"""ACL 16-74, citing ACL 16-49: the CSEC Data Grid in the Client notebook.

The system rules (GRID-ABSENT-END, GRID-NOT-BEFORE-BIRTH, GRID-DATE-ORDER,
GRID-NO-DUPLICATE) are CWS/CMS's own, and the notebook refuses a row that breaks one at
Save; here they are guards for rows that reach the grader some other way (an attempt
file, an import). Which type and which dates the facts call for (GRID-TYPE, GRID-DATES)
is the trainer's reading, since ACL 16-49's text is not in its sources: those findings
say so, and a scenario may state its rows itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from cwstrainer import codes
from cwstrainer.records import CsecRecord, RecordKind, grid_key
from cwstrainer.rules import expected
from cwstrainer.rules.catalog import Weight
from cwstrainer.rules.common import guard, key
from cwstrainer.rules.context import Context, MatchedGridRow, date, ref
from cwstrainer.rules.findings import Finding, Outcome, finding, value_of
from cwstrainer.rules.registry import check
from cwstrainer.scenario.model import Scenario

ABSENT = codes.CSEC_TYPES.find(expected.VICTIM_ABSENT_FROM_PLACEMENT)


def a_row(type_text: str) -> str:
    """ "an At Risk row", "a Victim ... row"."""
    return f"{'an' if type_text[:1].lower() in 'aeiou' else 'a'} {type_text} row"


def type_name(type_id: int | None) -> str:
    """A row's CSEC Type as the grid shows it, "(blank)", or the raw id."""
    if type_id is None:
        return "(blank)"
    return (
        codes.CSEC_TYPES.by_id(type_id).short_description
        if type_id in codes.CSEC_TYPES
        else (f"code {type_id}")
    )


@check("GRID-TYPE")
def grid_type(ctx: Context) -> Iterator[Finding]:
    """Each CSEC episode the facts give has a row of the type they call for.

    A child at risk on fewer than two indicators is an expectation too: no At Risk row.
    """
    for m in ctx.grid:
        want = m.expected
        name = ctx.first_name(want.child)
        k = key("GRID-TYPE", want.subject)
        source = " (The scenario states this row.)" if want.stated else ""
        if m.row is not None and not m.substitute:
            yield finding(
                "GRID-TYPE",
                Outcome.MET,
                f"{name}'s CSEC Data Grid has {a_row(want.type)}: {want.why}.{source}",
                entered=want.type,
                expected=want.type,
                record=ref(RecordKind.CSEC, m.row.id),
                key=k,
            )
        elif m.row is not None:
            entered = type_name(m.row.csec_type)
            yield finding(
                "GRID-TYPE",
                Outcome.WRONG_VALUE,
                f"{name}'s row is {entered}; the type is {want.type}: {want.why}.{source}",
                entered=entered,
                expected=want.type,
                record=ref(RecordKind.CSEC, m.row.id),
                key=k,
            )
        else:
            lost = lost_history(ctx).get((want.child, want.type, want.start))
            yield finding(
                "GRID-TYPE",
                Outcome.MISSED,
                f"No {want.type} row in {name}'s CSEC Data Grid: {want.why}.{source}",
                entered="(none)",
                expected=want.type,
                key=k,
                after=lost,
            )
    at_risk = codes.CSEC_TYPES.find(expected.AT_RISK)
    used: set[int] = set()
    for a in expected.grid_at_risk_omissions(ctx.s):
        name = ctx.first_name(a.child)
        known = expected.indicators_known(a, ctx.today)
        rows = [
            r
            for r in ctx.grid_unmatched
            if r.client == a.child and at_risk is not None and r.csec_type == at_risk.id
        ]
        used.update(r.id for r in rows)
        k = key("GRID-TYPE", f"{a.child}/{expected.AT_RISK}/{a.identified.isoformat()}/none")
        why = f"the type needs at least two risk indicators and the facts give {len(known)}"
        if rows:
            yield finding(
                "GRID-TYPE",
                Outcome.WRONG_VALUE,
                f"An At Risk row for {name}: {why}.",
                entered=expected.AT_RISK,
                expected="(none: fewer than two indicators)",
                record=ref(RecordKind.CSEC, rows[0].id),
                key=k,
                omission=True,
            )
        else:
            yield finding(
                "GRID-TYPE",
                Outcome.MET,
                f"No At Risk row for {name}: right, {why}.",
                entered="(none)",
                expected="(none)",
                key=k,
                omission=True,
            )
    for row in ctx.grid_unmatched:
        if row.id in used or row.world_key is not None:
            continue
        name = ctx.first_name(row.client)
        entered = type_name(row.csec_type)
        yield finding(
            "GRID-TYPE",
            Outcome.EXTRA,
            f"{a_row(entered)[0].upper()}{a_row(entered)[1:]} for {name} starting "
            f"{date(row.start_date)}: {_no_such_episode(ctx, row)}.",
            entered=entered,
            expected="(none)",
            record=ref(RecordKind.CSEC, row.id),
        )


def _grid_date(m: MatchedGridRow, what: str) -> Finding:
    """One date of an expected row, against the date the facts give."""
    want = m.expected
    is_end = what == "End Date"
    wanted: dt.date | None = want.end if is_end else want.start
    blank = "no End Date" if is_end else "(blank)"
    shown_want = date(wanted) if wanted else blank
    k = key("GRID-DATES", want.subject, what)
    after = key("GRID-TYPE", want.subject)
    why = _date_why(want, is_end)
    if m.row is None:
        return finding(
            "GRID-DATES",
            Outcome.MISSED,
            f"No {want.type} row, so no {what}: {why}.",
            expected=shown_want,
            key=k,
            after=after,
        )
    entered = m.row.end_date if is_end else m.row.start_date
    shown = date(entered) if entered else blank
    value = value_of(RecordKind.CSEC, m.row.id, "end_date" if is_end else "start_date")
    named = want.type if not m.substitute else f"{type_name(m.row.csec_type)} row (for {want.type})"
    outcome = Outcome.MET if entered == wanted else Outcome.WRONG_VALUE
    text = (
        f"{named} {what}: {shown_want}. {why[0].upper()}{why[1:]}."
        if outcome is Outcome.MET
        else f"{named} {what} is {shown}; it should be {shown_want}: {why}."
    )
    return finding(
        "GRID-DATES",
        outcome,
        text,
        entered=shown,
        expected=shown_want,
        record=ref(RecordKind.CSEC, m.row.id),
        key=k,
        after=after,
        value=value,
    )


def _date_why(want: expected.GridRow, is_end: bool) -> str:
    if want.stated:
        return "the date the scenario states"
    if want.type == expected.AT_RISK:
        if is_end:
            return (
                "the day the child was no longer at risk, or became a victim"
                if want.end
                else "the child is still considered at risk, so no End Date yet"
            )
        return "the day the caseworker identified the child as at risk"
    if want.type == expected.VICTIM_ABSENT_FROM_PLACEMENT:
        return "the day the child returned to placement" if is_end else "the first day absent"
    if is_end:
        return (
            "the day the exploitation ended"
            if want.end
            else "the facts give no day the exploitation ended, so no End Date"
        )
    return "the day the exploitation began"


@check("GRID-DATES")
def grid_dates(ctx: Context) -> Iterator[Finding]:
    """Each expected row's Start and End Date, from the facts."""
    for m in ctx.grid:
        yield _grid_date(m, "Start Date")
        yield _grid_date(m, "End Date")


@check("GRID-ABSENT-END")
def absent_end(ctx: Context) -> Iterator[Finding]:
    """A Victim while Absent from Placement row has an End Date (R-10971)."""
    rows = [r for r in ctx.r.csec_rows if ABSENT is not None and r.csec_type == ABSENT.id]
    mistakes = [
        finding(
            "GRID-ABSENT-END",
            Outcome.EXTRA,
            f"{ctx.first_name(r.client)}'s Victim while Absent from Placement row has no End "
            "Date. CWS/CMS: \u201cCSEC Victim while Absent from Placement requires an end "
            "date\u201d.",
            entered="no End Date",
            expected="an End Date",
            record=ref(RecordKind.CSEC, r.id),
            key=f"GRID-ABSENT-END@{value_of(RecordKind.CSEC, r.id, 'end_date')}",
            value=value_of(RecordKind.CSEC, r.id, "end_date"),
        )
        for r in rows
        if r.end_date is None
    ]
    yield from guard("GRID-ABSENT-END", mistakes, len(rows), "Every absence row has its End Date.")


@check("GRID-NOT-BEFORE-BIRTH")
def not_before_birth(ctx: Context) -> Iterator[Finding]:
    """No CSEC Start Date before the child's birth date (R-10974)."""
    born = {c.id: c.birth_date for c in ctx.s.clients}
    rows = [r for r in ctx.r.csec_rows if r.start_date and r.client in born]
    mistakes = [
        finding(
            "GRID-NOT-BEFORE-BIRTH",
            Outcome.EXTRA,
            f"{ctx.first_name(r.client)}'s {type_name(r.csec_type)} row starts "
            f"{date(r.start_date)}, before the child's birth date {date(born[r.client])}.",
            entered=date(r.start_date),
            expected=f"on or after {date(born[r.client])}",
            record=ref(RecordKind.CSEC, r.id),
            key=f"GRID-NOT-BEFORE-BIRTH@{value_of(RecordKind.CSEC, r.id, 'start_date')}",
            value=value_of(RecordKind.CSEC, r.id, "start_date"),
        )
        for r in rows
        if r.start_date is not None and r.start_date < born[r.client]
    ]
    yield from guard(
        "GRID-NOT-BEFORE-BIRTH",
        mistakes,
        len(rows),
        "No CSEC Start Date is before the child's birth date.",
    )


@check("GRID-DATE-ORDER")
def date_order(ctx: Context) -> Iterator[Finding]:
    """A row's End Date on or after its Start Date; the same day passes (R-10975)."""
    rows = [r for r in ctx.r.csec_rows if r.start_date and r.end_date]
    mistakes = [
        finding(
            "GRID-DATE-ORDER",
            Outcome.EXTRA,
            f"{ctx.first_name(r.client)}'s {type_name(r.csec_type)} row ends "
            f"{date(r.end_date)}, before it starts {date(r.start_date)}. CWS/CMS: \u201cCSEC End "
            "Date must be greater than or equal to CSEC Start Date\u201d.",
            entered=date(r.end_date),
            expected=f"on or after {date(r.start_date)}",
            record=ref(RecordKind.CSEC, r.id),
            key=f"GRID-DATE-ORDER@{value_of(RecordKind.CSEC, r.id, 'end_date')}",
            value=value_of(RecordKind.CSEC, r.id, "end_date"),
        )
        for r in rows
        if r.end_date is not None and r.start_date is not None and r.end_date < r.start_date
    ]
    yield from guard(
        "GRID-DATE-ORDER", mistakes, len(rows), "No CSEC End Date is before its Start Date."
    )


def duplicates(rows: tuple[CsecRecord, ...]) -> list[tuple[CsecRecord, CsecRecord]]:
    """Pairs of one child's rows of one type both left open (no End Date): the second was
    added while the first still stood, which CWS/CMS refuses."""
    pairs = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if (
                a.client == b.client
                and a.csec_type == b.csec_type
                and a.csec_type is not None
                and a.end_date is None
                and b.end_date is None
            ):
                pairs.append((a, b))
    return pairs


def lost_history(ctx: Context) -> dict[tuple[str, str, dt.date], str]:
    """Rows the scenario put in a grid that are gone or rewritten (their type or start
    changed): (child, type, start) of the row as it was, to the key of the finding."""
    kept = {r.world_key: r for r in ctx.r.csec_rows if r.world_key}
    lost: dict[tuple[str, str, dt.date], str] = {}
    for client in ctx.s.clients:
        for i, g in enumerate(client.csec_history):
            wk = grid_key(client.id, i)
            row = kept.get(wk)
            if row is None or type_name(row.csec_type) != g.type or row.start_date != g.start:
                lost[(client.id, g.type, g.start)] = f"GRID-NO-DUPLICATE@history:{wk}"
    return lost


def _no_such_episode(ctx: Context, row: CsecRecord) -> str:
    """Why a row of this type is not called for, in the facts' terms."""
    if type_name(row.csec_type) == expected.VICTIM_ABSENT_FROM_PLACEMENT:
        case = ctx.s.case_of(row.client)
        if case is None or case.kind != "foster care":
            return (
                f"{ctx.first_name(row.client)} was never in a foster care placement, so was "
                "never absent from one"
            )
    return "the facts show no such episode"


@check("GRID-NO-DUPLICATE")
def no_duplicate(ctx: Context) -> Iterator[Finding]:
    """No two rows of one type left open together for one child; a saved row is
    end-dated, not deleted or rewritten (the trainer's reading: CWS/CMS keeps CSEC
    history)."""
    mistakes = [
        finding(
            "GRID-NO-DUPLICATE",
            Outcome.EXTRA,
            f"{ctx.first_name(b.client)} has two {type_name(b.csec_type)} rows open together "
            f"(from {date(a.start_date)} and from {date(b.start_date)}). CWS/CMS: \u201cCSEC "
            f"duplication for code: {type_name(b.csec_type)}\u201d. End-date the first before "
            "adding another.",
            entered=f"two {type_name(b.csec_type)} rows",
            expected="one at a time",
            record=ref(RecordKind.CSEC, b.id),
        )
        for a, b in duplicates(ctx.r.csec_rows)
    ]
    kept = {r.world_key: r for r in ctx.r.csec_rows if r.world_key}
    for client in ctx.s.clients:
        for i, g in enumerate(client.csec_history):
            wk = grid_key(client.id, i)
            row = kept.get(wk)
            if row is not None and type_name(row.csec_type) == g.type and row.start_date == g.start:
                continue
            what = "deleted" if row is None else "rewritten as another episode"
            mistakes.append(
                finding(
                    "GRID-NO-DUPLICATE",
                    Outcome.EXTRA,
                    f"The {g.type} row from {date(g.start)} that was in {client.first_name}'s "
                    f"CSEC Data Grid was {what}; a saved row keeps its history: end-date it, "
                    "and add a new row for a new episode.",
                    entered=f"(the row {what})",
                    expected="the row kept, end-dated if it has ended",
                    record=ref(RecordKind.CSEC, row.id) if row is not None else None,
                    weight=Weight.MAJOR,
                    reading="CWS/CMS keeps CSEC history: its rows are end-dated, never deleted "
                    "or written over",
                    key=f"GRID-NO-DUPLICATE@history:{wk}",
                )
            )
    yield from guard(
        "GRID-NO-DUPLICATE",
        mistakes,
        len(ctx.r.csec_rows),
        "No two rows of one type are open together, and every saved row keeps its history.",
    )


@dataclass(frozen=True)
class Refusal:
    """A CSEC Data Grid row CWS/CMS refuses at Save: where, and CWS/CMS's own words."""

    client: str
    record_id: int
    field: str
    message: str


def refusal_at_save(s: Scenario, rows: tuple[CsecRecord, ...]) -> Refusal | None:
    """The first grid row CWS/CMS's system rules refuse at Save, in entry order, or None.

    R-10971 (an absence row needs its End Date), R-10975 (End Date on or after Start
    Date), R-10974 (Start Date not before the birth date) and the duplicate rule (two rows
    of one type open together).
    """
    born = {c.id: c.birth_date for c in s.clients}
    for r in rows:
        if ABSENT is not None and r.csec_type == ABSENT.id and r.end_date is None:
            return Refusal(
                r.client,
                r.id,
                "end_date",
                "CSEC Victim while Absent from Placement requires an end date",
            )
        if r.start_date and r.end_date and r.end_date < r.start_date:
            return Refusal(
                r.client,
                r.id,
                "end_date",
                "CSEC End Date must be greater than or equal to CSEC Start Date",
            )
        birth = born.get(r.client)
        if r.start_date and birth and r.start_date < birth:
            return Refusal(
                r.client,
                r.id,
                "start_date",
                f"CSEC Start Date {date(r.start_date)} is before the client's birth date "
                f"{date(birth)} (CWS/CMS rule R-10974)",
            )
    for _a, b in duplicates(rows):
        return Refusal(
            b.client, b.id, "csec_type", f"CSEC duplication for code: {type_name(b.csec_type)}"
        )
    return None
