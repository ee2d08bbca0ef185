"""The results dashboard: trainees against scenarios, the missed-rules heat map, drill-down.

The trainee table fetches a page of trainees at a time from
:func:`cwstrainer.dashboard.trainee_results` (Qt's ``canFetchMore``/``fetchMore``: the
view asks for the next page when it scrolls near the end), so a station holding a whole
academy's 100,000 attempts shows its first rows at once and never loads everything.
One row is one trainee on one scenario: best and last score, whether the last passed,
and how many attempts. Filters (dates, cohort, scenario) apply to the table and the heat
map alike. Opening a row lists that trainee's attempts at the scenario; opening one
shows its report read-only with the trainer's notes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cwstrainer.dashboard import NO_COHORT, Cell, Filters
from cwstrainer.errors import TrainerError
from ui.lobby import Lobby
from ui.trainer.heatmap import HeatMapView

if TYPE_CHECKING:
    from ui.library import StationLibrary

PAGE_SIZE = 50
COLUMNS = ("Trainee", "Scenario", "Attempts", "Best Score", "Last Score", "Last Result")
ALL_COHORTS = "All cohorts"
NO_COHORT_LABEL = "(no cohort)"
ALL_SCENARIOS = "All scenarios"

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as a default argument


class ResultsModel(QAbstractTableModel):
    """Trainee × scenario results, fetched a page of trainees at a time.

    Signals:
        pageLoaded(int, int): a page arrived: trainees loaded so far, and in all.
    """

    pageLoaded = Signal(int, int)

    def __init__(self, lobby: Lobby, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lobby = lobby
        self.filters = Filters()
        self.titles: dict[str, str] = {}
        self.rows: list[Cell] = []
        self.trainees_loaded = 0
        self.trainees_total = 0

    def set_filters(self, filters: Filters, titles: dict[str, str]) -> None:
        """Start again from the first page under these filters."""
        from cwstrainer import dashboard

        self.beginResetModel()
        self.filters = filters
        self.titles = titles
        self.rows = []
        self.trainees_loaded = 0
        self.trainees_total = (
            self.lobby.run(lambda: dashboard.trainee_count(self.lobby.store, filters)) or 0
        )
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and self.trainees_loaded < self.trainees_total

    def fetchMore(self, parent: Index = _ROOT) -> None:
        """The next page of trainees (all their scenarios)."""
        from cwstrainer import dashboard

        if parent.isValid() or not self.canFetchMore(parent):
            return
        cells = self.lobby.run(
            lambda: dashboard.trainee_results(
                self.lobby.store, self.filters, PAGE_SIZE, self.trainees_loaded
            )
        )
        if not cells:
            self.trainees_total = self.trainees_loaded  # nothing more (or a failure)
            self.pageLoaded.emit(self.trainees_loaded, self.trainees_total)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(cells) - 1)
        self.rows.extend(cells)
        self.trainees_loaded += len({c.trainee_id for c in cells})
        self.endInsertRows()
        self.pageLoaded.emit(self.trainees_loaded, self.trainees_total)

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def texts(self, row: int) -> list[str]:
        c = self.rows[row]
        return [
            c.trainee,
            self.titles.get(c.scenario_id, c.scenario_id),
            str(c.attempts),
            f"{c.best_percent:g}%",
            f"{c.last_percent:g}%",
            "Passed" if c.last_passed else "Not passed",
        ]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(index.row())[index.column()]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            t = self.texts(index.row())
            return f"{t[0]}, {t[1]}: {t[2]} attempt(s), best {t[3]}, last {t[4]} ({t[5].lower()})"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return self.rows[index.row()].scenario_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def cell(self, row: int) -> Cell | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class _HeatRelay(QObject):
    """Carries the heat map's tallies from the worker thread.

    Signals:
        done(int, object): the request's number and its ``RuleMisses`` list (None: failed).
    """

    done = Signal(int, object)


class _HeatJob(QRunnable):
    """Count missed rules in a thread of the pool, with a store opened in that thread."""

    def __init__(self, data_dir: Path, filters: Filters, number: int, relay: _HeatRelay) -> None:
        super().__init__()
        self.data_dir, self.filters, self.number, self.relay = data_dir, filters, number, relay

    def run(self) -> None:
        from cwstrainer import dashboard
        from cwstrainer.store.store import Store

        try:
            store = Store.open(self.data_dir)
            try:
                misses = dashboard.rule_misses(store, self.filters)
            finally:
                store.close()
        except (TrainerError, OSError, sqlite3.Error):
            misses = None
        with contextlib.suppress(RuntimeError):  # the page closed: nobody is waiting
            self.relay.done.emit(self.number, misses)


def _date_edit(name: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setDate(QDate.currentDate())
    return edit


class DashboardPage(QWidget):
    """Filters, the trainee table, the heat map, and the way into an attempt.

    The trainee table's first page is read at once (a few milliseconds however large
    the station); the heat map, which tallies every graded attempt, is counted on the thread
    pool and appears when ready, so the table is never held up by it.

    Signals:
        openAttempts(object): the trainer asked to see a trainee's attempts at a
            scenario: the ``Cell``.
        heatMapReady(): the heat map shows the tallies of the current filters.
    """

    openAttempts = Signal(object)
    heatMapReady = Signal()

    def __init__(self, lobby: Lobby, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Results Dashboard")
        self.lobby = lobby
        self.titles: dict[str, str] = {}
        self.heat_ready = False
        self._heat_request = 0
        self._heat_relay = _HeatRelay()
        self._heat_relay.done.connect(self._heat_counted)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.use_since = QCheckBox("&From")
        self.use_since.setAccessibleName("From")
        self.since = _date_edit("From date")
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.use_until = QCheckBox("&To")
        self.use_until.setAccessibleName("To")
        self.until = _date_edit("To date")
        self.use_since.toggled.connect(self.since.setEnabled)
        self.use_until.toggled.connect(self.until.setEnabled)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        cohort_caption = QLabel("&Cohort")
        self.cohort = QComboBox()
        self.cohort.setAccessibleName("Cohort")
        cohort_caption.setBuddy(self.cohort)
        scenario_caption = QLabel("Sce&nario")
        self.scenario = QComboBox()
        self.scenario.setAccessibleName("Scenario")
        scenario_caption.setBuddy(self.scenario)
        self.apply_button = QPushButton("&Apply Filters")
        self.apply_button.setAccessibleName("Apply Filters")
        self.apply_button.clicked.connect(self.refresh)
        for w in (
            self.use_since,
            self.since,
            self.use_until,
            self.until,
            cohort_caption,
            self.cohort,
            scenario_caption,
            self.scenario,
            self.apply_button,
        ):
            filters.addWidget(w)
        filters.addStretch(1)
        layout.addLayout(filters)

        split = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        table_caption = QLabel("&Trainees and scenarios (Enter opens the attempts)")
        upper_layout.addWidget(table_caption)
        self.table = QTableView()
        self.table.setAccessibleName("Trainees and scenarios")
        table_caption.setBuddy(self.table)
        self.model = ResultsModel(lobby, self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for c, width in enumerate((200, 420, 80, 95, 95)):
            header.resizeSection(c, width)
        self.table.activated.connect(lambda _: self.open_selected())
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        upper_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        self.count.setAccessibleName("Trainees shown")
        row.addWidget(self.count, 1)
        self.open_button = QPushButton("&Open Attempts…")
        self.open_button.setAccessibleName("Open Attempts")
        self.open_button.clicked.connect(self.open_selected)
        row.addWidget(self.open_button)
        upper_layout.addLayout(row)
        split.addWidget(upper)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heat_caption = QLabel(
            "&Missed rules: of the attempts graded on each rule, the share that missed it, "
            "and how many (an attempt counts once however many times it missed the rule; "
            "a consequence of another mistake and advice are not misses; darker = more "
            "often; a dash: not graded in that scenario)"
        )
        heat_caption.setWordWrap(True)
        lower_layout.addWidget(heat_caption)
        self.heat_state = QLabel()
        self.heat_state.setAccessibleName("Heat map state")
        lower_layout.addWidget(self.heat_state)
        self.heatmap = HeatMapView()
        heat_caption.setBuddy(self.heatmap)
        lower_layout.addWidget(self.heatmap, 1)
        split.addWidget(lower)
        split.setSizes([380, 320])
        layout.addWidget(split, 1)
        self.model.pageLoaded.connect(self._counted)

    def set_library(self, library: StationLibrary | None) -> None:
        """Scenario titles and the scenario filter's choices, from the library."""
        self.titles = {s.summary.id: s.summary.title for s in library.scenarios} if library else {}
        current = self.scenario.currentData()
        self.scenario.clear()
        self.scenario.addItem(ALL_SCENARIOS, None)
        for sid, title in sorted(self.titles.items(), key=lambda kv: kv[1]):
            self.scenario.addItem(title, sid)
        self.scenario.setCurrentIndex(max(0, self.scenario.findData(current)))

    def _fill_cohorts(self) -> None:
        from cwstrainer import dashboard

        current = self.cohort.currentText()
        labels = self.lobby.run(lambda: dashboard.cohorts(self.lobby.store)) or []
        self.cohort.clear()
        self.cohort.addItem(ALL_COHORTS)
        self.cohort.addItem(NO_COHORT_LABEL)
        self.cohort.addItems(labels)
        self.cohort.setCurrentIndex(max(0, self.cohort.findText(current)))

    def filters(self) -> Filters:
        """The filters as set on screen."""

        def day(edit: QDateEdit) -> dt.date:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())

        cohort = self.cohort.currentText()
        return Filters(
            since=day(self.since) if self.use_since.isChecked() else None,
            until=day(self.until) if self.use_until.isChecked() else None,
            cohort=(
                NO_COHORT
                if cohort == NO_COHORT_LABEL
                else cohort
                if cohort and cohort != ALL_COHORTS
                else None
            ),
            scenario_id=self.scenario.currentData(),
        )

    def refresh(self) -> None:
        """Read the first page and the heat map again under the filters."""

        if self.cohort.count() == 0:
            self._fill_cohorts()
        filters = self.filters()
        self.model.set_filters(filters, self.titles)
        if self.model.rowCount():
            self.table.selectRow(0)
        self.heat_ready = False
        self._heat_request += 1
        self.heat_state.setText("Counting missed rules…")
        self.heat_state.show()
        QThreadPool.globalInstance().start(
            _HeatJob(self.lobby.data_dir, filters, self._heat_request, self._heat_relay)
        )

    def _heat_counted(self, number: int, misses: object) -> None:
        if number != self._heat_request:
            return  # the filters changed since: a newer count is on its way
        if misses is None:
            self.heat_state.setText("The missed rules could not be counted.")
            return
        assert isinstance(misses, list)
        self.heatmap.heat().set_misses(misses, self.titles)
        self.heat_state.setText("" if misses else "No graded attempts under these filters.")
        self.heat_state.setVisible(not misses)
        self.heat_ready = True
        self.heatMapReady.emit()

    def reload(self) -> None:
        """Cohorts may have changed (an import): fill the choices again, then refresh."""
        self._fill_cohorts()
        self.refresh()

    def _counted(self, loaded: int, total: int) -> None:
        more = " — scroll down for more" if loaded < total else ""
        self.count.setText(f"Showing {loaded:,} of {total:,} trainees{more}.")

    def selected(self) -> Cell | None:
        index = self.table.currentIndex()
        return self.model.cell(index.row()) if index.isValid() else None

    def open_selected(self) -> None:
        cell = self.selected()
        if cell is not None:
            self.openAttempts.emit(cell)
