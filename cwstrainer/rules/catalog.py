"""The catalogue of documentation rules: id, citation, plain statement, the letter's words.

This is the policy text only; the checks live in the rule modules beside it. Ids are
those of the project's RULES.md. ``inference`` marks rules the letters do not state in
so many words: the trainer presents them as its reading, and a scenario may switch them
off. Each rule has a **weight** read from the letter's own words (RULES.md, "Weights"):
*critical* where the letter directs ("will", "shall", "must", an Attachment A step) or
CWS/CMS refuses the entry, *major* where it leaves the point to judgment or the rule is
the trainer's inference, *advice* where it gives an example or a permission ("could",
"may"). A critical rule missed, wrong or broken fails the attempt whatever its
percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RuleGroup(StrEnum):
    """The letters' own grouping, which the rule modules follow."""

    REFERRAL = "Referral (ACL 16-74)"
    ALLEGATION = "Allegation (ACL 15-49)"
    REMOVAL = "Removal (ACL 15-49)"
    CASE_CODES = "Client CSEC codes on the case (ACL 15-49)"
    DATES = "Dates and data (CWS/CMS system behaviour)"
    GRID = "CSEC Data Grid in the Client notebook (ACL 16-74, citing ACL 16-49)"


class Weight(StrEnum):
    """How much a rule weighs in the verdict, from the words the letter uses."""

    CRITICAL = "critical"
    MAJOR = "major"
    ADVICE = "advice"


WEIGHT_MEANING: dict[Weight, str] = {
    Weight.CRITICAL: "the letter directs it, or CWS/CMS refuses the entry: missed, wrong or "
    "broken, it fails the attempt whatever the percentage",
    Weight.MAJOR: "the letter leaves it to judgment, or the rule is the trainer's reading: "
    "scored, but it does not fail the attempt by itself",
    Weight.ADVICE: "the letter gives an example or a permission: shown with the letter's "
    "words, never scored, never costs the pass",
}


@dataclass(frozen=True)
class Rule:
    """One rule the trainer teaches and grades."""

    id: str
    group: RuleGroup
    citation: str
    statement: str
    letter_text: str
    weight: Weight
    weight_words: str
    inference: bool = False
    inference_note: str = ""
    weight_note: str = ""


_ACL1674 = 'ACL 16-74, "Use of the S-CSEC Referral Special Project Code (SPC)"'
_ACL1549_INSTR = 'ACL 15-49, "Instructions for Using the Exploitation Abuse Category"'
_ACL1549_FOUR = 'ACL 15-49, "Four Special Project Codes"'

