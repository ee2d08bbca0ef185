"""The Client notebook and its CSEC Data Grid (ACL 16-49): by mouse and by keyboard, the
system rules refused at Save with CWS/CMS's words, a saved row never deleted."""

import datetime as dt

import pytest
from conftest import BUNDLED
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from uidriver import focused

from cwstrainer.records import RecordKind
from ui.app import create_window
from ui.notebooks.client import CSEC_PAGE, NOT_DELETED

ALT = Qt.KeyboardModifier.AltModifier
ABSENT = "Victim while Absent from Placement"


@pytest.fixture
def grid_window(qtbot, data_dir):
    """A trainee's attempt at a bundled grid scenario (Jada, absent from placement)."""
    window = create_window(data_dir, BUNDLED, "Grid Trainee", "grid-absence-end-date-2017")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def client_notebook(window, name="Jada"):
    return next(n for n in window.notebooks if n.kind == "Client" and name in n.label)


def test_a_grid_scenario_opens_the_childs_client_notebook_with_its_grid(grid_window):
    notebook = client_notebook(grid_window)
    assert list(notebook.pages) == ["Client", CSEC_PAGE]
    assert notebook.pages["Client"].shown["Birth Date"].text()  # read-only identity
    page = notebook.pages[CSEC_PAGE]
    assert page.grid.accessibleName() == "CSEC Data Grid"
    assert [page.fields[n].accessibleName() for n in ("csec_type", "start_date", "end_date")] == [
        "CSEC Type",
        "Start Date",
        "End Date",
    ]
    combo = page.fields["csec_type"]
    assert [t for t in combo.texts() if t] == [
        "At Risk",
        "Victim Before Foster Care",
        "Victim During Foster Care",
        "Victim in Open Case not in Foster Care",
        ABSENT,
        "Victim with Closed Case, Rcv ILP Svcs",
    ]
    tree = grid_window.navigation
    labels = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert "Client Notebooks" in labels
    assert "ACL 16-49" in grid_window.brief.toPlainText()


def test_a_case_code_scenario_has_no_grid(window):
    assert not [n for n in window.notebooks if n.kind == "Client"]


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_grid_by_keyboard_alone_and_save_refuses_an_absence_without_end_date(
    qtbot, grid_window
):
    grid_window.activateWindow()
    qtbot.waitUntil(lambda: grid_window.isActiveWindow())
    grid_window.show_notebook(client_notebook(grid_window))
    QTest.keyClick(focused(), Qt.Key.Key_D, ALT)  # the CSEC Data Grid page tab
    page = grid_window.current_notebook().current_page()
    assert page.page_name == CSEC_PAGE
    assert focused().accessibleName() == "Add CSEC Data"
    QTest.keyClick(focused(), Qt.Key.Key_Insert)  # the "+"
    assert focused().accessibleName() == "CSEC Type"
    QTest.keyClicks(focused(), "Victim while")
    if focused().accessibleName() != "CSEC Type":
        QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert focused().currentText() == ABSENT
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused().accessibleName() == "Start Date"
    QTest.keyClicks(focused(), "03/03/2017")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused().accessibleName() == "End Date"
    [row] = grid_window.door.records.csec_rows
    assert (row.client, row.start_date, row.end_date) == ("jada", dt.date(2017, 3, 3), None)

    # Save to Database: CWS/CMS's rule R-10971, its own words, the keyboard at End Date.
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    assert not grid_window.save_to_database()
    assert "CSEC Victim while Absent from Placement requires an end date" in (
        grid_window.message.text()
    )
    assert focused().accessibleName() == "End Date"
    assert grid_window.door.records.csec_rows == (row,)  # nothing lost
    QTest.keyClicks(focused(), "03/09/2017")
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid_window.door.records.csec_rows[0].end_date is not None)
    assert grid_window.save_to_database()


def test_an_end_before_the_start_is_refused_at_save_with_cwscms_words(qtbot, grid_window):
    door = grid_window.door
    row = door.add_csec_row("jada")
    door.update(RecordKind.CSEC, row.id, csec_type=6869, start_date=dt.date(2017, 3, 9))
    door.update(RecordKind.CSEC, row.id, end_date=dt.date(2017, 3, 3))
    assert not grid_window.save_to_database()
    assert "CSEC End Date must be greater than or equal to CSEC Start Date" in (
        grid_window.message.text()
    )
    page = grid_window.current_notebook().current_page()
    assert page.page_name == CSEC_PAGE and page.current_id == row.id


