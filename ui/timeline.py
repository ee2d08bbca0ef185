"""The scenario's dates and the special project date ranges, as data and as geometry.

The report's timeline shows when things happened (referral received, case opened,
removal, absences and returns, identified at risk, became a victim, services ended) and,
lane by lane, the date range of each special project the trainee entered against the
range the letters call for, so a wrong start date is *seen*. This module has no
painting in it: :func:`build_timeline` gathers the dates, :class:`TimelineLayout` turns
them into x and y coordinates. The widget and the PDF paint what it computes, and tests
check the geometry, not pixels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cwstrainer.fields import format_date
from cwstrainer.records import AttemptRecords, SpecialProjectRecord
from cwstrainer.rules.catalog import teaches
from cwstrainer.rules.context import Context
from cwstrainer.rules.grid import type_name
from cwstrainer.scenario.model import Scenario
from cwstrainer.special_projects import Notebook, is_csec_code


@dataclass(frozen=True)
class Event:
    """A dated fact of the scenario, drawn as a marker on the axis."""

    day: dt.date
    label: str


@dataclass(frozen=True)
class Span:
    """A start and end date; no end means "still open" (drawn up to today)."""

    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class Lane:
    """One special project: the range expected and the range(s) entered.

    ``entered_code`` names the code the trainee entered in this lane's place when it is
    another one (Victim During Care where Victim Before Care is due), as the findings do.
    """

    title: str
    expected: Span | None
    entered: tuple[Span, ...]
    entered_code: str | None = None

    @property
    def verdict(self) -> str:
        """In words, how the entered range compares with the expected one."""
        if self.expected is None:
            return "entered, but not expected"
        if not self.entered:
            return "expected, but not entered"
        e, x = self.entered[0], self.expected
        problems = [f"{self.entered_code} entered in its place"] if self.entered_code else []
        if e.start != x.start:
            problems.append(f"start {_day(e.start)}, expected {_day(x.start)}")
        if e.end != x.end:
            problems.append(f"end {_day(e.end)}, expected {_day(x.end)}")
        return "; ".join(problems) if problems else "dates as expected"

    @property
    def matches(self) -> bool:
        return self.verdict == "dates as expected"


def _day(day: dt.date | None) -> str:
    return format_date(day) if day else "none"


@dataclass(frozen=True)
class Timeline:
    """Everything the picture shows, with the scenario's today."""

    today: dt.date
    events: tuple[Event, ...]
    lanes: tuple[Lane, ...]

    def describe(self) -> str:
        """The picture in words, for screen readers and the PDF."""
        parts = [f"{format_date(e.day)}: {e.label}." for e in self.events]
        for lane in self.lanes:
            exp = lane.expected
            expected = f"expected {_day(exp.start)} to {_day(exp.end)}" if exp else "not expected"
            entered = (
                ", ".join(f"{_day(s.start)} to {_day(s.end)}" for s in lane.entered) or "nothing"
            )
            parts.append(f"{lane.title}: {expected}; entered {entered}; {lane.verdict}.")
        return " ".join(parts)


def scenario_events(s: Scenario) -> tuple[Event, ...]:
    """The scenario's dates a caseworker documents from, in date order."""
    events: list[Event] = []
    names = {s.referral_name(r) for r in s.referrals}
    for r in s.referrals:
        name = f" ({s.referral_name(r)})" if len(names) > 1 else ""
        events.append(Event(r.received, f"Referral received{name}"))
        if r.investigation_completed:
            events.append(Event(r.investigation_completed, "Investigation completed"))
    for c in s.cases:
        first = s.client(c.child).first_name
        events.append(Event(c.opened, f"Case opened ({first})"))
        if c.services_ended:
            events.append(Event(c.services_ended, f"Services ended ({first})"))
    for rm in s.removals:
        events.append(Event(rm.date, f"Removal ({s.client(rm.child).first_name})"))
        for a in rm.absences:
            events.append(Event(a.left, "Absent from placement"))
            if a.returned:
                events.append(Event(a.returned, "Returned to placement"))
    for ar in s.facts.at_risk:
        events.append(Event(ar.identified, "Identified at risk"))
        if ar.no_longer_at_risk:
            events.append(Event(ar.no_longer_at_risk, "No longer at risk"))
    for v in s.facts.victims:
        events.append(Event(v.became_victim, f"Became a victim ({s.client(v.child).first_name})"))
    events.append(Event(s.today, "Today (scenario)"))
    return tuple(sorted(events, key=lambda e: e.day))


