"""Findings: one point won or lost, with the rule, its weight and the citation behind it.

A finding grades one *expectation* of the answer key (its ``key``), so that the same
scenario always has the same findings to earn, whatever the trainee touched: points
possible come from the key alone. An entry the letters forbid and the key did not foresee
(an *extra*) takes its weight off instead. How much a finding weighs comes from its rule's
weight (``catalog.Weight``); :func:`points_for` is the one place that turns an outcome and
a weight into points.

A finding may rest on another (``after``: the key of the expectation it needs, such as a
date on a row that must first exist). When that one is not met, this one is shown under
it as a *consequence* (``cause``): it is not a second mistake, and its points are counted
in its cause's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from cwstrainer.records import RecordKind
from cwstrainer.rules.catalog import Weight, rule


class Outcome(StrEnum):
    """What the trainee's records did with one expectation."""

    MET = "met"
    MISSED = "missed"
    WRONG_VALUE = "wrong value"
    EXTRA = "extra"


class Severity(StrEnum):
    """How a finding is shown: from its outcome and its weight."""

    OK = "ok"
    NOTE = "note"
    ADVICE = "advice"
    WARNING = "warning"
    ERROR = "error"


POINTS: dict[Weight, float] = {
    Weight.CRITICAL: 2.0,
    Weight.MAJOR: 2.0,
    Weight.ADVICE: 0.0,
}
_SEVERITY: dict[Weight, Severity] = {
    Weight.CRITICAL: Severity.ERROR,
    Weight.MAJOR: Severity.WARNING,
    Weight.ADVICE: Severity.ADVICE,
}


def value_of(kind: RecordKind, record_id: int, field: str) -> str:
    """The name of one entered value, for :attr:`Finding.value`."""
    return f"{kind}:{record_id}:{field}"


def points_for(
    outcome: Outcome, weight: Weight, *, scored: bool = True, preset: bool = False
) -> tuple[float, float]:
    """(points, possible) of one finding: the one scoring rule of the trainer.

    ``scored=False``: a check that has nothing to win (a guard passed, an entry allowed
    but not due). ``preset``: the expectation was already met by a record the scenario
    put in CWS/CMS, so it earns nothing while it stands and costs its weight if broken.
    """
    w = POINTS[weight] if scored else 0.0
    if outcome is Outcome.EXTRA:
        return -w, 0.0
    if preset:
        return (0.0, 0.0) if outcome is Outcome.MET else (-w, 0.0)
    return (w, w) if outcome is Outcome.MET else (0.0, w)


def severity_for(
    outcome: Outcome, weight: Weight, *, scored: bool = True, preset: bool = False
) -> Severity:
    """How a finding is shown: met (scored, or a note that earns nothing), or its weight's
    severity."""
    if outcome is Outcome.MET:
        return Severity.OK if scored and not preset else Severity.NOTE
    return _SEVERITY[weight]


@dataclass(frozen=True)
class RecordRef:
    """The record a finding concerns, so that a screen can "Go to" it."""

    kind: RecordKind
    id: int


@dataclass(frozen=True)
class Finding:
    """One graded point: the rule, what happened, the points, the weight, and why.

    ``key`` names the expectation of the answer key this finding grades (None for an
    extra or a guard); ``after`` the expectation it rests on; ``cause`` is set when that
    one was not met, making this finding its consequence. ``value`` names the entered value
    a finding judges (a field of a record): two findings about one value are one mistake.
    ``omission`` marks an
    expectation that something is *not* entered (a right decision to enter nothing).
    ``weight_by_scenario`` says the scenario changed the rule's weight.
    """

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
    weight: Weight = Weight.MAJOR
    key: str | None = None
    after: str | None = None
    cause: str | None = None
    omission: bool = False
    value: str | None = None
    scored: bool = True
    preset: bool = False
    weight_by_scenario: bool = False

    @property
    def is_error(self) -> bool:
        """A mistake in its own right: not met, not a consequence, not mere advice."""
        return (
            self.outcome is not Outcome.MET
            and self.cause is None
            and self.scored
            and self.weight is not Weight.ADVICE
        )

    @property
    def is_critical_error(self) -> bool:
        """A mistake that fails the attempt whatever its percentage (RULES.md, Weights)."""
        return self.is_error and self.weight is Weight.CRITICAL

    def reweighed(self, weight: Weight, *, preset: bool | None = None) -> Finding:
        """The same finding at another weight (a scenario's choice) or preset state."""
        now_preset = self.preset if preset is None else preset
        points, possible = points_for(self.outcome, weight, scored=self.scored, preset=now_preset)
        return dataclasses.replace(
            self,
            weight=weight,
            points=points,
            possible=possible,
            severity=severity_for(self.outcome, weight, scored=self.scored, preset=now_preset),
            preset=now_preset,
        )


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
    key: str | None = None,
    after: str | None = None,
    weight: Weight | None = None,
    omission: bool = False,
    value: str | None = None,
) -> Finding:
    """A finding under ``rule_id``, its points, weight and citation from the catalogue.

    ``scored=False`` makes a 0-of-0 finding: a check passed with nothing to win (a
    guard such as DATE-ORDER) or an entry allowed but not yet required. ``reading``
    names the trainer's own reading where RULES.md is silent; such a finding is flagged
    as inference, like the findings of rules RULES.md marks so. ``weight`` overrides the
    rule's weight for one part of a rule that RULES.md weighs in parts (REF-SPC-END's
    date, REF-ONE-PER-CHILD's one report on several children).
    """
    r = rule(rule_id)
    w = weight or r.weight
    points, possible = points_for(outcome, w, scored=scored)
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
        severity=severity_for(outcome, w, scored=scored),
        message=text,
        citation=r.citation,
        inference=r.inference or reading is not None,
        entered=entered,
        expected=expected,
        record=record,
        weight=w,
        key=key,
        after=after,
        omission=omission,
        scored=scored,
        value=value,
    )
