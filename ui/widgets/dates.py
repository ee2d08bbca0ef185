"""The CWS/CMS date field: typed MM/DD/YYYY, a drop-down calendar, double-click for today.

"Today" is the scenario's today, never the machine's: a scenario set in November 2016
must offer November 2016. An impossible date (02/30/2016) is refused at the field, with
a message naming the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QToolButton, QVBoxLayout, QWidget

from cwstrainer.errors import FieldError
from cwstrainer.fields import FieldSpec, format_date, parse_date
from ui.widgets.fields import autosave_timer, prepare, set_error


def calendar_icon() -> QIcon:
    """A small calendar with a drop-down arrow, painted (no image files to ship)."""
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setPen(QColor("#333333"))
    p.setBrush(QColor("#ffffff"))
    p.drawRect(1, 2, 13, 11)
    p.fillRect(2, 3, 12, 3, QColor("#a3201d"))
    for x in (4, 7, 10):
        for y in (8, 11):
            p.drawPoint(x, y)
    p.end()
    return QIcon(pix)


class CalendarPopup(QWidget):
    """The drop-down calendar of a date field; Enter or a click picks the day.

    Signals:
        picked(object): the chosen ``datetime.date``.
    """

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setAccessibleName("Calendar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        self.calendar = QCalendarWidget(self)
        self.calendar.setAccessibleName("Calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.hide()
        self.picked.emit(dt.date(day.year(), day.month(), day.day()))


class DateField(QLineEdit):
    """A CWS/CMS date field.

    Type a date (MM/DD/YYYY) and leave the field or press Enter; double-click (or press
    Ctrl+D) for today; Alt+Down or F4, or the calendar button, opens the calendar.

    Signals:
        committed(object): a new valid date (``datetime.date``), or None when cleared.
        refused(object): the typed text is not a date: the :class:`FieldError`, whose
            message names the field.
    """

    committed = Signal(object)
    refused = Signal(object)

    def __init__(self, spec: FieldSpec, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        prepare(self, spec)
        self.spec = spec
        self.today = today
        self._value: dt.date | None = None
        self.setPlaceholderText("MM/DD/YYYY")
        self.setMaxLength(10)
        self.calendar_action = QAction(calendar_icon(), f"Calendar for {spec.label}", self)
        self.calendar_action.setToolTip(f"Calendar for {spec.label} (Alt+Down)")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        for button in self.findChildren(QToolButton):  # the action's button, for screen readers
            button.setAccessibleName(f"Calendar for {spec.label}")
        self._popup: CalendarPopup | None = None
        self.editingFinished.connect(self.commit)
        self.autosave_timer = autosave_timer(self, self.autosave)

    def value(self) -> dt.date | None:
        """The date last accepted (stored or committed)."""
        return self._value

    def set_value(self, value: dt.date | None) -> None:
        """Show the stored date (no commit); while the trainee types a date that reads as
        the stored one, the text is left as typed."""
        self.autosave_timer.stop()
        self._value = value
        if not (self.hasFocus() and self._reads_as(value)):
            self.setText(format_date(value))
        set_error(self, None)

    def _reads_as(self, value: dt.date | None) -> bool:
        try:
            return parse_date(self.text(), self.spec.label) == value
        except FieldError:
            return False

    def autosave(self) -> None:
        """Keep the typed date now if it is a whole, real date (or the field is blank).

        A half-typed date ("11/04/20") is neither stored nor refused: it waits, unstored,
        until it reads as a date or the field is left (then :meth:`commit` refuses it).
        """
        if not self.isEnabled() or self.isReadOnly():
            return
        try:
            day = parse_date(self.text(), self.spec.label)
        except FieldError:
            return
        if day != self._value:
            self._value = day
            self.committed.emit(day)

    def commit(self) -> None:
        """Take the typed text: commit a new date, or refuse an impossible one at the field."""
        self.autosave_timer.stop()
        try:
            day = parse_date(self.text(), self.spec.label)
        except FieldError as exc:
            set_error(self, f"{exc.field}: {exc.message}")
            self.refused.emit(exc)
            return
        set_error(self, None)
        if day is not None:
            self.setText(format_date(day))
        if day == self._value:
            return
        self._value = day
        self.committed.emit(day)

    def enter_today(self) -> None:
        """Enter the scenario's today, as a double-click does in CWS/CMS."""
        self.setText(format_date(self.today))
        self.commit()

    def show_calendar(self) -> None:
        """Drop the calendar down under the field, on the current date or today."""
        if self.isReadOnly() or not self.isEnabled():
            return
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        try:
            shown = parse_date(self.text(), self.spec.label) or self.today
        except FieldError:
            shown = self._value or self.today
        cal = self._popup.calendar
        cal.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._popup.adjustSize()
        self._popup.move(self.mapToGlobal(QPoint(0, self.height())))
        self._popup.show()
        cal.setFocus()

    def _picked(self, day: dt.date) -> None:
        self.setText(format_date(day))
        self.setFocus()
        self.commit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.isReadOnly():
            super().mouseDoubleClickEvent(event)
            return
        self.enter_today()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt_down = key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
        if alt_down or key == Qt.Key.Key_F4:
            self.show_calendar()
            return
        if key == Qt.Key.Key_D and mods == Qt.KeyboardModifier.ControlModifier:
            self.enter_today()
            return
        super().keyPressEvent(event)
