"""Painting the timeline with QPainter: on screen in the report, and into the PDF.

The geometry comes from :class:`ui.timeline.TimelineLayout`; this module only draws it.
Expected ranges are hatched outlines, entered ranges solid bars, and every lane's title
says in words whether the dates match, so nothing is told by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.timeline import Bar, Timeline, TimelineLayout, ticks_that_fit

EXPECTED = QColor("#1d6b3a")
ENTERED_OK = QColor("#1f4e9c")
ENTERED_WRONG = QColor("#c0141b")
EVENT = QColor("#555555")


def layout_for(timeline: Timeline, width: float, font: QFont) -> TimelineLayout:
    """The layout, measuring event labels in the font they will be drawn in."""
    metrics = QFontMetricsF(font)
    return TimelineLayout(timeline, width, text_width=metrics.horizontalAdvance)


def _bar(painter: QPainter, bar: Bar, colour: QColor, brush: QBrush) -> None:
    rect = QRectF(bar.x0, bar.y, bar.x1 - bar.x0, bar.height)
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(brush)
    painter.drawRect(rect)
    if bar.open_end:  # an arrow: still open on today
        y = bar.y + bar.height / 2
        painter.drawLine(QPointF(bar.x1, y), QPointF(bar.x1 + 8, y))
        painter.drawLine(QPointF(bar.x1 + 8, y), QPointF(bar.x1 + 4, y - 3))
        painter.drawLine(QPointF(bar.x1 + 8, y), QPointF(bar.x1 + 4, y + 3))


def paint_timeline(painter: QPainter, lay: TimelineLayout) -> None:
    """Draw the whole timeline as laid out (painter in the layout's coordinates)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    metrics = QFontMetricsF(font)
    bottom = lay.height - lay.MARGIN
    # month ticks and the axis
    painter.setPen(QPen(QColor("#999999"), 1))
    painter.drawLine(QPointF(lay.left, lay.axis_y), QPointF(lay.right, lay.axis_y))
    label_width = metrics.horizontalAdvance("Sep 2015")
    for day in ticks_that_fit(lay.first, lay.last, lay.right - lay.left, label_width):
        x = lay.x(day)
        painter.setPen(QPen(QColor("#e3e3e3"), 1))
        painter.drawLine(QPointF(x, lay.axis_y), QPointF(x, bottom))
        painter.setPen(QColor("#444444"))
        painter.drawText(QPointF(x + 2, lay.axis_y + metrics.ascent() + 3), f"{day:%b %Y}")
    # events: a dashed line down through the lanes, the label above the axis
    for m in lay.markers:
        colour = ENTERED_OK if m.event.day == lay.timeline.today else EVENT
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
        label_y = lay.MARGIN + m.row * lay.LABEL_ROW
        painter.drawLine(QPointF(m.x, label_y + lay.LABEL_ROW - 2), QPointF(m.x, bottom))
        painter.setPen(colour)
        width = metrics.horizontalAdvance(m.event.label)
        x = min(m.x, lay.right - width - 4)
        painter.drawText(QPointF(x + 2, label_y + metrics.ascent()), m.event.label)
    # lanes
    bold = QFont(font)
    bold.setBold(True)
    for i, lane in enumerate(lay.timeline.lanes):
        top = lay.lane_top(i)
        painter.setFont(bold)
        painter.setPen(QColor("#000000"))
        status = "OK" if lane.matches else "CHECK"
        painter.drawText(
            QPointF(lay.MARGIN, top + metrics.ascent()), f"[{status}] {lane.title}: {lane.verdict}"
        )
        painter.setFont(font)
        painter.setPen(QColor("#333333"))
        for row, text in ((1, "Expected"), (2, "You entered")):
            y = top + lay.TITLE + (row - 1) * lay.ROW + metrics.ascent()
            painter.drawText(QPointF(lay.MARGIN + 12, y), text)
        expected = lay.expected_bar(i)
        if expected is not None:
            _bar(painter, expected, EXPECTED, QBrush(EXPECTED, Qt.BrushStyle.BDiagPattern))
        colour = ENTERED_OK if lane.matches else ENTERED_WRONG
        for bar in lay.entered_bars(i):
            brush = QBrush(colour if lane.matches else colour.lighter(170))
            _bar(painter, bar, colour, brush)
            if expected is not None and abs(bar.x0 - expected.x0) > 0.5:
                painter.setPen(QPen(ENTERED_WRONG, 1.5, Qt.PenStyle.DotLine))
                painter.drawLine(
                    QPointF(expected.x0, expected.y), QPointF(bar.x0, bar.y + bar.height)
                )
        if not lay.entered_bars(i):
            painter.setPen(ENTERED_WRONG)
            y = top + lay.TITLE + lay.ROW + metrics.ascent()
            painter.drawText(QPointF(lay.left + 4, y), "(nothing entered)")
    painter.restore()


def render_image(timeline: Timeline, width: int, font: QFont, scale: float = 2.0) -> QImage:
    """The timeline as an image (for the PDF), ``scale`` times sharper than on screen."""
    lay = layout_for(timeline, width, font)
    image = QImage(QSize(int(width * scale), int(lay.height * scale)), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setFont(font)
    paint_timeline(painter, lay)
    painter.end()
    return image


class TimelineWidget(QWidget):
    """The report's timeline; its accessible description is the picture in words."""

    def __init__(self, timeline: Timeline | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so a screen reader can reach it
        self.timeline: Timeline | None = None
        self.set_timeline(timeline)

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.timeline = timeline
        description = timeline.describe() if timeline else ""
        self.setAccessibleDescription(description)
        self.setToolTip("")
        self._fit()
        self.update()

    def layout_now(self) -> TimelineLayout | None:
        """The geometry for the current width (what is painted)."""
        if self.timeline is None:
            return None
        return layout_for(self.timeline, max(400, self.width()), self.font())

    def _fit(self) -> None:
        lay = self.layout_now()
        self.setFixedHeight(int(lay.height) if lay else 0)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def sizeHint(self) -> QSize:
        lay = self.layout_now()
        return QSize(900, int(lay.height) if lay else 0)

    def paintEvent(self, event: object) -> None:  # type: ignore[override]
        lay = self.layout_now()
        if lay is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        paint_timeline(painter, lay)
        if self.hasFocus():
            painter.setPen(QPen(QColor("#1f4e9c"), 2, Qt.PenStyle.DotLine))
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()
