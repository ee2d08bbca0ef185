"""CSV exports that open cleanly in a spreadsheet: one row per attempt, one per finding.

Score, percent and verdict are the report's own (:mod:`cwstrainer.grading`), with the
verdict's reason: ``critical_errors`` fail an attempt whatever its percentage.

Written readable by their owner only (0600). UTF-8 with a byte-order mark (so Excel
reads accents right), CRLF rows, and any cell
that a spreadsheet would run as a formula (starting with = + - @ or a tab) is prefixed
with an apostrophe: trainee names are typed by people, and a CSV is no place for code.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from cwstrainer.exports.results import AttemptResult
from cwstrainer.paths import open_private

ATTEMPT_COLUMNS = (
    "attempt_id",
    "trainee_id",
    "trainee",
    "scenario_id",
    "scenario_version",
    "variant",
    "cohort",
    "mode",
    "started_at",
    "submitted_at",
    "duration_seconds",
    "score",
    "possible",
    "percent",
    "pass_mark",
    "passed",
    "critical_errors",
    "verdict",
)
FINDING_COLUMNS = (
    "attempt_id",
    "trainee",
    "scenario_id",
    "rule",
    "outcome",
    "points",
    "possible",
    "severity",
    "weight",
    "consequence_of",
    "inference",
    "citation",
    "entered",
    "expected",
    "message",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """The value, defused if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write(path: Path, columns: tuple[str, ...], rows: Iterable[dict[str, object]]) -> int:
    count = 0
    with open_private(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
            count += 1
    return count


def write_attempts(results: Iterable[AttemptResult], path: Path) -> int:
    """One row per submitted attempt; returns the number of rows."""
    return _write(
        path,
        ATTEMPT_COLUMNS,
        (
            {
                "attempt_id": r.attempt.id,
                "trainee_id": r.attempt.trainee_id,
                "trainee": r.trainee_name,
                "scenario_id": r.attempt.scenario_id,
                "scenario_version": r.attempt.scenario_version,
                "variant": r.attempt.variant or "",
                "cohort": r.attempt.cohort or "",
                "mode": r.attempt.mode,
                "started_at": r.attempt.started_at,
                "submitted_at": r.attempt.submitted_at,
                "duration_seconds": r.duration_seconds,
                "score": r.report.score,
                "possible": r.report.possible,
                "percent": r.report.percent,
                "pass_mark": r.report.pass_mark,
                "passed": "yes" if r.report.passed else "no",
                "critical_errors": len(r.report.critical_errors),
                "verdict": r.report.verdict,
            }
            for r in results
        ),
    )


def write_findings(results: Iterable[AttemptResult], path: Path) -> int:
    """One row per finding of every submitted attempt; returns the number of rows."""
    return _write(
        path,
        FINDING_COLUMNS,
        (
            {
                "attempt_id": r.attempt.id,
                "trainee": r.trainee_name,
                "scenario_id": r.attempt.scenario_id,
                "rule": f.rule_id,
                "outcome": str(f.outcome),
                "points": f.points,
                "possible": f.possible,
                "severity": str(f.severity),
                "weight": str(f.weight),
                "consequence_of": f.cause or "",
                "inference": "yes" if f.inference else "no",
                "citation": f.citation,
                "entered": f.entered or "",
                "expected": f.expected or "",
                "message": f.message,
            }
            for r in results
            for f in r.report.findings
        ),
    )
