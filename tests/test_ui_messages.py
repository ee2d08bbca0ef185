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
