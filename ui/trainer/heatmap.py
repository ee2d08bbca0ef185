"""The heat map: rules by how often the cohort's attempts miss them, per scenario.

A table (rules down, scenarios across) in a QTableView, so it is read by keyboard and
screen reader like any table: every cell shows, as text, the share of graded attempts
that missed the rule and the counts behind it ("43% (3 of 7 attempts)"); its background
goes from pale to deep red with that share, and its accessible text says it in a
sentence ("REF-SPC-REQUIRED on in-care-victim-2016: missed by 3 of 7 graded attempts,
43%"). An attempt counts once per rule however many findings of it it missed; a
consequence of another mistake and advice are not misses. Rules most often missed come
first. Colour is never the only sign.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cwstrainer.dashboard import RuleMisses

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as a default argument
NOT_GRADED = "—"


def heat_colour(rate: float) -> QColor:
    """White (never missed) to deep red (always missed)."""
    rate = min(1.0, max(0.0, rate))
    low, high = QColor("#fff7f3"), QColor("#a50f15")
    return QColor(
        round(low.red() + (high.red() - low.red()) * rate),
        round(low.green() + (high.green() - low.green()) * rate),
        round(low.blue() + (high.blue() - low.blue()) * rate),
    )


def percent_text(cell: RuleMisses | None) -> str:
    """The share of graded attempts that missed the rule, or a dash: not graded there."""
    if cell is None or not cell.graded:
        return NOT_GRADED
    return f"{round(100 * cell.rate)}%"


def cell_text(cell: RuleMisses | None) -> str:
    """A cell's text: the share missed and its counts ("25% (3 of 12 attempts)")."""
    if cell is None or not cell.graded:
        return NOT_GRADED
    return f"{percent_text(cell)} ({cell.counts})"


class HeatMapModel(QAbstractTableModel):
    """Rules × scenarios; each cell a :class:`~cwstrainer.dashboard.RuleMisses`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rules: list[str] = []
        self.scenarios: list[str] = []
        self.titles: dict[str, str] = {}
        self.cells: dict[tuple[str, str], RuleMisses] = {}

    def set_misses(self, misses: list[RuleMisses], titles: dict[str, str] | None = None) -> None:
        """Show these tallies; rules ordered by their overall miss rate, highest first."""
        self.beginResetModel()
        self.titles = titles or {}
        self.cells = {(m.rule_id, m.scenario_id): m for m in misses}
        self.scenarios = sorted({m.scenario_id for m in misses})
        totals: dict[str, list[int]] = {}
        for m in misses:
            graded, missed = totals.setdefault(m.rule_id, [0, 0])
            totals[m.rule_id] = [graded + m.graded, missed + m.missed]
        self.rules = sorted(
            totals, key=lambda r: (-(totals[r][1] / totals[r][0]) if totals[r][0] else 0, r)
        )
        self.endResetModel()

    def cell(self, row: int, column: int) -> RuleMisses | None:
        return self.cells.get((self.rules[row], self.scenarios[column]))

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rules)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.scenarios)

    def describe(self, row: int, column: int) -> str:
        rule, scenario = self.rules[row], self.scenarios[column]
        cell = self.cell(row, column)
        if cell is None or not cell.graded:
            return f"{rule} on {scenario}: not graded"
        return (
            f"{rule} on {scenario}: missed by {cell.missed} of {cell.graded} graded "
            f"attempt{'' if cell.graded == 1 else 's'}, {percent_text(cell)}"
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if cell is None or not cell.graded:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(heat_colour(cell.rate))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#ffffff") if cell.rate >= 0.5 else QColor("#1a1a1a"))
        if role == Qt.ItemDataRole.UserRole:
            return cell
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            sid = self.scenarios[section]
            return sid if role == Qt.ItemDataRole.DisplayRole else self.titles.get(sid, sid)
        return self.rules[section]


class HeatMapView(QTableView):
    """The heat map's table, read cell by cell with the arrow keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Missed rules heat map")
        self.setAccessibleDescription(
            "Rules down, scenarios across; each cell is the share of graded attempts that "
            "missed the rule, with the counts (an attempt counts once per rule; a "
            "consequence of another mistake and advice are not misses). A dash: the rule "
            "is not graded in that scenario."
        )
        self.setModel(HeatMapModel(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(False)

    def heat(self) -> HeatMapModel:
        model = self.model()
        assert isinstance(model, HeatMapModel)
        return model
