"""A small square of a section's colour, shown beside the section's name (never instead)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPixmap


def swatch(colour: str) -> QIcon:
    """A 12-pixel square of ``colour`` for a page tab or a navigation item."""
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)
