"""The Case notebook: the client's open case, with its Special Projects page tab.

ACL 15-49, Attachment A: in the client's open case, the four client CSEC codes go in the
Special Project grid of the Special Projects page tab.
"""

from __future__ import annotations

from typing import Any

from cwstrainer.fields import format_date
from cwstrainer.records import AttemptRecords, CaseRecord
from cwstrainer.special_projects import Notebook
from ui.door import Door
from ui.notebooks.notebook import NotebookWidget
from ui.notebooks.pages import ReadOnlyPage
from ui.notebooks.special_projects import SpecialProjectsPage


class CasePage(ReadOnlyPage):
    """The Case page tab: who the case is for and when it opened (read-only here)."""

    page_name = "Case"
    labels = ("Child", "Case Start Date")

    def record(self, records: AttemptRecords) -> Any:
        return records.case(self.owner_id)

    def show_record(self, record: Any) -> None:
        self.current_id = record.id if record is not None else None
        if record is not None:
            self.shown["Child"].setText(self.door.client_name(record.child))
            self.shown["Case Start Date"].setText(format_date(record.opened))


def case_label(door: Door, case: CaseRecord | None, case_id: int) -> str:
    """How a case is named in lists: the child and the date it opened."""
    if case is None:
        return f"Case {case_id}"
    return f"{door.client_name(case.child)} — case opened {format_date(case.opened)}"


class CaseNotebook(NotebookWidget):
    """The Case notebook of one child's open case."""

    kind = "Case"

    def __init__(self, door: Door, case_id: int) -> None:
        super().__init__(f"case:{case_id}")
        self.door = door
        self.case_id = case_id
        self.add_page(CasePage(door, case_id))
        self.add_page(SpecialProjectsPage(door, Notebook.CASE, case_id))

    def refresh(self, records: AttemptRecords) -> None:
        case = records.case(self.case_id)
        self.title.setText(f"Case Notebook: {case_label(self.door, case, self.case_id)}")
        self.short_label = (
            f"{self.door.client_name(case.child)} ({format_date(case.opened)})" if case else ""
        )
        self.clients = (case.child,) if case else ()
        super().refresh(records)
