"""The words of a report: each finding as a line, as details, and the whole as HTML.

The screen and the PDF say the same things in the same words, and every outcome is a
word (Met, Missed, Wrong value, Extra) as well as a symbol, so nothing depends on colour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cwstrainer.rules.catalog import rule
from cwstrainer.rules.findings import Finding, Outcome

if TYPE_CHECKING:
    from cwstrainer.grading import Report

OUTCOME_WORDS = {
    Outcome.MET: "Met",
    Outcome.MISSED: "Missed",
    Outcome.WRONG_VALUE: "Wrong value",
    Outcome.EXTRA: "Extra",
}
OUTCOME_SYMBOLS = {
    Outcome.MET: "\u2714",
    Outcome.MISSED: "\u2718",
    Outcome.WRONG_VALUE: "\u2260",
    Outcome.EXTRA: "+",
}


def points_text(f: Finding) -> str:
    """ "2 of 2", "0 of 2", "-2 (extra)"."""
    if f.outcome is Outcome.EXTRA:
        return f"{f.points:g} (taken off)"
    return f"{f.points:g} of {f.possible:g}"


def verdict_text(report: Report) -> str:
    """The score line: points, percent, and passed or not, in words."""
    verdict = "PASSED" if report.passed else "NOT PASSED"
    return (
        f"{verdict}: {report.score:g} of {report.possible:g} points ({report.percent:g}%); "
        f"the pass mark is {report.pass_mark}%."
    )


def finding_line(f: Finding) -> str:
    """One line for a list and a screen reader: outcome, rule, points, message."""
    inference = " Inference (the trainer's reading)." if f.inference else ""
    return (
        f"{OUTCOME_WORDS[f.outcome]}: {f.rule_id}, {points_text(f)} points. "
        f"{first_sentence(f.message)}{inference}"
    )


def first_sentence(text: str) -> str:
    """The message without the appended inference note (shown on its own)."""
    return text.split(" (Inference, the trainer's reading")[0]


def _shown(value: str | None) -> str:
    return "(nothing)" if value in (None, "") else str(value)


def finding_html(f: Finding) -> str:
    """Everything about one finding: explanation, values, rule, citation, the letter."""
    r = rule(f.rule_id)
    e = html.escape
    parts = [
        f"<p><b>{e(OUTCOME_SYMBOLS[f.outcome])} {e(OUTCOME_WORDS[f.outcome])}</b> — "
        f"{e(f.rule_id)} — {e(points_text(f))} points</p>",
        f"<p>{e(first_sentence(f.message))}</p>",
    ]
    if f.entered is not None or f.expected is not None:
        parts.append(
            "<table cellspacing='0' cellpadding='3' border='1'>"
            f"<tr><th align='left'>You entered</th><td>{e(_shown(f.entered))}</td></tr>"
            f"<tr><th align='left'>Expected</th><td>{e(_shown(f.expected))}</td></tr></table>"
        )
    parts.append(f"<p><b>The rule ({e(r.id)}):</b> {e(r.statement)}</p>")
    parts.append(f"<p><b>Citation:</b> {e(f.citation)}</p>")
    parts.append(f"<blockquote><i>\u201c{e(r.letter_text)}\u201d</i></blockquote>")
    if f.inference:
        note = r.inference_note or "the letters do not say this in so many words."
        parts.append(
            f"<p><b>Inference:</b> this point is the trainer's reading, not the letter's "
            f"own words: {e(note)}</p>"
        )
    return "".join(parts)


def report_html(report: Report, heading: str, details: str, timeline_src: str | None) -> str:
    """The whole report as HTML (for the PDF): summary, timeline, every finding."""
    e = html.escape
    parts = [
        f"<h2>{e(heading)}</h2>",
        f"<p>{e(details)}</p>",
        f"<h3>{e(verdict_text(report))}</h3>",
    ]
    if timeline_src:
        parts.append("<h3>Timeline</h3>")
        parts.append(f"<p><img src='{timeline_src}' width='680'></p>")
    parts.append("<h3>Findings</h3>")
    for i, f in enumerate(report.findings, start=1):
        parts.append(f"<h4>{i}. {e(OUTCOME_WORDS[f.outcome])} — {e(f.rule_id)}</h4>")
        parts.append(finding_html(f))
    parts.append(
        "<p><small>TRAINING ENVIRONMENT — every person and record is fictional. "
        "This is not CWS/CMS.</small></p>"
    )
    return "".join(parts)
