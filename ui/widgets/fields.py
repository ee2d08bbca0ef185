"""What every CWS/CMS field shares: its label as accessible name, yellow when mandatory.

A field widget shows one value of one record and says when the trainee changed it
(``committed``); the page sends that value through the door. Values are set from the
records with :meth:`set_value`, which never echoes back as a commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from cwstrainer.fields import FieldSpec

MANDATORY_NOTE = "Mandatory: Save to Database needs it."


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
    """A typed text field (Referral Name, Received Time) committed when the trainee leaves it.

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

    def set_value(self, value: object) -> None:
        """Show the stored value (no commit)."""
        self._shown = self._show(value)
        self.setText(self._shown)
        set_error(self, None)

    def _finish(self) -> None:
        if self.text() == self._shown:
            return
        self._shown = self.text()
        self.committed.emit(self.text().strip() or None)


def show_time(value: object) -> str:
    """A time as the Received Time field shows it (HH:MM, 24-hour)."""
    return value.strftime("%H:%M") if isinstance(value, dt.time) else ""
