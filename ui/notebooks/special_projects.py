"""The Special Projects page tab, the same in the Referral and the Case notebook.

ACL 16-74, Attachment A (referral) and ACL 15-49, Attachment A (case): click the
Special Projects page tab, click the "+" in the Special Project grid, select the code.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.special_projects import Notebook, is_csec_code, special_project
from ui.notebooks.pages import GridPage


class SpecialProjectsPage(GridPage):
    """The Special Project grid of one referral or one case, with its "+"."""

    kind = RecordKind.SPECIAL_PROJECT
    page_name = "Special Projects"
    add_name = "Add Special Project"
    delete_name = "Delete Special Project"
    grid_name = "Special Project"
    columns = ("code", "start_date", "end_date")
    rows = (("code",), ("start_date", "end_date"))

    def __init__(self, door: Any, notebook: Notebook, owner_id: int) -> None:
        self.notebook = notebook
        super().__init__(door, owner_id)

    def build_form(self) -> None:
        super().build_form()
        self.description = QLabel()
        self.description.setObjectName("projectDescription")
        self.description.setAccessibleName("Special Project Description")
        self.description.setWordWrap(True)
        self.description.setMinimumHeight(48)
        self.form.addWidget(QLabel("Description"), len(self.rows), 0)
        self.form.addWidget(self.description, len(self.rows), 1, 1, 3)
        self.fields["code"].currentIndexChanged.connect(self._describe)  # type: ignore[attr-defined]

    def _describe(self, *_: object) -> None:
        title = self.fields["code"].currentData()  # type: ignore[attr-defined]
        text = special_project(title).description if title and is_csec_code(title) else ""
        self.description.setText(text)

    def rows_of(self, records: AttemptRecords) -> tuple[Any, ...]:
        return records.special_projects_on(self.notebook, self.owner_id)

    def add(self) -> Any:
        return self.door.add_special_project(self.notebook, self.owner_id)
