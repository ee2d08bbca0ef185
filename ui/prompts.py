"""The small modal questions of the app, each with an ``ask()`` tests patch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

# A question's two buttons, by its title: the act, and the safe answer that changes
# nothing. Enter (the default button) and Escape both give the safe answer; the act has
# its own access key. Any other question is Yes / No, No the default.
CHOICES: dict[str, tuple[str, str]] = {
    "Submit for Grading": ("&Submit for Grading", "&Keep Working"),
    "Take Over This Attempt": ("&Take It Over", "&Keep It Read-Only Here"),
}
SAFE_NOTE = "Enter: {safe}."


class Confirm:
    """A question whose act cannot be taken back (submitting; taking an attempt over;
    overwriting a changed file). Enter and Escape give the safe answer."""

    @classmethod
    def box(cls, parent: QWidget | None, title: str, text: str) -> tuple[QMessageBox, QPushButton]:
        """The question, not yet shown: its buttons say what they do, the safe one default."""
        act, safe = CHOICES.get(title, ("&Yes", "&No"))
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(act, QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(safe, QMessageBox.ButtonRole.RejectRole)
        yes.setAccessibleName(act.replace("&", ""))
        no.setAccessibleName(safe.replace("&", ""))
        box.setDefaultButton(no)
        box.setEscapeButton(no)
        box.setInformativeText(SAFE_NOTE.format(safe=safe.replace("&", "")))
        return box, yes

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        """Ask; True only if the act's button was chosen (tests patch this)."""
        box, act = cls.box(parent, title, text)
        try:
            box.exec()
            return box.clickedButton() is act
        finally:
            box.deleteLater()


class SavePath:
    """Where to save a file (the report's PDF, a scenario, a pack, an export)."""

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        suggested: str,
        filters: str = "PDF files (*.pdf)",
    ) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path or None


class OpenPath:
    """Which existing file to open (a scenario, a pack, a results file)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
        return path or None


class OpenPaths:
    """Several existing files at once (results files from many laptops)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, folder: str, filters: str) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, folder, filters)
        return list(paths)


class FolderPath:
    """A folder to write into (the CSV exports)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, folder: str) -> str | None:
        return QFileDialog.getExistingDirectory(parent, title, folder) or None
