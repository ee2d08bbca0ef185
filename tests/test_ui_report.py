"""The report: score and verdict, findings in words, Go to, the timeline's geometry, the PDF."""

import datetime as dt
import itertools

import pytest
from conftest import SCENARIO, SCENARIOS
from PySide6.QtCore import Qt

from cwstrainer.records import AttemptRecords, SpecialProjectRecord
from cwstrainer.rules.findings import Outcome
from cwstrainer.scenario.loader import load_file
from cwstrainer.special_projects import S_CSEC_VICTIM_DURING_CARE, Notebook
from ui.app import create_window
from ui.prompts import Confirm
from ui.timeline import Lane, Span, Timeline, TimelineLayout, build_timeline


@pytest.fixture
def submitted(qtbot, data_dir, monkeypatch):
    """A practice attempt with Victim During Care started on a wrong date, submitted."""
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    window = create_window(data_dir, SCENARIOS, "Report Trainee", SCENARIO)
    qtbot.addWidget(window)
    window.show()
    door = window.door
    case = door.records.cases[0]
    sp = door.add_special_project(Notebook.CASE, case.id)
    door.update("special_project", sp.id, code=S_CSEC_VICTIM_DURING_CARE,
                start_date=dt.date(2016, 10, 12))
    assert window.submit()
    return window


RULE_COLUMN = 1


def all_items(view):
    tree = view.findings
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        yield top
        for j in range(top.childCount()):
            yield top.child(j)


def finding_item(view, rule_id):
    for item in all_items(view):
        if item.text(RULE_COLUMN).split(" ")[0] == rule_id:
            return item
    raise AssertionError(rule_id)


def test_the_report_says_verdict_first_then_score_in_words(submitted):
    view = submitted.report_view
    assert submitted.stack.currentWidget() is view
    report = submitted.report
    assert view.verdict.text() == f"NOT PASSED: {len(report.critical_errors)} critical errors"
    assert f"{report.score:g} of {report.possible:g}" in view.score.text()
    assert ("NOT PASSED" in view.verdict.text()) is (not report.passed)
    assert len(list(all_items(view))) == len(report.findings)
    roots = [f for f in report.findings if f.cause is None]
    assert view.findings.topLevelItemCount() == len(roots)


def test_critical_errors_are_listed_under_the_verdict(submitted):
    view = submitted.report_view
    report = submitted.report
    assert not view.critical.isHidden()
    for f in report.critical_errors:
        assert f.rule_id in view.critical.text()
    # the first critical error is the finding selected
    current = view.current_finding()
    assert current is not None and current[1].is_critical_error


def test_a_consequence_is_shown_under_its_cause(submitted):
    """No S-CSEC Referral: its start and end dates are shown under the missing code."""
    view = submitted.report_view
    cause = finding_item(view, "REF-SPC-REQUIRED")
    children = [cause.child(j).text(RULE_COLUMN).split(" ")[0] for j in range(cause.childCount())]
    assert children == ["REF-SPC-START", "REF-SPC-END"]
    assert "counted above" in cause.child(0).text(3)
    assert "not counted again" in cause.child(0).data(0, Qt.ItemDataRole.AccessibleTextRole)
    view.findings.setCurrentItem(cause.child(0))
    assert "Shown under an earlier mistake" in view.details.toPlainText()
    assert "Weight: critical" in view.details.toPlainText()


def test_each_finding_reads_in_words_with_rule_citation_and_letter(submitted):
    view = submitted.report_view
    item = finding_item(view, "VDC-START")
    line = item.data(3, Qt.ItemDataRole.AccessibleTextRole)
    assert line.startswith("Wrong value: VDC-START, critical")
    view.findings.setCurrentItem(item)
    details = view.details.toPlainText()
    assert "You entered" in details and "10/12/2016" in details
    assert "Expected" in details and "09/24/2016" in details
    assert "ACL 15-49" in details  # the citation
    assert "identified through the county screening process" in details  # the letter


def test_findings_from_inference_rules_say_so(submitted):
    view = submitted.report_view
    item = finding_item(view, "REF-SPC-END")
    assert "(inference)" in item.text(RULE_COLUMN)
    assert "Inference" in item.data(0, Qt.ItemDataRole.AccessibleTextRole)
    view.findings.setCurrentItem(item)
    assert "trainer's reading" in view.details.toPlainText()


