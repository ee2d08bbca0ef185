"""Notebook pages: a form of fields on one record, and an information grid with its "+".

Pages are views: they get their records in :meth:`FormPage.refresh` and send every
entry through the door; they never open the database. Fields are laid out in reading
order (left to right, top to bottom) and created in that order, so Tab follows the
screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cwstrainer.fields import FieldKind, FieldSpec, field_spec, format_date
from cwstrainer.records import AttemptRecords, RecordKind
from ui.door import Door
from ui.style import SECTION_COLOURS, section_band_style
from ui.widgets.codes import ChoiceCombo, CodeCombo, SpecialProjectCombo
from ui.widgets.dates import DateField
from ui.widgets.fields import TextField, error_text, set_error, show_time

Row = Sequence[str | tuple[str, str]]  # field names, or (caption, field name)


def wrap_header(label: str) -> str:
    """A long column label on two lines, so that no header is clipped."""
    if len(label) <= 16 or " " not in label:
        return label
    words = label.split()
    half = max(1, len(words) // 2)
    return " ".join(words[:half]) + "\n" + " ".join(words[half:])


def section_band(section: str) -> QLabel:
    """A section's name on its colour: the name is always there, never colour alone."""
    band = QLabel(section)
    band.setObjectName("sectionBand")
    band.setAccessibleName(section)
    band.setStyleSheet(section_band_style(SECTION_COLOURS[section]))
    return band


def make_field(spec: FieldSpec, door: Door) -> QWidget:
    """The CWS/CMS widget for one field, named by its label."""
    if spec.kind is FieldKind.DATE:
        return DateField(spec, door.today)
    if spec.kind is FieldKind.TIME:
        field = TextField(spec, show_time)
        field.setPlaceholderText("HH:MM")
        return field
    if spec.kind is FieldKind.CODE:
        return CodeCombo(spec, door.today)
    if spec.kind is FieldKind.SPECIAL_PROJECT:
        return SpecialProjectCombo(spec, door.today)
    if spec.kind is FieldKind.CLIENT:
        children_only = spec.name in ("victim", "child")
        return ChoiceCombo(
            spec,
            [
                (c["display_name"], c["client_key"])
                for c in door.clients
                if not children_only or c["role"] == "child"
            ],
        )
    if spec.kind is FieldKind.REFERRAL:
        return ChoiceCombo(spec)
    return TextField(spec)


def shown(door: Door, spec: FieldSpec, value: object) -> str:
    """A stored value as the grid shows it."""
    if value is None:
        return ""
    if spec.kind is FieldKind.DATE:
        return format_date(value)  # type: ignore[arg-type]
    if spec.kind is FieldKind.TIME:
        return show_time(value)
    if spec.kind is FieldKind.CODE and spec.codes is not None and value in spec.codes:
        return spec.codes.by_id(value).short_description  # type: ignore[arg-type]
    if spec.kind is FieldKind.CLIENT:
        return door.client_name(str(value))
    return str(value)


