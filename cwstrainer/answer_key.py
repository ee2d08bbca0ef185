"""The answer key of a scenario, exactly as the grader scores it (``cwstrainer key``).

The key is read off the grader itself: grading the records an attempt starts with
(:func:`cwstrainer.rules.world.starting_records`) yields one keyed finding for every
expectation of the answer key, whatever the records hold (RULES.md, Scoring principles),
so listing those findings lists what the grader will score, no more and no less: the
entries to make, the scenario's own records that already meet an expectation (they earn
nothing while they stay), the right decisions to enter nothing, and what is not due.
Each entry carries its rule, weight, citation and whether it is the trainer's inference,
with a label in words (what, and where: which referral, child, case, code, date) built
from the scenario and :mod:`cwstrainer.rules.expected`.

The trainer's answer-key preview and the ``key`` command both show this key.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cwstrainer import codes
from cwstrainer.errors import TrainerError
from cwstrainer.fields import format_date
from cwstrainer.grading import grade
from cwstrainer.rules import expected
from cwstrainer.rules.catalog import RuleGroup, Weight, rule
from cwstrainer.rules.findings import POINTS, Finding, Outcome
from cwstrainer.rules.world import starting_records
from cwstrainer.scenario import variants
from cwstrainer.scenario.model import Case, Scenario
from cwstrainer.special_projects import (
    OTHER_SPECIAL_PROJECTS,
    S_CSEC_ABSENCE_FROM_PLACEMENT,
    S_CSEC_AT_RISK,
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_BEFORE_CARE,
    S_CSEC_VICTIM_DURING_CARE,
    is_csec_code,
)

KEY_FORMAT = "cwstrainer-answer-key"
KEY_VERSION = 1


class UnknownVariant(TrainerError):
    """A variant the scenario does not have."""


class EntryStatus(StrEnum):
    """What the trainee has to do about one expectation, as the attempt starts."""

    TO_ENTER = "to enter"
    TO_CORRECT = "to correct"
    ALREADY_ENTERED = "already entered"
    ENTER_NOTHING = "enter nothing"
    NOT_DUE = "not due"


STATUS_HEADINGS: dict[EntryStatus, str] = {
    EntryStatus.TO_ENTER: "To enter",
    EntryStatus.TO_CORRECT: "To correct (the scenario's records do not meet these yet)",
    EntryStatus.ALREADY_ENTERED: (
        "Already entered by the scenario (earn nothing while they stay; cost their weight "
        "if broken)"
    ),
    EntryStatus.ENTER_NOTHING: "Right to enter nothing (met by leaving it out)",
    EntryStatus.NOT_DUE: "Not due (nothing to earn, nothing lost)",
}


@dataclass(frozen=True)
class KeyEntry:
    """One expectation of the answer key: what, where, the value due, and its rule."""

    key: str
    rule_id: str
    group: RuleGroup
    status: EntryStatus
    what: str
    where: str
    expected: str | None
    present: str | None
    weight: Weight
    weight_by_scenario: bool
    weight_words: str
    citation: str
    inference: bool
    possible: float
    omission: bool
    detail: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """What is expected, where, and (for a code) which rule's reason, in words."""
        text = f"{self.what} {self.where}".strip()
        return f"{text}, {self.detail}" if self.detail else text

    @property
    def points_text(self) -> str:
        """What the entry is worth, in words."""
        if self.status is EntryStatus.NOT_DUE:
            return "not scored"
        if self.status is EntryStatus.ALREADY_ENTERED:
            cost = POINTS[self.weight]
            return "earns nothing" + (f"; costs {cost:g} if broken" if cost else "")
        if self.possible == 0:
            return "never scored (advice)" if self.weight is Weight.ADVICE else "not scored"
        return f"{self.possible:g} point{'s' if self.possible != 1 else ''}"

    @property
    def weight_text(self) -> str:
        return f"{self.weight}" + (" (the scenario's choice)" if self.weight_by_scenario else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "rule": self.rule_id,
            "group": str(self.group),
            "status": str(self.status),
            "label": self.label,
            "what": self.what,
            "where": self.where,
            "detail": self.detail or None,
            "expected": self.expected,
            "present": self.present,
            "weight": str(self.weight),
            "weight_by_scenario": self.weight_by_scenario,
            "weight_words": self.weight_words,
            "citation": self.citation,
            "inference": self.inference,
            "possible": self.possible,
            "omission": self.omission,
            "note": self.note or None,
        }


