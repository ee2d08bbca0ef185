"""The three modes: guided highlights the next control, practice helps not, assessment hides."""

import pytest
from conftest import SCENARIO, SCENARIOS
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from cwstrainer.rules.catalog import RULE_IDS
from cwstrainer.scenario.loader import load_file
from ui.app import create_window
from ui.prompts import Confirm


@pytest.fixture
def confirm_yes(monkeypatch):
    asked = []
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, p, t, text: asked.append(text)
                                                     or True))
    return asked


def open_window(qtbot, data_dir, mode):
    window = create_window(data_dir, SCENARIOS, "Mode Trainee", SCENARIO, mode)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def guided(qtbot, data_dir):
    return open_window(qtbot, data_dir, "guided")


def ring(window):
    """The widget the spotlight rings, and the ringed rectangle in its coordinates."""
    spot = window.spotlight
    assert spot.isVisible()
    return spot.target, (spot.rect_of() if spot.rect_of else spot.target.rect())


def test_guided_highlights_the_special_projects_tab_first(guided):
    """ACL 16-74 Att. A starts at the referral's Special Projects page tab."""
    notebook = guided.current_notebook()
    assert "10/10/2016" in notebook.label and notebook.current_page().page_name == "Referral"
    target, rect = ring(guided)
    bar = notebook.tabs.tabBar()
    assert target is bar
    assert rect == bar.tabRect(notebook.page_names().index("Special Projects"))
    assert "Special Projects page tab" in guided.guide_bar.instruction.text()
    assert guided.guide_bar.instruction.accessibleName() == "Guided Step"


def test_guided_follows_the_click_path_on_the_real_controls(qtbot, guided):
    notebook = guided.current_notebook()
    notebook.show_page("Special Projects")
    page = notebook.current_page()
    assert ring(guided)[0] is page.add_button  # the "+" of the Special Project grid
    with qtbot.waitSignal(guided.door.recordsChanged):
        page.add_button.click()
    assert ring(guided)[0] is page.fields["code"]
    with qtbot.waitSignal(guided.door.recordsChanged):
        page.fields["code"].setCurrentText("S-CSEC Referral")
    assert ring(guided)[0] is page.fields["start_date"]
    assert "REF-SPC-START" in guided.guide_bar.instruction.text()


def test_guided_hint_names_the_rule_after_a_wrong_entry(qtbot, guided):
    notebook = guided.current_notebook()
    page = notebook.show_page("Special Projects")
    with qtbot.waitSignal(guided.door.recordsChanged):
        page.add_button.click()
    with qtbot.waitSignal(guided.door.recordsChanged):
        page.fields["code"].setCurrentText("S-CSEC Referral")
    field = page.fields["start_date"]
    with qtbot.waitSignal(guided.guide.hinted) as hinted:
        field.setText("10/11/2016")
        field.commit()
    assert "REF-SPC-START" in hinted.args[0]
    assert guided.guide_bar.hint.isVisible()
    assert "REF-SPC-START" in guided.guide_bar.hint.text()


def test_show_me_plays_the_step_on_the_real_widgets(qtbot, guided):
    guided.guide.delay_ms = 5
    with qtbot.waitSignal(guided.guide.showMeFinished, timeout=5000):
        guided.guide_bar.show_me.click()
    notebook = guided.current_notebook()
    assert notebook.current_page().page_name == "Special Projects"
    rows = guided.door.records.special_projects
    assert [r.code for r in rows] == ["S-CSEC Referral"]
    assert guided.guide.task.finding.rule_id != "REF-SPC-REQUIRED"  # on to the next


def test_guided_show_me_to_the_end_scores_full_marks(qtbot, guided, confirm_yes):
    guided.guide.delay_ms = 1
    for _ in range(12):
        if guided.guide.step.kind == "done":
            break
        with qtbot.waitSignal(guided.guide.showMeFinished, timeout=5000):
            guided.guide.show_me()
    assert guided.guide.step.kind == "done"
    assert guided.submit()
    assert guided.report.score == guided.report.possible > 0