RULES: tuple[Rule, ...] = (
    # Referral (ACL 16-74)
    Rule(
        "REF-SPC-REQUIRED",
        RuleGroup.REFERRAL,
        _ACL1674,
        "Every referral alleging the commercial sexual exploitation of a child carries "
        "S-CSEC Referral, whatever the method of referral and whatever the disposition.",
        "This SPC will enable CWS/CMS to track any referral to the child welfare services "
        "agency alleging a child or youth has been commercially sexually exploited, "
        "regardless of the method of referral (hotline, direct report to child welfare "
        "caseworker, etc.) or disposition.",
        weight=Weight.CRITICAL,
        weight_words="will first use the SPC to track the referral, regardless of disposition",
    ),
    Rule(
        "REF-SPC-START",
        RuleGroup.REFERRAL,
        _ACL1674,
        "The S-CSEC Referral start date is the date the referral was received.",
        "The date the referral was received will be assigned as the \u201cstart date\u201d "
        "for the SPC \u201cS-CSEC Referral.\u201d",
        weight=Weight.CRITICAL,
        weight_words="will be assigned as the ‘start date’",
    ),
    Rule(
        "REF-SPC-END",
        RuleGroup.REFERRAL,
        _ACL1674,
        "S-CSEC Referral gets an end date once the referral is investigated, and none "
        "while the investigation is open; the end date is the date the investigation was "
        "completed.",
        "The SPC \u201cS-CSEC Referral\u201d will be assigned an end date once the referral "
        "is investigated.",
        inference=True,
        inference_note="The letter says when an end date is given, not which date: the "
        "trainer reads it as the date the investigation was completed.",
        weight=Weight.CRITICAL,
        weight_words="will be assigned an end date once the referral is investigated",
        weight_note=(
            "Critical that an end date is there once the referral is investigated and absent "
            "before; which date it is, is the trainer’s reading and weighs major."
        ),
    ),
    Rule(
        "REF-DUPLICATE-PRIMARY",
        RuleGroup.REFERRAL,
        _ACL1674,
        "For duplicate or associated CSEC referrals on the same child, S-CSEC Referral "
        "goes on the primary referral only.",
        "For duplicate or associated referrals, enter the SPC \u201cS-CSEC Referral\u201d in "
        "the primary referral.",
        weight=Weight.CRITICAL,
        weight_words="enter the SPC ‘S-CSEC Referral’ in the primary referral",
    ),
    Rule(
        "REF-ONE-PER-CHILD",
        RuleGroup.REFERRAL,
        _ACL1674,
        "Unduplicated referrals: one CSEC referral for each CSEC allegation for each "
        "child, and each carries S-CSEC Referral.",
        "If the referrals are unduplicated, create a new CSEC referral for each CSEC "
        "allegation for each child or youth, and apply the SPC \u201cS-CSEC Referral\u201d "
        "to each referral.",
        inference=True,
        inference_note="The letter says this of several reports on one child; applying it "
        "to one report that names several children is the trainer's reading.",
        weight=Weight.CRITICAL,
        weight_words="create a new CSEC referral for each CSEC allegation for each child or youth",
        weight_note=(
            "Critical for several reports on one child; major for one report naming several "
            "children, which is the trainer’s reading."
        ),
    ),
    Rule(
        "REF-SUBCATEGORY",
        RuleGroup.REFERRAL,
        "ACL 16-74, citing ACL 16-49",
        "The CSE allegation uses Exploitation with subcategory \u201cCommercial Sexual "
        "Exploitation\u201d, or General Neglect with \u201cFail/Unable to Protect from "
        "CSE\u201d.",
        "For information on selecting \u201cExploitation\u201d or \u201cGeneral Neglect\u201d "
        "Abuse Categories and \u201cCommercial Sexual Exploitation\u201d or \u201cFail/Unable "
        "to Protect from CSE\u201d Abuse Subcategories in the Allegation Notebook [...] refer "
        "to ACL No. 16-49.",
        inference=True,
        inference_note="Which subcategory pairs with which category is read from their "
        "names; ACL 16-49 itself is not in the trainer's sources.",
        weight=Weight.MAJOR,
        weight_words="ACL 16-74 citing ACL 16-49 (the trainer’s reading)",
    ),
    # Allegation (ACL 15-49)
    Rule(
        "ALG-EXPLOITATION",
        RuleGroup.ALLEGATION,
        _ACL1549_INSTR,
        "A referral indicating the commercial sexual exploitation of a minor gets an "
        "allegation with abuse category Exploitation for that minor.",
        "When a referral comes in through the hotline indicating the commercial sexual "
        "exploitation of a minor, the intake worker will choose \u201cexploitation\u201d as "
        "the abuse category allegation in the Referral Notebook.",
        weight=Weight.CRITICAL,
        weight_words="the intake worker will choose ‘exploitation’ as the abuse category",
    ),
    Rule(
        "ALG-PERPETRATOR",
        RuleGroup.ALLEGATION,
        _ACL1549_INSTR,
        "The perpetrator named follows the evidence gathered (caseworker judgment; the "
        "scenario's key says who).",
        "Based upon the evidence gathered during the investigation, caseworkers should use "
        "appropriate judgment to determine who is named as the perpetrator in the "
        "allegation [...]",
        weight=Weight.MAJOR,
        weight_words="use appropriate judgment",
    ),
    Rule(
        "ALG-OTHER",
        RuleGroup.ALLEGATION,
        _ACL1549_INSTR,
        "Other allegations, such as neglect, are documented where the evidence supports "
        "them (the scenario's key says which).",
        "[...] and whether other allegations, such as neglect, should also be documented "
        "in the referral.",
        weight=Weight.MAJOR,
        weight_words="use appropriate judgment",
    ),
    # Removal (ACL 15-49)
    Rule(
        "RMV-EXPLOITATION-REASON",
        RuleGroup.REMOVAL,
        _ACL1549_INSTR,
        "When commercial sexual exploitation is part of the removal decision, Exploitation "
        "is the primary and/or secondary reason for removal.",
        "[...] when choosing the primary reason for removal and placement of a child when "
        "commercial sexual exploitation is a part of the decision, \u201cexploitation\u201d "
        "should be provided as the primary and/or secondary reason for removal, depending "
        "upon the circumstances of the case.",
        weight=Weight.CRITICAL,
        weight_words="‘exploitation’ should be provided as the primary and/or secondary reason",
    ),
    Rule(
        "RMV-FAIL-TO-PROTECT",
        RuleGroup.REMOVAL,
        _ACL1549_INSTR,
        "When the parent's failure to protect the child from CSE is the primary reason, "
        "General Neglect can be primary and Exploitation secondary.",
        "For example, if the parent\u2019s failure to protect the child from commercial "
        "sexual exploitation is the primary reason for removal, then \u201cgeneral "
        "neglect\u201d could be the primary reason and exploitation is the secondary reason "
        "for removal.",
        weight=Weight.ADVICE,
        weight_words="‘general neglect’ could be the primary reason",
    ),
    Rule(
        "RMV-SPC-LINK",
        RuleGroup.REMOVAL,
        _ACL1549_INSTR,
        "When Exploitation is a primary or secondary reason for removal, every applicable "
        "CSEC code is attached in the case notebook.",
        "If \u201cexploitation\u201d is chosen as a primary or secondary abuse category, then "
        "all applicable SPCs should be attached in the case notebook.",
        weight=Weight.CRITICAL,
        weight_words="all applicable SPCs should be attached in the case notebook",
    ),
    # Client CSEC codes on the case (ACL 15-49)
    Rule(
        "CASE-SPC-ON-SUBSTANTIATION",
        RuleGroup.CASE_CODES,
        _ACL1549_INSTR,
        "Once the exploitation allegation is substantiated, the applicable code(s) are "
        "attached to the minor who was its focus, in the case notebook.",
        "If the exploitation allegation is substantiated, the appropriate CSEC SPC(s) "
        "should be attached to the minor that was the focus of the allegation in the case "
        "notebook.",
        weight=Weight.CRITICAL,
        weight_words="all applicable SPCs should be attached in the case notebook",
    ),
    Rule(
        "SPC-MULTIPLE",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR,
        "A child may carry several CSEC codes at once, for example Before Care and "
        "Absence From Placement.",
        "Please note that a child or youth may have multiple SPCs attached to his or her "
        "case notebook, if applicable.",
        weight=Weight.ADVICE,
        weight_words="may have multiple SPCs",
    ),
    Rule(
        "VDC-WHEN",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 1",
        "S-CSEC Victim During Care is for a child who became a victim while in foster "
        "care; never together with Victim Before Care for the same victimization.",
        "[...] and who became such a victim WHILE IN foster care",
        weight=Weight.CRITICAL,
        weight_words="the code’s own definition: became such a victim WHILE IN foster care",
    ),
    Rule(
        "VBC-WHEN",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 2",
        "S-CSEC Victim Before Care is for a child who became a victim before entering "
        "foster care; never together with Victim During Care for the same victimization.",
        "[...] and who became such a victim BEFORE entering foster care",
        weight=Weight.CRITICAL,
        weight_words="the code’s own definition: became such a victim BEFORE entering foster care",
    ),
    Rule(
        "VDC-START",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 1",
        "The Victim During Care start date is the date the child, while in care, became a "
        "victim, as identified through the county screening process.",
        "The start date will be the date the child or youth\u2013while in care\u2013became a "
        "victim of commercial sexual exploitation, as identified by the caseworker through "
        "the county screening process.",
        weight=Weight.CRITICAL,
        weight_words="the start date will be",
    ),
    Rule(
        "VBC-START",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 2",
        "The Victim Before Care start date is the date the case was opened, never earlier "
        "than the child's entry into the child welfare system.",
        "The start date must be entered but cannot be entered as a date prior to the child "
        "or youth\u2019s entry into the child welfare system. Therefore, caseworkers should "
        "enter the start date as the date the case was opened.",
        weight=Weight.CRITICAL,
        weight_words="cannot be entered as a date prior to",
    ),
    Rule(
        "VICTIM-END",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", items 1 and 2",
        "Both victim codes end on the date the child no longer receives child welfare "
        "services, and have no end date while services continue.",
        "The end date will be entered as the date the child or youth no longer receives "
        "child welfare services.",
        weight=Weight.CRITICAL,
        weight_words="the end date will be entered as",
    ),
    Rule(
        "AR-WHEN",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 3",
        "S-CSEC At-Risk needs at least two risk indicators; one is not enough.",
        "Min. of 2 indicators: prior sexual trauma; freq. AWOL/homeless; solicitation "
        "charges; probation/LE involvement; history of hard substance abuse; branding "
        "tattoos; freq. truancy; relationship w/ much older adult; tech use involving "
        "atypical sexual behav.",
        weight=Weight.CRITICAL,
        weight_words="Min. of 2 indicators",
    ),
    Rule(
        "AR-START",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 3",
        "The At-Risk start date is the date the caseworker identified the child as at risk.",
        "The start date will be the date the child or youth is identified by the caseworker "
        "as being at-risk for CSE based upon meeting the risk factor requirements in the SPC "
        "description and based upon the knowledge of the caseworker.",
        weight=Weight.CRITICAL,
        weight_words="the start date will be",
    ),
    Rule(
        "AR-END",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 3",
        "The At-Risk end date is the date the child is no longer at risk, or the date the "
        "child became a victim.",
        "The end date will reflect the date the child or youth is no longer considered to "
        "be at-risk for commercial sexual exploitation, or the date when the child or youth "
        "became a victim of commercial sexual exploitation.",
        weight=Weight.CRITICAL,
        weight_words="the end date will reflect",
    ),
    Rule(
        "AR-TO-VICTIM",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 3",
        "A child documented at risk who then becomes a victim: end-date At-Risk and add "
        "Victim During Care.",
        "If the child or youth becomes a victim of commercial sexual exploitation after "
        "having been identified and documented as at-risk for commercial sexual "
        "exploitation, the social worker should end date the S-CSEC At-Risk SPC and add the "
        "S-CSEC Victim During Care SPC to the case notebook.",
        weight=Weight.CRITICAL,
        weight_words=(
            "should end date the S-CSEC At-Risk SPC and add the S-CSEC Victim During Care SPC"
        ),
    ),
    Rule(
        "ABS-WHEN",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 4",
        "S-CSEC Absence From Placement is for a dependent or ward who was absent from "
        "placement, was exploited during the absence, and is identified as such on return.",
        "Dependent/ward who is AWOL, or is abducted, or is otherwise absent from placement "
        "and is CSEC/sex trafficked [...] during absence from placement and identified as "
        "such upon return to placement",
        weight=Weight.CRITICAL,
        weight_words="the code’s own definition: CSEC/sex trafficked during absence from placement",
    ),
    Rule(
        "ABS-POPULATION",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 4",
        "Absence From Placement applies only to children and nonminor dependents in foster "
        "care, not to an open case without removal or a youth receiving only independent "
        "living services.",
        "This SPC applies to children and nonminor dependents in foster care and not the "
        "expanded populations of youth identified in Footnote 1 on the first page of this "
        "ACL.",
        weight=Weight.CRITICAL,
        weight_words=(
            "applies to children and nonminor dependents in foster care and not the expanded "
            "populations"
        ),
    ),
    Rule(
        "ABS-DATES",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 4",
        "Absence From Placement starts on the date the child was first absent and ends on "
        "the date the child returned, entered retroactively however long it takes.",
        "Once the child is so identified, however long it may take, the social worker will "
        "retroactively enter the start date as the date when the child was first absent "
        "from placement and the end date as the date the child returned to placement.",
        weight=Weight.CRITICAL,
        weight_words="will retroactively enter",
    ),
    Rule(
        "ABS-PER-INCIDENT",
        RuleGroup.CASE_CODES,
        _ACL1549_FOUR + ", item 4",
        "One Absence From Placement code for each separate absence.",
        "This SPC may be used multiple times for separate incidents.",
        weight=Weight.MAJOR,
        weight_words="may be used multiple times for separate incidents",
    ),
    # Dates and data
    Rule(
        "DATE-ORDER",
        RuleGroup.DATES,
        "CWS/CMS system behaviour",
        "No end date before its start date.",
        "A participation end date ends the period that its start date begins.",
        weight=Weight.CRITICAL,
        weight_words="CWS/CMS refuses it",
    ),
    Rule(
        "DATE-NOT-FUTURE",
        RuleGroup.DATES,
        "CWS/CMS system behaviour",
        "No date after the scenario's today.",
        "The start date and time cannot be in the future. The end date and time cannot be "
        "in the future. (CWDS Intake's CSEC validation messages)",
        inference=True,
        inference_note="Neither letter says it; CWS/CMS's newer Intake refuses future CSEC "
        "dates, and the trainer applies that to every date.",
        weight=Weight.MAJOR,
        weight_words="the trainer’s reading; CWS/CMS’s newer Intake refuses future CSEC dates",
    ),
    Rule(
        "SPC-WRONG-NOTEBOOK",
        RuleGroup.DATES,
        "ACL 15-49 Attachment A; ACL 16-74 Attachment A",
        "Client CSEC codes go in the case notebook, S-CSEC Referral in the referral notebook.",
        "In the Client\u2019s open Case: Click on the Special Projects Page tab. [...] In the "
        "Client\u2019s open Referral: Click on the Special Projects Page tab.",
        weight=Weight.CRITICAL,
        weight_words="Attachment A: in the Client’s open Case / open Referral",
    ),
    Rule(
        "SPC-NOT-YET-ACTIVE",
        RuleGroup.DATES,
        "ACL 15-49, page two; ACL 16-74",
        "A code cannot be used before its availability date.",
        "The SPCs will be available for county use no later than June 1, 2015. [...] A new "
        "statewide SPC titled \u201cS-CSEC Referral\u201d will be active and used starting on "
        "September 21, 2016.",
        weight=Weight.MAJOR,
        weight_words="the code is not offered before its date",
    ),
)

