"""The trainer's main window, in the spirit of the CWS/CMS desktop client.

Menu bar, toolbar, the navigation tree of the open Referral and Case folders, the
notebook area with page tabs, a status bar, and an always-visible banner saying this is
a TRAINING environment with fictional data. The window holds no data of its own: it
shows the notebooks of the open attempt and sends every entry through the door.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.choice import StartChoice
from ui.fit import FRAME_ALLOWANCE, fit_rect  # noqa: F401 (the window's tests use them here)
from ui.flow import TrainingFlow
from ui.lobby import Lobby
from ui.navigation import NavigationTree
from ui.style import STYLE_SHEET
from ui.trainer.gate import LOCKED_REASON, TrainerGate

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QMessageBox, QTextBrowser

    from cwstrainer.fields import FieldSpec
    from cwstrainer.grading import Report
    from cwstrainer.records import AttemptRecords
    from cwstrainer.scenario.loader import LoadedScenario
    from cwstrainer.store.store import Trainee
    from ui.door import Door
    from ui.guide import Guide, GuideBar
    from ui.library import StationLibrary
    from ui.notebooks.notebook import NotebookWidget
    from ui.report import ReportView
    from ui.spotlight import Spotlight
    from ui.trainer.lrsworker import LrsSender
    from ui.trainer.window import TrainerWindow

APP_TITLE = "CWS/CMS CSEC Documentation Trainer"
BANNER = (
    "TRAINING ENVIRONMENT — every person and record is fictional. "
    "This is not CWS/CMS and is connected to nothing."
)
CLICK_PATHS = """<h3>Attachment A click paths</h3>
<p><b>S-CSEC Referral</b> (ACL 16-74): in the client's open Referral, click the
<b>Special Projects</b> page tab (Alt+S), click the "+" in the Special Project grid
(Insert) and select S-CSEC Referral.</p>
<p><b>Exploitation allegation</b> (ACL 15-49): in the Referral Management (green)
section, click the Create New Allegation "+" (Alt+A, then Insert), then the Abuse
Category dropdown, and select Exploitation.</p>
<p><b>Exploitation as a reason for removal</b> (ACL 15-49): in the Placement Management
(red) section of the Referral, click the Placement "+" (Alt+P, then Insert), then the
Reasons For Removal dropdown, and select Exploitation.</p>
<p><b>Client CSEC codes</b> (ACL 15-49): in the client's open Case (Window menu), click
the Special Projects page tab (Alt+S), the "+" in the Special Project grid (Insert),
and select the code.</p>
<p>Date fields: type MM/DD/YYYY; double-click or Ctrl+D for today; Alt+Down for the
calendar. Yellow fields are mandatory.</p>"""


TAKE_OVER_HINT = (
    "It is shown here read-only, so that no entry overwrites another. To work on it in "
    "this window instead, choose File > Take Over This Attempt."
)

PREVIEW_FOLDER = "trainer-preview"
PREVIEW_TRAINEE = "(trainer preview)"

MODE_BANNERS = {
    "guided": "GUIDED MODE — follow the highlighted step; Show me (Alt+M) plays it. "
    "Submit when done (Ctrl+Enter).",
    "practice": "PRACTICE MODE — no help on screen. Submit whenever you like (Ctrl+Enter), "
    "read the report, try again.",
    "assessment": "ASSESSMENT — no hints and no feedback until you submit. "
    "You can submit once (Ctrl+Enter); the pass mark decides.",
}


DESIGN_SIZE = (1280, 800)
GEOMETRY_KEY = "mainwindow/geometry"


def _bring_forward(window: QWidget) -> None:
    """Show a window in front (offscreen, as in tests and screenshots, has no front)."""
    from PySide6.QtGui import QGuiApplication

    window.show()
    if QGuiApplication.platformName() != "offscreen":
        window.raise_()
        window.activateWindow()


class MainWindow(TrainingFlow, QMainWindow):
    """The application window; :meth:`open_attempt` opens a trainee's notebooks."""

    MODE_BANNERS = MODE_BANNERS

    def __init__(self, data_dir: Path, scenarios_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.scenarios_dir = scenarios_dir
        self.door: Door | None = None
        self.lobby = Lobby(data_dir, self, bundled=scenarios_dir)
        self.lobby.failed.connect(self.show_problem)
        self.lobby.noticed.connect(self.show_problem)
        self._problem_box: QMessageBox | None = None
        self._problems_shown = 0
        self.gate = TrainerGate(self.lobby, self)
        self.gate.failed.connect(self.show_problem)
        self.gate.unlockedChanged.connect(self._trainer_actions)
        self.trainer_window: TrainerWindow | None = None
        self.previews: list[MainWindow] = []
        self.is_preview = False
        self.trainee: Trainee | None = None
        self.library: StationLibrary | None = None
        self.guide: Guide | None = None
        self.report: Report | None = None
        self.notebooks: list[NotebookWidget] = []
        self.window_actions: list[QAction] = []
        self._after_paint: list[Callable[[], object]] | None = []  # None once painted
        self.setWindowTitle(f"[TRAINING] {APP_TITLE}")
        self._build_central()
        self._build_actions()
        self._build_status()
        self.setStyleSheet(STYLE_SHEET)  # once all is built: one polish, not one per addition
        self.restore_place()

    # -- size and place --------------------------------------------------------------

    def restore_place(self, available: QRect | None = None) -> None:
        """The size and place the window had when last closed, fitted to the screen.

        The first time, 1280x800 centred, or less on a smaller screen (a lab laptop's
        1366x768 less its panel). ``available`` is the screen's area not taken by panels
        (default: the primary screen's); the offscreen platform of tests and screenshots
        has no real screen and keeps the design size unless told one.
        """
        from ui.app import settings

        saved = settings().value(GEOMETRY_KEY)
        if saved is not None:
            self.restoreGeometry(saved)
        else:
            self.resize(*DESIGN_SIZE)
        if available is None:
            if QGuiApplication.platformName() == "offscreen":
                return
            screen = self.screen() or QGuiApplication.primaryScreen()
            if screen is None:
                return
            available = screen.availableGeometry()
        if saved is None:
            wanted = QRect(0, 0, *DESIGN_SIZE)
            wanted.moveCenter(available.center())
        else:
            wanted = self.geometry()
        fitted = fit_rect(wanted, available)
        if self.isMaximized():
            return
        self.resize(fitted.size())
        self.move(fitted.topLeft())

    def save_place(self) -> None:
        """Remember the window's size and place for the next start."""
        from ui.app import settings

        if not self.is_preview:
            store = settings()
            store.setValue(GEOMETRY_KEY, self.saveGeometry())
            store.sync()

    # -- building ------------------------------------------------------------------

    def _build_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = QLabel(BANNER)
        self.banner.setObjectName("trainingBanner")
        self.banner.setAccessibleName("Training environment")  # centred by the style sheet
        layout.addWidget(self.banner)
        self.mode_banner = QLabel()
        self.mode_banner.setObjectName("modeBanner")
        self.mode_banner.setAccessibleName("Mode")
        self.mode_banner.setWordWrap(True)
        self.mode_banner.hide()
        layout.addWidget(self.mode_banner)
        self.message = QLabel()
        self.message.setObjectName("messageLine")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self._central_layout = layout  # the guide bar goes in above the splitter when made
        self.splitter = QSplitter()
        self.navigation = NavigationTree()
        self.navigation.pageChosen.connect(self.show_page)
        self.splitter.addWidget(self.navigation)
        self.stack = QStackedWidget()
        self.empty = QLabel(
            "No scenario is open.\n\nFile > Sign In / Scenario Library… (Ctrl+O) to sign in "
            "and choose a scenario."
        )
        self.empty.setObjectName("emptyState")
        self.stack.addWidget(self.empty)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([285, 995])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    # What only an open attempt, a report or a submission needs is made (and its module
    # imported) when first asked for, so the window's first paint waits for none of it.

    def made(self, part: str) -> bool:
        """Whether one of the parts made when first asked for (below) exists yet."""
        return part in self.__dict__

    @cached_property
    def brief_dock(self) -> QDockWidget:
        """The Scenario Brief, docked on the right (made when first shown)."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QDockWidget, QTextBrowser

        brief = QTextBrowser()
        brief.setAccessibleName("Scenario Brief")
        brief.setOpenExternalLinks(False)
        dock = QDockWidget("Scenario Brief", self)
        dock.setObjectName("briefDock")
        dock.setWidget(brief)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [300], Qt.Orientation.Horizontal)
        self.brief_action.blockSignals(True)
        self.brief_action.setChecked(True)
        self.brief_action.blockSignals(False)
        dock.toggleViewAction().toggled.connect(self.brief_action.setChecked)
        return dock

    @property
    def brief(self) -> QTextBrowser:
        """The brief's text (the dock is made if need be)."""
        from PySide6.QtWidgets import QTextBrowser

        brief = self.brief_dock.widget()
        assert isinstance(brief, QTextBrowser)
        return brief

    def _toggle_brief(self, shown: bool) -> None:
        if shown or self.made("brief_dock"):
            self.brief_dock.setVisible(shown)

    @cached_property
    def guide_bar(self) -> GuideBar:
        """Guided mode's bar of steps, above the notebooks."""
        from ui.guide import GuideBar

        bar = GuideBar()
        bar.hide()
        self._central_layout.insertWidget(self._central_layout.indexOf(self.splitter), bar)
        return bar

    @cached_property
    def report_view(self) -> ReportView:
        """The report of a submitted attempt, in place of the notebooks."""
        from ui.report import ReportView

        view = ReportView()
        view.goTo.connect(self.go_to)
        view.back.connect(self.back_to_notebooks)
        view.savePdf.connect(self.save_pdf)
        view.tryAgain.connect(self.try_again)
        self.stack.addWidget(view)
        return view

    @cached_property
    def spotlight(self) -> Spotlight:
        """Guided mode's pointer at the control of the next step."""
        from ui.spotlight import Spotlight

        return Spotlight(self)

    @cached_property
    def lrs_sender(self) -> LrsSender:
        """Sends queued xAPI statements to the station's LRS, off the event loop."""
        from ui.trainer.lrsworker import LrsSender

        sender = LrsSender(self.data_dir, self)
        sender.finished.connect(self._lrs_sent)
        return sender

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            # setShortcuts with one sequence is setShortcut; PySide's setShortcut alone
            # builds its whole Qt namespace (about 90 enums, 20 ms) to choose an overload.
            action.setShortcuts([QKeySequence(shortcut)])
        action.setToolTip(tip or text.replace("&", "").replace("…", ""))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            "&Sign In / Scenario Library…",
            self.choose_scenario,
            QKeySequence.StandardKey.Open,
            "Sign in and choose a scenario and a mode (Ctrl+O)",
        )
        self.submit_action = self._action(
            "S&ubmit for Grading…",
            lambda: self.submit(),
            "Ctrl+Return",
            "Submit for Grading: the attempt is graded and closed (Ctrl+Enter)",
        )
        self.report_action = self._action(
            "&Report", self.show_report, "F3", "The report of the submitted attempt (F3)"
        )
        self.history_action = self._action(
            "&History…", self.show_history, "Ctrl+H", "Your attempts (Ctrl+H)"
        )
        self.save_action = self._action(
            "Save to &Database",
            self.save_to_database,
            QKeySequence.StandardKey.Save,
            "Save to Database: checks every mandatory (yellow) field",
        )
        self.new_referral_action = self._action(
            "Create New &Referral", self.create_referral, "Ctrl+Shift+R"
        )
        self.take_over_action = self._action(
            "&Take Over This Attempt…",
            lambda: self.take_over(),
            None,
            "Work on this attempt here: the other window that has it open can then only read it",
        )
        self.exit_action = self._action("E&xit", self.close, QKeySequence.StandardKey.Quit)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.submit_action)
        file_menu.addAction(self.take_over_action)
        file_menu.addSeparator()
        file_menu.addAction(self.report_action)
        file_menu.addAction(self.history_action)
        file_menu.addSeparator()
        file_menu.addAction(self.exit_action)
        action_menu = self.menuBar().addMenu("Ac&tion")
        action_menu.addAction(self.new_referral_action)
        view_menu = self.menuBar().addMenu("&View")
        self.brief_action = self._action(
            "Scenario &Brief", self._toggle_brief, "F2", "Show or hide the Scenario Brief (F2)"
        )
        self.brief_action.setCheckable(True)
        view_menu.addAction(self.brief_action)
        self._build_trainer_menu()
        self.window_menu = self.menuBar().addMenu("&Window")
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(
            self._action("&Click Paths (Attachment A)", self.show_click_paths, "F1")
        )
        help_menu.addAction(self._action("&About", self.show_about))
        for menu in (file_menu, action_menu, help_menu, self.trainer_menu):
            self.addActions(menu.actions())  # their shortcuts work with the menus closed
        toolbar = self.addToolBar("Toolbar")
        toolbar.setObjectName("toolbar")
        for action in (
            self.open_action,
            self.save_action,
            self.new_referral_action,
            self.submit_action,
            self.report_action,
        ):
            toolbar.addAction(action)
        self.toolbar = toolbar
        toolbar.addSeparator()
        toolbar.addAction(self.brief_action)
        self._set_open(False)

    def _build_trainer_menu(self) -> None:
        """Trainer: the way into trainer mode, and its tools (disabled, saying why, until)."""
        menu = self.menuBar().addMenu("T&rainer")
        menu.setToolTipsVisible(True)
        self.trainer_menu = menu
        self.enter_trainer_action = self._action(
            "Enter &Trainer Mode…",
            self.enter_trainer_mode,
            "Ctrl+Shift+T",
            "Trainer mode: authoring, answer keys and results, behind the trainer passphrase",
        )
        self.leave_trainer_action = self._action(
            "&Leave Trainer Mode", self.leave_trainer_mode, None, "Lock trainer mode again"
        )
        menu.addAction(self.enter_trainer_action)
        menu.addAction(self.leave_trainer_action)
        menu.addSeparator()
        self.trainer_tools: list[tuple[QAction, str, str]] = []
        for text, page in (
            ("Scenario &Authoring…", "authoring"),
            ("Results &Dashboard…", "dashboard"),
            ("Scenario &Packs…", "packs"),
            ("&Exports and LRS…", "exports"),
            ("&Station Cohort…", "station"),
        ):
            action = self._action(text, lambda _=False, p=page: self.open_trainer_tool(p))
            menu.addAction(action)
            self.trainer_tools.append((action, text, page))
        self._trainer_actions(False)

    def _trainer_actions(self, unlocked: bool) -> None:
        """Trainer tools are enabled only in trainer mode; locked, their text says why."""
        self.enter_trainer_action.setEnabled(not unlocked)
        self.leave_trainer_action.setEnabled(unlocked)
        for action, text, _ in self.trainer_tools:
            action.setEnabled(unlocked)
            action.setText(text if unlocked else f"{text.replace('…', '')} (trainer mode only)")
            tip = text.replace("&", "").replace("…", "") if unlocked else LOCKED_REASON
            action.setToolTip(tip)
            action.setStatusTip(tip)

    def enter_trainer_mode(self) -> bool:
        """Ask the passphrase (every time), then open the trainer's window."""
        from ui.library import station_folder
        from ui.trainer.window import TrainerWindow

        if self.is_preview or not self.gate.enter(self):
            return False
        if self.trainer_window is None:
            window = TrainerWindow(
                self.lobby,
                self.load_library(),
                self.scenarios_dir,
                station_folder(self.data_dir),
                self.lrs_sender,
                self,
            )
            window.closed.connect(self._trainer_closed)
            window.libraryChanged.connect(self._library_edited)
            window.tryIt.connect(self.try_scenario)
            self.trainer_window = window
        _bring_forward(self.trainer_window)
        return True

    def open_trainer_tool(self, page: str) -> bool:
        """One of the trainer's tools (only in trainer mode)."""
        if not self.gate.unlocked or self.trainer_window is None:
            self.show_problem(LOCKED_REASON)
            return False
        window = self.trainer_window
        window.show_tab(getattr(window, page))
        _bring_forward(window)
        return True

    def leave_trainer_mode(self) -> None:
        """Close the trainer's window; the gate locks."""
        if self.trainer_window is not None:
            self.trainer_window.close()
        self.gate.lock()

    def _trainer_closed(self) -> None:
        window = self.trainer_window
        self.trainer_window = None
        if window is not None:
            window.deleteLater()
        self.gate.lock()

    def _library_edited(self) -> None:
        self.library_changed()
        if self.trainer_window is not None:
            self.trainer_window.set_library(self.load_library())

    def try_scenario(self, loaded: LoadedScenario, variant: str | None = None) -> MainWindow:
        """Try It: the scenario in practice mode, as a trainer preview in a window of its own.

        The preview keeps its attempts in a scratch data folder (``DATA_DIR/trainer-preview``)
        under the trainee "(trainer preview)": it never appears in the dashboard, the
        exports or the LRS queue, and the text being written need not be saved first.
        """
        preview = type(self)(self.data_dir / PREVIEW_FOLDER, self.scenarios_dir)
        preview.is_preview = True
        preview.setWindowTitle(f"[TRAINER PREVIEW] {APP_TITLE}")
        preview.banner.setText(
            "TRAINER PREVIEW — practice with the scenario as written; these attempts are "
            "kept apart from trainees' results. " + BANNER
        )
        preview.trainer_menu.menuAction().setVisible(False)
        preview.enter_trainer_action.setEnabled(False)
        trainee = preview.lobby.sign_in(PREVIEW_TRAINEE)
        if trainee is not None:
            preview.trainee = trainee
            preview.open_choice(StartChoice(trainee, loaded, "practice", variant=variant))
        preview.resize(self.size())
        preview.show()
        self.previews = [p for p in self.previews if p.isVisible()] + [preview]
        return preview

    # -- results leaving the station -----------------------------------------------------

    def after_submission(self, report: Report) -> None:
        """Queue the submission's xAPI statements if an LRS is configured; send them."""
        from cwstrainer.exports.results import AttemptResult

        if self.door is None or self.trainee is None or self.is_preview:
            return
        result = AttemptResult(self.door.attempt, self.trainee.name, report)
        self.lobby.run(lambda: self.lrs_sender.queue_submission(self.lobby.store, result))

    def _lrs_sent(self, result: object, error: str) -> None:
        if error:
            queued = getattr(result, "queued", None)
            waiting = f" {queued} statement(s) stay queued." if queued is not None else ""
            self.lrs_label.setText(f"LRS: not sent ({error}).{waiting}")
            self.lrs_label.setToolTip(error)
            self.lrs_label.show()
        else:
            self.lrs_label.setText(f"LRS: sent {getattr(result, 'sent', 0)} statement(s).")
            self.lrs_label.show()

    def _build_status(self) -> None:
        self.who = QLabel()
        self.who.setAccessibleName("Trainee and scenario")
        self.today_label = QLabel()
        self.today_label.setAccessibleName("Scenario today")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved locally")
        legend = QLabel("Yellow field = mandatory")
        legend.setStyleSheet("background-color: #fff27a; padding: 0 4px;")
        bar = self.statusBar()
        bar.addWidget(self.who, 1)
        self.lrs_label = QLabel()
        self.lrs_label.setAccessibleName("Learning Record Store")
        self.lrs_label.hide()
        bar.addPermanentWidget(self.lrs_label)
        bar.addPermanentWidget(self.saved_label)
        bar.addPermanentWidget(legend)
        bar.addPermanentWidget(self.today_label)

    def _set_open(self, is_open: bool) -> None:
        writable = is_open and self.door is not None and not self.door.read_only
        self.save_action.setEnabled(writable)
        self.new_referral_action.setEnabled(writable)
        self.submit_action.setEnabled(writable)
        self.report_action.setEnabled(is_open and self.report is not None)
        held = is_open and self.door is not None and not self.door.attempt.submitted
        self.take_over_action.setEnabled(
            held and self.door is not None and self.door.held_by is not None
        )
        self.history_action.setEnabled(self.trainee is not None)

    # -- opening an attempt -----------------------------------------------------------

    def load_library(self) -> StationLibrary | None:
        """The scenario library: bundled plus this station's (loaded once, until changed)."""
        from ui.library import index_file, load_station_library, station_folder

        if self.library is None:
            library = load_station_library(
                self.scenarios_dir, station_folder(self.data_dir), index_file(self.data_dir)
            )
            self.library = library if library.scenarios or library.problems else None
        return self.library

    def library_changed(self) -> None:
        """A scenario was saved or imported: read the library again when next needed."""
        self.library = None

    def choose_scenario(self) -> bool:
        """Sign in, then choose a scenario and a mode from the library.

        Signing in is a trainee's act: trainer mode locks first.
        """
        self.leave_trainer_mode()
        library = self.load_library()
        if library is None or not library.scenarios:
            self.show_problem(f"No scenario could be loaded from {self.scenarios_dir}.")
            return False
        from ui.startdialog import StartDialog

        name = self.trainee.name if self.trainee is not None else ""
        choice = StartDialog.ask(self, library, self.lobby, name)
        if choice is None:
            return False
        return self.open_choice(choice)

    def open_choice(self, choice: StartChoice) -> bool:
        """Open what the library chose: resume or reopen an attempt, or start a new one."""
        if self.lobby.run(lambda: choice.loaded.scenario) is None:
            return False  # the file no longer loads (the lobby said why)
        if choice.attempt is not None:
            attempt = self.lobby.attempt(choice.attempt.id)
        else:
            attempt = self.lobby.start(choice.trainee, choice.loaded, choice.mode, choice.variant)
        if attempt is None:
            return False
        self.trainee = choice.trainee
        from ui.door import Door

        self.show_attempt(Door(self.lobby.store, attempt, choice.loaded, self), choice.trainee.name)
        return True

    def open_attempt(
        self, trainee_name: str, loaded: LoadedScenario, mode: str = "practice"
    ) -> bool:
        """Open the trainee's unfinished attempt at this scenario, or start one in ``mode``."""
        trainee = self.lobby.sign_in(trainee_name)
        if trainee is None:
            return False
        unfinished = self.lobby.standing(trainee.id, loaded.scenario.id).unfinished
        return self.open_choice(StartChoice(trainee, loaded, mode, unfinished))

    def show_attempt(self, door: Door, trainee_name: str) -> None:
        """Show an attempt's notebooks (replacing any open ones)."""
        old = self.door
        if self.guide is not None:
            self.guide.stop()
            self.guide.deleteLater()
            self.guide = None
        for notebook in self.notebooks:
            self.stack.removeWidget(notebook)
            notebook.deleteLater()
        self.notebooks = []
        if old is not None and old is not door:
            old.recordsChanged.disconnect(self.refresh)
            # the same attempt opened again (History) keeps the lease the new door holds
            old.release(give_back=old.attempt.id != door.attempt.id)
            old.deleteLater()
        self.door = door
        if not door.read_only and not door.attempt.submitted and not self.is_preview:
            self.lobby.remember_open(door.attempt.id)  # offered again at the next start
        if old is not door:
            door.recordsChanged.connect(self.refresh)
            door.saved.connect(self._saved)
            door.failed.connect(self._failed)
            door.lost.connect(self._attempt_lost)
        from cwstrainer.fields import format_date

        self.today_label.setText(f"Today (scenario): {format_date(door.today)}")
        self.report = self.lobby.report(door.attempt.id) if door.read_only else None
        self._show_brief()
        self.clear_message()
        self.refresh(door.records)
        last = door.attempt.last_page
        key, page = last.split("|", 1) if last and "|" in last else ("", "")
        if not self.show_page(key, page) and self.notebooks:
            first = self._newest_referral(door.records) or self.notebooks[0]
            self.show_page(first.key, first.page_names()[0])
        self._show_mode()
        if self.report is not None:
            self.show_report()
        elif door.held_by is not None:
            self.show_problem(f"{door.held_message} {TAKE_OVER_HINT}")

    def _attempt_lost(self, message: str) -> None:
        """Another window took the attempt over: read-only here (the refusal was shown)."""
        if self.door is None:
            return
        for notebook in self.notebooks:
            notebook.set_read_only(True)
        if self.guide is not None:
            self.guide.stop()
            self.guide.deleteLater()
            self.guide = None
        self._show_mode()

    def take_over(self, confirmed: bool = False) -> bool:
        """File > Take Over This Attempt: work on it here; the window that had it open can
        then only read it (its entries already saved are kept, and shown here)."""
        from ui.prompts import Confirm

        door = self.door
        if door is None or door.held_by is None or door.attempt.submitted:
            return False
        text = (
            f"{door.held_message}\n\nTake it over? Its entries saved so far are kept and "
            "shown here; the other window can then only read it."
        )
        if not confirmed and not Confirm.ask(self, "Take Over This Attempt", text):
            return False
        if not door.take_over():
            if door.held_by is not None:
                self.show_problem(door.held_message)
            return False
        self.show_attempt(door, self.trainee.name if self.trainee is not None else "")
        self.show_message("This attempt is yours again in this window.", "info")
        return True

    def _newest_referral(self, records: AttemptRecords) -> NotebookWidget | None:
        """The referral received last: the one a new attempt is about."""
        dated = [r for r in records.referrals if r.received_date is not None]
        if not dated:
            return None
        newest = max(dated, key=lambda r: (r.received_date, r.id))
        return self.notebook(f"referral:{newest.id}")

    def _show_brief(self) -> None:
        from ui.brief import brief_html

        assert self.door is not None
        self.brief.setHtml(brief_html(self.door.scenario))

    # -- keeping the views in step ---------------------------------------------------

    def refresh(self, records: AttemptRecords) -> None:
        """Show fresh records in every notebook; open notebooks for new referrals."""
        assert self.door is not None
        wanted = [f"referral:{r.id}" for r in records.referrals]
        wanted += [f"case:{c.id}" for c in records.cases]
        if self.door.scenario.documentation != "case codes":
            wanted += [
                f"client:{c['client_key']}" for c in self.door.clients if c["role"] == "child"
            ]
        have = {n.key: n for n in self.notebooks}
        for notebook in list(self.notebooks):
            if notebook.key not in wanted:
                self.stack.removeWidget(notebook)
                notebook.deleteLater()
        ordered: list[NotebookWidget] = []
        for key in wanted:
            notebook = have.get(key) or self._new_notebook(key)
            ordered.append(notebook)
        self.notebooks = ordered
        for notebook in self.notebooks:
            notebook.refresh(records)
            notebook.set_read_only(self.door.read_only)
        self._rebuild_navigation()

    def _new_notebook(self, key: str) -> NotebookWidget:
        assert self.door is not None
        from ui.notebooks.case import CaseNotebook
        from ui.notebooks.referral import ReferralNotebook

        kind, ident = key.split(":", 1)
        notebook: NotebookWidget
        if kind == "referral":
            notebook = ReferralNotebook(self.door, int(ident))
        elif kind == "client":
            from ui.notebooks.client import ClientNotebook

            notebook = ClientNotebook(self.door, ident)
        else:
            notebook = CaseNotebook(self.door, int(ident))
        notebook.pageChanged.connect(lambda page, n=notebook: self._page_changed(n, page))
        for page in notebook.pages.values():
            grid = getattr(page, "grid", None)
            if grid is not None:
                grid.itemSelectionChanged.connect(self._guide_follow)
        self.stack.addWidget(notebook)
        return notebook

    def _rebuild_navigation(self) -> None:
        self.navigation.rebuild(self.notebooks)
        for action in self.window_actions:  # old ones would make Ctrl+n ambiguous
            self.removeAction(action)
            action.deleteLater()
        self.window_menu.clear()
        self.window_actions = []
        for i, notebook in enumerate(self.notebooks):
            action = QAction(notebook.label, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, n=notebook: self.show_notebook(n))
            self.window_menu.addAction(action)
            self.addAction(action)  # a shortcut only in a closed menu may never fire
            self.window_actions.append(action)
        self._mark_navigation()

    def _mark_navigation(self) -> None:
        notebook = self.current_notebook()
        if notebook is None:
            return
        item = self.navigation.item_for(notebook.key, notebook.current_page().page_name)
        if item is not None:
            self.navigation.setCurrentItem(item)

    def _page_changed(self, notebook: NotebookWidget, page: str) -> None:
        if self.door is not None and notebook is self.current_notebook():
            self.door.set_last_page(f"{notebook.key}|{page}")
        self._mark_navigation()
        self._guide_follow()

    def _guide_follow(self) -> None:
        """Guided mode follows the trainee: a new page or row may change the next step."""
        if self.guide is not None:
            self.guide.update_step()

    # -- going places ---------------------------------------------------------------

    def current_notebook(self) -> NotebookWidget | None:
        from ui.notebooks.notebook import NotebookWidget

        widget = self.stack.currentWidget()
        return widget if isinstance(widget, NotebookWidget) else None

    def notebook(self, key: str) -> NotebookWidget | None:
        return next((n for n in self.notebooks if n.key == key), None)

    def show_notebook(self, notebook: NotebookWidget) -> None:
        """Bring a notebook forward (Window menu, Ctrl+1...), keyboard in its page."""
        self.stack.setCurrentWidget(notebook)
        notebook.focus_current()
        self._page_changed(notebook, notebook.current_page().page_name)

    def show_page(self, key: str, page: str) -> bool:
        """Open one notebook at one page tab; False if there is no such page."""
        notebook = self.notebook(key)
        if notebook is None or page not in notebook.pages:
            return False
        self.stack.setCurrentWidget(notebook)
        notebook.show_page(page)
        self._page_changed(notebook, page)
        return True

    # -- entries ------------------------------------------------------------------------

    def create_referral(self) -> None:
        """Action > Create New Referral: an empty referral, opened at its Referral page."""
        if self.door is None:
            return
        referral = self.door.add_referral()
        if referral is not None:
            self.show_page(f"referral:{referral.id}", "Referral")
            notebook = self.current_notebook()
            if notebook is not None:
                notebook.current_page().focus_first()

    def first_missing(self) -> tuple[str, str, int, FieldSpec] | None:
        """The first empty mandatory field in screen order: notebook, page, record, field."""
        from cwstrainer.fields import missing_mandatory
        from cwstrainer.records import RecordKind
        from cwstrainer.special_projects import Notebook
        from ui.notebooks.case import CaseNotebook
        from ui.notebooks.referral import ReferralNotebook

        assert self.door is not None
        records = self.door.records
        for notebook in self.notebooks:
            if isinstance(notebook, ReferralNotebook):
                rid = notebook.referral_id
                groups: list[tuple[str, RecordKind, tuple[Any, ...]]] = [
                    ("Referral", RecordKind.REFERRAL, (records.referral(rid),)),
                    ("Allegation", RecordKind.ALLEGATION, records.allegations_on(rid)),
                    ("Placement", RecordKind.PLACEMENT, records.placements_on(rid)),
                    (
                        "Special Projects",
                        RecordKind.SPECIAL_PROJECT,
                        records.special_projects_on(Notebook.REFERRAL, rid),
                    ),
                ]
            elif isinstance(notebook, CaseNotebook):
                groups = [
                    (
                        "Special Projects",
                        RecordKind.SPECIAL_PROJECT,
                        records.special_projects_on(Notebook.CASE, notebook.case_id),
                    )
                ]
            else:
                from ui.notebooks.client import CSEC_PAGE, ClientNotebook

                assert isinstance(notebook, ClientNotebook)
                groups = [(CSEC_PAGE, RecordKind.CSEC, records.csec_rows_of(notebook.client_key))]
            for page, kind, rows in groups:
                for record in rows:
                    missing = missing_mandatory(kind, record) if record is not None else ()
                    if missing:
                        return notebook.key, page, record.id, missing[0]
        return None

    def save_to_database(self) -> bool:
        """Save to Database: every mandatory field filled, or go to the first one missing.

        Every entry is already kept as it is made ("Save Locally"); this is CWS/CMS's
        check that the notebooks are complete.
        """
        if self.door is None:
            return False
        missing = self.first_missing()
        if missing is None:
            return self._grid_rules_hold()
        key, page, record_id, spec = missing
        self.show_page(key, page)
        notebook = self.notebook(key)
        assert notebook is not None
        notebook.pages[page].go_to(record_id, spec.name)
        self.show_message(
            f"Save to Database: {spec.label} is mandatory ({page} page tab). "
            "Everything you entered is kept; fill the yellow field and save again."
        )
        return False

    def _grid_rules_hold(self) -> bool:
        """CWS/CMS's own rules on the CSEC Data Grid at Save (R-10971, R-10974, R-10975, the
        duplicate): a row they refuse is shown with CWS/CMS's words and its field gets the
        keyboard; nothing entered is lost."""
        from cwstrainer.fields import field_spec
        from cwstrainer.records import RecordKind
        from cwstrainer.rules.grid import refusal_at_save
        from ui.notebooks.client import CSEC_PAGE

        assert self.door is not None
        refused = (
            refusal_at_save(self.door.scenario, self.door.records.csec_rows)
            if self.door.scenario.documentation != "case codes"
            else None
        )
        if refused is None:
            self.show_message("Saved to Database: every mandatory field is filled.", "info")
            return True
        key = f"client:{refused.client}"
        self.show_page(key, CSEC_PAGE)
        notebook = self.notebook(key)
        assert notebook is not None
        page = notebook.pages[CSEC_PAGE]
        page.go_to(refused.record_id, refused.field)
        label = field_spec(RecordKind.CSEC, refused.field).label
        page.show_refusal(label, refused.message)
        self.show_message(
            f"Save to Database: {refused.message}. Everything you entered is kept; correct the "
            f"{label} and save again."
        )
        return False

    # -- messages ------------------------------------------------------------------------

    def show_message(self, text: str, kind: str = "error") -> None:
        """The message line above the notebook (stays until the next entry)."""
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    def clear_message(self) -> None:
        self.message.hide()
        self.message.clear()

    def show_problem(self, text: str) -> QMessageBox:
        """A problem that is not one field's: a message box (not blocking the event loop).

        While one is open, a further problem updates it rather than stacking another box
        on top (a full disk refuses every entry in turn).
        """
        self.show_message(text)
        box = self._problem_box
        if box is not None and box.isVisible():
            self._problems_shown += 1
            box.setText(text)
            box.setInformativeText(
                f"({self._problems_shown} problems since this box opened; the newest is shown.)"
            )
            return box
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, text, parent=self)
        from PySide6.QtCore import Qt

        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._problem_box_closed)
        self._problem_box, self._problems_shown = box, 1
        box.open()
        return box

    def _problem_box_closed(self) -> None:
        self._problem_box = None

    def _failed(self, label: str, message: str) -> None:
        notebook = self.current_notebook()
        if label and notebook is not None and notebook.current_page().show_refusal(label, message):
            self.show_message(message)
        else:
            self.show_problem(message)

    def _saved(self, what: str) -> None:
        from datetime import datetime

        self.clear_message()
        self.saved_label.setText(f"Saved locally {datetime.now():%H:%M:%S}")
        self.saved_label.setToolTip(f"Last entry kept: {what}")

    def show_click_paths(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "Click paths", CLICK_PATHS)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            APP_TITLE,
            f"<p>{APP_TITLE}</p><p>{BANNER}</p><p>Practise documenting commercially "
            "sexually exploited children as ACL 15-49 and ACL 16-74 instruct.</p>",
        )

    def after_first_paint(self, then: Callable[[], object]) -> None:
        """Call ``then`` from the event loop once the window has been painted.

        So that the trainee sees the window before anything else is built: the sign-in
        dialog, shown at start, would otherwise be built (and its module imported)
        before the window behind it is ever drawn.
        """
        from PySide6.QtCore import QTimer

        if self._after_paint is None:  # painted already
            QTimer.singleShot(0, then)
        else:
            self._after_paint.append(then)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint:
            from PySide6.QtCore import QTimer

            for then in self._after_paint:
                QTimer.singleShot(0, then)
        self._after_paint = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_place()
        self.leave_trainer_mode()
        for preview in self.previews:
            preview.close()
        if self.made("lrs_sender"):
            self.lrs_sender.wait()
        if self.guide is not None:
            self.guide.stop()
            self.guide = None
        if self.door is not None:
            self.door.release()
        self.door = None
        self.lobby.close()
        super().closeEvent(event)
