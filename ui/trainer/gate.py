"""The passphrase between a trainee's seat and the trainer's tools.

A lab's laptops are shared, so trainer mode must be entered deliberately and left behind
on its own: the passphrase is asked every time trainer mode is entered (set on first use
at a station, kept only as a salted scrypt hash by :mod:`cwstrainer.trainer_access`), and
the gate locks again when the trainer leaves trainer mode or a trainee signs in.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.lobby import Lobby
from ui.style import STYLE_SHEET

LOCKED_REASON = (
    "Trainer mode only: choose Trainer > Enter Trainer Mode… and type the station's "
    "trainer passphrase."
)


class PassphraseDialog(QDialog):
    """Ask for the passphrase, or (first use at a station) set it, typed twice.

    :meth:`ask` runs it and returns the passphrase typed, or None if cancelled.
    """

    def __init__(self, first_use: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_use = first_use
        self.setWindowTitle("Trainer Mode — TRAINING")
        self.setStyleSheet(STYLE_SHEET)
        layout = QVBoxLayout(self)
        if first_use:
            text = (
                "<h3>Set the trainer passphrase</h3><p>No trainer passphrase is set at this "
                "station yet. Choose one (at least 8 characters) and type it twice. Trainees "
                "must not know it: it opens authoring, answer keys and everyone's results.</p>"
            )
        else:
            text = (
                "<h3>Enter trainer mode</h3><p>Type the station's trainer passphrase. Trainer "
                "mode locks again when you leave it or a trainee signs in.</p>"
            )
        self.intro = QLabel(text)
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(
            "Set the trainer passphrase" if first_use else "Enter trainer mode"
        )
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.passphrase = self._field("&Passphrase")
        form.addRow(self._caption("&Passphrase", self.passphrase), self.passphrase)
        self.repeat = self._field("&Repeat Passphrase")
        if first_use:
            form.addRow(self._caption("&Repeat Passphrase", self.repeat), self.repeat)
        else:
            self.repeat.hide()
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("messageLine")
        self.problem.setAccessibleName("Message")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Set Passphrase" if first_use else "Unlock")
        self.ok_button.setAccessibleName(self.ok_button.text())
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.passphrase.setFocus()
        self.resize(500, 250 if first_use else 200)

    def _field(self, label: str) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(label.replace("&", ""))
        field.setMaxLength(200)
        return field

    def _caption(self, text: str, buddy: QWidget) -> QLabel:
        caption = QLabel(text)
        caption.setBuddy(buddy)
        return caption

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _accept(self) -> None:
        if self.first_use and self.passphrase.text() != self.repeat.text():
            self.show_problem("The two passphrases differ: type the same one twice.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, first_use: bool) -> str | None:
        """Run the dialog; the passphrase typed, or None if cancelled (tests patch this)."""
        dialog = cls(first_use, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.passphrase.text() if accepted else None
        finally:
            dialog.deleteLater()


class TrainerGate(QObject):
    """Whether trainer mode is open at this window, and the way in and out.

    Signals:
        unlockedChanged(bool): trainer mode was entered (True) or left (False).
        failed(str): a wrong passphrase, or one too short to set; the message.
    """

    unlockedChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, lobby: Lobby, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lobby = lobby
        self._unlocked = False

    @property
    def unlocked(self) -> bool:
        return self._unlocked

    def is_set(self) -> bool:
        from cwstrainer import trainer_access

        return bool(self.lobby.run(lambda: trainer_access.is_set(self.lobby.store)))

    def enter(self, parent: QWidget | None = None) -> bool:
        """Ask for the passphrase (set it on first use); True once trainer mode is open."""
        if self._unlocked:
            return True
        first_use = not self.is_set()
        typed = PassphraseDialog.ask(parent, first_use)
        if typed is None:
            return False
        return self.unlock_with(typed, first_use)

    def unlock_with(self, typed: str, first_use: bool = False) -> bool:
        """Open trainer mode with this passphrase (setting it, on first use)."""
        from cwstrainer import trainer_access

        if first_use:
            done = self.lobby.run(
                lambda: trainer_access.set_passphrase(self.lobby.store, typed) or True
            )
            if not done:
                return False
        elif not self.lobby.run(lambda: trainer_access.unlock(self.lobby.store, typed)):
            self.failed.emit("That is not the trainer passphrase. Trainer mode stays locked.")
            return False
        self._unlocked = True
        self.unlockedChanged.emit(True)
        return True

    def lock(self) -> None:
        """Leave trainer mode (on leaving it, closing its window, or a trainee signing in)."""
        if self._unlocked:
            self._unlocked = False
            self.unlockedChanged.emit(False)
