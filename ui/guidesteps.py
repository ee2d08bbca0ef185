"""Guided mode's next step: from the first unmet finding to one control and one sentence.

The grader already knows what the scenario's facts call for and what is missing or
wrong (``grade``, built on :mod:`cwstrainer.rules.expected`). Guided mode takes the
first finding not yet met, in the letters' order, finds its place on the Attachment A
click path (:mod:`ui.places`), and says the one next thing to do there: open the
notebook, click the page tab, press the "+", select the row, or fill the field. Pure
logic, no widgets, so the choice of step is tested on its own.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cwstrainer import codes
from cwstrainer.fields import field_spec
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.rules.catalog import rule
from cwstrainer.rules.findings import Finding, Outcome
from cwstrainer.special_projects import Notebook
from ui.places import ALLEGATION, PLACEMENT, SPECIAL_PROJECTS, Place, fallback_place, place_of

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from cwstrainer.scenario.model import Scenario

GRID_KIND = {
    ALLEGATION: RecordKind.ALLEGATION,
    PLACEMENT: RecordKind.PLACEMENT,
    SPECIAL_PROJECTS: RecordKind.SPECIAL_PROJECT,
}
ADD_NAMES = {
    ALLEGATION: 'Create New Allegation "+"',
    PLACEMENT: 'Placement "+"',
    SPECIAL_PROJECTS: '"+" in the Special Project grid',
}
TAB_KEYS = {
    "Referral": "Alt+R",
    ALLEGATION: "Alt+A",
    PLACEMENT: "Alt+P",
    SPECIAL_PROJECTS: "Alt+S",
    "Case": "Alt+C",
}


@dataclass(frozen=True)
class Task:
    """The finding guided mode works on, and where it is entered."""

    finding: Finding
    place: Place | None


@dataclass(frozen=True)
class Step:
    """One thing to do: ``kind`` is notebook, tab, add, select, field, delete or none."""

    kind: str
    place: Place | None
    instruction: str
    rule_id: str
    field: str | None = None
    value: str | None = None


def next_task(report: Report, scenario: Scenario, records: AttemptRecords) -> Task | None:
    """The first finding worth points that is not met (or an extra to remove)."""
    for f in report.findings:
        if f.outcome is Outcome.MET or (f.possible == 0 and f.outcome is not Outcome.EXTRA):
            continue
        place = place_of(f.rule_id, f.record, records) or fallback_place(
            f.rule_id, scenario, records
        )
        return Task(f, place)
    return None


def _page_rows(page: str, place: Place, records: AttemptRecords) -> tuple[Any, ...]:
    """The rows of the page's grid in the place's notebook."""
    kind, ident = place.notebook.split(":")
    owner = int(ident)
    if page == SPECIAL_PROJECTS:
        notebook = Notebook.REFERRAL if kind == "referral" else Notebook.CASE
        return records.special_projects_on(notebook, owner)
    if page == ALLEGATION:
        return records.allegations_on(owner)
    return records.placements_on(owner)


def _blank_row(page: str, place: Place, records: AttemptRecords, field: str | None) -> Any:
    """A row of the page's grid still waiting for the field (made by an earlier "+")."""
    name = field or "code"
    rows = _page_rows(page, place, records)
    return next((r for r in rows if getattr(r, name, None) is None), None)


def _first_empty(
    kind: RecordKind, row: Any, field: str, expected: str | None
) -> tuple[str, str | None]:
    """The field to fill first in a row, and its value if known here.

    Who a row is about comes before its codes, and an Abuse Subcategory is offered only
    once its Abuse Category is chosen (a dependent list), so the category comes first.
    """
    first = {RecordKind.ALLEGATION: "victim", RecordKind.PLACEMENT: "child"}.get(kind)
    if first and getattr(row, first, None) is None and field != first:
        return first, None
    if kind is RecordKind.PLACEMENT and row.removal_date is None and field != "removal_date":
        return "removal_date", None
    if field == "abuse_subcategory" and row.abuse_category is None:
        sub = codes.ABUSE_SUBCATEGORIES.find(expected or "")
        parent = codes.ABUSE_CATEGORIES.by_id(sub.parent_id) if sub and sub.parent_id else None
        return "abuse_category", parent.short_description if parent else None
    return field, expected


