"""The way in: sign in by name or trainee ID, then choose a scenario and a mode.

A lab shares machines, so there is no password: a trainee types a name or ID and sees
the scenario library with their own standing (best score, an attempt in progress).
Starting makes a new attempt from the scenario's world, fresh; Resume opens the
unfinished one where the trainee left it; History opens any past attempt.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.choice import MODE_NAMES, MODES, StartChoice
from ui.lobby import Lobby, ScenarioStanding, local_time
from ui.style import STYLE_SHEET

if TYPE_CHECKING:
    from cwstrainer.scenario.loader import LibraryLoad, LoadedScenario
    from cwstrainer.store.store import Trainee


def standing_text(standing: ScenarioStanding) -> str:
    """The library's Best Score cell, in words (never colour alone)."""
    if standing.best_percent is None:
        return "not yet submitted"
    verdict = "passed" if standing.best_passed else "not passed"
    return f"{standing.best_percent:g}% ({verdict}, {MODE_NAMES.get(standing.best_mode or '', '')})"


SIGN_IN_TITLE = "Sign In — CWS/CMS CSEC Documentation Trainer (TRAINING)"


class StartDialog(QDialog):
    """Sign in, then the scenario library; :meth:`ask` runs it."""

    def __init__(
        self,
        library: LibraryLoad,
        lobby: Lobby,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(SIGN_IN_TITLE)
        self.setStyleSheet(STYLE_SHEET)
        self.library = library
        self.lobby = lobby
        self.trainee: Trainee | None = None
        self.standings: list[ScenarioStanding] = []
        self._choice: StartChoice | None = None
        layout = QVBoxLayout(self)
        note = QLabel(
            "TRAINING ENVIRONMENT: every person and record here is fictional. "
            "This is not CWS/CMS and is connected to nothing."
        )
        note.setObjectName("trainingBanner")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.problem = QLabel()
        self.problem.setObjectName("messageLine")
        self.problem.setAccessibleName("Message")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.last: tuple[Trainee, StartChoice] | None = None
        self._build_sign_in()
        self._build_library()
        lobby.failed.connect(self._failed)
        self.resize(900, 640)
        self.name.setFocus()
        if name:
            self.name.setText(name)
            self.sign_in()
        else:
            self._offer_last()

    # -- sign in -------------------------------------------------------------------------

    def _build_sign_in(self) -> None:
        page = QWidget()
        grid = QGridLayout(page)
        heading = QLabel("<h2>Sign in</h2>")
        heading.setAccessibleName("Sign in")
        grid.addWidget(heading, 0, 0, 1, 3)
        help_text = QLabel(
            "Type your name or your trainee ID. There is no password: this station is "
            "shared by the lab, and your attempts, scores and history are kept under the "
            "name you type. Type it the same way each time."
        )
        help_text.setWordWrap(True)
        grid.addWidget(help_text, 1, 0, 1, 3)
        caption = QLabel("&Name or Trainee ID")
        self.name = QLineEdit()
        self.name.setAccessibleName("Name or Trainee ID")
        self.name.setMaxLength(80)
        self.name.setProperty("mandatory", True)
        self.name.setPlaceholderText("e.g. Ana Lopez or T-1042")
        caption.setBuddy(self.name)
        self.sign_in_button = QPushButton("S&ign In")
        self.sign_in_button.setAccessibleName("Sign In")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        # Enter in the name field presses this default button. No returnPressed handler
        # as well: the Enter would go on to the dialog after the page had changed, and
        # press whatever button was then the default (Sign Out, which undid the sign-in).
        self.name.textChanged.connect(self._name_changed)
        self.sign_in_button.setEnabled(False)
        grid.addWidget(caption, 2, 0)
        grid.addWidget(self.name, 2, 1)
        grid.addWidget(self.sign_in_button, 2, 2)
        grid.setColumnStretch(1, 1)
        # The attempt left unfinished last time (a crash, a closed window), offered first.
        self.last_note = QLabel()
        self.last_note.setObjectName("messageLine")
        self.last_note.setProperty("kind", "info")
        self.last_note.setWordWrap(True)
        self.last_note.hide()
        grid.addWidget(self.last_note, 3, 0, 1, 3)
        self.resume_last_button = QPushButton()
        self.resume_last_button.setAutoDefault(False)
        self.resume_last_button.clicked.connect(self.resume_last)
        self.resume_last_button.hide()
        grid.addWidget(self.resume_last_button, 4, 0, 1, 3)
        grid.setRowStretch(5, 1)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        grid.addWidget(cancel, 6, 2)
        self.sign_in_button.setAutoDefault(False)
        self.pages.addWidget(page)

    def _name_changed(self, text: str) -> None:
        """Typing a name makes Enter sign in (never resume someone else's attempt)."""
        typed = bool(text.strip())
        self.sign_in_button.setEnabled(typed)
        if self.pages.currentIndex() == 0 and self.last is not None:
            self.resume_last_button.setDefault(not typed)
            self.sign_in_button.setDefault(typed)

    def _offer_last(self) -> None:
        """Offer the attempt last open for entries on this station, if still unfinished."""
        found = self.lobby.last_unfinished()
        if found is None:
            return
        trainee, attempt = found
        loaded = next(
            (s for s in self.library.scenarios if s.summary.id == attempt.scenario_id), None
        )
        if loaded is None:
            return
        self.last = (trainee, StartChoice(trainee, loaded, attempt.mode, attempt))
        title = loaded.summary.title
        mode = MODE_NAMES.get(attempt.mode, attempt.mode).replace("&", "")
        saved = local_time(attempt.updated_at or attempt.started_at)
        when = f", last saved {saved:%m/%d/%Y %H:%M}" if saved else ""
        text = f"Resume your unfinished attempt at {title}"
        self.resume_last_button.setText(f"&Resume your unfinished attempt at {title}")
        self.resume_last_button.setAccessibleName(text)
        self.resume_last_button.setAccessibleDescription(f"{trainee.name}, {mode}{when}")
        self.last_note.setText(
            f"<b>{html.escape(text)}</b> ({html.escape(trainee.name)}, {mode} mode{when}). "
            "Everything entered is kept; it opens where it was left. Press Enter to resume, "
            "or type a name to sign in."
        )
        self.last_note.setAccessibleName(text)
        self.last_note.show()
        self.resume_last_button.show()
        self.sign_in_button.setDefault(False)
        self.resume_last_button.setDefault(True)

    def resume_last(self) -> None:
        """Open the attempt offered at the sign-in page."""
        if self.last is None:
            return
        self.trainee, self._choice = self.last
        self.accept()

    def sign_in(self) -> bool:
        """Sign in with the typed name or ID and show the library."""
        text = self.name.text().strip()
        if not text:
            return False
        trainee = self.lobby.sign_in(text)
        if trainee is None:
            return False
        self.problem.hide()
        self.trainee = trainee
        self.who.setText(f"Signed in as <b>{html.escape(trainee.name)}</b>")
        self.who.setAccessibleName(f"Signed in as {trainee.name}")
        self.setWindowTitle(f"Scenario Library — {trainee.name} (TRAINING)")
        self.refresh()
        self.pages.setCurrentIndex(1)
        self.sign_in_button.setDefault(False)
        self.resume_last_button.setDefault(False)
        self.start_button.setDefault(True)
        self.table.setFocus()
        return True

    def sign_out(self) -> None:
        """Back to the sign-in page (another trainee at the same machine)."""
        self.trainee = None
        self.name.clear()
        self.pages.setCurrentIndex(0)
        self.start_button.setDefault(False)
        self.sign_in_button.setDefault(True)
        self.setWindowTitle(SIGN_IN_TITLE)
        self.name.setFocus()

    # -- the library ---------------------------------------------------------------------

    def _build_library(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.who = QLabel()
        top.addWidget(self.who, 1)
        self.sign_out_button = QPushButton("Sign &Out")
        self.sign_out_button.setAccessibleName("Sign Out")
        self.sign_out_button.clicked.connect(self.sign_out)
        top.addWidget(self.sign_out_button)
        layout.addLayout(top)
        caption = QLabel("Scenario &Library")
        layout.addWidget(caption)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Scenario Library")
        caption.setBuddy(self.table)
        self.table.setHorizontalHeaderLabels(
            ["Scenario", "Difficulty", "Time", "Your Best Score", "In Progress"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 5):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda *_: self.start())
        layout.addWidget(self.table, 3)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Scenario Details")
        self.details.setMinimumHeight(110)
        layout.addWidget(self.details, 2)
        if self.library.problems:
            problems = QLabel(
                "Some scenario files could not be used:\n"
                + "\n".join(str(p) for p in self.library.problems[:5])
            )
            problems.setWordWrap(True)
            problems.setAccessibleName("Scenario problems")
            layout.addWidget(problems)
        modes = QGridLayout()
        mode_caption = QLabel("<b>Mode</b>")
        modes.addWidget(mode_caption, 0, 0, 1, 2)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for row, (key, label, text) in enumerate(MODES, start=1):
            button = QRadioButton(label)
            button.setAccessibleName(label.replace("&", ""))
            button.setAccessibleDescription(text)
            button.setToolTip(text)
            described = QLabel(text)
            described.setWordWrap(True)
            modes.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            modes.addWidget(described, row, 1)
            self.mode_group.addButton(button)
            self.mode_buttons[key] = button
        self.mode_buttons["practice"].setChecked(True)
        modes.setColumnStretch(1, 1)
        layout.addLayout(modes)
        buttons = QHBoxLayout()
        self.history_button = QPushButton("&History…")
        self.history_button.setAccessibleName("History")
        self.history_button.clicked.connect(self.show_history)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        self.resume_button = QPushButton("&Resume")
        self.resume_button.setAccessibleName("Resume")
        self.resume_button.clicked.connect(self.resume)
        buttons.addWidget(self.resume_button)
        self.start_button = QPushButton("S&tart New Attempt")
        self.start_button.setAccessibleName("Start New Attempt")
        self.start_button.clicked.connect(self.start)
        buttons.addWidget(self.start_button)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        for button in page.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter means the default button, never another
        self.pages.addWidget(page)

    def refresh(self) -> None:
        """Fill the library with the signed-in trainee's standing."""
        assert self.trainee is not None
        scenarios = self.library.scenarios
        self.standings = [self.lobby.standing(self.trainee.id, s.summary.id) for s in scenarios]
        self.table.setRowCount(len(scenarios))
        for r, (loaded, standing) in enumerate(zip(scenarios, self.standings, strict=True)):
            s = loaded.summary
            progress = ""
            if standing.unfinished is not None:
                progress = f"yes ({MODE_NAMES.get(standing.unfinished.mode, '')})"
            cells = [
                s.title,
                s.difficulty,
                f"about {s.estimated_minutes} min",
                standing_text(standing),
                progress or "no",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.table.setItem(r, c, item)
        if scenarios:
            self.table.selectRow(max(0, self.table.currentRow()))
        self._selected()

    def current(self) -> tuple[LoadedScenario, ScenarioStanding] | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.standings):
            return None
        return self.library.scenarios[row], self.standings[row]

    def select_scenario(self, scenario_id: str) -> None:
        """Select a scenario's row by its id."""
        ids = [s.summary.id for s in self.library.scenarios]
        self.table.selectRow(ids.index(scenario_id))

    def _selected(self) -> None:
        chosen = self.current()
        self.start_button.setEnabled(chosen is not None)
        self.resume_button.setEnabled(chosen is not None and chosen[1].unfinished is not None)
        if chosen is None:
            self.details.clear()
            return
        loaded, standing = chosen
        s = loaded.summary
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in s.learning_objectives)
        unfinished = standing.unfinished
        resume = ""
        if unfinished is not None:
            started = local_time(unfinished.started_at)
            when = f"{started:%m/%d/%Y %H:%M}" if started else ""
            resume = (
                f"<p><b>In progress:</b> a {MODE_NAMES.get(unfinished.mode, '')} attempt "
                f"started {when}. Resume opens it where you left it.</p>"
            )
            self.resume_button.setText(f"&Resume ({MODE_NAMES.get(unfinished.mode, '')})")
        else:
            self.resume_button.setText("&Resume")
        self.details.setHtml(
            f"<h3>{html.escape(s.title)}</h3>"
            f"<p>Difficulty: {html.escape(s.difficulty)}. About {s.estimated_minutes} "
            f"minutes. Today in the scenario: {s.today:%m/%d/%Y}. Pass mark: "
            f"{s.pass_mark}%. Your best score: {html.escape(standing_text(standing))}.</p>"
            f"<p><b>Learning objectives</b></p><ul>{objectives}</ul>{resume}"
            f"{self._origin_html(s.id)}"
        )

    def _origin_html(self, scenario_id: str) -> str:
        """Which file the library offers (bundled or this station's, and which version)."""
        origin = getattr(self.library, "origins", {}).get(scenario_id)
        return f"<p>Scenario file: {html.escape(origin)}.</p>" if origin else ""

    def mode(self) -> str:
        return next(k for k, b in self.mode_buttons.items() if b.isChecked())

    def set_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    # -- choosing ------------------------------------------------------------------------

    def start(self) -> None:
        """Start a new attempt at the selected scenario in the chosen mode."""
        chosen = self.current()
        if chosen is None or self.trainee is None:
            return
        self._choice = StartChoice(self.trainee, chosen[0], self.mode())
        self.accept()

    def resume(self) -> None:
        """Resume the selected scenario's unfinished attempt (its own mode)."""
        chosen = self.current()
        if chosen is None or self.trainee is None or chosen[1].unfinished is None:
            return
        attempt = chosen[1].unfinished
        self._choice = StartChoice(self.trainee, chosen[0], attempt.mode, attempt)
        self.accept()

    def show_history(self) -> None:
        """The trainee's attempts; opening one closes the library on it."""
        from ui.history import HistoryDialog

        if self.trainee is None:
            return
        attempt = HistoryDialog.ask(self, self.lobby, self.trainee, self.library)
        if attempt is None:
            return
        loaded = next(
            (s for s in self.library.scenarios if s.summary.id == attempt.scenario_id), None
        )
        if loaded is None:
            self._failed(
                f"The scenario {attempt.scenario_id} of that attempt is no longer in the library."
            )
            return
        self._choice = StartChoice(self.trainee, loaded, attempt.mode, attempt)
        self.accept()

    def choice(self) -> StartChoice | None:
        return self._choice

    def _failed(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    @classmethod
    def ask(
        cls, parent: QWidget | None, library: LibraryLoad, lobby: Lobby, name: str = ""
    ) -> StartChoice | None:
        """Run the dialog; the choice, or None if cancelled (tests patch this)."""
        dialog = cls(library, lobby, name, parent)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
