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


def brief_html(s: Scenario) -> str:
    """The brief of a scenario (for a variant: the variant applied first)."""
    parts = [
        f"<h3>{html.escape(s.title)}</h3>",
        f"<p><b>Today in this scenario:</b> {format_date(s.today)} ({html.escape(s.county)})</p>",
        _paragraphs(s.narrative),
    ]
    for doc in s.documents:
        parts.append(f"<h4>{html.escape(doc.title)}</h4>")
        parts.append(_paragraphs(doc.text))
    return "".join(parts)
