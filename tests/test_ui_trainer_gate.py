"""Trainer mode behind the passphrase: set on first use, asked each time, locked again."""

import pytest
from uidriver import PASSPHRASE, unlock

from cwstrainer import trainer_access
from cwstrainer.store.store import Store
from ui.startdialog import StartChoice, StartDialog
from ui.trainer.passphrase import PassphraseDialog


def typed(monkeypatch, *answers):
    """The passphrase dialog answers these, in turn; returns how often it was asked."""
    asked = []

    def ask(cls, parent, first_use):
        asked.append(first_use)
        return answers[len(asked) - 1]

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    return asked


def test_a_trainee_cannot_open_the_tools_and_each_says_why(window):
    """Locked: authoring, dashboard, packs and exports are disabled and say trainer mode only."""
    assert not window.gate.unlocked
    for action, _, _page in window.trainer_tools:
        assert not action.isEnabled()
        assert "trainer mode only" in action.text()
        assert "passphrase" in action.toolTip()
    assert not window.open_trainer_tool("dashboard")
    assert not window.open_trainer_tool("authoring")
    assert window.trainer_window is None
    assert "Trainer mode only" in window.message.text()


def test_the_passphrase_is_set_on_first_use_and_kept_only_hashed(window, data_dir, monkeypatch):
    asked = typed(monkeypatch, PASSPHRASE)
    assert window.enter_trainer_mode()
    assert asked == [True]  # first use: set (typed twice in the dialog)
    assert window.gate.unlocked
    assert all(action.isEnabled() for action, _, _ in window.trainer_tools)
    store = Store.open(data_dir)
    try:
        assert trainer_access.unlock(store, PASSPHRASE)
        raw = store.db.execute("select value from settings").fetchall()
        assert all(PASSPHRASE not in row[0] for row in raw)
    finally:
        store.close()


def test_the_passphrase_is_asked_every_time_and_a_wrong_one_stays_locked(window, monkeypatch):
    asked = typed(monkeypatch, PASSPHRASE, "not-the-one", PASSPHRASE)
    assert window.enter_trainer_mode()
    window.leave_trainer_mode()
    assert not window.gate.unlocked and window.trainer_window is None
    assert not window.enter_trainer_mode()  # wrong
    assert not window.gate.unlocked
    assert "not the trainer passphrase" in window.message.text()
    assert window.enter_trainer_mode()
    assert asked == [True, False, False]


def test_a_first_passphrase_too_short_is_refused(window, monkeypatch):
    typed(monkeypatch, "short")
    assert not window.enter_trainer_mode()
    assert not window.gate.unlocked
    assert "8 characters" in window.message.text()


def test_closing_the_trainer_window_or_signing_in_locks_again(window, monkeypatch):
    tools = unlock(window, monkeypatch)
    tools.close()
    assert not window.gate.unlocked
    assert not any(action.isEnabled() for action, _, _ in window.trainer_tools)
    unlock(window, monkeypatch)
    monkeypatch.setattr(StartDialog, "ask", classmethod(lambda cls, *a: None))
    window.choose_scenario()  # a trainee signs in
    assert not window.gate.unlocked and window.trainer_window is None


def test_the_tools_open_on_their_tab_once_unlocked(window, monkeypatch):
    tools = unlock(window, monkeypatch)
    assert window.open_trainer_tool("dashboard")
    assert tools.tabs.currentWidget() is tools.dashboard
    assert window.open_trainer_tool("exports")
    assert tools.tabs.currentWidget() is tools.exports


@pytest.mark.parametrize("label", ["ER Academy, Jan 2027", ""])
def test_the_station_cohort_goes_on_new_attempts(window, monkeypatch, label):
    tools = unlock(window, monkeypatch)
    tools.station.cohort.setText(label)
    tools.station.save_cohort_button.click()
    assert window.lobby.cohort() == (label or None)
    window.leave_trainer_mode()
    assert window.door.attempt.cohort is None  # started before: unchanged
    assert window.open_choice(StartChoice(window.trainee, window.door.loaded, "practice"))
    assert window.door.attempt.cohort == (label or None)


def test_every_passphrase_field_is_named_by_its_label(qtbot):
    dialog = PassphraseDialog(first_use=True)
    qtbot.addWidget(dialog)
    assert dialog.passphrase.accessibleName() == "Passphrase"
    assert dialog.repeat.accessibleName() == "Repeat Passphrase"
    dialog.passphrase.setText("abcdefgh1")
    dialog.repeat.setText("abcdefgh2")
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "differ" in dialog.problem.text()
