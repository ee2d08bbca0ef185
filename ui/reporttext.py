"""The words of a report: each finding as a line, as details, and the whole as HTML.

The screen and the PDF say the same things in the same words, and every outcome is a
word (Met, Missed, Wrong value, Extra) as well as a symbol, so nothing depends on colour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cwstrainer.rules.catalog import WEIGHT_MEANING, Weight, rule
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
    """The points of a finding in words: "2 of 2", "-2 (taken off)", "advice, not scored"."""
    if f.cause is not None:
        return f"{f.points:g} of {f.possible:g}, counted above"
    if f.outcome is Outcome.EXTRA:
        return f"{f.points:g} (taken off)"
    if f.weight is Weight.ADVICE:
        return "advice, not scored"
    if f.preset:
        return "0 (already in CWS/CMS)" if f.outcome is Outcome.MET else f"{f.points:g} (broken)"
    if not f.scored:
        return "not scored"
    return f"{f.points:g} of {f.possible:g}"


def weight_text(f: Finding) -> str:
    """The weight a finding was graded at, saying when the scenario chose it."""
    return f"{f.weight}" + (" (this scenario's choice)" if f.weight_by_scenario else "")


def verdict_text(report: Report) -> str:
    """The verdict first, with its reason: "NOT PASSED: 2 critical errors"."""
    head, _, reason = report.verdict.partition(": ")
    return head.upper() + (f": {reason}" if reason else "")


def score_text(report: Report) -> str:
    """The score line that follows the verdict."""
    return (
        f"{report.score:g} of {report.possible:g} points ({report.percent:g}%); "
        f"the pass mark is {report.pass_mark}%, and any critical error fails the attempt."
    )


def critical_lines(report: Report) -> list[str]:
    """One line per critical error: the rule and what went wrong."""
    return [f"{f.rule_id}: {first_sentence(f.message)}" for f in report.critical_errors]


def finding_line(f: Finding) -> str:
    """One line for a list and a screen reader: outcome, rule, weight, points, message."""
    inference = " Inference (the trainer's reading)." if f.inference else ""
    under = " A consequence of the mistake above, not counted again." if f.cause else ""
    return (
        f"{OUTCOME_WORDS[f.outcome]}: {f.rule_id}, {weight_text(f)}, {points_text(f)} points. "
        f"{first_sentence(f.message)}{inference}{under}"
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
    if f.cause is not None:
        parts.append(
            f"<p><b>Shown under an earlier mistake:</b> this could not hold because of "
            f"{e(f.cause.split('@')[0])} above. It is not a mistake of its own and is not "
            "counted again.</p>"
        )
    if f.omission:
        parts.append(
            "<p><b>A decision to enter nothing:</b> here the letters ask for no entry, "
            "and leaving it off is the right documentation.</p>"
        )
    chosen = " This scenario set this weight for its own purpose." if f.weight_by_scenario else ""
    parts.append(
        f"<p><b>Weight: {e(str(f.weight))}</b> — {e(WEIGHT_MEANING[f.weight])}. The letter's "
        f"words: \u201c{e(r.weight_words)}\u201d.{e(chosen)}"
        + (f" {e(r.weight_note)}" if r.weight_note else "")
        + "</p>"
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


def report_html(
    report: Report,
    heading: str,
    details: str,
    timeline_src: str | None,
    timeline_size: tuple[int, int] = (680, 0),
) -> str:
    """The whole report as HTML (for the PDF): the verdict and its critical errors first,
    then the timeline, then every finding, each consequence under its cause."""
    e = html.escape
    colour = "#1d6b3a" if report.passed else "#a3201d"
    parts = [
        f"<h2>{e(heading)}</h2>",
        f"<p>{e(details)}</p>",
        f"<h2 style='color:{colour}'>{e(verdict_text(report))}</h2>",
        f"<p>{e(score_text(report))}</p>",
    ]
    critical = critical_lines(report)
    if critical:
        parts.append("<h3>Critical errors</h3><ol>")
        parts += [f"<li>{e(line)}</li>" for line in critical]
        parts.append("</ol>")
    if timeline_src:
        parts.append("<h3>Timeline</h3>")
        width, height = timeline_size
        tall = f" height='{height}'" if height else ""
        parts.append(f"<p><img src='{timeline_src}' width='{width}'{tall}></p>")
    parts.append("<h3>Findings</h3>")
    for i, f in enumerate((f for f in report.findings if f.cause is None), start=1):
        parts.append(
            f"<h4>{i}. {e(OUTCOME_WORDS[f.outcome])} — {e(f.rule_id)} — {e(weight_text(f))}</h4>"
        )
        parts.append(finding_html(f))
        for c in report.consequences_of(f):
            parts.append(
                f"<blockquote><h4>\u21b3 {e(OUTCOME_WORDS[c.outcome])} — {e(c.rule_id)} "
                "(a consequence of the mistake above)</h4>"
            )
            parts.append(finding_html(c) + "</blockquote>")
    parts.append(
        "<p><small>TRAINING ENVIRONMENT — every person and record is fictional. "
        "This is not CWS/CMS.</small></p>"
    )
    return "".join(parts)