@dataclass(frozen=True)
class AnswerKey:
    """Every expectation the grader scores for one scenario (and variant)."""

    scenario_id: str
    scenario_version: int
    title: str
    variant: str | None
    today: dt.date
    pass_mark: int
    entries: tuple[KeyEntry, ...]
    rules_off: tuple[str, ...] = ()

    @property
    def possible(self) -> float:
        """Points possible: the same for every attempt at this scenario and variant."""
        return sum(e.possible for e in self.entries)

    def with_status(self, status: EntryStatus) -> tuple[KeyEntry, ...]:
        return tuple(e for e in self.entries if e.status is status)

    def sections(self) -> list[tuple[EntryStatus, list[tuple[RuleGroup, list[KeyEntry]]]]]:
        """The entries by status (those with any), then by the letters' grouping."""
        out: list[tuple[EntryStatus, list[tuple[RuleGroup, list[KeyEntry]]]]] = []
        for status in EntryStatus:
            entries = self.with_status(status)
            if not entries:
                continue
            groups = [(g, [e for e in entries if e.group is g]) for g in RuleGroup]
            out.append((status, [(g, es) for g, es in groups if es]))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": KEY_FORMAT,
            "format_version": KEY_VERSION,
            "scenario": {
                "id": self.scenario_id,
                "version": self.scenario_version,
                "title": self.title,
                "variant": self.variant,
            },
            "today": self.today.isoformat(),
            "pass_mark": self.pass_mark,
            "possible": self.possible,
            "rules_off": list(self.rules_off),
            "entries": [e.to_dict() for e in self.entries],
        }


def apply_variant(scenario: Scenario, variant: str | None) -> Scenario:
    """The scenario as a variant tells it; :class:`UnknownVariant` names the variants."""
    try:
        return variants.apply(scenario, variant)
    except KeyError:
        known = ", ".join(v.id for v in scenario.variants)
        has = f"its variants are: {known}" if known else "it has no variants"
        raise UnknownVariant(
            f"scenario {scenario.id!r} has no variant {variant!r}; {has}"
        ) from None


def answer_key(scenario: Scenario, variant: str | None = None) -> AnswerKey:
    """The answer key of ``scenario`` (as ``variant`` tells it, if one is named)."""
    shown = apply_variant(scenario, variant)
    report = grade(shown, starting_records(shown), variant)
    labels = _Labels(shown)
    keyed = [f for f in report.findings if f.key is not None]
    entries = [labels.entry(f) for f in keyed]
    return AnswerKey(
        shown.id,
        shown.version,
        shown.title,
        variant,
        shown.today,
        shown.pass_mark,
        _ordered(entries),
        tuple(rule_id for rule_id, on in shown.rules.items() if not on),
    )


def _ordered(entries: list[KeyEntry]) -> tuple[KeyEntry, ...]:
    """Grouped as the letters group the rules; within a group, one subject's entries
    together (a code, then its dates), in the grader's order otherwise."""
    first: dict[str, int] = {}
    for i, e in enumerate(entries):
        first.setdefault(_subject(e.key), i)
    order = {g: i for i, g in enumerate(RuleGroup)}
    return tuple(sorted(entries, key=lambda e: (order[e.group], first[_subject(e.key)])))


def status_of(f: Finding) -> EntryStatus:
    """What the trainee has to do about an expectation, from its finding on the
    starting records."""
    if f.preset:
        return EntryStatus.ALREADY_ENTERED
    if f.outcome is Outcome.MISSED:
        return EntryStatus.TO_ENTER
    if f.outcome is not Outcome.MET:
        return EntryStatus.TO_CORRECT
    if f.omission:
        return EntryStatus.ENTER_NOTHING
    if not f.scored:
        return EntryStatus.NOT_DUE
    return EntryStatus.ALREADY_ENTERED  # met and scored by the starting records alone


# -- labels ----------------------------------------------------------------------------------


def _subject(key: str) -> str:
    """The subject of a finding key: ``RULE@subject[:part]`` without rule and part."""
    return key.partition("@")[2].partition(":")[0]


@dataclass
class _Where:
    referral: str | None = None
    removal: str | None = None
    case: str | None = None
    children: tuple[str, ...] = ()
    code: str | None = None
    category: str | None = None
    date: dt.date | None = None
    ambiguous: bool = False
    grid: bool = False


