"""The Scenario Brief as a trainee reads it: title, today, narrative and documents.

One function, so that the brief dock of an attempt and the authoring preview show the
same thing: what an author previews is what a trainee will see.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from cwstrainer.fields import format_date

if TYPE_CHECKING:
    from cwstrainer.scenario.model import Scenario


def _paragraphs(text: str) -> str:
    return "<p>" + html.escape(text).replace("\n\n", "</p><p>") + "</p>"


DOCUMENTATION = {
    "case codes": "the client special project codes on the Case notebook's Special Projects "
    "page (ACL 15-49).",
    "grid": "the CSEC Data Grid in each child's Client notebook (ACL 16-49, as ACL 16-74 "
    "directs); the interim case codes are not graded here.",
    "both": "both the client special project codes on the Case notebook (ACL 15-49) and the "
    "CSEC Data Grid in each child's Client notebook (ACL 16-49).",
}


def brief_html(s: Scenario) -> str:
    """The brief of a scenario (for a variant: the variant applied first)."""
    parts = [
        f"<h3>{html.escape(s.title)}</h3>",
        f"<p><b>Today in this scenario:</b> {format_date(s.today)} ({html.escape(s.county)})</p>",
        f"<p><b>Document the children with:</b> {html.escape(DOCUMENTATION[s.documentation])}</p>",
        _paragraphs(s.narrative),
    ]
    for doc in s.documents:
        parts.append(f"<h4>{html.escape(doc.title)}</h4>")
        parts.append(_paragraphs(doc.text))
    return "".join(parts)
