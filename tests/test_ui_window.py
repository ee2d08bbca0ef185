"""The frame: banner, folders and sections, names, Save to Database, the way in, crashes."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from conftest import BUNDLED, ROOT, SCENARIOS
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTabWidget,
)

from cwstrainer.records import RecordKind
from cwstrainer.scenario.loader import load_library
from cwstrainer.store.store import Store
from ui import crash
from ui.app import create_window
from ui.startdialog import StartDialog


def test_the_training_banner_is_always_there(window):
    assert window.banner.isVisible()
    assert "TRAINING ENVIRONMENT" in window.banner.text()
    assert "fictional" in window.banner.text()
    assert window.windowTitle().startswith("[TRAINING]")


def tree_texts(item):
    return [item.text(0)] + [t for i in range(item.childCount()) for t in tree_texts(item.child(i))]


def test_navigation_shows_folders_and_sections_by_name_and_colour(window):
    nav = window.navigation
    texts = [t for i in range(nav.topLevelItemCount()) for t in tree_texts(nav.topLevelItem(i))]
    assert texts[0] == "Referral Folder"
    assert "Case Folder" in texts
    assert texts.count("Referral Management") == 2  # one per referral
    assert texts.count("Placement Management") == 2
    green = nav.findItems("Referral Management", nav_flags(), 0)[0]
    red = nav.findItems("Placement Management", nav_flags(), 0)[0]
    assert green.foreground(0).color().name() == "#1d6b3a"
    assert red.foreground(0).color().name() == "#a3201d"
    assert [green.child(i).text(0) for i in range(green.childCount())] == ["Allegation"]
    assert [red.child(i).text(0) for i in range(red.childCount())] == ["Placement"]


def nav_flags():
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchExactly


def test_choosing_a_page_in_the_tree_opens_it(window):
    nav = window.navigation
    item = nav.findItems("Placement", nav_flags(), 0)[0]
    nav.itemActivated.emit(item, 0)
    assert window.current_notebook().current_page().page_name == "Placement"


def test_page_tabs_are_named_as_cws_cms_names_them(window):
    names = {}
    for notebook in window.notebooks:
        bar = notebook.findChild(QTabWidget).tabBar()
        names[notebook.kind] = [bar.accessibleTabName(i) for i in range(bar.count())]
    assert names == {
        "Referral": ["Referral", "Allegation", "Placement", "Special Projects"],
        "Case": ["Case", "Special Projects"],
    }


def test_every_control_has_its_cws_cms_name(window):
    from cwstrainer.fields import FIELDS

    labels = {spec.label for specs in FIELDS.values() for spec in specs}
    for notebook in window.notebooks:
        for cls in (QLineEdit, QComboBox, QAbstractButton, QTableWidget):
            for widget in notebook.findChildren(cls):
                if widget.parent() is not None and isinstance(widget.parent(), QComboBox):
                    continue  # the combo's own line edit, if any
                if cls is QAbstractButton and not widget.isVisibleTo(notebook):
                    continue  # e.g. the tab bar's hidden scroll arrows
                assert widget.accessibleName(), f"{cls.__name__} without a name in {notebook.key}"
                if cls in (QComboBox,) and widget.property("fieldName"):
                    assert widget.accessibleName() in labels


def test_tab_order_follows_the_screen(window, trainee):
    """On each page, Tab visits the fields left to right, top to bottom."""
    trainee.open_notebook("Referral")
    for name in ("Referral", "Allegation", "Placement", "Special Projects"):
        trainee.page_tab(name)
        page = trainee.notebook().current_page()
        if not page.fields["start_date" if name == "Special Projects" else
                           next(iter(page.fields))].isEnabled():
            trainee.click(page.add_name)
        fields = list(page.fields.values())
        order = []
        widget = fields[0]
        for _ in range(40):
            if widget in fields and widget not in order:
                order.append(widget)
            widget = widget.nextInFocusChain()
        places = [(f.mapTo(page, f.rect().topLeft()).y(), f.mapTo(page, f.rect().topLeft()).x())
                  for f in order]
        assert len(order) == len(fields)
        assert places == sorted(places), name


def test_save_to_database_goes_to_the_first_missing_mandatory_field(trainee):
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    trainee.click("Create New Allegation")
    trainee.choose("Victim", "REYES, Maya")
    trainee.open_notebook("Case")
    assert trainee.window.save_to_database() is False
    assert "10/10/2016" in trainee.notebook().label
    assert trainee.notebook().current_page().page_name == "Allegation"
    assert trainee.window.focusWidget().accessibleName() == "Abuse Category"
    assert "Abuse Category is mandatory" in trainee.window.message.text()
    assert len(trainee.stored().allegations) == 1  # nothing lost: already kept
    trainee.choose("Abuse Category", "Exploitation")
    assert trainee.window.save_to_database() is True
    assert "every mandatory field is filled" in trainee.window.message.text()


def test_a_new_referral_is_created_as_an_intake_worker_does(trainee):
    before = len(trainee.stored().referrals)
    with trainee.qtbot.waitSignal(trainee.door.recordsChanged):
        trainee.window.new_referral_action.trigger()
    assert len(trainee.stored().referrals) == before + 1
    notebook = trainee.notebook()
    assert notebook.current_page().page_name == "Referral"
    assert trainee.control("Referral Name").property("mandatory") is True
    trainee.control("Received Date").enter_today()
    new = trainee.stored().referrals[-1]
    assert new.created_by_trainee and new.received_date == dt.date(2016, 11, 4)
    trainee.choose("Primary Referral", "REYES, Maya — received 10/10/2016")
    assert trainee.stored().referrals[-1].primary_referral_id == trainee.referral().id


def test_a_domain_error_is_a_message_never_a_traceback(qtbot, trainee, data_dir):
    """The store refuses an entry on a submitted attempt; the door shows why."""
    trainee.door.release()  # (another process may not write into an attempt a window holds)
    store = Store.open(data_dir)
    store.submit(trainee.door.attempt.id, 0, 1, False, json.dumps({}))
    store.close()
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    with qtbot.waitSignal(trainee.door.failed) as failed:
        trainee.control("Create New Allegation").click()
    assert failed.args[0] == ""
    assert "submitted" in failed.args[1]
    boxes = [b for b in trainee.window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "submitted" in boxes[0].text()


def test_open_scenario_starts_then_resumes_the_unfinished_attempt(qtbot, data_dir, monkeypatch):
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    assert window.door is None
    library = load_library([SCENARIOS])

    def ask(cls, parent, library, lobby, name=""):
        dialog = StartDialog(library, lobby, name)
        qtbot.addWidget(dialog)
        dialog.name.setText("Ana")
        assert dialog.sign_in()
        if dialog.resume_button.isEnabled():
            dialog.resume()
        else:
            dialog.start()
        return dialog.choice()

    monkeypatch.setattr(StartDialog, "ask", classmethod(ask))
    assert window.choose_scenario()
    first = window.door.attempt.id
    window.show_page(window.notebooks[-1].key, "Special Projects")
    window.close()

    again = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(again)
    assert again.choose_scenario()
    assert again.door.attempt.id == first
    assert again.door.attempt.mode == "practice"
    assert again.current_notebook().kind == "Case"  # where the trainee left off
    assert again.current_notebook().current_page().page_name == "Special Projects"
    assert library.scenarios[0].scenario.id == again.door.loaded.scenario.id


def test_the_start_dialog_lists_the_bundled_scenarios(qtbot, data_dir):
    from ui.lobby import Lobby

    library = load_library([BUNDLED])
    lobby = Lobby(data_dir)
    dialog = StartDialog(library, lobby)
    qtbot.addWidget(dialog)
    assert not dialog.sign_in_button.isEnabled()
    dialog.name.setText("Ana")
    assert dialog.sign_in_button.isEnabled()
    dialog.sign_in_button.click()
    assert dialog.table.rowCount() == len(library.scenarios) >= 1
    dialog.select_scenario(library.scenarios[0].scenario.id)
    dialog.start_button.click()
    choice = dialog.choice()
    assert (choice.trainee.name, choice.loaded, choice.mode) == ("Ana", library.scenarios[0],
                                                                 "practice")
    lobby.close()


# What the window's first paint must not wait for: the store, the scenario format and
# its parser, the notebooks, the report, the guide, the sign-in dialog (issue 8's start-up).
NOT_AT_START = (
    "sqlite_utils",
    "yaml",
    "hashlib",
    "cwstrainer.scenario.loader",
    "cwstrainer.scenario.model",
    "cwstrainer.rules.expected",
    "ui.notebooks.notebook",
    "ui.report",
    "ui.guide",
    "ui.startdialog",
    "ui.trainer.passphrase",
)


def test_starting_the_window_waits_for_nothing_an_attempt_needs(tmp_path):
    """Shown, with the library loaded from its index, the window has imported none of it."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from ui.app import application, create_window\n"
        f"w = create_window({str(tmp_path)!r}); w.show(); application().processEvents()\n"
        "library = w.load_library()\n"
        f"print(len(library.scenarios), *[m for m in {NOT_AT_START!r} if m in sys.modules])\n"
    )

    def start() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()

    first = start()  # a new station: every scenario is read in full, and indexed
    assert "yaml" in first[1:]
    count, *imported = start()
    assert int(count) == len(load_library([BUNDLED]).scenarios)
    assert imported == []


