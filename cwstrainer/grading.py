"""The grader: a trainee's final records against a scenario, one finding per point.

``grade(scenario, records)`` runs every registered rule check (skipping inference rules
a scenario switches off) and never raises on records the store can hold. The order of
clicks never matters: only the final records are graded. The verdict follows each
rule's weight: a critical error fails whatever the percentage. :func:`percent` and
:func:`passed` are the trainer's one definition of both, for every screen and export. A
report travels as JSON (the store keeps it with the submitted attempt); the score and
verdict written in it are never trusted, only recomputed from its findings.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from cwstrainer.boundary import Refused, parse_json
from cwstrainer.errors import TrainerError
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.rules.catalog import RULES, Weight, rule, teaches
from cwstrainer.rules.consequences import link_consequences
from cwstrainer.rules.context import Context
from cwstrainer.rules.findings import Finding, Outcome, RecordRef, Severity
from cwstrainer.rules.registry import checks
from cwstrainer.rules.world import PRESET_BROKEN_NOTE, PRESET_NOTE, is_preset, starting_records
from cwstrainer.scenario.model import Scenario

REPORT_FORMAT = "cwstrainer-report"
REPORT_VERSION = 2
_ORDER = {r.id: i for i, r in enumerate(RULES)}


def percent(score: float, possible: float) -> float:
    """The one percentage of the trainer: score over possible, to one decimal.

    With nothing possible (a scenario whose key asks for nothing the trainee can win),
    100 when nothing was lost and 0 when something was.
    """
    if possible <= 0:
        return 100.0 if score >= 0 else 0.0
    return round(100 * max(0.0, score) / possible, 1)


def passed(percent_: float, pass_mark: float, critical_errors: int) -> bool:
    """The verdict (RULES.md, Weights): no critical error, and the pass mark reached."""
    return critical_errors == 0 and percent_ >= pass_mark


@dataclass(frozen=True)
class Report:
    """Every finding of one grading, and the score and verdict they add up to.

    Extras take points off; the score never goes below zero. ``possible`` depends on
    the scenario and variant only, never on what the trainee entered. A critical error
    fails the attempt whatever the percentage.
    """

    scenario_id: str
    scenario_version: int
    pass_mark: int
    findings: tuple[Finding, ...]
    variant: str | None = None

    @property
    def points(self) -> float:
        """Points won less points lost, before the floor at zero."""
        return sum(f.points for f in self.findings)

    @property
    def score(self) -> float:
        return max(0.0, self.points)

    @property
    def possible(self) -> float:
        return sum(f.possible for f in self.findings)

    @property
    def percent(self) -> float:
        return percent(self.points, self.possible)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The mistakes in their own right (consequences and advice left out)."""
        return tuple(f for f in self.findings if f.is_error)

    @property
    def critical_errors(self) -> tuple[Finding, ...]:
        """The mistakes that fail the attempt whatever the percentage."""
        return tuple(f for f in self.findings if f.is_critical_error)

    @property
    def passed(self) -> bool:
        return passed(self.percent, self.pass_mark, len(self.critical_errors))

    @property
    def verdict(self) -> str:
        """The verdict in a trainer's words, the reason first."""
        return verdict_text(self.passed, len(self.critical_errors), self.percent, self.pass_mark)

    def consequences_of(self, cause: Finding) -> tuple[Finding, ...]:
        """The findings shown under ``cause``: they could not hold because of it."""
        if cause.key is None:
            return ()
        return tuple(f for f in self.findings if f.cause == cause.key)

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
            "critical_errors": len(self.critical_errors),
            "verdict": self.verdict,
            "findings": [_finding_dict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Report:
        """A report from its JSON; :class:`ReportInvalid` if it is not one.

        The score and verdict written in the text are never read: they follow from the
        findings. A version 1 report (before weights) takes each rule's catalogue weight.
        """
        try:
            data = parse_json(text, "report")
            if not isinstance(data, dict) or data.get("format") != REPORT_FORMAT:
                found = data.get("format") if isinstance(data, dict) else type(data).__name__
                raise ReportInvalid(f"not a {REPORT_FORMAT} (format is {found!r})")
            return cls(
                scenario_id=str(data["scenario"]["id"]),
                scenario_version=int(data["scenario"]["version"]),
                pass_mark=int(data["pass_mark"]),
                findings=tuple(_finding_from(f) for f in data["findings"]),
                variant=data["scenario"].get("variant"),
            )
        except ReportInvalid:
            raise
        except Refused as exc:
            raise ReportInvalid(f"not a valid report: {exc}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ReportInvalid(f"not a valid report: {type(exc).__name__}: {exc}") from None


def verdict_text(passed_: bool, critical: int, percent_: float, pass_mark: float) -> str:
    """ "Passed", or "Not passed" with its reason: critical errors first, then the mark."""
    if passed_:
        return "Passed"
    if critical:
        return f"Not passed: {critical} critical error{'s' if critical != 1 else ''}"
    return f"Not passed: {percent_:g}% is below the pass mark of {pass_mark:g}%"


class ReportInvalid(TrainerError):
    """Text that is not a grading report."""


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "outcome": str(f.outcome),
        "points": f.points,
        "possible": f.possible,
        "weight": str(f.weight),
        "weight_by_scenario": f.weight_by_scenario,
        "severity": str(f.severity),
        "message": f.message,
        "citation": f.citation,
        "inference": f.inference,
        "entered": f.entered,
        "expected": f.expected,
        "record": {"kind": str(f.record.kind), "id": f.record.id} if f.record else None,
        "key": f.key,
        "after": f.after,
        "cause": f.cause,
        "omission": f.omission,
        "value": f.value,
        "scored": f.scored,
        "preset": f.preset,
    }


def _finding_from(d: dict[str, Any]) -> Finding:
    record = d.get("record")
    rule_id = str(d["rule"])
    weight = Weight(d["weight"]) if "weight" in d else rule(rule_id).weight
    outcome = Outcome(d["outcome"])
    scored = bool(d.get("scored", float(d["possible"]) != 0 or float(d["points"]) != 0))
    return Finding(
        rule_id=rule_id,
        outcome=outcome,
        points=float(d["points"]),
        possible=float(d["possible"]),
        severity=Severity(d["severity"]),
        message=str(d["message"]),
        citation=str(d["citation"]),
        inference=bool(d["inference"]),
        entered=d.get("entered"),
        expected=d.get("expected"),
        record=RecordRef(RecordKind(record["kind"]), int(record["id"])) if record else None,
        weight=weight,
        key=d.get("key"),
        after=d.get("after"),
        cause=d.get("cause"),
        omission=bool(d.get("omission", False)),
        value=d.get("value"),
        scored=scored,
        preset=bool(d.get("preset", False)),
        weight_by_scenario=bool(d.get("weight_by_scenario", False)),
    )


def _run(scenario: Scenario, records: AttemptRecords) -> list[Finding]:
    ctx = Context.build(scenario, records)
    found: list[Finding] = []
    for rule_id, run in checks().items():
        if scenario.rule_enabled(rule_id) and teaches(scenario.documentation, rule_id):
            found.extend(run(ctx))
    return found


def grade(scenario: Scenario, records: AttemptRecords, variant: str | None = None) -> Report:
    """Grade the final records of an attempt against the scenario's facts and key.

    ``scenario`` is the version the trainee saw: for a variant, ``variants.apply``'s
    result, whose id ``variant`` the report names. The scenario's starting records are
    graded too, once, so that an expectation a record of the scenario already met earns
    nothing (RULES.md, Scoring principles).
    """
    found = _run(scenario, records)
    at_start = _preset_keys(scenario)
    settled = [_settle(scenario, f, f.key in at_start) for f in found]
    settled = link_consequences(settled)
    settled.sort(key=lambda f: _ORDER[f.rule_id])
    return Report(scenario.id, scenario.version, scenario.pass_mark, tuple(settled), variant)


_PRESET: dict[int, tuple[Scenario, frozenset[str]]] = {}
_PRESET_KEPT = 64


def _preset_keys(scenario: Scenario) -> frozenset[str]:
    """The expectations the scenario's own starting records meet, graded once per
    scenario object (the cache holds the scenario, so its id is not reused meanwhile)."""
    kept = _PRESET.get(id(scenario))
    if kept is not None and kept[0] is scenario:
        return kept[1]
    keys = frozenset(
        f.key for f in _run(scenario, starting_records(scenario)) if f.key and is_preset(f)
    )
    if len(_PRESET) >= _PRESET_KEPT:
        _PRESET.pop(next(iter(_PRESET)))
    _PRESET[id(scenario)] = (scenario, keys)
    return keys


def _settle(scenario: Scenario, f: Finding, preset: bool) -> Finding:
    """A finding at the weight the scenario gives its rule, preset or not."""
    chosen = scenario.weights.get(f.rule_id)
    weight = Weight(chosen) if chosen else f.weight
    if weight == f.weight and not preset:
        return f
    settled = f.reweighed(weight, preset=preset)
    if preset:
        note = PRESET_NOTE if f.outcome is Outcome.MET else PRESET_BROKEN_NOTE
        settled = dataclasses.replace(settled, message=settled.message + note)
    if chosen:
        settled = dataclasses.replace(settled, weight_by_scenario=True)
    return settled