_GRID_CITE = "ACL 16-74, citing ACL 16-49 (the CSEC Data Grid in the Client Notebook)"
_GRID_LETTER = (
    "For information on [...] using the CSEC Data Grid in the Client Notebook in CWS/CMS, "
    "refer to ACL No. 16-49."
)
_NOT_IN_SOURCES = (
    "ACL 16-49's own text is not in the trainer's sources; a scenario whose county holds it "
    "can state the expected rows itself."
)

GRID_RULES: tuple[Rule, ...] = (
    Rule(
        "GRID-TYPE",
        RuleGroup.GRID,
        _GRID_CITE + "; ACL 15-49, footnote 1",
        "Each CSEC episode of the child gets a row of the CSEC Type the facts call for: At "
        "Risk (at least two indicators), Victim Before Foster Care, Victim During Foster Care, "
        "Victim while Absent from Placement (foster care only), Victim in Open Case not in "
        "Foster Care (an open case, never removed), Victim with Closed Case, Rcv ILP Svcs (a "
        "youth receiving independent living services whose case has closed).",
        _GRID_LETTER,
        weight=Weight.MAJOR,
        weight_words="the trainer's reading of the type names and ACL 15-49's footnote 1",
        inference=True,
        inference_note="Which type the facts call for is read from the type names, the "
        "definitions of the interim codes they replace and the populations of ACL 15-49's "
        "footnote 1. " + _NOT_IN_SOURCES,
    ),
    Rule(
        "GRID-DATES",
        RuleGroup.GRID,
        _GRID_CITE,
        "A row's Start Date is the day the exploitation began (for At Risk, the day the child "
        "was identified at risk; for an absence, the first day absent) and its End Date the "
        "day it ended (the day no longer at risk or became a victim; the day of return).",
        "The CWS/CMS data model of the CSEC history: Start Date, \u201cThe Date the sexual "
        "abuse began.\u201d End Date, \u201cThe Date the sexual abuse ended.\u201d",
        weight=Weight.MAJOR,
        weight_words="the trainer's reading of the data model's field descriptions",
        inference=True,
        inference_note="The dates are read from the data model's field descriptions (the "
        "day the exploitation began and ended) and, for At Risk and an absence, from the "
        "days ACL 15-49 gives the same episodes. " + _NOT_IN_SOURCES,
    ),
    Rule(
        "GRID-ABSENT-END",
        RuleGroup.GRID,
        "CWS/CMS business rule R-10971 (the CSEC Data Grid)",
        "A \u201cVictim while Absent from Placement\u201d row cannot be saved without an End Date.",
        "CSEC Victim while Absent from Placement requires an end date",
        weight=Weight.CRITICAL,
        weight_words="CWS/CMS refuses it (R-10971)",
    ),
    Rule(
        "GRID-NOT-BEFORE-BIRTH",
        RuleGroup.GRID,
        "CWS/CMS business rule R-10974 (the CSEC Data Grid)",
        "A CSEC Start Date is not before the child's birth date.",
        "A CSEC Start Date before the client's birth date breaks rule R-10974; the same day or "
        "later passes.",
        weight=Weight.CRITICAL,
        weight_words="CWS/CMS refuses it (R-10974)",
    ),
    Rule(
        "GRID-DATE-ORDER",
        RuleGroup.GRID,
        "CWS/CMS business rule R-10975 (the CSEC Data Grid)",
        "A row's End Date is on or after its Start Date; the same day is allowed.",
        "CSEC End Date must be greater than or equal to CSEC Start Date",
        weight=Weight.CRITICAL,
        weight_words="CWS/CMS refuses it (R-10975)",
    ),
    Rule(
        "GRID-NO-DUPLICATE",
        RuleGroup.GRID,
        "CWS/CMS (\u201cCSEC duplication for code\u201d)",
        "No two rows of the same CSEC Type stand open together for one child; a saved row is "
        "end-dated, not deleted.",
        "CSEC duplication for code: <code>",
        weight=Weight.CRITICAL,
        weight_words="CWS/CMS refuses it (\u201cCSEC duplication for code\u201d)",
        weight_note="That a saved row is end-dated rather than deleted is the trainer's reading "
        "(CWS/CMS keeps CSEC history), and weighs major.",
    ),
)

RULES = RULES + GRID_RULES
CASE_CODE_RULE_IDS: frozenset[str] = frozenset(
    [r.id for r in RULES if r.group is RuleGroup.CASE_CODES] + ["RMV-SPC-LINK"]
)
GRID_RULE_IDS: frozenset[str] = frozenset(r.id for r in GRID_RULES)


def teaches(documentation: str, rule_id: str) -> bool:
    """Whether a scenario documenting with ``documentation`` grades ``rule_id``: the
    interim case codes and the grid are never graded one as the other (RULES.md)."""
    if documentation == "grid":
        return rule_id not in CASE_CODE_RULE_IDS
    if documentation == "case codes":
        return rule_id not in GRID_RULE_IDS
    return True


_BY_ID = {r.id: r for r in RULES}
RULE_IDS: frozenset[str] = frozenset(_BY_ID)
INFERENCE_RULE_IDS: frozenset[str] = frozenset(r.id for r in RULES if r.inference)


def rule(rule_id: str) -> Rule:
    """The rule with this id; ``KeyError`` if there is none."""
    return _BY_ID[rule_id]
