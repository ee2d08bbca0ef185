"""The answer key a scenario's facts lead to, as the grader scores it (authoring preview).

An author types facts, never answers; this shows what the rules will expect from those
facts, so that a wrong fact (a date, a timing) shows up as a wrong expectation before any
trainee meets it. It is :func:`cwstrainer.answer_key.answer_key`, the same key
``cwstrainer key`` prints: every expectation the grader scores, with its rule, weight,
citation and the value due; what the scenario already entered (earns nothing); the right
decisions to enter nothing; and what is not due. Every line is in words (the weight, the
points, the status), so nothing depends on colour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cwstrainer.fields import format_date

if TYPE_CHECKING:
    from cwstrainer.answer_key import AnswerKey, KeyEntry
    from cwstrainer.scenario.model import Scenario


def _key(s: Scenario) -> AnswerKey:
    from cwstrainer.answer_key import answer_key

    return answer_key(s)  # ``s`` is already the version shown (a variant applied)


def _facts(e: KeyEntry) -> str:
    """Rule, weight, inference and points of an entry, in words."""
    flag = ", inference" if e.inference else ""
    return f"{e.rule_id}, {e.weight_text}{flag}; {e.points_text}"


def _value(e: KeyEntry) -> str:
    return e.expected if e.expected is not None else "(see the note)"


def key_items(s: Scenario) -> list[tuple[str, list[str]]]:
    """The answer key as sections of plain lines (the tests and the HTML read these).

    One section per status and letter group, e.g. "To enter: Referral (ACL 16-74)"; one
    line per expectation: what and where, the value due, then rule, weight and points.
    """
    out: list[tuple[str, list[str]]] = []
    for status, groups in _key(s).sections():
        for group, entries in groups:
            lines = [f"{e.label}: {_value(e)} [{_facts(e)}]" for e in entries]
            out.append((f"{str(status).capitalize()}: {group}", lines))
    return out


def _entry_html(e: KeyEntry) -> str:
    from cwstrainer.answer_key import EntryStatus

    esc = html.escape
    parts = [f"{esc(e.label)}: <b>{esc(_value(e))}</b>"]
    if e.present is not None and e.status is EntryStatus.TO_CORRECT:
        parts.append(f" (now: {esc(e.present)})")
    parts.append(f"<br>{esc(_facts(e))}. {esc(e.citation)}")
    if e.note:
        parts.append(f"<br><i>{esc(e.note)}</i>")
    return "".join(parts)


def key_html(s: Scenario, variant: str | None = None) -> str:
    """The answer key as the preview shows it."""
    from cwstrainer.answer_key import STATUS_HEADINGS

    key = _key(s)
    title = html.escape(s.title) + (f" — variant {html.escape(variant)}" if variant else "")
    parts = [
        f"<h3>Answer key: {title}</h3>",
        f"<p>Today in the scenario {format_date(s.today)}; pass mark {s.pass_mark}%; "
        f"{key.possible:g} points possible. Derived from the facts by the rules: exactly "
        "what the grader scores. A critical expectation missed, wrong or broken fails the "
        "attempt.</p>",
    ]
    sections = key.sections()
    if not sections:
        parts.append("<p>Nothing: the rules expect no entry from these facts.</p>")
    for status, groups in sections:
        parts.append(f"<h4>{html.escape(STATUS_HEADINGS[status])}</h4>")
        for group, entries in groups:
            parts.append(f"<p><b>{html.escape(str(group))}</b></p><ul>")
            parts.extend(f"<li>{_entry_html(e)}</li>" for e in entries)
            parts.append("</ul>")
    if key.rules_off:
        off = ", ".join(key.rules_off)
        parts.append(f"<p>Rules switched off for this scenario: {html.escape(off)}.</p>")
    return "".join(parts)