def test_the_scenario_brief_is_made_when_first_shown(qtbot, data_dir):
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    window.show()
    assert "brief_dock" not in window.__dict__ and not window.brief_action.isChecked()
    window.brief_action.trigger()  # View > Scenario Brief (F2)
    assert window.brief_dock.isVisible() and window.brief_action.isChecked()
    window.brief_dock.close()  # its own close button
    assert not window.brief_action.isChecked()
    window.brief_action.trigger()
    assert window.brief_dock.isVisible()


def test_an_open_attempt_shows_its_brief(window):
    assert window.brief_dock.isVisible() and window.brief_action.isChecked()
    assert window.brief.accessibleName() == "Scenario Brief"
    assert window.door.scenario.title in window.brief.toPlainText()


def test_the_excepthook_logs_the_traceback_and_tells_the_trainee(tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(crash, "show_dialog", lambda path, value: shown.append((path, value)))
    hook = crash.make_hook(tmp_path)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    log = (tmp_path / crash.LOG_NAME).read_text()
    assert "RuntimeError: boom" in log and "Traceback" in log
    assert shown and shown[0][0] == tmp_path / crash.LOG_NAME


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_screenshots_render_every_page(qtbot, tmp_path):
    from ui.screenshots import render_all

    written = render_all(tmp_path, BUNDLED)
    names = [p.name for p in written]
    assert "00-open-scenario.png" in names
    for page in ("referral-allegation", "referral-placement", "case-special-projects"):
        assert any(page in n for n in names), page
    for flow in ("09-sign-in", "10-guided-step", "11-report-timeline", "12-history",
                 "13-assessment", "14-trainer-passphrase", "15-authoring-problem",
                 "16-authoring-answer-key", "17-dashboard-heat-map", "18-attempt-and-notes",
                 "19-packs-refused", "20-exports-and-lrs"):
        assert f"{flow}.png" in names, flow
    assert all(p.stat().st_size > 10_000 for p in written)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_door_turns_refusals_into_messages(trainee):
    """The views have no store of their own, and the door never lets a refusal escape."""
    from ui.notebooks import pages

    assert not hasattr(pages, "Store")
    with trainee.qtbot.waitSignal(trainee.door.failed):
        assert trainee.door.update(RecordKind.ALLEGATION, 999, victim="maya") is None
    with trainee.qtbot.waitSignal(trainee.door.failed):
        assert trainee.door.update(RecordKind.ALLEGATION, 1, no_such_field=1) is None




def test_the_sign_in_waits_for_the_window_to_be_painted(qtbot, data_dir):
    """main.py opens the sign-in only once the window behind it has been drawn."""
    window = create_window(data_dir, SCENARIOS)
    qtbot.addWidget(window)
    calls: list[str] = []
    window.after_first_paint(lambda: calls.append("first"))
    qtbot.wait(20)
    assert calls == []  # not shown, so never painted
    window.show()
    qtbot.waitUntil(lambda: calls == ["first"])
    window.after_first_paint(lambda: calls.append("later"))  # painted already: soon
    qtbot.waitUntil(lambda: calls == ["first", "later"])
