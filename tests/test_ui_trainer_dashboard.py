"""The results dashboard: paged trainee table, heat map values, filters, drill-down, notes."""

import pytest
from conftest import SCENARIO, SCENARIOS
from PySide6.QtCore import Qt
from uidriver import submit_attempts, unlock

from cwstrainer import dashboard
from cwstrainer.store.store import Store
from ui.trainer import dashboard as dashboard_ui
from ui.trainer.attemptview import AttemptsDialog
from ui.trainer.heatmap import HeatMapModel, heat_colour


@pytest.fixture
def tools(window, data_dir, monkeypatch):
    names = [f"Trainee {i:03d}" for i in range(120)]
    submit_attempts(data_dir, SCENARIOS, names[:60], SCENARIO, cohort="ER Academy, Jan 2027")
    submit_attempts(data_dir, SCENARIOS, names[60:], SCENARIO, cohort="ER Academy, Mar 2027")
    tools = unlock(window, monkeypatch)
    window.open_trainer_tool("dashboard")
    return tools


def heat_map_of(qtbot, page):
    """The heat map once counted (it is counted on the thread pool, after the table)."""
    qtbot.waitUntil(lambda: page.heat_ready, timeout=10000)
    return page.heatmap.heat()


def test_the_table_fetches_a_page_of_trainees_at_a_time(tools, monkeypatch):
    page = tools.dashboard
    model = page.model
    assert model.trainees_total == 120
    assert model.trainees_loaded == dashboard_ui.PAGE_SIZE  # never everything at once
    assert model.rowCount() == dashboard_ui.PAGE_SIZE
    assert model.canFetchMore()
    assert "Showing 50 of 120 trainees" in page.count.text()
    first = [model.data(model.index(0, c)) for c in range(len(dashboard_ui.COLUMNS))]
    assert first[0] == "Trainee 000" and first[2] == "1"
    assert first[3].endswith("%") and first[5] in ("Passed", "Not passed")
    model.fetchMore()
    model.fetchMore()
    assert model.trainees_loaded == 120 and not model.canFetchMore()
    assert model.data(model.index(119, 0)) == "Trainee 119"


def test_the_cohort_filter_narrows_table_and_heat_map(tools, qtbot):
    page = tools.dashboard
    assert page.cohort.findText("ER Academy, Jan 2027") > 0
    heat_map_of(qtbot, page)
    page.cohort.setCurrentText("ER Academy, Jan 2027")
    with qtbot.waitSignal(page.heatMapReady, timeout=10000):
        page.apply_button.click()
        assert page.model.trainees_total == 60  # the table at once, the heat map after
        assert not page.heat_ready and "Counting" in page.heat_state.text()
    graded = sum(c.graded for c in page.heatmap.heat().cells.values())
    store = Store.open(page.lobby.data_dir)
    try:
        all_graded = sum(m.graded for m in dashboard.rule_misses(store))
    finally:
        store.close()
    assert 0 < graded < all_graded


def test_the_heat_map_shows_each_rules_miss_rate_as_text_and_colour(tools, data_dir, qtbot):
    heat = heat_map_of(qtbot, tools.dashboard)
    store = Store.open(data_dir)
    try:
        expected = dashboard.rule_misses(store)
    finally:
        store.close()
    assert heat.columnCount() == 1 and heat.scenarios == [SCENARIO]
    assert sorted(heat.rules) == sorted({m.rule_id for m in expected})
    for m in expected:
        row = heat.rules.index(m.rule_id)
        index = heat.index(row, 0)
        # the share and the counts behind it, as text
        assert heat.data(index) == f"{round(100 * m.rate)}% ({m.missed} of {m.graded} attempts)"
        described = heat.data(index, Qt.ItemDataRole.AccessibleTextRole)
        assert described == (f"{m.rule_id} on {SCENARIO}: missed by {m.missed} of {m.graded} "
                             f"graded attempts, {round(100 * m.rate)}%")
        assert m.graded <= 120  # attempts, never findings
        if m.graded:
            colour = heat.data(index, Qt.ItemDataRole.BackgroundRole).color()
            assert colour == heat_colour(m.rate)
    rates = [heat.cell(r, 0).rate for r in range(heat.rowCount())]
    assert rates == sorted(rates, reverse=True)  # most missed first


def test_a_rule_not_graded_in_a_scenario_shows_a_dash_not_a_blank(qtbot):
    model = HeatMapModel()
    model.set_misses([dashboard.RuleMisses("A", "s1", 4, 1), dashboard.RuleMisses("B", "s2", 2, 2)])
    assert model.data(model.index(model.rules.index("A"), 1)) == "—"
    assert "not graded" in model.data(model.index(model.rules.index("A"), 1),
                                      Qt.ItemDataRole.AccessibleTextRole)
    assert model.data(model.index(model.rules.index("B"), 1)) == "100% (2 of 2 attempts)"
    assert model.data(model.index(model.rules.index("A"), 0)) == "25% (1 of 4 attempts)"


def test_drill_down_shows_the_report_read_only_and_keeps_notes(tools, qtbot, monkeypatch):
    page = tools.dashboard
    page.table.selectRow(3)
    cell = page.selected()
    opened = []
    monkeypatch.setattr(AttemptsDialog, "ask", classmethod(
        lambda cls, parent, lobby, library, c: opened.append(c)))
    page.open_button.click()
    assert opened == [cell]
    dialog = AttemptsDialog(page.lobby, tools.library, cell.trainee_id, cell.trainee,
                            cell.scenario_id, cell.last_attempt_id)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    view = dialog.report_view
    assert view.findings.topLevelItemCount() > 0
    assert "Report — " in view.heading.text() and cell.trainee in view.heading.text()
    assert not view.again_button.isVisible() and not view.go_button.isVisible()
    dialog.author.setText("M. Ortiz")
    dialog.note.setPlainText("Talked through the Victim During Care start date.")
    assert dialog.add_note()
    assert dialog.notes.count() == 1
    assert "M. Ortiz: Talked through" in dialog.notes.item(0).text()
    notes = dashboard.notes(page.lobby.store, cell.last_attempt_id)
    assert [n.text for n in notes] == ["Talked through the Victim During Care start date."]
    dialog.note.setPlainText("   ")
    assert not dialog.add_note()  # an empty note is refused
    assert len(dashboard.notes(page.lobby.store, cell.last_attempt_id)) == 1
