"""The dialog that asks for the trainer passphrase, or sets it on a station's first use.

Kept apart from :mod:`ui.trainer.gate` so that the window is built without it: it is
needed only when someone enters trainer mode.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.style import STYLE_SHEET


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
