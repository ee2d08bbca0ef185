"""The small modal questions of the training flow, each with an ``ask()`` tests patch."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Confirm:
    """A yes/no question (submitting is final)."""

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
    """Where to save a file (the report's PDF)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF files (*.pdf)")
        return path or None
