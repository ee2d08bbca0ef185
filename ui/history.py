"""A trainee's history: every attempt with its mode, score, duration and date.

A trainer reviewing a training file and a trainee looking back both need the same
list; opening a submitted attempt shows it read-only with its report, opening an
unfinished one resumes it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.lobby import Lobby, duration, local_time, percent

if TYPE_CHECKING:
    from cwstrainer.scenario.loader import LibraryLoad
    from cwstrainer.store.store import Attempt, Trainee

COLUMNS = ("Date", "Scenario", "Mode", "Status", "Score", "Result", "Duration")


def duration_text(span: dt.timedelta | None) -> str:
    """A duration as a trainee reads it: "1 h 05 min", "12 min", "under 1 min"."""
    if span is None:
        return ""
    minutes = int(span.total_seconds() // 60)
    if minutes < 1:
        return "under 1 min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def attempt_title(attempt: Attempt, library: LibraryLoad) -> str:
    """The scenario's title as this attempt's seat saw it (its variant's names), and
    which variant it was."""
    from ui.door import scenario_of

    loaded = next((s for s in library.scenarios if s.summary.id == attempt.scenario_id), None)
    if loaded is None:
        return attempt.scenario_id
    title = scenario_of(loaded, attempt.variant).title
    return f"{title} (variant {attempt.variant})" if attempt.variant else title


def history_row(attempt: Attempt, titles: dict[str, str]) -> list[str]:
    """One attempt as the history table shows it (all in words, no colour needed).

    ``titles`` maps attempt ids (or, failing that, scenario ids) to the title to show.
    """
    started = local_time(attempt.started_at)
    score = percent(attempt)
    if attempt.submitted and score is not None:
        score_text = f"{attempt.score:g} of {attempt.possible:g} ({score:g}%)"
        result = attempt.verdict or ""
    else:
        score_text, result = "", ""
    return [
        f"{started:%m/%d/%Y %H:%M}" if started else "",
        titles.get(attempt.id) or titles.get(attempt.scenario_id, attempt.scenario_id),
        attempt.mode.capitalize(),
        "Submitted" if attempt.submitted else "In progress",
        score_text,
        result,
        duration_text(duration(attempt)),
    ]


class HistoryDialog(QDialog):
    """The signed-in trainee's attempts, newest first; :meth:`ask` runs it."""

    def __init__(
        self,
        lobby: Lobby,
        trainee: Trainee,
        library: LibraryLoad,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {trainee.name} — TRAINING")
        self.attempts = lobby.attempts(trainee.id)
        self._chosen: Attempt | None = None
        titles = {a.id: attempt_title(a, library) for a in self.attempts}
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h3>Attempts of {trainee.name}</h3>")
        heading.setAccessibleName(f"Attempts of {trainee.name}")
        layout.addWidget(heading)
        self.table = QTableWidget(len(self.attempts), len(COLUMNS))
        self.table.setAccessibleName("Attempts")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for c in range(len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for r, attempt in enumerate(self.attempts):
            for c, text in enumerate(history_row(attempt, titles)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, attempt.id)
                self.table.setItem(r, c, item)
        if self.attempts:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda *_: self.open_selected())
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        self.empty = QLabel("No attempts yet.")
        self.empty.setVisible(not self.attempts)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = QPushButton("&Open")
        self.open_button.setAccessibleName("Open")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        buttons.addWidget(self.open_button)
        close = QPushButton("&Close")
        close.setAccessibleName("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._selected()
        self.resize(860, 420)
        self.table.setFocus()

    def selected(self) -> Attempt | None:
        row = self.table.currentRow()
        return self.attempts[row] if 0 <= row < len(self.attempts) else None

    def _selected(self) -> None:
        attempt = self.selected()
        self.open_button.setEnabled(attempt is not None)
        if attempt is not None:
            label = "&Open Report (read-only)" if attempt.submitted else "&Resume"
            self.open_button.setText(label)
            self.open_button.setAccessibleName(label.replace("&", ""))

    def open_selected(self) -> None:
        self._chosen = self.selected()
        if self._chosen is not None:
            self.accept()

    def chosen(self) -> Attempt | None:
        return self._chosen

    @classmethod
    def ask(
        cls, parent: QWidget | None, lobby: Lobby, trainee: Trainee, library: LibraryLoad
    ) -> Attempt | None:
        """Run the dialog; the attempt to open, or None (tests patch this)."""
        dialog = cls(lobby, trainee, library, parent)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
