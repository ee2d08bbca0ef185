"""A trainee's screen that fits a lab laptop (issue 16, item 8): the window's size and place,
the report's panes, the focus ring, Enter's meaning in dialogs, typing kept as typed, the
unfinished attempt offered at start, the guide following the screen, dialog titles."""

import datetime as dt
import sys

from conftest import ROOT, SCENARIO, SCENARIOS
from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from cwstrainer.special_projects import S_CSEC_VICTIM_DURING_CARE
from ui.app import create_window
from ui.prompts import Confirm

LAPTOP = QRect(0, 0, 1366, 768)


def _window(qtbot, data_dir, name="Fit Trainee", mode="practice"):
    window = create_window(data_dir, SCENARIOS, name, SCENARIO, mode)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


# -- the window fits, and remembers ------------------------------------------------------


def test_the_window_fits_a_1366x768_screen_with_its_status_bar(qtbot, data_dir):
    window = _window(qtbot, data_dir)
    window.restore_place(QRect(0, 0, 1366, 738))  # 1366x768 less a 30-pixel panel
    geometry = window.geometry()
    assert geometry.height() <= 738 - 30 and geometry.width() <= 1366
    assert QRect(0, 0, 1366, 738).contains(geometry)
    bar = window.statusBar()
    assert bar.isVisible()
    bottom = bar.mapTo(window, bar.rect().bottomLeft()).y()
    assert bottom < window.height()  # "Saved locally" and the legend are on the screen


def test_the_window_remembers_its_size_and_place(qtbot, data_dir, _private_qsettings):
    first = _window(qtbot, data_dir)
    first.resize(700, 500)  # within the offscreen screen (800x600)
    size = (first.width(), first.height())  # no narrower than the window's minimum
    first.close()
    stored = QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, "cwstrainer", "cwstrainer"
    )
    assert str(_private_qsettings) in stored.fileName()  # never the user's own settings
    assert stored.value("mainwindow/geometry") is not None
    second = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(second)
    assert second.height() == size[1]  # offscreen's 800-pixel screen narrows it
    second.restore_place(LAPTOP)  # a remembered size still fits a smaller screen
    assert LAPTOP.contains(second.geometry())


# -- the report at 1366x768 --------------------------------------------------------------


def _submitted(qtbot, data_dir, monkeypatch):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    window = _window(qtbot, data_dir, "Report Fit")
    window.resize(1366 - 16, 768 - 30 - 40)
    window.submit()
    qtbot.wait(50)
    return window


def test_the_report_panes_are_resizable_and_show_more_than_five_findings(
    qtbot, data_dir, monkeypatch
):
    window = _submitted(qtbot, data_dir, monkeypatch)
    view = window.report_view
    assert view.split.count() == 2 and view.lower_split.count() == 2
    assert view.details.parent() is not view.findings.parent()  # a handle between them
    tree = view.findings
    row = tree.sizeHintForRow(0) or tree.fontMetrics().height()
    assert tree.viewport().height() // row > 5  # room for more than five findings
    sizes = view.split.sizes()
    view.split.setSizes([sizes[0] + 40, sizes[1] - 40])
    assert view.split.sizes()[0] > sizes[0]


# -- the focus ring ---------------------------------------------------------------------


def _differs(widget) -> int:
    """Pixels of the widget (and a 2-pixel margin) that change when it takes the focus."""
    window = widget.window()
    window.activateWindow()
    widget.clearFocus()
    QApplication.processEvents()
    before = window.grab().toImage()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    after = window.grab().toImage()
    top_left = widget.mapTo(window, widget.rect().topLeft())
    changed = 0
    for x in range(max(0, top_left.x() - 2), min(after.width(), top_left.x() + widget.width())):
        for y in (top_left.y(), top_left.y() + 1, top_left.y() + widget.height() - 1):
            if 0 <= y < after.height() and before.pixel(x, y) != after.pixel(x, y):
                changed += 1
    return changed


