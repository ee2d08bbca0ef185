"""CWS/CMS field behaviour: typed dates, today, calendars, active codes, yellow mandatory."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from cwstrainer.fields import FieldKind, FieldSpec, field_spec
from cwstrainer.records import RecordKind
from cwstrainer.special_projects import S_CSEC_REFERRAL, Notebook
from ui.widgets.codes import CodeCombo, SpecialProjectCombo
from ui.widgets.dates import DateField

START = field_spec(RecordKind.SPECIAL_PROJECT, "start_date")
TODAY = dt.date(2016, 11, 4)


def new_special_project(trainee, notebook="Case"):
    trainee.open_notebook(notebook)
    trainee.page_tab("Special Projects")
    trainee.click("Add Special Project")


@pytest.mark.parametrize("typed", ["02/30/2016", "13/01/2016", "10/10/16", "tomorrow"])
def test_an_impossible_date_is_refused_at_the_field_naming_it(qtbot, trainee, typed):
    """Nothing is stored; the field turns red and says "Start Date: ..."; so does the window."""
    new_special_project(trainee)
    field = trainee.control("Start Date")
    field.setFocus()
    with qtbot.waitSignal(trainee.door.failed) as refused:
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert refused.args[0] == "Start Date"
    assert refused.args[1].startswith("Start Date: ")
    assert field.property("fieldError") is True
    assert field.property("errorText").startswith("Start Date: ")
    assert trainee.window.message.isVisible()
    assert trainee.window.message.text().startswith("Start Date: ")
    assert field.hasFocus()
    [row] = trainee.stored().special_projects
    assert row.start_date is None


def test_a_corrected_date_clears_the_refusal_and_is_kept(qtbot, trainee):
    new_special_project(trainee)
    field = trainee.control("Start Date")
    field.setText("02/30/2016")
    field.commit()
    trainee.type_date("Start Date", "02/29/2016")
    assert not field.property("fieldError")
    assert trainee.stored().special_projects[0].start_date == dt.date(2016, 2, 29)


def test_double_click_enters_the_scenario_today_not_the_machine_today(qtbot, trainee):
    new_special_project(trainee)
    field = trainee.control("Start Date")
    with qtbot.waitSignal(trainee.door.recordsChanged):
        qtbot.mouseDClick(field, Qt.MouseButton.LeftButton)
    assert field.text() == "11/04/2016"
    assert trainee.stored().special_projects[0].start_date == TODAY


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_calendar_drops_down_on_today_and_a_pick_is_kept(qtbot, trainee):
    new_special_project(trainee)
    field = trainee.control("Start Date")
    field.calendar_action.trigger()
    calendar = field._popup.calendar
    assert calendar.isVisible()
    assert calendar.selectedDate() == QDate(2016, 11, 4)
    with qtbot.waitSignal(trainee.door.recordsChanged):
        calendar.clicked.emit(QDate(2016, 10, 12))  # what a click on the 12th sends
    assert not calendar.isVisible()
    assert trainee.stored().special_projects[0].start_date == dt.date(2016, 10, 12)


def test_date_field_alone_refuses_and_commits(qtbot):
    field = DateField(START, TODAY)
    qtbot.addWidget(field)
    with qtbot.waitSignal(field.refused) as refused:
        field.setText("04/31/2016")
        field.commit()
    assert refused.args[0].field == "Start Date"
    with qtbot.waitSignal(field.committed) as committed:
        field.setText("2016-04-30")
        field.commit()
    assert committed.args == [dt.date(2016, 4, 30)]
    assert field.text() == "04/30/2016"  # shown as CWS/CMS shows dates


ABUSE = field_spec(RecordKind.ALLEGATION, "abuse_category")
SUBCATEGORY = field_spec(RecordKind.ALLEGATION, "abuse_subcategory")
SPECIAL_PROJECT = FieldSpec("code", "Special Project", FieldKind.SPECIAL_PROJECT, True)


@pytest.mark.parametrize(
    ("spec", "day", "offered", "not_offered"),
    [
        (ABUSE, TODAY, "Exploitation", "Substantial Risk"),  # inactive in CWS/CMS
        (SUBCATEGORY, dt.date(2016, 5, 23), "Commercial Sexual Exploitation", None),
        (SUBCATEGORY, dt.date(2016, 5, 22), None, "Commercial Sexual Exploitation"),
        (SPECIAL_PROJECT, dt.date(2016, 9, 21), S_CSEC_REFERRAL, None),
        (SPECIAL_PROJECT, dt.date(2016, 9, 20), "S-CSEC Victim During Care", S_CSEC_REFERRAL),
        (SPECIAL_PROJECT, dt.date(2015, 5, 31), None, "S-CSEC Victim During Care"),
    ],
)
def test_dropdowns_offer_only_codes_active_on_the_scenario_today(
    qtbot, spec, day, offered, not_offered
):
    combo = (SpecialProjectCombo if spec is SPECIAL_PROJECT else CodeCombo)(spec, day)
    qtbot.addWidget(combo)
    if offered:
        assert offered in combo.texts()
    if not_offered:
        assert not_offered not in combo.texts()


def test_abuse_category_lists_the_full_real_list(trainee):
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    trainee.click("Create New Allegation")
    assert trainee.control("Abuse Category").texts() == [
        "At Risk, sibling abused",
        "Caretaker Absence/Incapacity",
        "Exploitation",
        "Emotional Abuse",
        "General Neglect",
        "Severe Neglect",
        "Physical Abuse",
        "Sexual Abuse",
    ]


def test_abuse_subcategory_follows_the_category(trainee):
    """The dependent list; changing the category clears a subcategory that no longer fits."""
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    trainee.click("Create New Allegation")
    trainee.choose("Abuse Category", "General Neglect")
    assert trainee.control("Abuse Subcategory").texts() == ["Fail/Unable to Protect from CSE"]
    trainee.choose("Abuse Subcategory", "Fail/Unable to Protect from CSE")
    trainee.choose("Abuse Category", "Exploitation")
    assert trainee.control("Abuse Subcategory").texts() == ["Commercial Sexual Exploitation"]
    [allegation] = trainee.stored().allegations
    assert allegation.abuse_subcategory is None


@pytest.mark.parametrize(
    ("page", "name", "mandatory"),
    [
        ("Referral", "Referral Name", True),
        ("Referral", "Response Type", False),
        ("Allegation", "Abuse Category", True),
        ("Allegation", "Perpetrator", False),
        ("Placement", "Reasons For Removal", True),
        ("Placement", "Secondary Reason For Removal", False),
        ("Special Projects", "Start Date", True),
        ("Special Projects", "End Date", False),
    ],
)
def test_mandatory_fields_are_yellow_and_say_so(trainee, page, name, mandatory):
    trainee.open_notebook("Referral")
    trainee.page_tab(page)
    field = trainee.control(name)
    assert bool(field.property("mandatory")) is mandatory
    assert ("Mandatory" in field.accessibleDescription()) is mandatory
    colour = field.palette().color(field.backgroundRole()).name()
    assert (colour == "#fff27a") is mandatory


def test_a_bad_time_is_refused_by_the_store_and_shown_at_the_field(qtbot, trainee):
    trainee.open_notebook("Referral")
    trainee.page_tab("Referral")
    field = trainee.control("Received Time")
    field.setFocus()
    field.selectAll()
    with qtbot.waitSignal(trainee.door.failed) as refused:
        QTest.keyClicks(field, "25:00")
        QTest.keyClick(field, Qt.Key.Key_Return)
    assert refused.args[0] == "Received Time"
    assert field.property("errorText").startswith("Received Time: ")
    assert trainee.referral().received_time == dt.time(9, 42)


def test_special_projects_are_added_on_the_owner_of_the_open_notebook(trainee):
    new_special_project(trainee, "Referral")
    [row] = trainee.stored().special_projects
    assert (row.notebook, row.owner_id) == (Notebook.REFERRAL, trainee.referral().id)