def next_step(
    task: Task,
    records: AttemptRecords,
    where: tuple[str, str] | None,
    selected: int | None,
    notebook_label: str = "",
    wrong_rows: Collection[int] = (),
) -> Step:
    """The next step of the task, given where the trainee is and the row selected.

    ``wrong_rows`` are rows holding a wrong value or an extra: a row already added whose
    code is wrong is corrected (select it, change the value), not added again.
    """
    f = task.finding
    r = rule(f.rule_id)
    why = f"{r.statement} ({f.rule_id}; {r.citation})"
    place = task.place
    if place is None:
        return Step("none", None, f"{f.message} {why}", f.rule_id)
    if where is None or where[0] != place.notebook:
        name = notebook_label or "the notebook"
        text = f"Open {name} at its {place.page} page (navigation tree)."
        return Step("notebook", place, text, f.rule_id)
    if where[1] != place.page:
        key = TAB_KEYS.get(place.page, "")
        text = f"Click the {place.page} page tab" + (f" ({key})." if key else ".")
        return Step("tab", place, text, f.rule_id)
    kind = GRID_KIND.get(place.page)
    if kind is None:
        return Step("none", place, f"{f.message} {why}", f.rule_id)
    field = place.field or ("abuse_category" if kind is RecordKind.ALLEGATION else "code")
    row_id = place.row
    fixing = False
    if row_id is None:
        blank = _blank_row(place.page, place, records, field)
        if blank is None:
            wrong = [r for r in _page_rows(place.page, place, records) if r.id in wrong_rows]
            chosen = next((r for r in wrong if r.id == selected), wrong[0] if wrong else None)
            if chosen is None:
                text = f"Click the {ADD_NAMES[place.page]} (Insert) to add a row."
                return Step("add", place, text, f.rule_id)
            blank, fixing = chosen, True
        row_id = blank.id
    target = Place(place.notebook, place.page, row_id, field)
    if selected != row_id:
        text = (
            "Select the row whose value is wrong, in the grid, to correct it."
            if fixing
            else "Select the row in the grid."
        )
        return Step("select", target, text, f.rule_id)
    if f.outcome is Outcome.EXTRA:
        return Step("delete", target, f"Delete this row: {f.message}", f.rule_id)
    row = next((x for x in _rows(records, kind) if x.id == row_id), None)
    name, value = _first_empty(kind, row, field, f.expected) if row else (field, f.expected)
    label = field_spec(kind, name).label
    if name != field:
        text = (
            f"{label}: choose the category first; the subcategory list depends on it."
            if name == "abuse_category"
            else f"{label}: who this row is about (mandatory)."
        )
        return Step(
            "field", Place(place.notebook, place.page, row_id, name), text, f.rule_id, name, value
        )
    if fixing:
        wanted = f"; choose {value}" if value else ""
        text = f"{label}: the value in this row is not the one expected{wanted}. {why}"
        return Step("field", target, text, f.rule_id, name, value)
    return Step("field", target, f"{label}: {why}", f.rule_id, name, value)


def _rows(records: AttemptRecords, kind: RecordKind) -> tuple[Any, ...]:
    return {
        RecordKind.ALLEGATION: records.allegations,
        RecordKind.PLACEMENT: records.placements,
        RecordKind.SPECIAL_PROJECT: records.special_projects,
    }[kind]


def new_mistakes(before: Report | None, after: Report) -> list[Finding]:
    """Wrong values and extras an entry just made (a blank is not yet a mistake)."""

    def key(f: Finding) -> tuple[object, ...]:
        return (f.rule_id, f.record, f.entered, f.outcome)

    seen = {key(f) for f in before.findings} if before else set()
    return [
        f
        for f in after.findings
        if f.outcome in (Outcome.WRONG_VALUE, Outcome.EXTRA)
        and f.entered not in (None, "", "(blank)", "(none)")
        and key(f) not in seen
    ]
