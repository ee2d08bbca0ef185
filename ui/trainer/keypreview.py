"""The answer key a scenario's facts lead to, as the rules derive it (authoring preview).

An author types facts, never answers; this shows what the rules will expect from those
facts, so that a wrong fact (a date, a timing) shows up as a wrong expectation before any
trainee meets it: referral codes and case codes with their dates and whether each is
required or only allowed, the reasons for removal, and the author's own key items.
Every line is in words (required or allowed), so nothing depends on colour.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cwstrainer.fields import format_date

if TYPE_CHECKING:
    import datetime as dt

    from cwstrainer.scenario.model import Scenario


def _d(day: dt.date | None, none: str = "none") -> str:
    return format_date(day) if day is not None else none


def _name(s: Scenario, client_id: str | None) -> str:
    if client_id is None:
        return "(none named)"
    try:
        return s.client(client_id).display_name
    except KeyError:
        return client_id


def _need(required: bool, why: str) -> str:
    if required:
        return "required"
    return "allowed, not required" + (f" ({why})" if why else "")


def key_items(s: Scenario) -> list[tuple[str, list[str]]]:
    """The answer key as sections of plain lines (the tests and the HTML read these)."""
    from cwstrainer.rules import expected

    referral_lines = [
        f"S-CSEC Referral on referral {r.referral.id} "
        f"(received {_d(r.referral.received)}) for "
        f"{', '.join(_name(s, c) for c in r.children)}: start {_d(r.start)}, end "
        f"{_d(r.end, 'none (investigation open)')}; {_need(r.required, r.why_not_required)} "
        f"[{r.presence_rule}]"
        for r in expected.referral_codes(s)
    ]
    case_lines = [
        f"{c.code} on case {c.case.id} of {_name(s, c.child)}: start {_d(c.start)}, end "
        f"{_d(c.end)}; {_need(c.required, c.why_not_required)} "
        f"[{c.presence_rule}, {c.start_rule}, {c.end_rule}]"
        for c in expected.case_codes(s)
    ]
    removal_lines = []
    for rm in s.removals:
        what = f"Removal {rm.id} of {_name(s, rm.child)} on {_d(rm.date)}"
        if rm.failure_to_protect_primary:
            removal_lines.append(
                f"{what}: primary General Neglect, secondary Exploitation "
                "[RMV-FAIL-TO-PROTECT, RMV-SPC-LINK]"
            )
        elif rm.cse_in_decision:
            removal_lines.append(
                f"{what}: Exploitation as primary or secondary reason "
                "[RMV-EXPLOITATION-REASON, RMV-SPC-LINK]"
            )
        else:
            removal_lines.append(f"{what}: CSE not part of the decision; no reason graded")
    key_lines = [
        f"On referral {k.referral}: {k.category}"
        + (f" ({k.subcategory})" if k.subcategory else "")
        + f", victim {_name(s, k.victim)}, perpetrator {_name(s, k.perpetrator)}"
        + (f". Why: {k.why}" if k.why else "")
        + " [ALG-PERPETRATOR]"
        for k in s.key.perpetrators
    ] + [
        f"On referral {k.referral}: {k.category}"
        + (f" ({k.subcategory})" if k.subcategory else "")
        + f", victim {_name(s, k.victim)}, perpetrator {_name(s, k.perpetrator)}"
        + (f". Why: {k.why}" if k.why else "")
        + " [ALG-OTHER]"
        for k in s.key.other_allegations
    ]
    return [
        ("Referral codes (ACL 16-74)", referral_lines),
        ("Case codes (ACL 16-74)", case_lines),
        ("Reasons for removal (ACL 15-49)", removal_lines),
        ("Key items (the author's answers)", key_lines),
    ]


def key_html(s: Scenario, variant: str | None = None) -> str:
    """The answer key as the preview shows it."""
    title = html.escape(s.title) + (f" — variant {html.escape(variant)}" if variant else "")
    parts = [
        f"<h3>Answer key: {title}</h3>",
        f"<p>Today in the scenario {_d(s.today)}; pass mark {s.pass_mark}%. "
        "Derived from the facts by the rules (bracketed: the rule ids that grade each).</p>",
    ]
    for heading, lines in key_items(s):
        parts.append(f"<h4>{html.escape(heading)}</h4>")
        if lines:
            parts.append("<ul>" + "".join(f"<li>{_line_html(x)}</li>" for x in lines))
            parts.append("</ul>")
        else:
            parts.append("<p>None.</p>")
    off = [rule for rule, on in s.rules.items() if not on]
    if off:
        parts.append(f"<p>Rules switched off for this scenario: {html.escape(', '.join(off))}.</p>")
    return "".join(parts)


def _line_html(text: str) -> str:
    """One key line, escaped, with "required" in bold (it is also the word itself)."""
    return html.escape(text, quote=False).replace("; required [", "; <b>required</b> [")
