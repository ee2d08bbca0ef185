"""The grader: a trainee's final records against a scenario, one finding per point.

``grade(scenario, records)`` runs every registered rule check (skipping inference rules
a scenario switches off) and never raises on records the store can hold. The order of
clicks never matters: only the final records are graded. A report travels as JSON (the
store keeps it with the submitted attempt).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cwstrainer.errors import TrainerError
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.rules.catalog import RULES
from cwstrainer.rules.context import Context
from cwstrainer.rules.findings import Finding, Outcome, RecordRef, Severity
from cwstrainer.rules.registry import checks
from cwstrainer.rules.world import without_world_points
from cwstrainer.scenario.model import Scenario

REPORT_FORMAT = "cwstrainer-report"
REPORT_VERSION = 1
_ORDER = {r.id: i for i, r in enumerate(RULES)}


@dataclass(frozen=True)
class Report:
    """Every finding of one grading, and the score they add up to.

    Extras take points off; the score never goes below zero. ``possible`` depends on
    the scenario only, never on what the trainee entered.
    """

    scenario_id: str
    scenario_version: int
    pass_mark: int
    findings: tuple[Finding, ...]
    variant: str | None = None

    @property
    def score(self) -> float:
        return max(0.0, sum(f.points for f in self.findings))

    @property
    def possible(self) -> float:
        return sum(f.possible for f in self.findings)

    @property
    def percent(self) -> float:
        if self.possible == 0:
            return 0.0 if any(f.points < 0 for f in self.findings) else 100.0
        return round(100 * self.score / self.possible, 1)

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_mark

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": REPORT_FORMAT,
            "format_version": REPORT_VERSION,
            "scenario": {
                "id": self.scenario_id,
                "version": self.scenario_version,
                "variant": self.variant,
            },
            "score": self.score,
            "possible": self.possible,
            "percent": self.percent,
            "pass_mark": self.pass_mark,
            "passed": self.passed,
            "findings": [_finding_dict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Report:
        """A report from its JSON; :class:`ReportInvalid` if it is not one."""
        try:
            data = json.loads(text)
            if data.get("format") != REPORT_FORMAT:
                raise ReportInvalid(f"not a {REPORT_FORMAT} (format is {data.get('format')!r})")
            return cls(
                scenario_id=str(data["scenario"]["id"]),
                scenario_version=int(data["scenario"]["version"]),
                pass_mark=int(data["pass_mark"]),
                findings=tuple(_finding_from(f) for f in data["findings"]),
                variant=data["scenario"].get("variant"),
            )
        except ReportInvalid:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ReportInvalid(f"not a valid report: {type(exc).__name__}: {exc}") from None


class ReportInvalid(TrainerError):
    """Text that is not a grading report."""


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "outcome": str(f.outcome),
        "points": f.points,
        "possible": f.possible,
        "severity": str(f.severity),
        "message": f.message,
        "citation": f.citation,
        "inference": f.inference,
        "entered": f.entered,
        "expected": f.expected,
        "record": {"kind": str(f.record.kind), "id": f.record.id} if f.record else None,
    }


def _finding_from(d: dict[str, Any]) -> Finding:
    record = d.get("record")
    return Finding(
        rule_id=str(d["rule"]),
        outcome=Outcome(d["outcome"]),
        points=float(d["points"]),
        possible=float(d["possible"]),
        severity=Severity(d["severity"]),
        message=str(d["message"]),
        citation=str(d["citation"]),
        inference=bool(d["inference"]),
        entered=d.get("entered"),
        expected=d.get("expected"),
        record=RecordRef(RecordKind(record["kind"]), int(record["id"])) if record else None,
    )


def grade(scenario: Scenario, records: AttemptRecords, variant: str | None = None) -> Report:
    """Grade the final records of an attempt against the scenario's facts and key.

    ``scenario`` is the version the trainee saw: for a variant, ``variants.apply``'s
    result, whose id ``variant`` the report names.
    """
    ctx = Context.build(scenario, records)
    found: list[Finding] = []
    for rule_id, run in checks().items():
        if scenario.rule_enabled(rule_id):
            found.extend(run(ctx))
    found = without_world_points(scenario, records, found)
    found.sort(key=lambda f: _ORDER[f.rule_id])
    return Report(scenario.id, scenario.version, scenario.pass_mark, tuple(found), variant)
