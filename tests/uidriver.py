"""Finding controls as a trainee (or a screen reader) does: by their CWS/CMS names."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from cwstrainer.records import AttemptRecords
from cwstrainer.store.store import Store


class Driver:
    """A trainee at the window: page tabs, buttons and fields by accessible name."""

    def __init__(self, qtbot, window, data_dir) -> None:
        self.qtbot = qtbot
        self.window = window
        self.data_dir = data_dir

    @property
    def door(self):
        return self.window.door

    def notebook(self):
        return self.window.current_notebook()

    def open_notebook(self, kind: str, title: str = "10/10/2016") -> None:
        """Bring a Referral or Case notebook forward (as the Window menu does).

        By default the CSE referral (received 10/10/2016), or the case.
        """
        notebook = next(
            n
            for n in self.window.notebooks
            if n.kind == kind and (kind == "Case" or title in n.label)
        )
        self.window.show_notebook(notebook)

    def page_tab(self, name: str) -> None:
        """Click a page tab, found by its accessible name."""
        tabs = self.notebook().findChild(QTabWidget)
        bar = tabs.tabBar()
        names = [bar.accessibleTabName(i) for i in range(bar.count())]
        assert name in names, names
        bar.setCurrentIndex(names.index(name))
        assert self.notebook().current_page().page_name == name

    def control(self, name: str, cls=QWidget) -> QWidget:
        """The one visible control with this accessible name in the current notebook."""
        found = [
            w
            for w in self.notebook().findChildren(cls)
            if w.accessibleName() == name and w.isVisible()
        ]
        assert len(found) == 1, f"{len(found)} visible controls named {name!r}"
        return found[0]

    def click(self, name: str) -> None:
        """Click a button by its accessible name, waiting for the entry to be kept."""
        with self.qtbot.waitSignal(self.door.recordsChanged, timeout=2000):
            self.control(name).click()

    def choose(self, name: str, text: str) -> None:
        """Select a line of a dropdown field by its accessible name."""
        combo = self.control(name)
        assert text in combo.texts(), combo.texts()
        with self.qtbot.waitSignal(self.door.recordsChanged, timeout=2000):
            combo.setCurrentText(text)

    def type_date(self, name: str, text: str) -> None:
        """Type a date into a date field and press Enter."""
        field = self.control(name)
        field.setFocus()
        field.clear()
        with self.qtbot.waitSignal(self.door.recordsChanged, timeout=2000):
            field.setText(text)
            field.commit()

    def referral(self):
        """The CSE referral (received 10/10/2016) as the store has it."""
        return next(r for r in self.stored().referrals if r.world_key == "R1")

    def stored(self) -> AttemptRecords:
        """What SQLite holds for the attempt, read through a store of its own."""
        store = Store.open(self.data_dir)
        try:
            return store.records(self.door.attempt.id)
        finally:
            store.close()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


# -- trainer mode ---------------------------------------------------------------------

PASSPHRASE = "lab-trainer-2027"


def unlock(window, monkeypatch, passphrase: str = PASSPHRASE):
    """Enter trainer mode as a trainer would (the dialog patched to type the passphrase)."""
    from ui.trainer.passphrase import PassphraseDialog

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(lambda cls, *a: passphrase))
    assert window.enter_trainer_mode()
    assert window.trainer_window is not None
    return window.trainer_window


def submit_attempts(data_dir, scenario_dir, names, scenario_id, cohort=None):
    """Submitted attempts with nothing entered (every required entry missed), by name."""
    from cwstrainer.grading import grade
    from cwstrainer.scenario.loader import load_file

    loaded = load_file(scenario_dir / f"{scenario_id}.yaml")
    store = Store.open(data_dir)
    try:
        ids = []
        for name in names:
            trainee = store.sign_in(name)
            attempt = store.start_attempt(trainee, loaded, "practice", cohort=cohort)
            report = grade(loaded.scenario, store.records(attempt.id))
            store.submit(attempt.id, report.score, report.possible, report.passed,
                         report.to_json())
            ids.append(attempt.id)
        return ids
    finally:
        store.close()
