"""What every CWS/CMS field shares: its label as accessible name, yellow when mandatory.

A field widget shows one value of one record and says when the trainee changed it
(``committed``); the page sends that value through the door. Values are set from the
records with :meth:`set_value`, which never echoes back as a commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from cwstrainer.errors import FieldError
from cwstrainer.fields import FieldKind, FieldSpec, parse_time

MANDATORY_NOTE = "Mandatory: Save to Database needs it."
# A typed value is kept this long after the last key, Enter or Tab not needed: a crash
# loses at most what was typed in the last moment.
AUTOSAVE_MS = 600


def autosave_timer(field: QLineEdit, then: Callable[[], None]) -> QTimer:
    """A timer restarted by each key the trainee types in ``field``; ``then`` on timeout."""
    timer = QTimer(field)
    timer.setSingleShot(True)
    timer.setInterval(AUTOSAVE_MS)
    timer.timeout.connect(then)
    field.textEdited.connect(lambda _text: timer.start())
    return timer


def prepare(widget: QWidget, spec: FieldSpec) -> None:
    """Name a field by its CWS/CMS label and mark it mandatory (yellow, and in words)."""
    widget.setObjectName(spec.name)
    widget.setAccessibleName(spec.label)
    widget.setProperty("mandatory", spec.mandatory)
    widget.setProperty("fieldName", spec.name)
    if spec.mandatory:
        widget.setAccessibleDescription(MANDATORY_NOTE)
        widget.setToolTip(f"{spec.label}. {MANDATORY_NOTE}")
    else:
        widget.setToolTip(spec.label)


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_error(widget: QWidget, message: str | None) -> None:
    """Show (or clear) a refusal at the field itself: red border and the message."""
    widget.setProperty("fieldError", bool(message))
    widget.setProperty("errorText", message or "")
    base = widget.toolTip().split("\n\n")[0]
    widget.setToolTip(f"{base}\n\n{message}" if message else base)
    _repolish(widget)


def error_text(widget: QWidget) -> str:
    """The refusal shown at the field, or ""."""
    return str(widget.property("errorText") or "")


class TextField(QLineEdit):
    """A typed text field (Referral Name, Received Time) committed when the trainee leaves it
    or presses Enter, and also :data:`AUTOSAVE_MS` after the last key (a time only once it
    reads as one: a half-typed time is neither stored nor refused until the field is left).

    Signals:
        committed(object): the trainee changed the text: the new text, or None if blank.
    """

    committed = Signal(object)

    def __init__(
        self,
        spec: FieldSpec,
        show: Callable[[object], str] = lambda v: "" if v is None else str(v),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        prepare(self, spec)
        self.spec = spec
        self._show = show
        self._shown = ""
        if spec.max_len:
            self.setMaxLength(spec.max_len)
        self.editingFinished.connect(self._finish)
        self.autosave_timer = autosave_timer(self, self.autosave)

    def _reads(self, text: str) -> tuple[bool, object]:
        """Whether the text can be stored as it is, and the value it stores."""
        if self.spec.kind is FieldKind.TIME:
            try:
                return True, parse_time(text, self.spec.label)
            except FieldError:
                return False, None
        return True, text.strip() or None

    def set_value(self, value: object) -> None:
        """Show the stored value (no commit).

        While the trainee is typing in the field and it holds what was stored, the text is
        left as typed (the cursor stays where it is).
        """
        self.autosave_timer.stop()
        shown = self._show(value)
        if self.hasFocus() and self.text() != shown and self._reads(self.text()) == (True, value):
            self._shown = self.text()
        else:
            self._shown = shown
            self.setText(shown)
        set_error(self, None)

    def autosave(self) -> None:
        """Keep the typed text now if it can be stored as it is (the field is not left)."""
        if not self.isEnabled() or self.isReadOnly() or self.text() == self._shown:
            return
        if self._reads(self.text())[0]:
            self._finish()

    def _finish(self) -> None:
        self.autosave_timer.stop()
        if self.text() == self._shown:
            return
        self._shown = self.text()
        self.committed.emit(self.text().strip() or None)


def show_time(value: object) -> str:
    """A time as the Received Time field shows it (HH:MM, 24-hour)."""
    return value.strftime("%H:%M") if isinstance(value, dt.time) else ""