def test_every_focusable_control_kind_shows_a_strong_focus_ring(qtbot, data_dir, monkeypatch):
    window = _submitted(qtbot, data_dir, monkeypatch)
    view = window.report_view
    timeline_area = view.timeline.parentWidget().parentWidget()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    kinds = [view.pdf_button, view.findings, view.details, timeline_area]
    for widget in kinds:  # the report's: a button, a tree, a text, the timeline's area
        assert _differs(widget) >= widget.width(), widget.accessibleName() or widget
    window.back_to_notebooks()
    notebook = window.current_notebook()
    bar = notebook.tabs.tabBar()
    assert _differs(bar) >= bar.tabRect(bar.currentIndex()).width()  # the current tab ringed
    for widget in (window.navigation,):  # a tree (fields: the next test; read-only here)
        assert _differs(widget) >= widget.width(), widget.accessibleName() or widget


def test_the_focus_ring_is_two_pixels_of_high_contrast(qtbot, window):
    page = window.current_notebook().current_page()
    field = next(iter(page.fields.values()))
    field.setFocus()
    QApplication.processEvents()
    image = field.grab().toImage()
    middle = image.height() // 2
    for x in (0, 1):
        assert QColor(image.pixel(x, middle)).lightness() < 40  # near black on any field


def test_the_selected_item_of_a_dropdown_is_readable(qtbot, window):
    combo = next(w for w in window.findChildren(QComboBox) if w.property("mandatory"))
    view = combo.view()
    palette = view.palette()
    highlight, text = palette.highlight().color(), palette.highlightedText().color()
    assert abs(highlight.lightness() - text.lightness()) > 150  # white on dark blue
    assert highlight.lightness() < 100


# -- Enter in dialogs -------------------------------------------------------------------


def test_enter_in_the_submit_question_keeps_working_and_says_so(qtbot):
    box, act = Confirm.box(None, "Submit for Grading", "Submit for grading?")
    qtbot.addWidget(box)
    safe = box.defaultButton()
    assert safe.text().replace("&", "") == "Keep Working"
    assert act.text().replace("&", "") == "Submit for Grading"
    assert box.escapeButton() is safe
    assert "Enter: Keep Working" in box.informativeText()


def test_confirm_ask_is_true_only_for_the_act(qtbot, monkeypatch):
    def press(key):
        def later():
            box = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            )
            QTest.keyClick(box, key)

        QTimer.singleShot(50, later)

    press(Qt.Key.Key_Return)
    assert Confirm.ask(None, "Submit for Grading", "Submit?") is False
    press(Qt.Key.Key_S)  # the act's access key... with Alt

    def alt_s():
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        )
        QTest.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    QTimer.singleShot(50, alt_s)
    assert Confirm.ask(None, "Submit for Grading", "Submit?") is True


# -- typed values kept as typed -----------------------------------------------------------


def _stored(window, kind, record_id, name):
    records = window.door.store.records(window.door.attempt.id)
    rows = {"special_project": records.special_projects, "referral": records.referrals}[kind]
    return getattr(next(r for r in rows if r.id == record_id), name)


def test_a_typed_value_is_kept_without_enter_or_tab(qtbot, window):
    notebook = next(n for n in window.notebooks if n.kind == "Referral")
    window.show_page(notebook.key, "Referral")
    page = notebook.current_page()
    field = page.fields["referral_name"]
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "REYES, Anaa ")
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    QTest.keyClick(field, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: _stored(window, "referral", page.current_id, "referral_name") == "REYES, Ana",
        timeout=3000,
    )
    # kept as typed, trailing space and cursor included: typing goes on undisturbed
    assert field.hasFocus() and field.text() == "REYES, Ana " and field.cursorPosition() == 11
    assert window.saved_label.text().startswith("Saved locally")


def test_a_half_typed_date_is_never_stored_nor_refused(qtbot, window):
    case = next(n for n in window.notebooks if n.kind == "Case")
    window.show_notebook(case)
    page = case.show_page("Special Projects")
    page.add_button.click()
    sp_id = page.current_id
    page.fields["code"].setCurrentText("S-CSEC Victim During Care")
    field = page.fields["start_date"]
    field.setFocus()
    QTest.keyClicks(field, "09/24/20")
    qtbot.wait(900)
    assert _stored(window, "special_project", sp_id, "start_date") is None
    assert not field.property("fieldError") and field.text() == "09/24/20"
    QTest.keyClicks(field, "16")
    qtbot.waitUntil(
        lambda: _stored(window, "special_project", sp_id, "start_date") == dt.date(2016, 9, 24),
        timeout=3000,
    )
    assert field.text() == "09/24/2016" and field.hasFocus()
    QTest.keyClick(field, Qt.Key.Key_Tab)  # Tab still commits (nothing new to store)
    assert not field.property("fieldError")