class FormPage(QWidget):
    """A page of fields showing one record of ``kind``; edits go through the door."""

    kind: RecordKind
    page_name = ""
    rows: tuple[Row, ...] = ()

    def __init__(self, door: Door, owner_id: int, section: str | None = None) -> None:
        super().__init__()
        self.door = door
        self.owner_id = owner_id
        self.section = section
        self.current_id: int | None = None
        self.read_only = False
        self.fields: dict[str, QWidget] = {}
        self.setAccessibleName(f"{self.page_name} page")
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(8, 8, 8, 8)
        if section:
            self.outer.addWidget(section_band(section))
        self.build_top()
        self.form = QGridLayout()
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(8)
        self.build_form()
        self.outer.addLayout(self.form)
        self.outer.addStretch(1)

    def build_top(self) -> None:
        """What comes above the fields (a grid and its buttons, in grid pages)."""

    def build_form(self) -> None:
        for r, row in enumerate(self.rows):
            for c, item in enumerate(row):
                caption, name = item if isinstance(item, tuple) else (None, item)
                spec = field_spec(self.kind, name)
                label = QLabel(caption or spec.label)
                field = make_field(spec, self.door)
                label.setBuddy(field)
                self.form.addWidget(label, r, 2 * c, Qt.AlignmentFlag.AlignRight)
                self.form.addWidget(field, r, 2 * c + 1)
                self.fields[name] = field
                self._connect(name, field)
        self.form.setColumnStretch(1, 1)
        self.form.setColumnStretch(3, 1)

    def _connect(self, name: str, field: QWidget) -> None:
        field.committed.connect(lambda value, n=name: self.commit(n, value))  # type: ignore[attr-defined]
        if isinstance(field, DateField):
            field.refused.connect(self.door.report)

    # -- values --------------------------------------------------------------------------

    def record(self, records: AttemptRecords) -> Any:
        """The record the fields show now (None: nothing to show)."""
        raise NotImplementedError

    def refresh(self, records: AttemptRecords) -> None:
        """Show the records (from the door); never echoes back as an entry."""
        self.show_record(self.record(records))

    def show_record(self, record: Any) -> None:
        self.current_id = record.id if record is not None else None
        for name, field in self.fields.items():
            field.set_value(getattr(record, name, None) if record else None)  # type: ignore[attr-defined]
            field.setEnabled(record is not None and not self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        """A submitted attempt: every value shown, nothing can be changed."""
        self.read_only = read_only
        for field in self.fields.values():
            field.setEnabled(not read_only and self.current_id is not None)

    def changes(self, name: str, value: object) -> dict[str, object]:
        """The fields to store when ``name`` is changed (pages with dependent fields add)."""
        return {name: value}

    def commit(self, name: str, value: object) -> None:
        if self.current_id is None:
            return
        self.door.update(self.kind, self.current_id, **self.changes(name, value))

    # -- focus and refusals -------------------------------------------------------------

    def focus_first(self) -> None:
        """Put the keyboard in the page's first control."""
        first = next(iter(self.fields.values()), None)
        if first is not None and first.isEnabled():
            first.setFocus(Qt.FocusReason.TabFocusReason)

    def field(self, label: str) -> QWidget | None:
        """The field with this CWS/CMS label, if the page has it."""
        return next((f for f in self.fields.values() if f.accessibleName() == label), None)

    def show_refusal(self, label: str, message: str) -> bool:
        """Show a refused value at its field (red, with the message); False if not ours."""
        field = self.field(label)
        if field is None:
            return False
        set_error(field, message)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def refusal(self, label: str) -> str:
        """The refusal now shown at a field ("" if none)."""
        field = self.field(label)
        return error_text(field) if field is not None else ""

    def go_to(self, record_id: int, name: str) -> None:
        """Show one record and put the keyboard in one of its fields (Save to Database)."""
        self.fields[name].setFocus(Qt.FocusReason.OtherFocusReason)


class ReadOnlyPage(FormPage):
    """A page of values shown read-only in the trainer (who a case or a client is)."""

    labels: tuple[str, ...] = ()

    def build_form(self) -> None:
        self.shown: dict[str, QLineEdit] = {}
        for row, label in enumerate(self.labels):
            text = QLineEdit()
            text.setReadOnly(True)
            text.setAccessibleName(label)
            text.setToolTip(f"{label} (read-only in the trainer)")
            caption = QLabel(label)
            caption.setBuddy(text)
            self.form.addWidget(caption, row, 0)
            self.form.addWidget(text, row, 1)
            self.shown[label] = text
        self.form.setColumnStretch(1, 1)
        self.form.setColumnStretch(2, 2)

    def focus_first(self) -> None:
        self.shown[self.labels[0]].setFocus()


class GridPage(FormPage):
    """An information grid with its "+" (and a delete for the trainee's own rows).

    The selected row's fields are below the grid; the "+" adds an empty row, selects it
    and puts the keyboard in its first field. Insert presses the page's "+".
    """

    add_name = ""
    delete_name = ""
    grid_name = ""
    columns: tuple[str, ...] = ()

    def build_top(self) -> None:
        bar = QHBoxLayout()
        title = QLabel(self.grid_name)
        title.setObjectName("gridTitle")
        bar.addWidget(title)
        bar.addStretch(1)
        self.add_button = QPushButton("+")
        self.add_button.setAccessibleName(self.add_name)
        self.add_button.setToolTip(f"{self.add_name} (Insert)")
        # Not the button's own shortcut: that one clicks after an animation delay.
        insert = QShortcut(QKeySequence(Qt.Key.Key_Insert), self)
        insert.activated.connect(self.add_button.click)
        self.add_button.setFixedWidth(36)
        self.add_button.clicked.connect(self.add_row)
        bar.addWidget(self.add_button)
        self.delete_button = QPushButton("−")
        self.delete_button.setAccessibleName(self.delete_name)
        self.delete_button.setToolTip(f"{self.delete_name} (only rows you entered)")
        self.delete_button.setFixedWidth(36)
        self.delete_button.clicked.connect(self.delete_row)
        bar.addWidget(self.delete_button)
        self.outer.addLayout(bar)
        self.grid = QTableWidget(0, len(self.columns))
        self.grid.setAccessibleName(f"{self.grid_name} grid")
        self.grid.setHorizontalHeaderLabels(
            [wrap_header(field_spec(self.kind, c).label) for c in self.columns]
        )
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().setVisible(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setMinimumHeight(130)
        self.grid.setMaximumHeight(170)
        self.grid.itemSelectionChanged.connect(self._selection_changed)
        self.outer.addWidget(self.grid)
        self._rows: tuple[Any, ...] = ()
        self._filling = False

    def rows_of(self, records: AttemptRecords) -> tuple[Any, ...]:
        """The grid's rows, in entry order."""
        raise NotImplementedError

    def deletable(self, record: Any) -> bool:
        return bool(getattr(record, "created_by_trainee", True))

    def refresh(self, records: AttemptRecords) -> None:
        self._rows = self.rows_of(records)
        keep = self.current_id
        self._filling = True
        try:
            self.grid.setRowCount(len(self._rows))
            for r, rec in enumerate(self._rows):
                for c, name in enumerate(self.columns):
                    text = shown(self.door, field_spec(self.kind, name), getattr(rec, name))
                    item = QTableWidgetItem(text)
                    item.setData(Qt.ItemDataRole.UserRole, rec.id)
                    self.grid.setItem(r, c, item)
            ids = [rec.id for rec in self._rows]
            row = ids.index(keep) if keep in ids else (len(ids) - 1 if ids else -1)
            if row >= 0:
                self.grid.selectRow(row)
            else:
                self.grid.clearSelection()
        finally:
            self._filling = False
        self.show_record(self._rows[row] if row >= 0 else None)

    def show_record(self, record: Any) -> None:
        super().show_record(record)
        self.add_button.setEnabled(not self.read_only)
        self.delete_button.setEnabled(
            record is not None and self.deletable(record) and not self.read_only
        )

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.add_button.setEnabled(not read_only)
        self.delete_button.setEnabled(not read_only and self.current_id is not None)

    def _selection_changed(self) -> None:
        if self._filling:
            return
        rows = self.grid.selectionModel().selectedRows()
        if rows:
            self.show_record(self._rows[rows[0].row()])

    def select(self, record_id: int) -> None:
        """Select the row of this record and show its fields."""
        ids = [rec.id for rec in self._rows]
        if record_id in ids:
            self.grid.selectRow(ids.index(record_id))
            self.show_record(self._rows[ids.index(record_id)])

    def add(self) -> Any:
        """Add an empty row through the door; the record, or None if refused."""
        raise NotImplementedError

    def add_row(self) -> None:
        """The "+": a new row, selected, the keyboard in its first field."""
        record = self.add()
        if record is None:
            return
        self.select(record.id)
        first = next(iter(self.fields.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_row(self) -> None:
        """Remove the selected row (the refresh then selects the last one left)."""
        record_id = self.current_id
        if record_id is None:
            return
        self.current_id = None
        if not self.door.delete(self.kind, record_id):
            self.current_id = record_id

    def focus_first(self) -> None:
        target = self.grid if self.read_only else self.add_button
        target.setFocus(Qt.FocusReason.TabFocusReason)

    def go_to(self, record_id: int, name: str) -> None:
        self.select(record_id)
        super().go_to(record_id, name)
