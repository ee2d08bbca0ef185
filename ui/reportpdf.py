"""The report as a PDF for the trainee's training file, with Qt's own QPdfWriter.

The PDF says what the screen says (the same HTML words, see :mod:`ui.reporttext`) and
carries the timeline as a sharp image, painted by the same code as on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ui.reporttext import report_html
from ui.timelineview import render_image

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from ui.timeline import Timeline

TIMELINE_URL = "cwstrainer://timeline.png"


def report_document(
    report: Report, heading: str, details: str, timeline: Timeline | None
) -> QTextDocument:
    """The report as a text document, the timeline image added as a resource."""
    doc = QTextDocument()
    font = QFont()
    font.setPointSize(9)
    doc.setDefaultFont(font)
    src = None
    if timeline is not None:
        image = render_image(timeline, 900, font)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(TIMELINE_URL), image)
        src = TIMELINE_URL
    doc.setHtml(report_html(report, heading, details, src))
    return doc


def write_pdf(
    path: str | Path, report: Report, heading: str, details: str, timeline: Timeline | None
) -> Path:
    """Write the report to ``path`` (US Letter); the path written."""
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(heading)
    writer.setCreator("CWS/CMS CSEC Documentation Trainer (TRAINING)")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Letter),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(150)
    doc = report_document(report, heading, details, timeline)
    doc.print_(writer)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
    return path
