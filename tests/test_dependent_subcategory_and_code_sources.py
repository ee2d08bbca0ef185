"""Issue 15, item 5: the Abuse Subcategory follows its category; the tables hold only
published values, each with its source's id (DOMAIN.md section 1)."""

import datetime as dt

import pytest
from PySide6.QtTest import QTest

from cwstrainer import codes
from cwstrainer.codes import OWN_ID_NOTE
from cwstrainer.fields import field_spec
from cwstrainer.records import RecordKind
from cwstrainer.special_projects import OTHER_SPECIAL_PROJECTS, titles_offered_on
from ui.notebooks.referral import AllegationPage
from ui.widgets.codes import CodeCombo

CSE = "Commercial Sexual Exploitation"
FTP = "Fail/Unable to Protect from CSE"
SUBCATEGORY = field_spec(RecordKind.ALLEGATION, "abuse_subcategory")

# -- the tables: every value with the id its public source gives --------------------------

PUBLISHED = [
    # CSSR removal-reason page (definition=remReason): the ids it gives.
    (codes.REASONS_FOR_REMOVAL, 1609, "Caretaker Absence/Incapacity"),
    (codes.REASONS_FOR_REMOVAL, 1615, "General Neglect"),
    (codes.REASONS_FOR_REMOVAL, 1617, "Physical (Abuse)"),
    (codes.REASONS_FOR_REMOVAL, 1619, "Severe Neglect"),
    (codes.REASONS_FOR_REMOVAL, 1620, "Sexual (Abuse)"),
    (codes.REASONS_FOR_REMOVAL, 1611, "Conversion"),
    # intake_lov.tsv (INJR_HMC) and the CCWIP allegation-type page.
    (codes.ABUSE_CATEGORIES, 5001, "At Risk, sibling abused"),
    (codes.ABUSE_CATEGORIES, 2169, "Caretaker Absence/Incapacity"),
    (codes.ABUSE_CATEGORIES, 2177, "Exploitation"),
    (codes.ABUSE_CATEGORIES, 2176, "Emotional Abuse"),
    (codes.ABUSE_CATEGORIES, 2178, "General Neglect"),
    (codes.ABUSE_CATEGORIES, 2180, "Severe Neglect"),
    (codes.ABUSE_CATEGORIES, 2179, "Physical Abuse"),
    (codes.ABUSE_CATEGORIES, 2181, "Sexual Abuse"),
    (codes.ABUSE_CATEGORIES, 5624, "Substantial Risk"),
]


@pytest.mark.parametrize(("table", "code_id", "text"), PUBLISHED)
def test_each_published_value_is_there_with_its_id(table, code_id, text):
    assert code_id in table
    assert table.by_id(code_id).short_description == text
    assert table.by_id(code_id).note != OWN_ID_NOTE


def test_only_the_unpublished_ids_are_the_trainers_own_and_say_so():
    own = {(t.name, c.id) for t in codes.ALL_TABLES for c in t if c.note == OWN_ID_NOTE}
    assert own == {
        ("ALG_SUBC", codes.COMMERCIAL_SEXUAL_EXPLOITATION),
        ("ALG_SUBC", codes.FAIL_TO_PROTECT_FROM_CSE),
        ("RMV_RSNC", codes.REMOVAL_EXPLOITATION),
    }
    assert all(9000 <= code_id < 10000 for _, code_id in own)


def test_no_value_outside_the_published_ones_is_in_the_removal_list():
    """The rest of the real list (child's disability or handicap, ...) is not published
    with ids or CWS/CMS's wording, so it is not offered (docs/authoring.md)."""
    assert {c.id for c in codes.REASONS_FOR_REMOVAL} == {
        1609,
        1611,
        1615,
        1617,
        1619,
        1620,
        codes.REMOVAL_EXPLOITATION,
    }


def test_only_the_two_csec_subcategories_exist_each_under_its_category():
    assert {(c.short_description, c.parent_id) for c in codes.ABUSE_SUBCATEGORIES} == {
        (CSE, codes.EXPLOITATION),
        (FTP, codes.GENERAL_NEGLECT),
    }


def test_the_other_statewide_special_project_is_offered_by_its_published_title():
    assert OTHER_SPECIAL_PROJECTS == ("S-Safely Surrendered Baby",)
    assert "S-Safely Surrendered Baby" in titles_offered_on(dt.date(2016, 11, 4))


# -- the dependent list, alone -------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "offered"),
    [
        (codes.EXPLOITATION, [CSE]),
        (codes.GENERAL_NEGLECT, [FTP]),
        *((c.id, []) for c in codes.ABUSE_CATEGORIES if c.id not in (2177, 2178)),
    ],
)
def test_subcategories_offered_for_each_category(qtbot, category, offered):
    combo = CodeCombo(SUBCATEGORY, dt.date(2016, 11, 4))
    qtbot.addWidget(combo)
    assert [text for text, _ in combo.offered(category)] == offered


