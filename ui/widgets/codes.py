"""CWS/CMS drop-down lists: codes active on the scenario's today, clients, special projects.

A list offers only what CWS/CMS would offer on the scenario's today (``offered_on``),
plus a blank first line to clear the field. A stored value no longer offered (an
inactive code on an old record) is still shown, so nothing is silently changed.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from cwstrainer.codes import CodeTable
from cwstrainer.fields import FieldSpec
from cwstrainer.special_projects import titles_offered_on
from ui.widgets.fields import prepare, set_error

Choice = tuple[str, object]
_KEEP = object()


class ChoiceCombo(QComboBox):
    """A drop-down field of (text, value) choices with a blank line for "none".

    Signals:
        committed(object): the trainee chose another line: its value (None for blank).
    """

    committed = Signal(object)

    def __init__(
        self, spec: FieldSpec, choices: Iterable[Choice] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        prepare(self, spec)
        self.spec = spec
        self._loading = False
        self._value: object = None
        self._typed = ""
        self._typed_at = 0.0
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.set_choices(choices)
        self.currentIndexChanged.connect(self._chosen)

    def set_choices(self, choices: Iterable[Choice], value: object = _KEEP) -> None:
        """Replace the list, showing ``value`` (by default the value shown now)."""
        self._loading = True
        if value is not _KEEP:
            self._value = value
        try:
            self.clear()
            self.addItem("", None)
            for text, value in choices:
                self.addItem(text, value)
            self._select(self._value)
        finally:
            self._loading = False

    def values(self) -> list[object]:
        """The values offered, blank line excluded."""
        return [self.itemData(i) for i in range(1, self.count())]

    def texts(self) -> list[str]:
        """The lines offered, blank line excluded."""
        return [self.itemText(i) for i in range(1, self.count())]

    def value(self) -> object:
        return self._value

    def set_value(self, value: object) -> None:
        """Show the stored value (no commit); an unknown value is shown by itself."""
        self._loading = True
        if value != self._value:  # another record: typing starts afresh
            self._typed = ""
        try:
            self._value = value
            self._select(value)
        finally:
            self._loading = False
        set_error(self, None)

    def _select(self, value: object) -> None:
        index = self.findData(value) if value is not None else 0
        if index < 0:
            self.addItem(self.describe(value), value)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def describe(self, value: object) -> str:
        """The text for a stored value that is not among the choices."""
        return str(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Type a line's first letters, spaces included, to choose it (as in a list box).

        Qt's own search stops at a space, which opens the list instead; code titles such
        as "S-CSEC Victim During Care" need the space. A space with nothing typed
        before it still opens the list.
        """
        text = event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if not (text and text.isprintable() and plain):
            super().keyPressEvent(event)
            return
        now = time.monotonic()
        if now - self._typed_at > QApplication.keyboardInputInterval() / 1000:
            self._typed = ""
        if text == " " and not self._typed:
            super().keyPressEvent(event)
            return
        self._typed += text
        self._typed_at = now
        wanted = self._typed.casefold()
        for i in range(1, self.count()):
            if self.itemText(i).casefold().startswith(wanted):
                self.setCurrentIndex(i)
                break
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._typed = ""  # typing starts afresh in each visit to the field
        super().focusInEvent(event)

    def _chosen(self, index: int) -> None:
        if self._loading or index < 0:
            return
        value = self.itemData(index)
        if value == self._value:
            return
        self._value = value
        self.committed.emit(value)


class CodeCombo(ChoiceCombo):
    """A system-code drop-down (Abuse Category, Reasons For Removal, ...) on a day."""

    def __init__(self, spec: FieldSpec, today: dt.date, parent: QWidget | None = None):
        assert spec.codes is not None, spec
        self.table: CodeTable = spec.codes
        self.today = today
        super().__init__(spec, self.offered(), parent)

    def offered(self, parent_id: int | None = None) -> list[Choice]:
        """The codes offered on today, optionally only the children of ``parent_id``."""
        return [
            (c.short_description, c.id)
            for c in self.table.offered_on(self.today)
            if parent_id is None or c.parent_id == parent_id
        ]

    def describe(self, value: object) -> str:
        if isinstance(value, int) and value in self.table:
            return self.table.by_id(value).short_description
        return str(value)


class SpecialProjectCombo(ChoiceCombo):
    """The Special Project code list: every code active on today, in either notebook.

    The county list is the same in both notebooks, so a client code on a referral is a
    mistake the trainee can make (and the grader names: SPC-WRONG-NOTEBOOK).
    """

    def __init__(self, spec: FieldSpec, today: dt.date, parent: QWidget | None = None):
        super().__init__(spec, [(t, t) for t in titles_offered_on(today)], parent)
        self.today = today
