"""The small modal questions of the app, each with an ``ask()`` tests patch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Confirm:
    """A yes/no question (submitting is final; overwriting a changed file is too)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


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