def test_practice_shows_no_help_then_submits_and_tries_again(qtbot, data_dir, confirm_yes):
    window = open_window(qtbot, data_dir, "practice")
    assert window.guide is None and not window.guide_bar.isVisible()
    assert not window.spotlight.isVisible()
    assert "PRACTICE" in window.mode_banner.text()
    first = window.door.attempt.id
    assert window.submit()
    assert window.stack.currentWidget() is window.report_view
    assert window.report_view.again_button.isVisible()
    with qtbot.waitSignal(window.report_view.tryAgain):
        window.report_view.again_button.click()
    assert window.door.attempt.id != first
    assert window.door.mode == "practice" and not window.door.read_only
    assert window.door.records.special_projects == ()  # a fresh copy of the world


def visible_texts(window, only_visible=False) -> str:
    """Everything a trainee or a screen reader can get from the window's widgets."""
    parts = []
    for w in window.findChildren(QWidget):
        if only_visible and not w.isVisible():
            continue
        parts += [w.toolTip(), w.accessibleName(), w.accessibleDescription(), w.whatsThis()]
        if isinstance(w, (QLabel, QAbstractButton)):
            parts.append(w.text())
        if isinstance(w, QComboBox):
            parts.append(w.currentText())
    for action in window.findChildren(type(window.submit_action)):
        parts += [action.text(), action.toolTip()]
    return "\n".join(parts)


def test_assessment_shows_nothing_before_submission(qtbot, data_dir, confirm_yes):
    window = open_window(qtbot, data_dir, "assessment")
    assert window.guide is None
    assert not window.guide_bar.isVisible() and not window.spotlight.isVisible()
    assert "ASSESSMENT" in window.mode_banner.text()
    # a wrong entry: no hint, no message about rules
    notebook = window.current_notebook()
    page = notebook.show_page("Special Projects")
    with qtbot.waitSignal(window.door.recordsChanged):
        page.add_button.click()
    with qtbot.waitSignal(window.door.recordsChanged):
        page.fields["code"].setCurrentText("S-CSEC Victim During Care")  # wrong notebook
    for notebook in window.notebooks:
        for name in notebook.page_names():
            window.show_page(notebook.key, name)
            text = visible_texts(window)
            assert not [r for r in RULE_IDS if r in text], name
            assert "09/24/2016" not in text  # the expected Victim During Care start
            assert "10/28/2016" not in text  # the expected S-CSEC Referral end
            shown = visible_texts(window, only_visible=True)
            assert "Expected" not in shown and "Hint" not in shown and "Next step" not in shown
    assert window.report is None and not window.report_action.isEnabled()
    assert window.report_view.findings.topLevelItemCount() == 0
    assert window.submit()
    assert "only once" in confirm_yes[0]
    assert window.report is not None
    assert not window.report_view.again_button.isVisible()
    assert not window.submit_action.isEnabled()
    assert window.submit() is False  # one submission
    assert len([a for a in window.lobby.attempts(window.trainee.id) if a.submitted]) == 1


def test_the_scenario_has_the_dates_the_assessment_test_looks_for():
    """Guards the test above: those dates really are the expected answers."""
    from cwstrainer.rules.expected import case_codes, referral_codes

    s = load_file(SCENARIOS / f"{SCENARIO}.yaml").scenario
    assert [c.start.strftime("%m/%d/%Y") for c in case_codes(s)] == ["09/24/2016"]
    assert [r.end.strftime("%m/%d/%Y") for r in referral_codes(s)] == ["10/28/2016"]


def test_the_flow_works_from_the_keyboard(guided):
    """Submit, the report, history and Show me each have a key."""
    keys = {
        guided.submit_action.shortcut().toString(),
        guided.report_action.shortcut().toString(),
        guided.history_action.shortcut().toString(),
        guided.open_action.shortcut().toString(),
    }
    assert keys == {"Ctrl+Return", "F3", "Ctrl+H", "Ctrl+O"}
    assert all(a in guided.actions() for a in (guided.submit_action, guided.report_action))
    assert guided.guide_bar.show_me.text() == "Show &me"  # Alt+M
    view = guided.report_view
    assert [b.text() for b in (view.back_button, view.pdf_button, view.again_button,
                               view.go_button)] == [
        "&Back to Notebooks", "Save as P&DF…", "Try &Again", "&Go to"]
