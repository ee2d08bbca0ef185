"""The trainer's window: authoring, the results dashboard, packs, exports, the station.

Opened only once the gate is unlocked; closing it leaves trainer mode (the gate locks),
so a laptop handed back to a trainee never stays in trainer mode behind another window.
It takes the main window's lobby (the door to the store) and library, and opens nothing
itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.style import STYLE_SHEET
from ui.trainer.attemptview import AttemptsDialog
from ui.trainer.authoring import AuthoringPage
from ui.trainer.dashboard import DashboardPage
from ui.trainer.exports import ExportsPage
from ui.trainer.packs import PacksPage

if TYPE_CHECKING:
    from pathlib import Path

    from cwstrainer.dashboard import Cell
    from ui.library import StationLibrary
    from ui.lobby import Lobby
    from ui.trainer.lrsworker import LrsSender

TRAINER_BANNER = (
    "TRAINER MODE — answer keys and every trainee's results. Close this window (Ctrl+W) "
    "to leave trainer mode before handing the laptop back."
)


class StationPage(QWidget):
    """The station's cohort for new attempts, and the trainer passphrase.

    Signals:
        cohortChanged(str): the cohort label was saved ("" for none).
    """

    cohortChanged = Signal(str)

    def __init__(self, lobby: Lobby, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Station")
        self.lobby = lobby
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every attempt started at this station from now on is labelled with this "
            "cohort, so that the dashboard can show one class at a time (for example "
            "\u201cER Academy, Jan 2027\u201d). Leave it blank for none."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        caption = QLabel("&Cohort for new attempts")
        self.cohort = QLineEdit()
        self.cohort.setAccessibleName("Cohort for new attempts")
        self.cohort.setMaxLength(80)
        self.cohort.setPlaceholderText("e.g. ER Academy, Jan 2027")
        caption.setBuddy(self.cohort)
        form.addRow(caption, self.cohort)
        self.save_cohort_button = QPushButton("&Save Cohort")
        self.save_cohort_button.setAccessibleName("Save Cohort")
        self.save_cohort_button.clicked.connect(self.save_cohort)
        self.cohort.returnPressed.connect(self.save_cohort)
        form.addRow("", self.save_cohort_button)
        layout.addLayout(form)
        self.cohort_note = QLabel()
        self.cohort_note.setAccessibleName("Current cohort")
        layout.addWidget(self.cohort_note)
        layout.addSpacing(16)
        pass_intro = QLabel("<b>Change the trainer passphrase</b> (at least 8 characters)")
        layout.addWidget(pass_intro)
        pform = QFormLayout()
        self.current = self._secret("C&urrent Passphrase", pform)
        self.new = self._secret("&New Passphrase", pform)
        self.repeat = self._secret("&Repeat New Passphrase", pform)
        self.change_button = QPushButton("C&hange Passphrase")
        self.change_button.setAccessibleName("Change Passphrase")
        self.change_button.clicked.connect(self.change_passphrase)
        pform.addRow("", self.change_button)
        layout.addLayout(pform)
        self.message = QLabel()
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.load()

    def _secret(self, label: str, form: QFormLayout) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(label.replace("&", ""))
        caption = QLabel(label)
        caption.setBuddy(field)
        form.addRow(caption, field)
        return field

    def load(self) -> None:
        current = self.lobby.cohort() or ""
        self.cohort.setText(current)
        self.cohort_note.setText(
            f"New attempts are labelled: {current}." if current else "New attempts have no cohort."
        )

    def save_cohort(self) -> bool:
        if not self.lobby.set_cohort(self.cohort.text()):
            return False
        self.load()
        self.cohortChanged.emit(self.cohort.text())
        return True

    def change_passphrase(self) -> bool:
        from cwstrainer import trainer_access

        if self.new.text() != self.repeat.text():
            self.message.setText("The new passphrases differ: type the same one twice.")
            return False
        done = self.lobby.run(
            lambda: (
                trainer_access.set_passphrase(
                    self.lobby.store, self.new.text(), self.current.text()
                )
                or True
            )
        )
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.message.setText(
            "The passphrase was changed." if done else "The passphrase was not changed."
        )
        return bool(done)


class TrainerWindow(QMainWindow):
    """Trainer mode's tools in tabs.

    Signals:
        closed(): the window closed: trainer mode is left.
        libraryChanged(): a scenario was saved or a pack imported.
        tryIt(object, object): play a scenario in practice mode as a trainer preview:
            the ``LoadedScenario`` and the variant (None: the original).
    """

    closed = Signal()
    libraryChanged = Signal()
    tryIt = Signal(object, object)

    def __init__(
        self,
        lobby: Lobby,
        library: StationLibrary | None,
        bundled: Path,
        station: Path,
        sender: LrsSender,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("[TRAINER MODE] CWS/CMS CSEC Documentation Trainer")
        self.setStyleSheet(STYLE_SHEET)
        self.lobby = lobby
        self.library = library
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        banner = QLabel(TRAINER_BANNER)
        banner.setObjectName("trainerBanner")
        banner.setAccessibleName("Trainer mode")
        banner.setWordWrap(True)
        banner.setStyleSheet(
            "background-color: #3d1060; color: #ffffff; font-weight: bold; padding: 4px 8px;"
        )
        layout.addWidget(banner)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Trainer tools")
        self.authoring = AuthoringPage(bundled, station)
        self.dashboard = DashboardPage(lobby)
        self.packs = PacksPage(station)
        self.exports = ExportsPage(lobby, sender)
        self.station = StationPage(lobby)
        for page, label in (
            (self.authoring, "&1 Authoring"),
            (self.dashboard, "&2 Results Dashboard"),
            (self.packs, "&3 Scenario Packs"),
            (self.exports, "&4 Exports and LRS"),
            (self.station, "&5 Station"),
        ):
            self.tabs.addTab(page, label)
            self.tabs.setTabToolTip(self.tabs.count() - 1, label[3:])
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.leave_button = QPushButton("&Leave Trainer Mode")
        self.leave_button.setAccessibleName("Leave Trainer Mode")
        self.leave_button.clicked.connect(self.close)
        bottom.addWidget(self.leave_button)
        layout.addLayout(bottom)
        self.setCentralWidget(central)
        close_action = QAction("Leave Trainer Mode", self)
        close_action.setShortcut(QKeySequence("Ctrl+W"))
        close_action.triggered.connect(self.close)
        self.addAction(close_action)
        self.authoring.saved.connect(lambda _: self.libraryChanged.emit())
        self.authoring.tryIt.connect(self.tryIt.emit)
        self.packs.imported.connect(self.libraryChanged.emit)
        self.packs.imported.connect(self.authoring.refresh_files)
        self.exports.imported.connect(self.dashboard.reload)
        self.station.cohortChanged.connect(lambda _: self.dashboard.reload())
        self.dashboard.openAttempts.connect(self.open_attempts)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.set_library(library)
        self.exports.load_lrs()
        self.resize(1280, 800)

    def set_library(self, library: StationLibrary | None) -> None:
        """The library changed (a save, an import): titles and lists follow."""
        self.library = library
        self.dashboard.set_library(library)
        self.packs.set_library(library)

    def show_tab(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)
        self._tab_shown()

    def _tab_shown(self, *_: object) -> None:
        page = self.tabs.currentWidget()
        if page is self.dashboard and self.dashboard.model.trainees_total == 0:
            self.dashboard.reload()
        elif page is self.exports:
            # The settings may have changed since (`cwstrainer lrs configure`, another
            # window): the page shows what the station holds now.
            self.exports.load_lrs()

    def open_attempts(self, cell: Cell) -> None:
        AttemptsDialog.ask(self, self.lobby, self.library, cell)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.authoring.is_modified():
            from ui.prompts import Confirm

            if not Confirm.ask(
                self,
                "Leave Trainer Mode",
                "The scenario text has changes that are not saved. "
                "Leave trainer mode and discard them?",
            ):
                event.ignore()
                return
        QThreadPool.globalInstance().waitForDone(10000)  # a heat map being counted
        super().closeEvent(event)
        self.closed.emit()