_RULE_CODE: tuple[tuple[str, str], ...] = (
    ("REF-", S_CSEC_REFERRAL),
    ("AR-", S_CSEC_AT_RISK),
    ("ABS-", S_CSEC_ABSENCE_FROM_PLACEMENT),
    ("VDC-", S_CSEC_VICTIM_DURING_CARE),
    ("VBC-", S_CSEC_VICTIM_BEFORE_CARE),
)
_WHAT: dict[str, str] = {
    "REF-ONE-PER-CHILD": "a CSEC referral of the child's own",
    "ALG-EXPLOITATION": "Exploitation allegation",
    "RMV-EXPLOITATION-REASON": "Exploitation as primary or secondary reason",
    "RMV-FAIL-TO-PROTECT": "General Neglect as primary and Exploitation as secondary reason",
    "RMV-SPC-LINK": "every applicable CSEC code on the case",
    "SPC-MULTIPLE": "every applicable CSEC code, together",
    "AR-TO-VICTIM": "At-Risk end-dated and Victim During Care added",
    "ABS-PER-INCIDENT": "one Absence From Placement code for each absence",
}
_DETAIL: dict[str, str] = {
    "CASE-SPC-ON-SUBSTANTIATION": "attached once the exploitation allegation is substantiated",
    "VDC-WHEN": "the code for a child who became a victim while in foster care",
    "VBC-WHEN": "the code for a child who was a victim before entering foster care",
    "AR-WHEN": "the code for a child with at least two risk indicators",
    "ABS-WHEN": "the code for a child exploited while absent from placement",
}
_DATE_WORDS: dict[str, str] = {
    "AR-TO-VICTIM": "became a victim",
    "AR-WHEN": "considered at risk from",
}


def _rule_code(rule_id: str) -> str | None:
    return next((code for prefix, code in _RULE_CODE if rule_id.startswith(prefix)), None)


class _Labels:
    """Readable "what" and "where" for a finding key of one scenario."""

    def __init__(self, s: Scenario) -> None:
        self.s = s
        self.referral_codes = {c.subject: c for c in expected.referral_codes(s)}
        self.case_codes = {c.subject: c for c in expected.case_codes(s)}
        self.grid_rows = {g.subject: g for g in expected.grid_rows(s)}
        pairs = [(c.child, c.code) for c in self.case_codes.values()]
        self.repeated = {p for p in pairs if pairs.count(p) > 1}
        self.referrals = {r.id for r in s.referrals}
        self.removals = {rm.id: rm for rm in s.removals}
        self.cases = {c.id: c for c in s.cases}
        self.clients = {c.id for c in s.clients}
        self.titles = set(OTHER_SPECIAL_PROJECTS)

    def entry(self, f: Finding) -> KeyEntry:
        assert f.key is not None
        r = rule(f.rule_id)
        subject = _subject(f.key)
        part = f.key.partition("@")[2].partition(":")[2]
        where = self.where(subject)
        status = status_of(f)
        return KeyEntry(
            key=f.key,
            rule_id=f.rule_id,
            group=r.group,
            status=status,
            what=self.what(f.rule_id, where, part, f.omission),
            where=self.where_text(f.rule_id, where),
            expected=f.expected,
            present=f.entered if status is not EntryStatus.TO_ENTER else None,
            weight=f.weight,
            weight_by_scenario=f.weight_by_scenario,
            weight_words=r.weight_words,
            citation=f.citation,
            inference=f.inference,
            possible=f.possible,
            omission=f.omission,
            detail="" if part or f.omission else _DETAIL.get(f.rule_id, ""),
            note=self.note(f, status, where),
        )

    # -- parsing a subject --------------------------------------------------------------

    def where(self, subject: str) -> _Where:
        """The referral, removal, case, children, code, category and date a subject names."""
        g = self.grid_rows.get(subject)
        if g is not None:
            same = [r for r in self.grid_rows.values() if (r.child, r.type) == (g.child, g.type)]
            return _Where(
                children=(g.child,), code=g.type, date=g.start, ambiguous=len(same) > 1, grid=True
            )
        if subject.endswith("/none") and subject.count("/") == 3:  # a grid row not due
            child, kind, day, _ = subject.split("/")
            if kind in codes.CSEC_TYPES.descriptions():
                return _Where(children=(child,), code=kind, date=_iso(day), grid=True)
        cc = self.case_codes.get(subject)
        if cc is not None:
            return _Where(
                case=cc.case.id,
                children=(cc.child,),
                code=cc.code,
                date=cc.start,
                ambiguous=(cc.child, cc.code) in self.repeated,
            )
        rc = self.referral_codes.get(subject)
        if rc is not None:
            return _Where(referral=rc.referral.id, children=rc.children)
        w = _Where()
        tokens = subject.split("/") if subject else []
        for i, token in enumerate(tokens):
            if token == "none":
                continue
            if token in self.referrals and w.referral is None:
                w.referral = token
            elif token in self.removals and w.removal is None:
                w.removal = token
            elif token in self.cases and w.case is None:
                w.case = token
            elif token and all(c in self.clients for c in token.split("+")):
                w.children += tuple(token.split("+"))
            elif is_csec_code(token) or token in self.titles:
                w.code = token
            elif _iso(token) is not None:
                w.date = _iso(token)
            elif token.isdigit() and int(token) in codes.ABUSE_CATEGORIES:
                w.category = codes.ABUSE_CATEGORIES.by_id(int(token)).short_description
            else:  # a category's name, which may hold a "/" itself
                w.category = "/".join(tokens[i:])
                break
        return w

    # -- words ----------------------------------------------------------------------------

    def name(self, client_id: str) -> str:
        try:
            return self.s.client(client_id).display_name
        except KeyError:
            return client_id

    def what(self, rule_id: str, w: _Where, part: str, omission: bool) -> str:
        code = w.code or _rule_code(rule_id)
        if w.grid:
            row = f"{code} row"
            if omission:
                return f"no {row}"
            return f"{row} {part}" if part else row
        if omission:
            return f"no {code}" if code else "nothing entered"
        if rule_id == "REF-SUBCATEGORY":
            return f"Abuse Subcategory of the {w.category or 'CSE'} allegation"
        if rule_id == "ALG-PERPETRATOR":
            return f"perpetrator of the {w.category or 'Exploitation'} allegation"
        if rule_id == "ALG-OTHER":
            return f"{w.category or 'other'} allegation"
        if part:
            return f"{code} {part}" if code else part
        if rule_id in _WHAT:
            return _WHAT[rule_id]
        return code or rule_id

    def case_of(self, w: _Where) -> Case | None:
        if w.case is not None:
            return self.cases.get(w.case)
        if len(w.children) == 1 and w.referral is None and w.removal is None:
            return self.s.case_of(w.children[0])
        return None

    def where_text(self, rule_id: str, w: _Where) -> str:
        if w.grid:
            text = f"in the CSEC Data Grid of {self.name(w.children[0])} (Client notebook)"
            if w.ambiguous and w.date is not None:
                text += f", the one from {format_date(w.date)}"
            return text
        parts: list[str] = []
        if w.referral is not None:
            ref = self.s.referral(w.referral)
            parts.append(
                f"on referral {ref.id} \u201c{self.s.referral_name(ref)}\u201d received "
                f"{format_date(ref.received)}"
            )
        if w.removal is not None:
            rm = self.removals[w.removal]
            parts.append(f"for removal {rm.id} of {self.name(rm.child)} on {format_date(rm.date)}")
        case = self.case_of(w)
        if case is not None:
            parts.append(f"on case {case.id} of {self.name(case.child)}")
        elif w.children and w.removal is None:
            parts.append("for " + " and ".join(self.name(c) for c in w.children))
        if w.date is not None:
            if w.code is not None and w.case is not None:
                if w.ambiguous:
                    parts.append(f"(the one from {format_date(w.date)})")
            else:
                words = _DATE_WORDS.get(rule_id, "")
                parts.append(f"({words} {format_date(w.date)})".replace("( ", "("))
        return " ".join(parts)

    def note(self, f: Finding, status: EntryStatus, w: _Where) -> str:
        """Why, in the grader's words (or the author's, for the key's own allegations)."""
        if status is not EntryStatus.TO_ENTER:
            return f.message
        if f.rule_id in ("ALG-PERPETRATOR", "ALG-OTHER") and w.children:
            items = self.s.key.perpetrators + self.s.key.other_allegations
            for k in items:
                if (k.referral, k.victim, k.category) == (w.referral, w.children[0], w.category):
                    return f"The evidence: {k.why}" if k.why else ""
        return ""


