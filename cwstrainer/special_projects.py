"""The five CSEC special project codes (SPC), as rows of CWS/CMS's ``SPC_PRJT``.

Titles and descriptions are the system's own text: the four client codes verbatim from
ACL 15-49 Attachment A, held to CWS/CMS's limits of 30 and 254 characters (ACL 15-49,
"Four Special Project Codes"). ACL 16-74 gives no description for S-CSEC Referral, so
its description is the trainer's summary of the letter, marked as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

TITLE_MAX = 30
DESCRIPTION_MAX = 254


class Notebook(StrEnum):
    """Where a special project is attached in CWS/CMS."""

    REFERRAL = "referral"
    CASE = "case"


@dataclass(frozen=True)
class SpecialProjectCode:
    """One statewide special project code with its dates and the letter behind it."""

    title: str
    description: str
    notebook: Notebook
    available_from: dt.date
    required_from: dt.date
    citation: str
    description_is_verbatim: bool = True

    def __post_init__(self) -> None:
        if len(self.title) > TITLE_MAX:
            raise ValueError(f"SPC title over {TITLE_MAX} characters: {self.title!r}")
        if len(self.description) > DESCRIPTION_MAX:
            raise ValueError(f"SPC description over {DESCRIPTION_MAX} characters: {self.title!r}")

    def offered_on(self, day: dt.date) -> bool:
        """Whether the Special Project grid's dropdown offers this code on ``day``."""
        return day >= self.available_from

    def required_on(self, day: dt.date) -> bool:
        """Whether the letters require this code for something that happens on ``day``."""
        return day >= self.required_from


S_CSEC_VICTIM_DURING_CARE = "S-CSEC Victim During Care"
S_CSEC_VICTIM_BEFORE_CARE = "S-CSEC Victim Before Care"
S_CSEC_AT_RISK = "S-CSEC At-Risk"
S_CSEC_ABSENCE_FROM_PLACEMENT = "S-CSEC Absence From Placement"
S_CSEC_REFERRAL = "S-CSEC Referral"

_ACL_15_49_AVAILABLE = dt.date(2015, 6, 1)
_ACL_16_74_ACTIVE = dt.date(2016, 9, 21)
_VICTIM_TEXT = (
    "Child/youth who is CSEC/sex trafficked, or who receives food or shelter in exchange "
    "for, or who is paid to perform, sexual acts as described in Penal Code §236.1 or "
    "§11165.1, including pornography and who became such a victim "
)

SPECIAL_PROJECT_CODES: tuple[SpecialProjectCode, ...] = (
    SpecialProjectCode(
        S_CSEC_VICTIM_DURING_CARE,
        _VICTIM_TEXT + "WHILE IN foster care",
        Notebook.CASE,
        _ACL_15_49_AVAILABLE,
        dt.date(2015, 7, 1),
        'ACL 15-49, "Four Special Project Codes", item 1',
    ),
    SpecialProjectCode(
        S_CSEC_VICTIM_BEFORE_CARE,
        _VICTIM_TEXT + "BEFORE entering foster care",
        Notebook.CASE,
        _ACL_15_49_AVAILABLE,
        dt.date(2015, 7, 1),
        'ACL 15-49, "Four Special Project Codes", item 2',
    ),
    SpecialProjectCode(
        S_CSEC_AT_RISK,
        "Min. of 2 indicators: prior sexual trauma; freq. AWOL/homeless; solicitation "
        "charges; probation/LE involvement; history of hard substance abuse; branding "
        "tattoos; freq. truancy; relationship w/ much older adult; tech use involving "
        "atypical sexual behav.",
        Notebook.CASE,
        _ACL_15_49_AVAILABLE,
        dt.date(2016, 9, 29),
        'ACL 15-49, "Four Special Project Codes", item 3',
    ),
    SpecialProjectCode(
        S_CSEC_ABSENCE_FROM_PLACEMENT,
        "Dependent/ward who is AWOL, or is abducted, or is otherwise absent from placement "
        "and is CSEC/sex trafficked as described in WIC §300(b)(2) or Penal Codes §236.1 or "
        "§11165.1 during absence from placement and identified as such upon return to "
        "placement",
        Notebook.CASE,
        _ACL_15_49_AVAILABLE,
        dt.date(2015, 9, 29),
        'ACL 15-49, "Four Special Project Codes", item 4',
    ),
    SpecialProjectCode(
        S_CSEC_REFERRAL,
        "Referral alleging commercial sexual exploitation of a child/youth, any method of "
        "referral or disposition. Start: date referral received. End: once investigated. "
        "(Trainer's summary of ACL 16-74; the letter gives no description text.)",
        Notebook.REFERRAL,
        _ACL_16_74_ACTIVE,
        _ACL_16_74_ACTIVE,
        'ACL 16-74, "Use of the S-CSEC Referral Special Project Code (SPC)"',
        description_is_verbatim=False,
    ),
)

# Other statewide special projects a county's grid also lists, so that choosing a CSEC
# code is a real choice. "S-Safely Surrendered Baby" is named in the CWDS API.
OTHER_SPECIAL_PROJECTS: tuple[str, ...] = ("S-Safely Surrendered Baby",)

_BY_TITLE = {c.title: c for c in SPECIAL_PROJECT_CODES}


def special_project(title: str) -> SpecialProjectCode:
    """The CSEC special project with this exact title; ``KeyError`` if none."""
    return _BY_TITLE[title]


def is_csec_code(title: str) -> bool:
    """Whether ``title`` is one of the five CSEC special project codes."""
    return title in _BY_TITLE


def offered_on(day: dt.date) -> tuple[SpecialProjectCode, ...]:
    """The CSEC codes the Special Project grid offers on ``day``, in either notebook.

    The grid lists every statewide code active on the day, in both notebooks, as the
    county's list does: putting a client code on a referral is a mistake the trainee can
    make and the grader names (SPC-WRONG-NOTEBOOK), not one the screen prevents.
    """
    return tuple(c for c in SPECIAL_PROJECT_CODES if c.offered_on(day))


def titles_offered_on(day: dt.date) -> tuple[str, ...]:
    """Every title the Special Project dropdown shows on ``day``, CSEC codes first."""
    return tuple(c.title for c in offered_on(day)) + OTHER_SPECIAL_PROJECTS
