"""The report as a PDF for the trainee's training file, with Qt's own QPdfWriter.

The PDF says what the screen says (the same HTML words, see :mod:`ui.reporttext`) and
carries the timeline as a sharp image, painted by the same code as on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ui.reporttext import report_html
from ui.timelineview import render_image

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from ui.timeline import Timeline

TIMELINE_URL = "cwstrainer://timeline.png"
MARGIN_MM = 15.0
BODY_WIDTH_MM = 215.9 - 2 * MARGIN_MM  # US Letter
BODY_HEIGHT_MM = 279.4 - 2 * MARGIN_MM
PAGE_WIDTH = 640.0  # the layout's width in document units; print_ scales it to the page


def report_document(
    report: Report, heading: str, details: str, timeline: Timeline | None
) -> QTextDocument:
    """The report as a text document, the timeline image added as a resource."""
    doc = QTextDocument()
    font = QFont()
    font.setPointSize(9)
    doc.setDefaultFont(font)
    # Laid out on a page of the printed body's proportions, so that the timeline, drawn
    # at the text's width, is never cut off at the right when printed.
    doc.setPageSize(QSizeF(PAGE_WIDTH, PAGE_WIDTH * BODY_HEIGHT_MM / BODY_WIDTH_MM))
    src = None
    size = (0, 0)
    if timeline is not None:
        image = render_image(timeline, 900, font)
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(TIMELINE_URL), image)
        src = TIMELINE_URL
        width = int(PAGE_WIDTH - 2 * doc.documentMargin() - 8)
        size = (width, round(width * image.height() / max(1, image.width())))
    doc.setHtml(report_html(report, heading, details, src, size))
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
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(150)
    doc = report_document(report, heading, details, timeline)
    doc.print_(writer)
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
    return path
