"""Sign in by name or ID, the scenario library with standing, modes, resume, history."""

import pytest
from conftest import SCENARIO, SCENARIOS
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from cwstrainer.scenario.loader import load_library
from ui.app import create_window
from ui.history import HistoryDialog, duration_text
from ui.lobby import Lobby
from ui.prompts import Confirm
from ui.startdialog import StartDialog


@pytest.fixture
def library():
    return load_library([SCENARIOS])


@pytest.fixture
def lobby(data_dir):
    lobby = Lobby(data_dir)
    yield lobby
    lobby.close()


def signed_in(qtbot, library, lobby, name="Ana Lopez"):
    dialog = StartDialog(library, lobby)
    qtbot.addWidget(dialog)
    dialog.name.setText(name)
    assert dialog.sign_in()
    return dialog


def test_sign_in_is_by_name_or_id_with_no_password(qtbot, library, lobby):
    dialog = StartDialog(library, lobby)
    qtbot.addWidget(dialog)
    assert dialog.pages.currentIndex() == 0
    assert dialog.name.accessibleName() == "Name or Trainee ID"
    assert dialog.sign_in_button.accessibleName() == "Sign In"
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.name.setFocus()
    QTest.keyClicks(dialog.name, "  T-1042 ")
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter signs in, and stays signed in
    assert dialog.pages.currentIndex() == 1
    assert dialog.trainee is not None and dialog.trainee.name == "T-1042"
    assert dialog.start_button.isDefault() and not dialog.sign_out_button.autoDefault()
    again = signed_in(qtbot, library, lobby, "t-1042")
    assert again.trainee.id == dialog.trainee.id  # the same trainee, however typed


def test_the_library_shows_title_difficulty_time_objectives_and_best_score(
    qtbot, library, lobby, data_dir, monkeypatch
):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    window = create_window(data_dir, SCENARIOS, "Ana Lopez", SCENARIO)
    qtbot.addWidget(window)
    assert window.submit()
    percent = window.report.percent
    dialog = signed_in(qtbot, library, lobby)
    dialog.select_scenario(SCENARIO)
    row = [dialog.table.item(dialog.table.currentRow(), c).text() for c in range(5)]
    s = library.scenarios[0].scenario
    assert row[0] == s.title and row[1] == s.difficulty
    assert row[2] == f"about {s.estimated_minutes} min"
    assert row[3].startswith(f"{percent:g}%") and "Practice" in row[3]
    assert "passed" in row[3]  # in words: "passed" or "not passed"
    details = dialog.details.toPlainText()
    assert s.learning_objectives[0] in details


def test_start_chooses_the_mode_and_resume_the_unfinished_attempt(qtbot, library, lobby):
    dialog = signed_in(qtbot, library, lobby)
    assert not dialog.resume_button.isEnabled()
    dialog.mode_buttons["assessment"].click()
    dialog.start_button.click()
    choice = dialog.choice()
    assert choice.mode == "assessment" and choice.attempt is None
    attempt = lobby.start(choice.trainee, choice.loaded, choice.mode)
    again = signed_in(qtbot, library, lobby)
    assert again.resume_button.isEnabled()
    assert "Assessment" in again.resume_button.text()
    assert "yes (Assessment)" in again.table.item(0, 4).text()
    again.resume_button.click()
    assert again.choice().attempt.id == attempt.id
    assert again.choice().mode == "assessment"


def test_every_mode_button_is_named_by_its_label(qtbot, library, lobby):
    dialog = signed_in(qtbot, library, lobby)
    assert [b.accessibleName() for b in dialog.mode_buttons.values()] == [
        "Guided", "Practice", "Assessment"
    ]
    assert all(b.accessibleDescription() for b in dialog.mode_buttons.values())


def test_history_lists_attempts_and_reopens_one_read_only_with_its_report(
    qtbot, data_dir, library, monkeypatch
):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    window = create_window(data_dir, SCENARIOS, "Ana Lopez", SCENARIO, "guided")
    qtbot.addWidget(window)
    window.show()
    submitted = window.door.attempt.id
    assert window.submit()
    window.try_again()
    assert window.door.attempt.id != submitted

    dialog = HistoryDialog(window.lobby, window.trainee, library)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(2)]
    assert rows[0][2:4] == ["Guided", "In progress"]
    assert rows[1][2:4] == ["Guided", "Submitted"]
    assert " of " in rows[1][4]
    # The verdict with its reason, as the report gives it.
    report = window.lobby.report(submitted)
    assert report is not None and rows[1][5] == report.verdict
    assert rows[1][6]  # a duration
    dialog.table.selectRow(1)
    assert dialog.open_button.accessibleName() == "Open Report (read-only)"

    monkeypatch.setattr(HistoryDialog, "ask", classmethod(
        lambda cls, *a: next(a for a in dialog.attempts if a.id == submitted)))
    assert window.show_history()
    assert window.door.attempt.id == submitted and window.door.read_only
    assert window.stack.currentWidget() is window.report_view
    assert window.report is not None
    assert "SUBMITTED" in window.mode_banner.text()
    assert window.guide is None and not window.spotlight.isVisible()


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(20, "under 1 min"), (60, "1 min"), (3600 + 5 * 60, "1 h 05 min"), (None, "")],
)
def test_durations_read_as_a_trainee_reads_them(seconds, text):
    import datetime as dt

    span = dt.timedelta(seconds=seconds) if seconds is not None else None
    assert duration_text(span) == text
