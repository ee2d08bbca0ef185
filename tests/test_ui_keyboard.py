"""Every Attachment A click path works from the keyboard alone."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from uidriver import focused

from cwstrainer import codes
from cwstrainer.special_projects import (
    S_CSEC_AT_RISK,
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_DURING_CARE,
    Notebook,
)

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def key(k, mods=Qt.KeyboardModifier.NoModifier):
    """One key press, to whatever has the keyboard focus, as a keyboard sends it."""
    QTest.keyClick(focused(), k, mods)


def typed(text):
    QTest.keyClicks(focused(), text)


def pick(text):
    """Type a line's text in a dropdown; a space opens the list, where Enter takes it."""
    combo = focused()
    typed(text)
    if focused() is not combo:
        key(Qt.Key.Key_Return)
    assert focused() is combo
    assert combo.currentText() == text


def tab_to(name, limit=20):
    """Press Tab until the control with this accessible name has the focus."""
    for _ in range(limit):
        if focused().accessibleName() == name:
            return focused()
        key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; stopped at {focused().accessibleName()!r}")


def window_shortcut(window, text):
    """The Ctrl+digit the Window menu gives the notebook whose entry contains ``text``."""
    entries = [a.text() for a in window.window_menu.actions()]
    index = next(i for i, entry in enumerate(entries) if text in entry)
    return Qt.Key(Qt.Key.Key_1.value + index)


# The offscreen platform cannot raise a dropdown's list or grab the keyboard for it, and
# says so; the list works all the same.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_every_click_path_by_keyboard_only(qtbot, window, trainee):
    """Alt+page mnemonic, Insert for "+", typing in dropdowns and dates, Ctrl+n for notebooks."""
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    key(window_shortcut(window, "received 10/10/2016"), CTRL)  # the CSE referral
    assert "10/10/2016" in trainee.notebook().label

    # ACL 16-74: Special Projects page tab, "+" in the grid, S-CSEC Referral.
    key(Qt.Key.Key_S, ALT)
    assert trainee.notebook().current_page().page_name == "Special Projects"
    assert focused().accessibleName() == "Add Special Project"
    key(Qt.Key.Key_Insert)
    assert focused().accessibleName() == "Special Project"
    pick(S_CSEC_REFERRAL)
    key(Qt.Key.Key_Tab)
    assert focused().accessibleName() == "Start Date"
    typed("10/10/2016")
    key(Qt.Key.Key_Return)

    # ACL 15-49: Referral Management, Create New Allegation "+", Abuse Category Exploitation.
    key(Qt.Key.Key_A, ALT)
    assert focused().accessibleName() == "Create New Allegation"
    key(Qt.Key.Key_Insert)
    assert focused().accessibleName() == "Victim"
    key(Qt.Key.Key_Down)  # the first (only) child
    tab_to("Abuse Category")
    pick("Exploitation")

    # ACL 15-49: Placement Management, Placement "+", Reasons For Removal Exploitation.
    key(Qt.Key.Key_P, ALT)
    assert focused().accessibleName() == "Placement"
    key(Qt.Key.Key_Insert)
    assert focused().accessibleName() == "Child"
    key(Qt.Key.Key_Down)
    tab_to("Removal Date")
    key(Qt.Key.Key_D, CTRL)  # today, as a double-click
    tab_to("Reasons For Removal")
    key(Qt.Key.Key_Down, ALT)  # open the dropdown ...
    popup = focused()
    for _ in range(10):  # ... move to Exploitation and take it
        if popup.currentIndex().data() == "Exploitation":
            break
        QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused().accessibleName() == "Reasons For Removal")
    assert focused().currentText() == "Exploitation"

    # ACL 15-49: the Case notebook, Special Projects page tab, "+", a client code.
    key(window_shortcut(window, "Case Notebook"), CTRL)
    assert trainee.notebook().kind == "Case"
    for code, start in ((S_CSEC_VICTIM_DURING_CARE, "09/24/2016"), (S_CSEC_AT_RISK, "09/01/2016")):
        key(Qt.Key.Key_S, ALT)
        assert trainee.notebook().current_page().page_name == "Special Projects"
        key(Qt.Key.Key_Insert)  # the page's "+", wherever the keyboard is on the page
        assert focused().accessibleName() == "Special Project"
        pick(code)
        key(Qt.Key.Key_Tab)
        typed(start)
        key(Qt.Key.Key_Tab)  # leaving the field keeps the date too
        assert focused().accessibleName() == "End Date"

    stored = trainee.stored()
    referral, case = trainee.referral(), stored.cases[0]
    [spc] = stored.special_projects_on(Notebook.REFERRAL, referral.id)
    assert (spc.code, spc.start_date) == (S_CSEC_REFERRAL, dt.date(2016, 10, 10))
    [allegation] = stored.allegations
    assert (allegation.victim, allegation.abuse_category) == ("maya", codes.EXPLOITATION)
    new_placement = stored.placements[-1]
    assert new_placement.created_by_trainee
    assert new_placement.referral_id == referral.id
    assert new_placement.child == "maya"
    assert new_placement.removal_date == dt.date(2016, 11, 4)  # the scenario's today
    assert new_placement.primary_reason == codes.REMOVAL_EXPLOITATION
    case_rows = stored.special_projects_on(Notebook.CASE, case.id)
    assert [(r.code, r.start_date) for r in case_rows] == [
        (S_CSEC_VICTIM_DURING_CARE, dt.date(2016, 9, 24)),
        (S_CSEC_AT_RISK, dt.date(2016, 9, 1)),
    ]
