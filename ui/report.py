"""The report after submission: the score, the timeline, and every finding with Go to.

The verdict comes first, with its reason (a critical error fails the attempt whatever
the percentage) and the critical errors listed. Findings are a list a screen reader reads
line by line (outcome in words, weight, rule, points, message), a consequence indented
under the mistake it follows from, with the selected finding's details below: the
explanation, the value entered against the value expected, the rule, the citation and the
letter's own sentence. **Go to** opens the notebook page and row concerned; the report
stays one key away (F3).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cwstrainer.rules.findings import Finding, Outcome
from ui.reporttext import (
    OUTCOME_SYMBOLS,
    OUTCOME_WORDS,
    critical_lines,
    finding_html,
    finding_line,
    points_text,
    score_text,
    weight_text,
)
from ui.reporttext import verdict_text as verdict_line
from ui.timelineview import TimelineWidget

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from ui.timeline import Timeline

OUTCOME_COLOURS = {
    Outcome.MET: "#1d6b3a",
    Outcome.MISSED: "#a3201d",
    Outcome.WRONG_VALUE: "#a3201d",
    Outcome.EXTRA: "#8a4b00",
}


class ReportView(QWidget):
    """A submitted attempt's report.

    Signals:
        goTo(object): the trainee asked to see a finding's place: the ``Finding``.
        savePdf(): Save as PDF… was chosen.
        tryAgain(): Try Again (a fresh copy of the scenario) was chosen.
        back(): Back to the notebooks was chosen.
    """

    goTo = Signal(object)
    savePdf = Signal()
    tryAgain = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Report")
        self.report: Report | None = None
        self.can_go: dict[int, bool] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel()
        self.heading.setObjectName("reportHeading")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        self.verdict = QLabel()
        self.verdict.setObjectName("reportVerdict")
        self.verdict.setAccessibleName("Result")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.verdict.setFont(font)
        outer.addWidget(self.verdict)
        self.score = QLabel()
        self.score.setObjectName("reportScore")
        self.score.setAccessibleName("Score")
        self.score.setWordWrap(True)
        outer.addWidget(self.score)
        self.critical = QLabel()
        self.critical.setObjectName("reportCritical")
        self.critical.setAccessibleName("Critical errors")
        self.critical.setWordWrap(True)
        self.critical.setTextFormat(Qt.TextFormat.RichText)
        self.critical.setStyleSheet(
            "border: 2px solid #a3201d; background: #fdecea; color: #5c0f0d; padding: 4px;"
        )
        outer.addWidget(self.critical)
        buttons = QHBoxLayout()
        self.back_button = self._button("&Back to Notebooks", "Back to Notebooks", self.back.emit)
        self.pdf_button = self._button("Save as P&DF…", "Save as PDF", self.savePdf.emit)
        self.again_button = self._button("Try &Again", "Try Again", self.tryAgain.emit)
        for b in (self.back_button, self.pdf_button, self.again_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        self.split = split
        self.timeline = TimelineWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.timeline)
        scroll.setAccessibleName("Timeline area")
        # A tab stop (its arrow keys scroll): framed, so that the focus ring shows on it.
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        split.addWidget(scroll)
        # Below the timeline, the findings and the selected one's details side by side,
        # each pane resizable: at 1366x768 the list keeps its height for findings.
        self.lower_split = QSplitter(Qt.Orientation.Horizontal)
        self.lower_split.setChildrenCollapsible(False)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("&Findings (select one for its rule, citation and values)")
        lower_layout.addWidget(caption)
        self.findings = QTreeWidget()
        self.findings.setAccessibleName("Findings")
        caption.setBuddy(self.findings)
        self.findings.setRootIsDecorated(True)
        self.findings.setUniformRowHeights(True)
        self.findings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings.setHeaderLabels(["Result", "Rule", "Weight", "Points", "Finding"])
        header = self.findings.header()
        for c in range(4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.findings.currentItemChanged.connect(self._current)
        self.findings.itemActivated.connect(lambda *_: self.go_to_current())
        lower_layout.addWidget(self.findings, 1)
        row = QHBoxLayout()
        self.go_button = self._button("&Go to", "Go to", self.go_to_current)
        self.go_button.setToolTip("Open the notebook page and row of this finding (Enter)")
        row.addWidget(self.go_button)
        self.go_note = QLabel()
        self.go_note.setWordWrap(True)
        row.addWidget(self.go_note, 1)
        lower_layout.addLayout(row)
        self.lower_split.addWidget(lower)
        details_pane = QWidget()
        details_layout = QVBoxLayout(details_pane)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_caption = QLabel("Finding deta&ils: rule, citation, values")
        details_layout.addWidget(details_caption)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Finding Details")
        self.details.setOpenLinks(False)
        details_caption.setBuddy(self.details)
        details_layout.addWidget(self.details, 1)
        self.lower_split.addWidget(details_pane)
        self.lower_split.setStretchFactor(0, 3)
        self.lower_split.setStretchFactor(1, 2)
        self.lower_split.setSizes([600, 400])
        split.addWidget(self.lower_split)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        for handle_owner in (split, self.lower_split):
            handle_owner.setHandleWidth(7)
        outer.addWidget(split, 1)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    def show_report(
        self,
        report: Report,
        heading: str,
        timeline: Timeline | None,
        can_go: dict[int, bool],
        try_again: bool,
    ) -> None:
        """Show a report; ``can_go`` says, per finding index, whether Go to has a place."""
        self.report = report
        self.can_go = can_go
        self.heading.setText(heading)
        self.heading.setAccessibleName(heading)
        text = verdict_line(report)
        self.verdict.setText(text)
        self.verdict.setAccessibleName(f"Result: {text}")
        self.score.setText(score_text(report))
        critical = critical_lines(report)
        self.critical.setVisible(bool(critical))
        self.critical.setText(
            "<b>Critical errors: each one fails the attempt, whatever the percentage.</b><ol "
            "style='margin:2px 0 0 0'>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in critical)
            + "</ol>"
        )
        self.critical.setAccessibleDescription(" ".join(critical))
        self.verdict.setProperty("passed", report.passed)
        self.verdict.setStyleSheet(
            f"color: {'#1d6b3a' if report.passed else '#a3201d'}; padding: 4px 0;"
        )
        self.timeline.set_timeline(timeline)
        self.again_button.setVisible(try_again)
        self.findings.clear()
        index = {id(f): i for i, f in enumerate(report.findings)}
        first_open: QTreeWidgetItem | None = None
        first_critical: QTreeWidgetItem | None = None
        for f in report.findings:
            if f.cause is not None:
                continue
            item = self._item(f, index[id(f)])
            self.findings.addTopLevelItem(item)
            for c in report.consequences_of(f):
                item.addChild(self._item(c, index[id(c)]))
            item.setExpanded(True)
            if first_open is None and f.is_error:
                first_open = item
            if first_critical is None and f.is_critical_error:
                first_critical = item
        start = first_critical or first_open or self.findings.topLevelItem(0)
        if start is not None:
            self.findings.setCurrentItem(start)
        else:
            self._current(None)

    @staticmethod
    def _item(f: Finding, index: int) -> QTreeWidgetItem:
        """One finding's row: outcome in words, weight, points, rule, message."""
        item = QTreeWidgetItem(
            [
                f"{OUTCOME_SYMBOLS[f.outcome]} {OUTCOME_WORDS[f.outcome]}",
                f.rule_id + (" (inference)" if f.inference else ""),
                weight_text(f),
                points_text(f),
                _one_line(f),
            ]
        )
        item.setData(0, Qt.ItemDataRole.UserRole, index)
        line = finding_line(f)
        for c in range(5):
            item.setData(c, Qt.ItemDataRole.AccessibleTextRole, line)
        item.setToolTip(4, _one_line(f))
        colour = QColor(OUTCOME_COLOURS[f.outcome] if f.cause is None else "#555555")
        item.setForeground(0, QBrush(colour))
        bold = QFont(item.font(0))
        bold.setBold(f.is_error)
        item.setFont(0, bold)
        if f.is_critical_error:
            item.setFont(2, bold)
        return item

    def fit_timeline(self) -> None:
        """Give the timeline the height it needs, up to two fifths of the panes (the findings
        keep the rest; the splitter's handle gives the timeline more)."""
        total = sum(self.split.sizes()) or self.split.height()
        wanted = min(self.timeline.height() + 6, total * 2 // 5)
        self.split.setSizes([wanted, max(1, total - wanted)])

    def current_finding(self) -> tuple[int, Finding] | None:
        item = self.findings.currentItem()
        if item is None or self.report is None:
            return None
        index = int(item.data(0, Qt.ItemDataRole.UserRole))
        return index, self.report.findings[index]

    def _current(self, item: QTreeWidgetItem | None, *_: object) -> None:
        chosen = self.current_finding()
        if chosen is None:
            self.details.clear()
            self.go_button.setEnabled(False)
            self.go_note.clear()
            return
        index, f = chosen
        self.details.setHtml(finding_html(f))
        self.details.setAccessibleDescription(finding_line(f))
        can = self.can_go.get(index, False)
        self.go_button.setEnabled(can)
        self.go_note.setText(
            ""
            if can
            else "This finding is about something not entered: Go to has no row "
            "to open. The Attachment A click path (F1) says where it goes."
        )

    def go_to_current(self) -> None:
        """Go to: ask the window to open the selected finding's page and row."""
        chosen = self.current_finding()
        if chosen is not None and self.can_go.get(chosen[0], False):
            self.goTo.emit(chosen[1])


def _one_line(f: Finding) -> str:
    from ui.reporttext import first_sentence

    return first_sentence(f.message)