def test_no_subcategory_is_offered_before_acl_16_49(qtbot):
    combo = CodeCombo(SUBCATEGORY, dt.date(2016, 5, 22))
    qtbot.addWidget(combo)
    assert combo.offered(codes.EXPLOITATION) == []


@pytest.mark.parametrize(
    ("category", "subcategory", "fits"),
    [
        (codes.EXPLOITATION, codes.COMMERCIAL_SEXUAL_EXPLOITATION, True),
        (codes.GENERAL_NEGLECT, codes.FAIL_TO_PROTECT_FROM_CSE, True),
        (codes.EXPLOITATION, codes.FAIL_TO_PROTECT_FROM_CSE, False),
        (2179, codes.COMMERCIAL_SEXUAL_EXPLOITATION, False),
        (None, codes.COMMERCIAL_SEXUAL_EXPLOITATION, False),
        (codes.EXPLOITATION, 9110, False),  # not a subcategory at all: never crashes
        (None, None, True),
        (2179, None, True),
    ],
)
def test_fits(category, subcategory, fits):
    assert AllegationPage.fits(category, subcategory) is fits


# -- the Allegation page, as a trainee uses it ---------------------------------------------


def new_allegation(trainee):
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    trainee.click("Create New Allegation")
    [allegation] = [a for a in trainee.stored().allegations if a.abuse_category is None]
    return allegation


def test_the_page_offers_each_categorys_subcategories_and_blank_for_the_rest(trainee):
    new_allegation(trainee)
    sub = trainee.control("Abuse Subcategory")
    assert sub.texts() == []  # no category chosen: nothing to choose from
    for category in codes.ABUSE_CATEGORIES.offered_on(trainee.door.today):
        trainee.choose("Abuse Category", category.short_description)
        expected = {codes.EXPLOITATION: [CSE], codes.GENERAL_NEGLECT: [FTP]}
        assert sub.texts() == expected.get(category.id, []), category.short_description
        assert sub.accessibleName() == "Abuse Subcategory"
        assert sub.currentText() == ""


def test_a_stored_subcategory_that_does_not_fit_is_shown_not_dropped(qtbot, trainee):
    allegation = new_allegation(trainee)
    with qtbot.waitSignal(trainee.door.recordsChanged):
        trainee.door.update(
            RecordKind.ALLEGATION,
            allegation.id,
            abuse_category=codes.EXPLOITATION,
            abuse_subcategory=codes.FAIL_TO_PROTECT_FROM_CSE,
        )
    sub = trainee.control("Abuse Subcategory")
    assert sub.currentText() == FTP
    assert sub.value() == codes.FAIL_TO_PROTECT_FROM_CSE
    assert CSE in sub.texts()  # the category's own subcategory is still offered
    stored = next(a for a in trainee.stored().allegations if a.id == allegation.id)
    assert stored.abuse_subcategory == codes.FAIL_TO_PROTECT_FROM_CSE
    grid = trainee.notebook().current_page().grid
    row = [grid.item(r, 3).text() for r in range(grid.rowCount())]
    assert FTP in row  # the grid shows it too


def test_a_category_change_that_clears_the_subcategory_says_so(trainee):
    allegation = new_allegation(trainee)
    trainee.choose("Abuse Category", "Exploitation")
    trainee.choose("Abuse Subcategory", CSE)
    trainee.choose("Abuse Category", "Physical Abuse")
    stored = next(a for a in trainee.stored().allegations if a.id == allegation.id)
    assert stored.abuse_subcategory is None
    assert trainee.control("Abuse Subcategory").texts() == []
    message = trainee.window.message
    assert message.isVisible()
    assert message.property("kind") == "info"
    assert message.text() == (
        'Abuse Subcategory cleared: "Commercial Sexual Exploitation" is not a subcategory '
        "of Physical Abuse."
    )


def test_a_category_change_with_nothing_to_clear_says_nothing(trainee):
    allegation = new_allegation(trainee)
    trainee.choose("Abuse Category", "Physical Abuse")
    trainee.choose("Abuse Category", "Exploitation")
    trainee.choose("Abuse Subcategory", CSE)
    stored = next(a for a in trainee.stored().allegations if a.id == allegation.id)
    assert stored.abuse_subcategory == codes.COMMERCIAL_SEXUAL_EXPLOITATION
    assert not trainee.window.message.isVisible()


def test_the_subcategory_is_chosen_by_keyboard_from_the_filtered_list(qtbot, trainee):
    allegation = new_allegation(trainee)
    trainee.choose("Abuse Category", "General Neglect")
    sub = trainee.control("Abuse Subcategory")
    sub.setFocus()
    with qtbot.waitSignal(trainee.door.recordsChanged):
        QTest.keyClicks(sub, "Fail")
    stored = next(a for a in trainee.stored().allegations if a.id == allegation.id)
    assert stored.abuse_subcategory == codes.FAIL_TO_PROTECT_FROM_CSE
    # the other category's subcategory is not in the list, so typing it finds nothing
    QTest.keyClicks(sub, "C", delay=0)
    assert sub.currentText() == FTP