def test_go_to_opens_the_page_and_row_concerned(qtbot, submitted):
    view = submitted.report_view
    view.findings.setCurrentItem(finding_item(view, "VDC-START"))
    assert view.go_button.isEnabled()
    with qtbot.waitSignal(view.goTo):
        view.go_button.click()
    notebook = submitted.current_notebook()
    assert notebook.kind == "Case"
    page = notebook.current_page()
    assert page.page_name == "Special Projects"
    [row] = submitted.door.records.special_projects
    assert page.current_id == row.id
    assert page.grid.currentRow() == 0
    assert submitted.report_action.isEnabled()
    assert submitted.show_report()  # F3: back to the report
    assert submitted.stack.currentWidget() is view


def test_go_to_for_a_missing_code_opens_the_page_it_belongs_on(qtbot, submitted):
    view = submitted.report_view
    view.findings.setCurrentItem(finding_item(view, "REF-SPC-REQUIRED"))
    with qtbot.waitSignal(view.goTo):
        view.go_button.click()
    notebook = submitted.current_notebook()
    assert "10/10/2016" in notebook.label
    assert notebook.current_page().page_name == "Special Projects"


def test_a_submitted_attempt_is_read_only(submitted):
    page = submitted.notebooks[-1].pages["Special Projects"]
    assert not page.add_button.isEnabled()
    assert not page.fields["start_date"].isEnabled()
    assert not submitted.save_action.isEnabled()


