"""A ring drawn round the real control guided mode wants next, with a short callout.

The spotlight is a transparent layer over the window that lets every click through:
the trainee clicks the real control underneath, as in CWS/CMS. It follows its target
when the window is resized or the control moves. The callout is a picture; the same
words are in the guide bar for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

RING = QColor("#f2a900")
RectOf = Callable[[], QRect]


class Spotlight(QWidget):
    """The highlight layer of a window (one per window)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: QWidget | None = None
        self.rect_of: RectOf | None = None
        self.text = ""
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.hide()

    def point_at(self, target: QWidget | None, text: str, rect_of: RectOf | None = None) -> None:
        """Ring ``target`` (or the part of it ``rect_of`` gives, in its coordinates)."""
        if self.target is not None and self.target is not target:
            self.target.removeEventFilter(self)
        self.target, self.rect_of, self.text = target, rect_of, text
        if target is not None:
            target.installEventFilter(self)
        self.setVisible(target is not None)
        self.raise_()
        self.update()

    def clear(self) -> None:
        self.point_at(None, "")

    def target_rect(self) -> QRect | None:
        """The ringed area in this layer's coordinates (None if nothing to ring)."""
        t = self.target
        if t is None or not t.isVisible():
            return None
        local = self.rect_of() if self.rect_of else t.rect()
        top_left = t.mapTo(self.parentWidget(), local.topLeft())
        return QRect(top_left, local.size())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Move,
            QEvent.Type.Show,
            QEvent.Type.Hide,
            QEvent.Type.LayoutRequest,
        ):
            if watched is self.parentWidget():
                self.setGeometry(self.parentWidget().rect())
            self.update()
        return False

    def paintEvent(self, event: object) -> None:  # type: ignore[override]
        rect = self.target_rect()
        if rect is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = QRectF(rect.adjusted(-4, -4, 4, 4))
        p.setPen(QPen(RING, 4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(ring, 6, 6)
        if self.text:
            self._callout(p, ring)
        p.end()

    def _callout(self, p: QPainter, ring: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        width = min(380, self.width() - 20)
        bound = metrics.boundingRect(
            QRect(0, 0, width - 16, 400), Qt.TextFlag.TextWordWrap, self.text
        )
        box = QRectF(0, 0, width, bound.height() + 14)
        below = ring.bottom() + 12 + box.height() < self.height()
        y = ring.bottom() + 12 if below else ring.top() - 12 - box.height()
        x = min(max(8.0, ring.left()), self.width() - width - 8.0)
        box.moveTo(x, y)
        tip = QPoint(
            int(min(max(ring.center().x(), x + 14), x + width - 14)),
            int(ring.bottom() + 4 if below else ring.top() - 4),
        )
        path = QPainterPath()
        path.addRoundedRect(box, 6, 6)
        edge = box.top() if below else box.bottom()
        arrow = QPainterPath()
        arrow.moveTo(tip.x() - 8, edge)
        arrow.lineTo(tip.x(), tip.y())
        arrow.lineTo(tip.x() + 8, edge)
        arrow.closeSubpath()
        path = path.united(arrow)
        p.setPen(QPen(QColor("#8a6100"), 1.5))
        p.setBrush(QColor("#fff6d6"))
        p.drawPath(path)
        p.setPen(QColor("#000000"))
        p.drawText(box.adjusted(8, 7, -8, -7), int(Qt.TextFlag.TextWordWrap), self.text)
