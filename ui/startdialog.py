"""The simple way in until the sign-in and library screens exist: a scenario and a name.

Lists the bundled scenarios with a Trainee Name field. Starting opens the trainee's
unfinished attempt at that scenario if there is one (nothing is ever lost), otherwise
a new attempt in practice mode.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from cwstrainer.scenario.loader import LibraryLoad, LoadedScenario


class StartDialog(QDialog):
    """Choose a scenario and say who you are; :meth:`ask` runs it."""

    def __init__(self, library: LibraryLoad, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open Scenario — TRAINING")
        self.library = library
        layout = QVBoxLayout(self)
        note = QLabel(
            "TRAINING ENVIRONMENT: every person and record here is fictional. "
            "Choose a scenario and type your name."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        caption = QLabel("&Scenario")
        layout.addWidget(caption)
        self.scenarios = QListWidget()
        self.scenarios.setAccessibleName("Scenario")
        self.scenarios.setSpacing(3)
        caption.setBuddy(self.scenarios)
        for loaded in library.scenarios:
            s = loaded.scenario
            item = QListWidgetItem(
                f"{s.title}\n    {s.difficulty}, about {s.estimated_minutes} minutes; "
                f"today in the scenario: {s.today:%m/%d/%Y}"
            )
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.scenarios.addItem(item)
        if self.scenarios.count():
            self.scenarios.setCurrentRow(0)
        layout.addWidget(self.scenarios, 1)
        if library.problems:
            problems = QLabel(
                "Some scenario files could not be used:\n"
                + "\n".join(str(p) for p in library.problems[:5])
            )
            problems.setWordWrap(True)
            problems.setAccessibleName("Scenario problems")
            layout.addWidget(problems)
        name_caption = QLabel("Trainee &Name")
        layout.addWidget(name_caption)
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Trainee Name")
        self.name.setMaxLength(80)
        self.name.setProperty("mandatory", True)
        name_caption.setBuddy(self.name)
        layout.addWidget(self.name)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.start_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("S&tart")
        self.start_button.setAccessibleName("Start")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self.scenarios.currentRowChanged.connect(self._update)
        self._update()
        self.resize(680, 480)
        (self.name if not name else self.scenarios).setFocus()

    def _update(self, *_: object) -> None:
        ready = bool(self.name.text().strip()) and self.scenarios.currentRow() >= 0
        self.start_button.setEnabled(ready)

    def choice(self) -> tuple[str, LoadedScenario] | None:
        """The trainee's name and the chosen scenario, if both are given."""
        row = self.scenarios.currentRow()
        if row < 0 or not self.name.text().strip():
            return None
        return self.name.text().strip(), self.library.scenarios[row]

    @classmethod
    def ask(
        cls, parent: QWidget | None, library: LibraryLoad, name: str = ""
    ) -> tuple[str, LoadedScenario] | None:
        """Run the dialog; the choice, or None if cancelled (tests patch this)."""
        dialog = cls(library, name, parent)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