def test_the_report_is_saved_as_pdf(submitted, tmp_path):
    path = submitted.save_pdf(tmp_path / "report.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000  # text and the timeline image


def test_the_pdf_says_what_the_screen_says(submitted):
    from ui.reportpdf import TIMELINE_URL, report_document

    heading, details = submitted.report_heading()
    doc = report_document(submitted.report, heading, details, submitted.timeline())
    text = doc.toPlainText()
    assert "VDC-START" in text and "ACL 15-49" in text and "10/12/2016" in text
    assert "Wrong value" in text and "Inference" in text
    assert not doc.resource(doc.ResourceType.ImageResource, TIMELINE_URL).isNull()


def test_the_report_timeline_is_described_for_screen_readers(submitted):
    description = submitted.report_view.timeline.accessibleDescription()
    assert "S-CSEC Victim During Care" in description
    assert "start 10/12/2016, expected 09/24/2016" in description


# -- the timeline's geometry -------------------------------------------------------------


def maya():
    return load_file(SCENARIOS / f"{SCENARIO}.yaml").scenario


def records_with(start, end=None):
    from cwstrainer.records import CaseRecord

    case = CaseRecord(1, "C1", "maya", dt.date(2016, 3, 8))
    row = SpecialProjectRecord(7, Notebook.CASE, 1, S_CSEC_VICTIM_DURING_CARE, start, end)
    return AttemptRecords(cases=(case,), special_projects=(row,))


def test_the_timeline_has_the_scenario_dates():
    timeline = build_timeline(maya(), AttemptRecords())
    labels = {(e.day, e.label) for e in timeline.events}
    assert (dt.date(2016, 10, 10), "Referral received") in labels
    assert (dt.date(2016, 3, 8), "Case opened (Maya)") in labels
    assert (dt.date(2016, 3, 7), "Removal (Maya)") in labels
    assert (dt.date(2016, 9, 24), "Became a victim (Maya)") in labels
    assert (dt.date(2016, 11, 4), "Today (scenario)") in labels


def test_a_wrong_start_date_is_drawn_where_it_is():
    """The entered bar starts at its own date; the expected bar at the expected one."""
    timeline = build_timeline(maya(), records_with(dt.date(2016, 10, 12)))
    lane = next(i for i, lane in enumerate(timeline.lanes) if "Victim During Care" in lane.title)
    assert not timeline.lanes[lane].matches
    lay = TimelineLayout(timeline, 1000)
    expected = lay.expected_bar(lane)
    [entered] = lay.entered_bars(lane)
    assert expected.x0 == pytest.approx(lay.x(dt.date(2016, 9, 24)))
    assert entered.x0 == pytest.approx(lay.x(dt.date(2016, 10, 12)))
    assert entered.x0 - expected.x0 == pytest.approx(18 * (lay.x(dt.date(2016, 1, 2))
                                                           - lay.x(dt.date(2016, 1, 1))))
    assert expected.open_end and entered.open_end  # no end date: runs to today
    assert expected.x1 == pytest.approx(lay.x(dt.date(2016, 11, 4)))
    assert entered.y > expected.y  # Expected above, You entered below


def test_a_right_range_is_drawn_on_top_of_its_expectation():
    timeline = build_timeline(maya(), records_with(dt.date(2016, 9, 24)))
    lane = next(i for i, lane in enumerate(timeline.lanes) if "Victim During Care" in lane.title)
    lay = TimelineLayout(timeline, 800)
    [entered] = lay.entered_bars(lane)
    assert timeline.lanes[lane].matches
    assert (entered.x0, entered.x1) == pytest.approx(
        (lay.expected_bar(lane).x0, lay.expected_bar(lane).x1)
    )


@pytest.mark.parametrize(
    ("day", "fraction"),
    [(dt.date(2020, 1, 1), 0.0), (dt.date(2020, 1, 31), 0.5), (dt.date(2020, 3, 1), 1.0)],
)
def test_dates_map_linearly_between_the_axis_ends(day, fraction):
    today = dt.date(2020, 2, 1)
    timeline = Timeline(today, (), (Lane("x", Span(dt.date(2020, 1, 15), None), ()),))
    lay = TimelineLayout(timeline, 1000, label_width=100)
    lay.first, lay.last = dt.date(2020, 1, 1), dt.date(2020, 3, 1)
    assert lay.x(day) == pytest.approx(lay.left + fraction * (lay.right - lay.left))


def test_an_entry_without_a_start_is_not_drawn_and_extras_get_their_own_lane():
    records = records_with(None)
    timeline = build_timeline(maya(), records)
    lane = next(i for i, lane in enumerate(timeline.lanes) if "Victim During Care" in lane.title)
    assert TimelineLayout(timeline, 900).entered_bars(lane) == ()
    extra = SpecialProjectRecord(9, Notebook.REFERRAL, 1, S_CSEC_VICTIM_DURING_CARE,
                                 dt.date(2016, 10, 10), None)
    more = AttemptRecords(cases=records.cases, special_projects=(*records.special_projects, extra))
    lanes = build_timeline(maya(), more).lanes
    assert any(lane.expected is None and "on a referral" in lane.title for lane in lanes)


def test_event_labels_never_overlap_on_a_row():
    timeline = build_timeline(maya(), AttemptRecords())
    lay = TimelineLayout(timeline, 700, text_width=lambda text: 7.0 * len(text))
    by_row = {}
    for m in lay.markers:
        start = min(m.x, lay.right - 7.0 * len(m.event.label) - 8)
        by_row.setdefault(m.row, []).append((start, start + 7.0 * len(m.event.label) + 8))
    for spans in by_row.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    assert lay.lanes_top > lay.axis_y


def test_outcome_words_cover_every_outcome():
    from ui.reporttext import OUTCOME_SYMBOLS, OUTCOME_WORDS

    assert set(OUTCOME_WORDS) == set(Outcome) == set(OUTCOME_SYMBOLS)


def test_month_labels_on_the_axis_never_overlap():
    """Nine months in a narrow timeline: every other month, labels apart."""
    import datetime as dt
    import itertools

    from ui.timeline import ticks_that_fit

    first, last = dt.date(2015, 3, 1), dt.date(2015, 11, 30)
    width, label = 430.0, 60.0
    ticks = ticks_that_fit(first, last, width, label)
    assert 2 <= len(ticks) <= 6
    span = (last - first).days
    xs = [width * (t - first).days / span for t in ticks]
    assert all(b - a >= label for a, b in itertools.pairwise(xs))
    assert len(ticks_that_fit(first, last, 2000.0, label)) == 9  # room for every month


def test_the_pdf_timeline_fits_the_page_width(submitted):
    """The timeline was cut off at the right in every PDF: it is now drawn at the text
    width of the printed page, its height in proportion."""
    import re

    from ui.reportpdf import PAGE_WIDTH, report_document

    heading, details = submitted.report_heading()
    doc = report_document(submitted.report, heading, details, submitted.timeline())
    html = doc.toHtml()
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', html).groups())
    assert doc.pageSize().width() == PAGE_WIDTH
    assert width <= PAGE_WIDTH - 2 * doc.documentMargin()
    assert 0 < height < width
