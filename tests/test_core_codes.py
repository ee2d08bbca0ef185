"""Code tables: the real CWS/CMS values, the limits, and 'what is offered on date D'."""

import datetime as dt

import pytest

from cwstrainer import codes, special_projects
from cwstrainer.special_projects import (
    DESCRIPTION_MAX,
    SPECIAL_PROJECT_CODES,
    TITLE_MAX,
    Notebook,
    SpecialProjectCode,
)


@pytest.mark.parametrize(
    ("table", "code_id", "text"),
    [
        (codes.ABUSE_CATEGORIES, 2177, "Exploitation"),
        (codes.ABUSE_CATEGORIES, 2178, "General Neglect"),
        (codes.ABUSE_CATEGORIES, 5001, "At Risk, sibling abused"),
        (codes.DISPOSITIONS, 45, "Substantiated"),
        (codes.DISPOSITIONS, 46, "Unfounded"),
        (codes.DISPOSITIONS, 47, "Inconclusive"),
        (codes.COMMUNICATION_METHODS, 409, "Telephone"),
        (codes.RESPONSE_TYPES, 1520, "Immediate"),
        (codes.RESPONSE_TYPES, 1519, "Evaluate Out"),
        (codes.REASONS_FOR_REMOVAL, 1615, "General Neglect"),
        (codes.FACILITY_TYPES, 6914, "Resource Family Home"),
        (codes.CSEC_TYPES, 6869, "Victim During Foster Care"),
    ],
)
def test_real_cws_cms_ids(table: codes.CodeTable, code_id: int, text: str) -> None:
    assert table.by_id(code_id).short_description == text
    assert table.find(text.upper()) == table.by_id(code_id)


def test_substantial_risk_is_listed_but_never_offered() -> None:
    code = codes.ABUSE_CATEGORIES.by_id(5624)
    assert code.inactive
    assert code not in codes.ABUSE_CATEGORIES.offered_on(dt.date(2016, 1, 1))
    assert len(codes.ABUSE_CATEGORIES.offered_on(dt.date(2016, 1, 1))) == 8


def test_csec_subcategories_hang_off_their_categories() -> None:
    cse = codes.ABUSE_SUBCATEGORIES.find("Commercial Sexual Exploitation")
    ftp = codes.ABUSE_SUBCATEGORIES.find("Fail/Unable to Protect from CSE")
    assert cse is not None and cse.parent_id == codes.EXPLOITATION
    assert ftp is not None and ftp.parent_id == codes.GENERAL_NEGLECT


def test_exploitation_is_a_reason_for_removal_with_an_own_id_said_so() -> None:
    code = codes.REASONS_FOR_REMOVAL.find("Exploitation")
    assert code is not None and code.id == codes.REMOVAL_EXPLOITATION
    assert code.note == codes.OWN_ID_NOTE


def test_the_five_csec_codes_respect_the_system_limits() -> None:
    assert len(SPECIAL_PROJECT_CODES) == 5
    for spc in SPECIAL_PROJECT_CODES:
        assert len(spc.title) <= TITLE_MAX
        assert len(spc.description) <= DESCRIPTION_MAX


def test_a_title_over_thirty_characters_is_refused() -> None:
    with pytest.raises(ValueError, match="30"):
        SpecialProjectCode(
            "S-CSEC A Title Far Too Long For It",
            "x",
            Notebook.CASE,
            dt.date(2015, 6, 1),
            dt.date(2015, 7, 1),
            "test",
        )


def test_attachment_a_descriptions_are_verbatim() -> None:
    vdc = special_projects.special_project("S-CSEC Victim During Care")
    assert vdc.description.endswith(
        "including pornography and who became such a victim WHILE IN foster care"
    )
    at_risk = special_projects.special_project("S-CSEC At-Risk")
    assert at_risk.description.startswith("Min. of 2 indicators: prior sexual trauma;")
    referral = special_projects.special_project("S-CSEC Referral")
    assert not referral.description_is_verbatim


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2015, 5, 31), ()),
        (
            dt.date(2015, 6, 1),
            (
                "S-CSEC Victim During Care",
                "S-CSEC Victim Before Care",
                "S-CSEC At-Risk",
                "S-CSEC Absence From Placement",
            ),
        ),
        (
            dt.date(2016, 9, 20),
            (
                "S-CSEC Victim During Care",
                "S-CSEC Victim Before Care",
                "S-CSEC At-Risk",
                "S-CSEC Absence From Placement",
            ),
        ),
        (
            dt.date(2016, 9, 21),
            (
                "S-CSEC Victim During Care",
                "S-CSEC Victim Before Care",
                "S-CSEC At-Risk",
                "S-CSEC Absence From Placement",
                "S-CSEC Referral",
            ),
        ),
    ],
)
def test_codes_offered_on_a_date(day: dt.date, expected: tuple[str, ...]) -> None:
    assert tuple(c.title for c in special_projects.offered_on(day)) == expected


@pytest.mark.parametrize(
    ("title", "required_from"),
    [
        ("S-CSEC Victim During Care", dt.date(2015, 7, 1)),
        ("S-CSEC Victim Before Care", dt.date(2015, 7, 1)),
        ("S-CSEC At-Risk", dt.date(2016, 9, 29)),
        ("S-CSEC Absence From Placement", dt.date(2015, 9, 29)),
        ("S-CSEC Referral", dt.date(2016, 9, 21)),
    ],
)
def test_required_from_dates(title: str, required_from: dt.date) -> None:
    spc = special_projects.special_project(title)
    assert spc.required_on(required_from)
    assert not spc.required_on(required_from - dt.timedelta(days=1))


def test_notebooks() -> None:
    assert special_projects.special_project("S-CSEC Referral").notebook is Notebook.REFERRAL
    assert {c.notebook for c in SPECIAL_PROJECT_CODES if c.title != "S-CSEC Referral"} == {
        Notebook.CASE
    }