def test_leaving_a_half_typed_date_still_refuses_it(qtbot, window):
    case = next(n for n in window.notebooks if n.kind == "Case")
    window.show_notebook(case)
    page = case.show_page("Special Projects")
    page.add_button.click()
    field = page.fields["start_date"]
    field.setFocus()
    QTest.keyClicks(field, "02/30/2016")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert field.property("fieldError")
    assert "not a real date" in field.property("errorText")


# -- the unfinished attempt, offered at start --------------------------------------------


def test_the_unfinished_attempt_is_offered_at_start(qtbot, data_dir):
    from ui.startdialog import StartDialog

    first = _window(qtbot, data_dir, "Crash Trainee")
    attempt = first.door.attempt.id
    title = first.door.scenario.title
    first.close()  # as after a crash: the attempt was left unfinished
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    dialog = StartDialog(window.load_library(), window.lobby, "", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    button = dialog.resume_last_button
    assert not button.isHidden()
    assert button.text().replace("&", "") == f"Resume your unfinished attempt at {title}"
    assert button.isDefault()
    assert "Crash Trainee" in dialog.last_note.text()
    QTest.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter resumes
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.choice().attempt.id == attempt
    assert window.open_choice(dialog.choice())
    assert window.door.attempt.id == attempt and not window.door.read_only


def test_typing_a_name_makes_enter_sign_in_instead(qtbot, data_dir):
    from ui.startdialog import StartDialog

    first = _window(qtbot, data_dir, "Crash Trainee")
    first.close()
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    dialog = StartDialog(window.load_library(), window.lobby, "", window)
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.name, "Other Trainee")
    assert dialog.sign_in_button.isDefault() and not dialog.resume_last_button.isDefault()


def test_a_submitted_attempt_is_not_offered(qtbot, data_dir, monkeypatch):
    from ui.startdialog import StartDialog

    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    first = _window(qtbot, data_dir, "Done Trainee")
    assert first.submit()
    first.close()
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    dialog = StartDialog(window.load_library(), window.lobby, "", window)
    qtbot.addWidget(dialog)
    assert dialog.resume_last_button.isHidden() and dialog.sign_in_button.isDefault()


# -- the guide follows the screen ---------------------------------------------------------


def test_after_a_wrong_code_the_guide_corrects_the_row_rather_than_adding_one(qtbot, data_dir):
    window = _window(qtbot, data_dir, "Guide Trainee", "guided")
    guide = window.guide
    step = guide.step
    while step.kind in ("notebook", "tab"):
        guide.perform(step)
        guide.update_step()
        step = guide.step
    assert step.kind == "add", step
    notebook = window.notebook(step.place.notebook)
    page = notebook.pages[step.place.page]
    page.add_button.click()
    combo = page.fields["code"]
    expected = guide.step.value
    wrong = next(t for t in combo.texts() if t and t != expected and t != "(none)")
    combo.setCurrentIndex(combo.findText(wrong))
    qtbot.wait(10)
    text = window.guide_bar.instruction.text()
    assert "Click" not in text and "to add a row" not in text, text
    assert guide.step.kind in ("field", "select")
    assert guide.step.place.row == page.current_id


def test_no_hint_about_a_place_not_on_screen(qtbot, data_dir):
    window = _window(qtbot, data_dir, "Hint Trainee", "guided")
    case = next(n for n in window.notebooks if n.kind == "Case")
    window.show_notebook(case)
    page = case.show_page("Special Projects")
    page.add_button.click()
    sp_id = page.current_id
    referral = next(n for n in window.notebooks if n.kind == "Referral")
    window.show_page(referral.key, "Referral")  # the trainee is elsewhere
    window.door.update(
        "special_project",
        sp_id,
        code=S_CSEC_VICTIM_DURING_CARE,
        start_date=dt.date(2016, 10, 12),
    )
    assert window.guide_bar.hint.isHidden()
    window.show_notebook(case)
    case.show_page("Special Projects")
    page.select(sp_id)
    window.door.update("special_project", sp_id, start_date=dt.date(2016, 10, 13))
    assert not window.guide_bar.hint.isHidden()  # a mistake on screen is still hinted at
    window.show_page(referral.key, "Referral")
    assert window.guide_bar.hint.isHidden()  # moving on takes the hint away