def build_timeline(s: Scenario, records: AttemptRecords) -> Timeline:
    """The scenario's dates and, per special project, expected and entered ranges.

    Rows are matched to what the facts call for by the grader's own matching
    (:class:`~cwstrainer.rules.context.Context`), so that the timeline and the findings
    never disagree about which row answers which code.
    """
    ctx = Context.build(s, records)
    used: set[int] = set()
    lanes: list[Lane] = []

    def spans(row: SpecialProjectRecord | None) -> tuple[Span, ...]:
        if row is None:
            return ()
        used.add(row.id)
        return (Span(row.start_date, row.end_date),)

    for rm in ctx.referral_codes:
        rc = rm.expected
        entered = spans(rm.row)
        if rc.required or entered:
            title = f"S-CSEC Referral — referral received {format_date(rc.referral.received)}"
            lanes.append(Lane(title, Span(rc.start, rc.end), entered))
    for cm in ctx.case_codes if teaches(s.documentation, "CASE-SPC-ON-SUBSTANTIATION") else ():
        cc = cm.expected
        entered = spans(cm.row)
        if cc.required or entered:
            first = s.client(cc.child).first_name
            lanes.append(
                Lane(
                    f"{cc.code} — {first}'s case",
                    Span(cc.start, cc.end),
                    entered,
                    cm.row.code if cm.row is not None and cm.substitute else None,
                )
            )
    grid_used: set[int] = set()
    for gm in ctx.grid if teaches(s.documentation, "GRID-TYPE") else ():
        g = gm.expected
        entered_rows: tuple[Span, ...] = ()
        if gm.row is not None:
            grid_used.add(gm.row.id)
            entered_rows = (Span(gm.row.start_date, gm.row.end_date),)
        first = s.client(g.child).first_name
        lanes.append(
            Lane(
                f"{g.type} — {first}'s CSEC Data Grid",
                Span(g.start, g.end),
                entered_rows,
                type_name(gm.row.csec_type) if gm.row is not None and gm.substitute else None,
            )
        )
    for row in records.csec_rows if teaches(s.documentation, "GRID-TYPE") else ():
        if row.id not in grid_used:
            first = s.client(row.client).first_name if row.client in _ids(s) else row.client
            lanes.append(
                Lane(
                    f"{type_name(row.csec_type)} — {first}'s CSEC Data Grid",
                    None,
                    (Span(row.start_date, row.end_date),),
                )
            )
    for r in records.special_projects:
        if r.id not in used and r.code and is_csec_code(r.code):
            where = "referral" if r.notebook is Notebook.REFERRAL else "case"
            lanes.append(Lane(f"{r.code} — on a {where}", None, (Span(r.start_date, r.end_date),)))
    return Timeline(s.today, scenario_events(s), tuple(lanes))


def _ids(s: Scenario) -> set[str]:
    return {c.id for c in s.clients}


@dataclass(frozen=True)
class Bar:
    """A drawn range: x from and to, y and height; ``open_end`` if it runs to today."""

    x0: float
    x1: float
    y: float
    height: float
    open_end: bool


@dataclass(frozen=True)
class Marker:
    """An event's vertical line at ``x`` and its label on row ``row`` of the header."""

    event: Event
    x: float
    row: int


