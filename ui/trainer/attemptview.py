"""Drill-down: one trainee's attempts at a scenario, each report read-only, with notes.

The report is the trainee's own report view (:class:`ui.report.ReportView`), with what
changes an attempt hidden: a trainer reads, and writes only notes. The timeline and the
heading use the attempt's own variant, as the trainee saw it.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.fit import fit_to_screen
from ui.history import COLUMNS, attempt_title, history_row
from ui.lobby import Lobby, local_time
from ui.report import ReportView
from ui.style import STYLE_SHEET

if TYPE_CHECKING:
    from cwstrainer.dashboard import Cell
    from cwstrainer.store.store import Attempt
    from ui.library import StationLibrary


class AttemptsDialog(QDialog):
    """A trainee's attempts at one scenario; the selected one's report and notes."""

    def __init__(
        self,
        lobby: Lobby,
        library: StationLibrary | None,
        trainee_id: str,
        trainee_name: str,
        scenario_id: str,
        select: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lobby = lobby
        self.library = library
        self.trainee_name = trainee_name
        self.setWindowTitle(f"Attempts — {trainee_name} — {scenario_id} — TRAINER MODE")
        self.setStyleSheet(STYLE_SHEET)
        self.attempts: list[Attempt] = [
            a
            for a in (
                self.lobby.run(lambda: self.lobby.store.attempts(trainee_id, scenario_id)) or []
            )
        ]
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(f"&Attempts of {html.escape(trainee_name)}")
        top_layout.addWidget(caption)
        self.table = QTableWidget(len(self.attempts), len(COLUMNS))
        self.table.setAccessibleName(f"Attempts of {trainee_name}")
        caption.setBuddy(self.table)
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, attempt in enumerate(self.attempts):
            title = attempt_title(attempt, library) if library else attempt.scenario_id
            for c, text in enumerate(history_row(attempt, {attempt.id: title})):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.currentCellChanged.connect(lambda *_: self.show_selected())
        top_layout.addWidget(self.table)
        split.addWidget(top)
        bottom = QSplitter()
        self.report_view = ReportView()
        self.report_view.back_button.hide()
        self.report_view.pdf_button.hide()
        self.report_view.again_button.hide()
        self.report_view.go_button.hide()
        self.report_view.go_note.hide()
        bottom.addWidget(self.report_view)
        notes = QWidget()
        notes_layout = QVBoxLayout(notes)
        notes_caption = QLabel("Trainer &notes on this attempt")
        notes_layout.addWidget(notes_caption)
        self.notes = QListWidget()
        self.notes.setAccessibleName("Trainer notes")
        self.notes.setWordWrap(True)
        notes_caption.setBuddy(self.notes)
        notes_layout.addWidget(self.notes, 1)
        author_row = QHBoxLayout()
        author_caption = QLabel("A&uthor")
        self.author = QLineEdit()
        self.author.setAccessibleName("Author")
        self.author.setMaxLength(80)
        author_caption.setBuddy(self.author)
        author_row.addWidget(author_caption)
        author_row.addWidget(self.author, 1)
        notes_layout.addLayout(author_row)
        note_caption = QLabel("New no&te")
        notes_layout.addWidget(note_caption)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("New note")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        note_caption.setBuddy(self.note)
        notes_layout.addWidget(self.note)
        self.add_button = QPushButton("A&dd Note")
        self.add_button.setAccessibleName("Add Note")
        self.add_button.clicked.connect(self.add_note)
        notes_layout.addWidget(self.add_button)
        bottom.addWidget(notes)
        bottom.setSizes([760, 300])
        split.addWidget(bottom)
        split.setSizes([120, 700])
        layout.addWidget(split, 1)
        close = QPushButton("&Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        fit_to_screen(self, 1200, 860)  # a lab laptop's 768 pixels, not 860
        if self.attempts:
            ids = [a.id for a in self.attempts]
            self.table.selectRow(ids.index(select) if select in ids else 0)
            self.show_selected()
        self.table.setFocus()

    def selected(self) -> Attempt | None:
        row = self.table.currentRow()
        return self.attempts[row] if 0 <= row < len(self.attempts) else None

    def show_selected(self) -> None:
        """The selected attempt's report (if submitted) and its notes."""
        from ui.door import scenario_of
        from ui.timeline import build_timeline

        attempt = self.selected()
        if attempt is None:
            return
        self._show_notes(attempt.id)
        report = self.lobby.report(attempt.id)
        if report is None:
            self.report_view.heading.setText(
                "<h3>No report yet</h3><p>This attempt is still in progress.</p>"
            )
            self.report_view.verdict.clear()
            self.report_view.findings.clear()
            self.report_view.timeline.set_timeline(None)
            return
        loaded = self.library.loaded(attempt.scenario_id) if self.library else None
        scenario = scenario_of(loaded, attempt.variant) if loaded else None
        timeline = None
        if scenario is not None:
            records = self.lobby.run(lambda: self.lobby.store.records(attempt.id))
            timeline = build_timeline(scenario, records) if records is not None else None
        title = scenario.title if scenario else attempt.scenario_id
        submitted = local_time(attempt.submitted_at)
        when = f"{submitted:%m/%d/%Y %H:%M}" if submitted else ""
        variant = f", variant {attempt.variant}" if attempt.variant else ""
        cohort = f" Cohort: {attempt.cohort}." if attempt.cohort else ""
        details = (
            f"Trainee: {self.trainee_name}. Mode: {attempt.mode.capitalize()}. Submitted "
            f"{when}. Scenario version {attempt.scenario_version}{variant}.{cohort}"
        )
        self.report_view.show_report(
            report,
            f"<h2>Report — {html.escape(title)}</h2><p>{html.escape(details)}</p>",
            timeline,
            {},
            try_again=False,
        )
        self.report_view.heading.setAccessibleName(f"Report — {title}. {details}")
        self.report_view.fit_timeline()

    def _show_notes(self, attempt_id: str) -> None:
        from cwstrainer import dashboard

        self.notes.clear()
        for note in self.lobby.run(lambda: dashboard.notes(self.lobby.store, attempt_id)) or []:
            when = local_time(note.created_at)
            stamp = f"{when:%m/%d/%Y %H:%M}" if when else note.created_at
            self.notes.addItem(f"{stamp} — {note.author or 'trainer'}: {note.text}")
        if self.notes.count() == 0:
            self.notes.addItem("No notes yet.")

    def add_note(self) -> bool:
        """Keep the typed note on the selected attempt."""
        from cwstrainer import dashboard

        attempt = self.selected()
        if attempt is None:
            return False
        done = self.lobby.run(
            lambda: dashboard.add_note(
                self.lobby.store, attempt.id, self.author.text(), self.note.toPlainText()
            )
        )
        if done is None:
            return False
        self.note.clear()
        self._show_notes(attempt.id)
        return True

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        lobby: Lobby,
        library: StationLibrary | None,
        cell: Cell,
    ) -> None:
        """Show a cell's attempts (the last one selected) until closed (tests patch this)."""
        dialog = cls(
            lobby,
            library,
            cell.trainee_id,
            cell.trainee,
            cell.scenario_id,
            cell.last_attempt_id,
            parent,
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