# -- titles -------------------------------------------------------------------------------


def _as_shown(title: str) -> str:
    """The title as a window manager shows it: Qt appends the application display name."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    shown = QGuiApplication.applicationDisplayName()
    if shown == QCoreApplication.applicationName() or title.endswith(shown):
        return title  # no display name of its own: nothing is appended
    return f"{title} \u2014 {shown}"


def test_each_window_title_says_training_once(qtbot, data_dir):
    from ui.history import HistoryDialog
    from ui.startdialog import StartDialog

    window = _window(qtbot, data_dir, "Title Trainee")
    dialog = StartDialog(window.load_library(), window.lobby, "", window)
    qtbot.addWidget(dialog)
    titles = [window.windowTitle(), dialog.windowTitle()]
    dialog.name.setText("Title Trainee")
    dialog.sign_in()
    titles.append(dialog.windowTitle())
    history = HistoryDialog(window.lobby, window.trainee, window.load_library(), window)
    qtbot.addWidget(history)
    titles.append(history.windowTitle())
    for title in titles:
        assert _as_shown(title).count("TRAINING") == 1, _as_shown(title)


# -- make run's pre-flight -----------------------------------------------------------------


def _preflight():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import preflight
    finally:
        sys.path.pop(0)
    return preflight


def test_preflight_names_the_missing_packages_and_stops(capsys):
    preflight = _preflight()
    absent = preflight.missing(
        preflight.needed("xcb"), lambda lib: lib not in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    )
    assert absent == ["libxcb-icccm4", "libxcb-keysyms1"]  # not libxcb-cursor0, as Qt says
    status = preflight.run(absent, is_root=False, has_apt=True, install=lambda p: 0 / 0)
    out = capsys.readouterr().out
    assert status == 1
    assert (
        "    sudo apt-get install -y --no-install-recommends libxcb-icccm4 libxcb-keysyms1\n" in out
    )


def test_preflight_installs_as_root_and_goes_on(capsys):
    preflight = _preflight()
    installed = []
    status = preflight.run(
        ["libxcb-icccm4"],
        is_root=True,
        has_apt=True,
        install=lambda p: installed.extend(p) or 0,
    )
    assert status == 0 and installed == ["libxcb-icccm4"]
    failed = preflight.run(["libxcb-icccm4"], is_root=True, has_apt=True, install=lambda p: 100)
    assert failed == 1


def test_preflight_passes_when_nothing_is_missing_and_offscreen_needs_no_xcb():
    preflight = _preflight()
    assert preflight.run([], is_root=False, has_apt=True) == 0
    assert "libxcb-cursor0" not in preflight.needed("offscreen")
    assert "libxcb-cursor0" in preflight.needed(None)


def test_preflight_command_line_with_a_fake_missing_list(monkeypatch, capsys):
    preflight = _preflight()
    monkeypatch.setattr(preflight.os, "geteuid", lambda: 1000)
    assert preflight.main(["--assume-missing", "libxcb-cursor0,libxcb-util1"]) == 1
    assert "sudo apt-get install" in capsys.readouterr().out


def test_the_attempts_dialog_fits_a_lab_laptop(qtbot):
    """The trainer's Attempts dialog opened at 1200x860 on a 768-pixel-high screen
    (issue 16): sized with the screen's free area, it keeps its frame on screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QDialog

    from ui.fit import FRAME_ALLOWANCE, fit_to_screen

    dialog = QDialog()
    qtbot.addWidget(dialog)
    screen = QRect(0, 0, 1366, 768)
    fit_to_screen(dialog, 1200, 860, screen)
    assert dialog.height() <= 768 - FRAME_ALLOWANCE[1] and dialog.width() == 1200
    assert screen.contains(dialog.geometry())