class TimelineLayout:
    """Dates to geometry for a timeline drawn ``width`` pixels wide.

    The date axis runs from a little before the first date to a little after the last
    (today), between ``label_width`` (the lane titles) and the right margin. Each lane
    has two rows, Expected and Entered, so a range is read against its expectation.
    """

    MARGIN = 16.0
    LABEL_ROW = 16.0
    AXIS = 22.0
    ROW = 16.0
    LANE_GAP = 12.0
    TITLE = 16.0

    def __init__(
        self,
        timeline: Timeline,
        width: float,
        label_width: float = 210.0,
        text_width: Callable[[str], float] = lambda text: 6.5 * len(text),
    ) -> None:
        self.timeline = timeline
        self.width = width
        self.left = label_width + self.MARGIN
        self.right = width - self.MARGIN
        days = [e.day for e in timeline.events] + [timeline.today]
        for lane in timeline.lanes:
            for span in (lane.expected, *lane.entered):
                if span is not None:
                    days += [d for d in (span.start, span.end) if d is not None]
        first, last = min(days), max(days)
        pad = max(7, (last - first).days // 20)
        self.first = first - dt.timedelta(days=pad)
        self.last = last + dt.timedelta(days=pad)
        self.markers = self._markers(text_width)
        rows = 1 + max((m.row for m in self.markers), default=0)
        self.axis_y = self.MARGIN + rows * self.LABEL_ROW + 4
        self.lanes_top = self.axis_y + self.AXIS

    def x(self, day: dt.date) -> float:
        """The x of a date: linear in days between the axis ends."""
        span = max(1, (self.last - self.first).days)
        return self.left + (day - self.first).days / span * (self.right - self.left)

    def _markers(self, text_width: Callable[[str], float]) -> tuple[Marker, ...]:
        """Events with their label row: a label goes on the first row where it fits."""
        ends: list[float] = []
        markers = []
        for event in self.timeline.events:
            x = self.x(event.day)
            width = text_width(event.label) + 8
            start = min(x, self.right - width)
            row = next((i for i, end in enumerate(ends) if end < start), len(ends))
            if row == len(ends):
                ends.append(start + width)
            else:
                ends[row] = start + width
            markers.append(Marker(event, x, row))
        return tuple(markers)

    def lane_top(self, index: int) -> float:
        """The y where lane ``index`` starts (its title row)."""
        return self.lanes_top + index * (self.TITLE + 2 * self.ROW + self.LANE_GAP)

    def _bar(self, span: Span, y: float) -> Bar | None:
        if span.start is None:
            return None
        end = span.end or self.timeline.today
        x0, x1 = self.x(span.start), self.x(max(end, span.start))
        return Bar(x0, max(x1, x0 + 2), y, self.ROW - 4, span.end is None)

    def expected_bar(self, index: int) -> Bar | None:
        """The expected range of lane ``index`` (None if nothing was expected)."""
        lane = self.timeline.lanes[index]
        if lane.expected is None:
            return None
        return self._bar(lane.expected, self.lane_top(index) + self.TITLE + 2)

    def entered_bars(self, index: int) -> tuple[Bar, ...]:
        """The entered range(s) of lane ``index`` (a range without a start is not drawn)."""
        y = self.lane_top(index) + self.TITLE + self.ROW + 2
        bars = (self._bar(s, y) for s in self.timeline.lanes[index].entered)
        return tuple(b for b in bars if b is not None)

    @property
    def height(self) -> float:
        return self.lane_top(len(self.timeline.lanes)) + self.MARGIN


def month_ticks(first: dt.date, last: dt.date, most: int = 14) -> tuple[dt.date, ...]:
    """First days of months between two dates, thinned to at most ``most`` ticks."""
    ticks = []
    day = dt.date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            ticks.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = max(1, -(-len(ticks) // most))
    return tuple(ticks[::step])


def ticks_that_fit(
    first: dt.date, last: dt.date, width: float, label_width: float
) -> tuple[dt.date, ...]:
    """Month ticks thinned so that their labels (``label_width`` wide) never overlap."""
    return month_ticks(first, last, most=max(2, int(width // (label_width + 12))))
