"""Where a finding lives in the notebooks: which notebook, page tab, row and field.

The report's **Go to** and guided mode's highlight both need to turn a rule and the
record it concerns into a place on screen. This is that mapping, kept free of widgets so
it can be tested on its own: the rule says which page tab and field (ACL 15-49 and
ACL 16-74, Attachment A), the record says which notebook and row.
"""

from __future__ import annotations

from dataclasses import dataclass

from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.rules.findings import RecordRef
from cwstrainer.special_projects import Notebook

SPECIAL_PROJECTS = "Special Projects"
ALLEGATION = "Allegation"
PLACEMENT = "Placement"
CSEC_GRID = "CSEC Data Grid"

# rule id -> (page tab, field) where the entry the rule checks is made
RULE_PLACES: dict[str, tuple[str, str]] = {
    "REF-SPC-REQUIRED": (SPECIAL_PROJECTS, "code"),
    "REF-DUPLICATE-PRIMARY": (SPECIAL_PROJECTS, "code"),
    "REF-ONE-PER-CHILD": (SPECIAL_PROJECTS, "code"),
    "REF-SPC-START": (SPECIAL_PROJECTS, "start_date"),
    "REF-SPC-END": (SPECIAL_PROJECTS, "end_date"),
    "REF-SUBCATEGORY": (ALLEGATION, "abuse_subcategory"),
    "ALG-EXPLOITATION": (ALLEGATION, "abuse_category"),
    "ALG-PERPETRATOR": (ALLEGATION, "perpetrator"),
    "ALG-OTHER": (ALLEGATION, "abuse_category"),
    "RMV-EXPLOITATION-REASON": (PLACEMENT, "primary_reason"),
    "RMV-FAIL-TO-PROTECT": (PLACEMENT, "primary_reason"),
    "RMV-SPC-LINK": (SPECIAL_PROJECTS, "code"),
    "CASE-SPC-ON-SUBSTANTIATION": (SPECIAL_PROJECTS, "code"),
    "SPC-MULTIPLE": (SPECIAL_PROJECTS, "code"),
    "VDC-WHEN": (SPECIAL_PROJECTS, "code"),
    "VBC-WHEN": (SPECIAL_PROJECTS, "code"),
    "VDC-START": (SPECIAL_PROJECTS, "start_date"),
    "VBC-START": (SPECIAL_PROJECTS, "start_date"),
    "VICTIM-END": (SPECIAL_PROJECTS, "end_date"),
    "AR-WHEN": (SPECIAL_PROJECTS, "code"),
    "AR-START": (SPECIAL_PROJECTS, "start_date"),
    "AR-END": (SPECIAL_PROJECTS, "end_date"),
    "AR-TO-VICTIM": (SPECIAL_PROJECTS, "code"),
    "ABS-WHEN": (SPECIAL_PROJECTS, "code"),
    "ABS-POPULATION": (SPECIAL_PROJECTS, "code"),
    "ABS-DATES": (SPECIAL_PROJECTS, "start_date"),
    "ABS-PER-INCIDENT": (SPECIAL_PROJECTS, "code"),
    "DATE-ORDER": (SPECIAL_PROJECTS, "end_date"),
    "DATE-NOT-FUTURE": (SPECIAL_PROJECTS, "start_date"),
    "SPC-WRONG-NOTEBOOK": (SPECIAL_PROJECTS, "code"),
    "SPC-NOT-YET-ACTIVE": (SPECIAL_PROJECTS, "code"),
    "GRID-TYPE": (CSEC_GRID, "csec_type"),
    "GRID-DATES": (CSEC_GRID, "start_date"),
    "GRID-ABSENT-END": (CSEC_GRID, "end_date"),
    "GRID-NOT-BEFORE-BIRTH": (CSEC_GRID, "start_date"),
    "GRID-DATE-ORDER": (CSEC_GRID, "end_date"),
    "GRID-NO-DUPLICATE": (CSEC_GRID, "csec_type"),
}

_PAGE_OF_KIND = {
    RecordKind.ALLEGATION: ALLEGATION,
    RecordKind.PLACEMENT: PLACEMENT,
    RecordKind.SPECIAL_PROJECT: SPECIAL_PROJECTS,
    RecordKind.CSEC: CSEC_GRID,
}


@dataclass(frozen=True)
class Place:
    """A notebook (``referral:3``, ``case:1``), a page tab, and optionally a row and field.

    ``row`` is the record shown in the page's grid (None: the page as a whole, e.g. a
    code that was never added); ``field`` the field's name in that row.
    """

    notebook: str
    page: str
    row: int | None = None
    field: str | None = None


def place_of(rule_id: str, record: RecordRef | None, records: AttemptRecords) -> Place | None:
    """The place of a finding, or None if its record is not in the notebooks."""
    if record is None:
        return None
    page, field = RULE_PLACES.get(rule_id, (None, None))
    kind, rid = record.kind, record.id
    if kind is RecordKind.REFERRAL:
        if records.referral(rid) is None:
            return None
        return Place(f"referral:{rid}", page or "Referral", None, None)
    if kind is RecordKind.CASE:
        if records.case(rid) is None:
            return None
        return Place(f"case:{rid}", page or "Case", None, None)
    if kind is RecordKind.ALLEGATION:
        row = next((a for a in records.allegations if a.id == rid), None)
        owner = f"referral:{row.referral_id}" if row else None
    elif kind is RecordKind.PLACEMENT:
        row = next((p for p in records.placements if p.id == rid), None)
        owner = f"referral:{row.referral_id}" if row else None
    elif kind is RecordKind.CSEC:
        grid_row = next((g for g in records.csec_rows if g.id == rid), None)
        owner = f"client:{grid_row.client}" if grid_row else None
    else:
        sp = next((s for s in records.special_projects if s.id == rid), None)
        row = sp
        owner = None
        if sp is not None:
            prefix = "referral" if sp.notebook is Notebook.REFERRAL else "case"
            owner = f"{prefix}:{sp.owner_id}"
    if owner is None:
        return None
    kind_page = _PAGE_OF_KIND[kind]
    return Place(owner, kind_page, rid, field if page == kind_page else None)


def fallback_place(rule_id: str, scenario: object, records: AttemptRecords) -> Place | None:
    """A page for a finding with no record: the referral or case the rule is about.

    An allegation or a removal that was never entered has no row to point at, but it has
    a referral it belongs on (the one alleging CSE, or the removal's); case codes have
    the child's case.
    """
    from cwstrainer.scenario.model import Scenario

    assert isinstance(scenario, Scenario)
    page, field = RULE_PLACES.get(rule_id, (None, None))
    if page is None:
        return None
    keys: list[str] = []
    if page == CSEC_GRID:
        children = [v.child for v in scenario.facts.victims] + [
            a.child for a in scenario.facts.at_risk
        ]
        return Place(f"client:{children[0]}", page, None, field) if children else None
    if page == PLACEMENT:
        keys = [rm.referral for rm in scenario.removals if rm.cse_in_decision]
    elif page == ALLEGATION or rule_id.startswith("REF-"):
        keys = [r.id for r in scenario.referrals if r.cse_alleged]
    else:
        keys = [c.id for c in scenario.cases]
        case = next((c for c in records.cases if c.world_key in keys), None)
        return Place(f"case:{case.id}", page, None, field) if case else None
    for key in keys:
        referral = next((r for r in records.referrals if r.world_key == key), None)
        if referral is not None:
            return Place(f"referral:{referral.id}", page, None, field)
    return None
