"""Findings: one point won or lost, with the rule and citation behind it.

Points come from the rule's strength (``catalog.Strength``): a "shall" weighs more than
an example the letter gives ("could be"). An expectation the facts call for is worth its
weight whether or not it is met, so a scenario's possible score never depends on what
the trainee did; an entry the letters forbid (an *extra*) takes its weight off instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cwstrainer.records import RecordKind
from cwstrainer.rules.catalog import Strength, rule


class Outcome(StrEnum):
    """What the trainee's records did with one expectation."""

    MET = "met"
    MISSED = "missed"
    WRONG_VALUE = "wrong value"
    EXTRA = "extra"


class Severity(StrEnum):
    """How much a finding matters to the trainee, from the rule's strength."""

    OK = "ok"
    NOTE = "note"
    ADVICE = "advice"
    WARNING = "warning"
    ERROR = "error"


WEIGHTS: dict[Strength, float] = {
    Strength.REQUIRED: 2.0,
    Strength.JUDGMENT: 2.0,
    Strength.GUIDANCE: 1.0,
}
_SEVERITY: dict[Strength, Severity] = {
    Strength.REQUIRED: Severity.ERROR,
    Strength.JUDGMENT: Severity.WARNING,
    Strength.GUIDANCE: Severity.ADVICE,
}


@dataclass(frozen=True)
class RecordRef:
    """The record a finding concerns, so that a screen can "Go to" it."""

    kind: RecordKind
    id: int


@dataclass(frozen=True)
class Finding:
    """One graded point: the rule, what happened, the points, and why."""

    rule_id: str
    outcome: Outcome
    points: float
    possible: float
    severity: Severity
    message: str
    citation: str
    inference: bool
    entered: str | None = None
    expected: str | None = None
    record: RecordRef | None = None


def finding(
    rule_id: str,
    outcome: Outcome,
    message: str,
    *,
    entered: str | None = None,
    expected: str | None = None,
    record: RecordRef | None = None,
    scored: bool = True,
    reading: str | None = None,
) -> Finding:
    """A finding under ``rule_id``, its points, severity and citation from the catalogue.

    ``scored=False`` makes a 0-of-0 finding: a check passed with nothing to win (a
    guard such as DATE-ORDER) or an entry allowed but not yet required. ``reading``
    names the trainer's own reading where RULES.md is silent; such a finding is flagged
    as inference, like the findings of rules RULES.md marks so.
    """
    r = rule(rule_id)
    weight = WEIGHTS[r.strength] if scored else 0.0
    if outcome is Outcome.MET:
        points, possible = weight, weight
        severity = Severity.OK if scored else Severity.NOTE
    elif outcome is Outcome.EXTRA:
        points, possible, severity = -weight, 0.0, _SEVERITY[r.strength]
    else:
        points, possible, severity = 0.0, weight, _SEVERITY[r.strength]
    text = message
    if r.inference:
        text += f" (Inference, the trainer's reading of the letter: {r.inference_note})"
    if reading:
        text += f" (The trainer's reading: {reading})"
    return Finding(
        rule_id=rule_id,
        outcome=outcome,
        points=points,
        possible=possible,
        severity=severity,
        message=text,
        citation=r.citation,
        inference=r.inference or reading is not None,
        entered=entered,
        expected=expected,
        record=record,
    )
