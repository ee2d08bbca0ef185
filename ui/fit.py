"""Windows and dialogs that fit the screen they open on (a lab laptop is 1366x768).

``fit_rect`` is pure geometry, tested on its own; ``fit_to_screen`` sizes a window to its
design size, or less where the screen's free area (less its panels) is smaller.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window manager's title bar and borders, which a window's own geometry
# does not include: a window as high as the available area would push its status bar
# ("Saved locally", the yellow legend) off the bottom of the screen.
FRAME_ALLOWANCE = (16, 40)


def fit_rect(wanted: QRect, available: QRect) -> QRect:
    """``wanted`` shrunk and moved until it (and its frame) fits in ``available``."""
    room_w = max(available.width() - FRAME_ALLOWANCE[0], 200)
    room_h = max(available.height() - FRAME_ALLOWANCE[1], 200)
    width, height = min(wanted.width(), room_w), min(wanted.height(), room_h)
    x = min(max(wanted.x(), available.x()), available.x() + room_w - width)
    y = min(max(wanted.y(), available.y()), available.y() + room_h - height)
    return QRect(x, y, width, height)


def fit_to_screen(widget: QWidget, width: int, height: int, available: QRect | None = None) -> None:
    """Size ``widget`` to ``width`` x ``height``, or to what the screen has room for.

    The offscreen platform of tests and screenshots has no real screen: it keeps the
    design size unless ``available`` is given.
    """
    widget.resize(width, height)
    if available is None:
        if QGuiApplication.platformName() == "offscreen":
            return
        screen = widget.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
    wanted = QRect(0, 0, width, height)
    wanted.moveCenter(available.center())
    fitted = fit_rect(wanted, available)
    widget.resize(fitted.size())
    widget.move(fitted.topLeft())