def _iso(text: str) -> dt.date | None:
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


# -- text ----------------------------------------------------------------------------------


def key_text(key: AnswerKey) -> str:
    """The key for a person: by status, then as the letters group the rules."""
    variant = f", variant {key.variant}" if key.variant else ""
    lines = [
        f"Answer key: {key.title}",
        f"Scenario {key.scenario_id} (version {key.scenario_version}{variant}); today "
        f"{format_date(key.today)}; pass mark {key.pass_mark}%; {key.possible:g} points "
        f"possible from {len(key.entries)} expectation{'s' if len(key.entries) != 1 else ''}.",
        "Derived from the scenario's facts by the rules: exactly what the grader scores. "
        "A critical expectation missed, wrong or broken fails the attempt.",
    ]
    for status, groups in key.sections():
        lines += ["", STATUS_HEADINGS[status]]
        for group, entries in groups:
            lines.append(f"  {group}")
            for e in entries:
                lines.append(f"    {e.label}")
                value = f"expected: {e.expected if e.expected is not None else '(see the note)'}"
                if e.present is not None and e.status is EntryStatus.TO_CORRECT:
                    value += f"; now: {e.present}"
                lines.append(f"        {value}")
                flag = ", inference" if e.inference else ""
                lines.append(
                    f"        {e.rule_id} [{e.weight_text}{flag}], {e.points_text}; {e.citation}"
                )
                if e.note:
                    lines += textwrap.wrap(
                        e.note, 100, initial_indent=" " * 8, subsequent_indent=" " * 8
                    )
    if key.rules_off:
        lines += ["", f"Rules switched off for this scenario: {', '.join(key.rules_off)}."]
    return "\n".join(lines) + "\n"
