"""Problems reach the trainee once each, in one box that never stacks."""

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox


def visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_repeated_problems_update_one_box(qtbot, window):
    first = window.show_problem("The entry could not be saved: database or disk is full.")
    second = window.show_problem("The entry could not be saved: database or disk is full (2).")
    assert second is first
    assert visible_boxes() == [first]
    assert first.text().endswith("(2).")
    assert "2 problems since this box opened" in first.informativeText()
    assert window.message.text() == first.text()
    first.close()
    qtbot.waitUntil(lambda: not visible_boxes())
    third = window.show_problem("Another problem later.")
    assert third is not first and third.informativeText() == ""
    third.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_scenario_that_no_longer_loads_is_said_and_not_opened(qtbot, window, tmp_path):
    """The library index may have vouched for bytes that do not load (a hand-edited
    index): choosing that scenario says what is wrong with the file and opens nothing."""
    import hashlib

    from cwstrainer.scenario.library import LoadedScenario
    from ui.startdialog import StartChoice

    current = window.door.loaded
    bad = b"id: not-a-scenario\n"
    source = str(tmp_path / "edited.yaml")
    loaded = LoadedScenario(
        None, source, hashlib.sha256(bad).hexdigest(), summary=current.summary, data=bad
    )
    assert window.trainee is not None
    assert window.open_choice(StartChoice(window.trainee, loaded, "practice")) is False
    assert window.door.loaded is current  # the open attempt stays open
    box = next(b for b in visible_boxes())
    assert source in box.text() and "title" in box.text()
    box.close()
