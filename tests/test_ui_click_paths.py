"""Each Attachment A click path, walked by the controls' CWS/CMS names, lands in SQLite."""

import datetime as dt

import pytest

from cwstrainer import codes
from cwstrainer.special_projects import (
    S_CSEC_ABSENCE_FROM_PLACEMENT,
    S_CSEC_AT_RISK,
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_BEFORE_CARE,
    S_CSEC_VICTIM_DURING_CARE,
    Notebook,
)


def test_s_csec_referral_goes_in_the_referral_special_project_grid(trainee):
    """ACL 16-74 Att. A: open Referral, Special Projects page tab, "+", S-CSEC Referral."""
    trainee.open_notebook("Referral")
    trainee.page_tab("Special Projects")
    trainee.click("Add Special Project")
    trainee.choose("Special Project", S_CSEC_REFERRAL)
    trainee.type_date("Start Date", "10/10/2016")

    referral = trainee.referral()
    rows = trainee.stored().special_projects_on(Notebook.REFERRAL, referral.id)
    assert [(r.code, r.start_date, r.end_date) for r in rows] == [
        (S_CSEC_REFERRAL, dt.date(2016, 10, 10), None)
    ]


def test_exploitation_allegation_goes_in_referral_management(trainee):
    """ACL 15-49 Att. A: Referral Management (green), Create New Allegation "+", Exploitation."""
    trainee.open_notebook("Referral")
    trainee.page_tab("Allegation")
    assert trainee.control("Referral Management").text() == "Referral Management"
    trainee.click("Create New Allegation")
    trainee.choose("Victim", "REYES, Maya")
    trainee.choose("Abuse Category", "Exploitation")
    trainee.choose("Abuse Subcategory", "Commercial Sexual Exploitation")

    [allegation] = trainee.stored().allegations
    assert allegation.referral_id == trainee.referral().id
    assert allegation.victim == "maya"
    assert allegation.abuse_category == codes.EXPLOITATION
    assert allegation.abuse_subcategory == codes.COMMERCIAL_SEXUAL_EXPLOITATION
    assert allegation.created_by_trainee


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("Reasons For Removal", "primary_reason"),
        ("Secondary Reason For Removal", "secondary_reason"),
    ],
)
def test_exploitation_as_reason_for_removal_goes_in_placement_management(trainee, field, column):
    """ACL 15-49 Att. A: Placement Management (red), Placement "+", Reasons For Removal."""
    trainee.open_notebook("Referral")
    trainee.page_tab("Placement")
    assert trainee.control("Placement Management").text() == "Placement Management"
    before = len(trainee.stored().placements)
    trainee.click("Placement")
    trainee.choose(field, "Exploitation")

    placements = trainee.stored().placements
    assert len(placements) == before + 1
    assert getattr(placements[-1], column) == codes.REMOVAL_EXPLOITATION
    assert placements[-1].referral_id == trainee.referral().id


@pytest.mark.parametrize(
    "code",
    [
        S_CSEC_VICTIM_DURING_CARE,
        S_CSEC_VICTIM_BEFORE_CARE,
        S_CSEC_AT_RISK,
        S_CSEC_ABSENCE_FROM_PLACEMENT,
    ],
)
def test_each_client_code_goes_in_the_case_special_project_grid(trainee, code):
    """ACL 15-49 Att. A: open Case, Special Projects page tab, "+", the code."""
    trainee.open_notebook("Case")
    trainee.page_tab("Special Projects")
    trainee.click("Add Special Project")
    trainee.choose("Special Project", code)
    trainee.type_date("Start Date", "09/24/2016")
    trainee.type_date("End Date", "11/01/2016")

    case = trainee.stored().cases[0]
    rows = trainee.stored().special_projects_on(Notebook.CASE, case.id)
    assert [(r.code, r.start_date, r.end_date) for r in rows] == [
        (code, dt.date(2016, 9, 24), dt.date(2016, 11, 1))
    ]
    assert all(s.notebook == Notebook.CASE for s in trainee.stored().special_projects)


def test_a_client_code_can_be_put_on_the_referral_by_mistake(trainee):
    """The grid lists every active code in both notebooks: the mistake is graded, not blocked."""
    trainee.open_notebook("Referral")
    trainee.page_tab("Special Projects")
    trainee.click("Add Special Project")
    trainee.choose("Special Project", S_CSEC_VICTIM_DURING_CARE)
    [row] = trainee.stored().special_projects
    assert (row.notebook, row.code) == (Notebook.REFERRAL, S_CSEC_VICTIM_DURING_CARE)
