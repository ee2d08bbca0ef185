"""A plain-text editor for scenario YAML, with line numbers and problem marks.

Problems are marked three ways, so that none depends on colour: the line's number in
the gutter gets a "!" and a bold face, the line gets a tinted background with a wavy
underline at the problem's column, and the problem list (beside the editor) names the
line in words. :meth:`go_to` puts the cursor on a problem for the keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from cwstrainer.errors import Problem

PROBLEM_LINE = QColor("#fde8e8")
PROBLEM_UNDERLINE = QColor("#c0141b")


class _Gutter(QWidget):
    """The line-number area left of the text."""

    def __init__(self, editor: ScenarioEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.editor.paint_gutter(event)


class ScenarioEditor(QPlainTextEdit):
    """The YAML text of one scenario; :meth:`set_problems` marks the loader's problems."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scenario YAML")
        self.setAccessibleDescription(
            "The scenario file as plain text. Lines with a problem are listed under "
            "Problems; F8 goes to the next one."
        )
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(9.0, font.pointSizeF()))
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(True)  # Tab leaves the editor: YAML is indented with spaces
        self.problems: list[Problem] = []
        self._problem_lines: set[int] = set()
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _: self._fit_gutter())
        self.updateRequest.connect(self._scroll_gutter)
        self._fit_gutter()

    # -- the gutter --------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = max(3, len(str(max(1, self.blockCount()))))
        return 10 + self.fontMetrics().horizontalAdvance("9" * digits + " !")

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self.gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), QColor("#eef0f3"))
        block = self.firstVisibleBlock()
        number = block.blockNumber() + 1
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self.gutter.width() - 4
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                marked = number in self._problem_lines
                font = QFont(self.font())
                font.setBold(marked)
                painter.setFont(font)
                painter.setPen(PROBLEM_UNDERLINE if marked else QColor("#555555"))
                text = f"{number} !" if marked else f"{number}  "
                painter.drawText(0, top, width, height, Qt.AlignmentFlag.AlignRight, text)
            block = block.next()
            top += round(self.blockBoundingRect(block).height()) if block.isValid() else height
            number += 1
        painter.end()

    # -- problems ------------------------------------------------------------------------

    def set_problems(self, problems: list[Problem]) -> None:
        """Mark each problem's line (and underline from its column)."""
        self.problems = list(problems)
        self._problem_lines = {p.line for p in problems}
        marks = []
        for p in problems:
            block = self.document().findBlockByNumber(max(0, p.line - 1))
            if not block.isValid():
                continue
            whole = QTextEdit.ExtraSelection()
            whole.format.setBackground(PROBLEM_LINE)
            whole.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            whole.format.setToolTip(p.message)
            whole.cursor = QTextCursor(block)
            marks.append(whole)
            word = QTextEdit.ExtraSelection()
            word.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            word.format.setUnderlineColor(PROBLEM_UNDERLINE)
            word.format.setToolTip(p.message)
            cursor = QTextCursor(block)
            column = min(max(0, p.column - 1), max(0, block.length() - 1))
            cursor.setPosition(block.position() + column)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            word.cursor = cursor
            marks.append(word)
        self.setExtraSelections(marks)
        self.gutter.update()

    def problem_lines(self) -> set[int]:
        """The 1-based lines marked as having a problem."""
        return set(self._problem_lines)

    def go_to(self, line: int, column: int = 1) -> None:
        """Put the cursor at a line and column (1-based) and give the editor the keyboard."""
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(max(0, column - 1), max(0, block.length() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus()

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1
