"""Submitted attempts with their trainee and report: what every export is made from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from cwstrainer.grading import Report, ReportInvalid
from cwstrainer.store.store import Attempt, Store


@dataclass(frozen=True)
class AttemptResult:
    """One submitted attempt, ready to export."""

    attempt: Attempt
    trainee_name: str
    report: Report

    @property
    def duration_seconds(self) -> int:
        """Seconds from start to submission (0 if either time is missing)."""
        if not self.attempt.submitted_at:
            return 0
        try:
            start = dt.datetime.fromisoformat(self.attempt.started_at)
            end = dt.datetime.fromisoformat(self.attempt.submitted_at)
            return max(0, int((end - start).total_seconds()))
        except (TypeError, ValueError, OverflowError):  # a time an older import let in
            return 0


def submitted_results(
    store: Store, since: dt.date | None = None, until: dt.date | None = None
) -> Iterator[AttemptResult]:
    """Every submitted attempt with a readable report, oldest first, within the dates."""
    names = {t.id: t.name for t in store.trainees()}
    for attempt in reversed(store.attempts()):
        if not attempt.submitted or not attempt.submitted_at:
            continue
        try:
            day = dt.date.fromisoformat(attempt.submitted_at[:10])
        except (TypeError, ValueError):  # a time an older import let in: no date to filter
            if since or until:
                continue
        else:
            if (since and day < since) or (until and day > until):
                continue
        text = store.report_json(attempt.id)
        if text is None:
            continue
        try:
            report = Report.from_json(text)
        except ReportInvalid:
            continue
        yield AttemptResult(attempt, names.get(attempt.trainee_id, ""), report)