def test_a_row_already_saved_in_cwscms_is_not_deleted(qtbot, data_dir):
    window = create_window(data_dir, BUNDLED, "Grid Trainee", "grid-at-risk-then-victim-2017")
    qtbot.addWidget(window)
    window.show()
    notebook = client_notebook(window, "Kiara")
    window.show_notebook(notebook)
    page = notebook.show_page(CSEC_PAGE)
    [saved] = window.door.records.csec_rows
    assert saved.world_key == "kiara#1"
    page.select(saved.id)
    assert page.delete_button.isEnabled()
    page.delete_button.click()
    assert window.door.records.csec_rows == (saved,)
    assert NOT_DELETED in window.message.text()
    assert NOT_DELETED in page.refusal("End Date")  # said at the field that ends the row
    assert window._problem_box is None
    mine = window.door.add_csec_row("kiara")
    page.select(mine.id)
    page.delete_button.click()  # a row the trainee added can go
    assert window.door.records.csec_rows == (saved,)


def test_a_submitted_grid_attempt_is_graded_on_its_grid(qtbot, grid_window, monkeypatch):
    from ui.prompts import Confirm

    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    door = grid_window.door
    row = door.add_csec_row("jada")
    door.update(
        RecordKind.CSEC,
        row.id,
        csec_type=6871,
        start_date=dt.date(2017, 3, 3),
        end_date=dt.date(2017, 3, 9),
    )
    assert grid_window.submit()
    report = grid_window.report
    assert report.passed and report.percent == 100
    assert {f.rule_id for f in report.findings} >= {"GRID-TYPE", "GRID-DATES"}
    lanes = {lane.title: lane for lane in grid_window.timeline().lanes}
    lane = lanes[f"{ABSENT} — Jada's CSEC Data Grid"]  # the grid drawn as codes are
    assert lane.matches
    assert not [t for t in lanes if "S-CSEC Absence" in t or "Victim During Care" in t]


def test_a_start_before_the_birth_date_is_refused_at_save_r10974(qtbot, grid_window):
    door = grid_window.door
    row = door.add_csec_row("jada")  # Jada was born in 2002
    door.update(RecordKind.CSEC, row.id, csec_type=6869, start_date=dt.date(2001, 3, 4))
    assert not grid_window.save_to_database()
    assert "is before the client's birth date" in grid_window.message.text()
    page = grid_window.current_notebook().current_page()
    assert page.current_id == row.id and "R-10974" in page.refusal("Start Date")


def test_a_second_open_row_of_one_type_is_refused_at_save_with_cwscms_words(qtbot, grid_window):
    door = grid_window.door
    for start in (dt.date(2017, 3, 3), dt.date(2017, 3, 5)):
        row = door.add_csec_row("jada")
        door.update(RecordKind.CSEC, row.id, csec_type=6869, start_date=start)
    assert not grid_window.save_to_database()
    assert "CSEC duplication for code: Victim During Foster Care" in grid_window.message.text()
    page = grid_window.current_notebook().current_page()
    assert page.current_id == row.id and "duplication" in page.refusal("CSEC Type")
    door.update(RecordKind.CSEC, door.records.csec_rows[0].id, end_date=dt.date(2017, 3, 4))
    assert grid_window.save_to_database()  # the first ended: one open at a time


def test_the_childs_client_notebook_is_reached_from_her_case_and_her_referral(grid_window):
    tree = grid_window.navigation
    targets = [
        item.data(0, 0x0100)
        for item in tree._all()
        if item.text(0).startswith("Client: ")
        and item.parent() is not None
        and item.parent().parent() is not None  # under a referral or a case, in its folder
    ]
    folders = {
        item.parent().parent().text(0)
        for item in tree._all()
        if item.text(0).startswith("Client: ")
        and item.parent() is not None
        and item.parent().parent() is not None
    }
    assert {"Case Folder", "Referral Folder"} <= folders
    assert set(targets) == {"client:jada|CSEC Data Grid"}
    item = next(i for i in tree._all() if i.data(0, 0x0100) == "client:jada|CSEC Data Grid")
    tree.itemActivated.emit(item, 0)
    assert grid_window.current_notebook().current_page().page_name == CSEC_PAGE
