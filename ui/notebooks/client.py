"""The Client notebook of a child: who the child is, and the CSEC Data Grid (ACL 16-49).

ACL 16-74 sends workers to ACL 16-49 "on using the CSEC Data Grid in the Client
Notebook". One row per CSEC episode: CSEC Type (the six CWS/CMS types), Start Date
(mandatory, yellow) and End Date. The "+" adds a row. CWS/CMS keeps CSEC history: a row
that was already saved in CWS/CMS is end-dated, never deleted, and the notebook says so
when the trainee tries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cwstrainer.errors import FieldError
from cwstrainer.fields import format_date
from cwstrainer.records import AttemptRecords, RecordKind
from ui.door import Door
from ui.notebooks.notebook import NotebookWidget
from ui.notebooks.pages import GridPage, ReadOnlyPage

CSEC_PAGE = "CSEC Data Grid"
NOT_DELETED = (
    "A CSEC row saved in CWS/CMS is not deleted: CWS/CMS keeps the child's CSEC history. "
    "Enter its End Date instead."
)


class ClientPage(ReadOnlyPage):
    """The identifying page: the child's name and birth date (read-only in training)."""

    page_name = "Client"
    labels = ("Client Name", "Birth Date")

    def __init__(self, door: Door, client_key: str) -> None:
        self.client_key = client_key
        super().__init__(door, 0)

    def record(self, records: AttemptRecords) -> Any:
        return next((c for c in self.door.clients if c["client_key"] == self.client_key), None)

    def show_record(self, record: Any) -> None:
        self.current_id = None
        if record is not None:
            self.shown["Client Name"].setText(str(record["display_name"]))
            born = record.get("birth_date")
            if isinstance(born, str):
                born = dt.date.fromisoformat(born)
            self.shown["Birth Date"].setText(format_date(born) if born else "")


class CsecGridPage(GridPage):
    """The CSEC Data Grid of one child, with its "+"."""

    kind = RecordKind.CSEC
    page_name = CSEC_PAGE
    add_name = "Add CSEC Data"
    delete_name = "Delete CSEC Data"
    grid_name = "CSEC Data Grid"
    columns = ("csec_type", "start_date", "end_date")
    rows = (("csec_type",), ("start_date", "end_date"))

    def __init__(self, door: Door, client_key: str) -> None:
        self.client_key = client_key
        super().__init__(door, 0)
        self.grid.setAccessibleName(CSEC_PAGE)

    def rows_of(self, records: AttemptRecords) -> tuple[Any, ...]:
        return records.csec_rows_of(self.client_key)

    def deletable(self, record: Any) -> bool:
        # Enabled for every row so that a trainee who tries is told why a saved row stays.
        return True

    def delete_row(self) -> None:
        record = next((r for r in self._rows if r.id == self.current_id), None)
        if record is not None and record.world_key is not None:
            # Said at the End Date, where the trainee ends the row instead.
            self.door.report(FieldError("End Date", NOT_DELETED))
            return
        super().delete_row()

    def add(self) -> Any:
        return self.door.add_csec_row(self.client_key)


class ClientNotebook(NotebookWidget):
    """The Client notebook of one child of the attempt."""

    kind = "Client"

    def __init__(self, door: Door, client_key: str) -> None:
        super().__init__(f"client:{client_key}")
        self.door = door
        self.client_key = client_key
        self.add_page(ClientPage(door, client_key))
        self.add_page(CsecGridPage(door, client_key))

    def refresh(self, records: AttemptRecords) -> None:
        name = self.door.client_name(self.client_key)
        self.title.setText(f"Client Notebook: {name}")
        self.short_label = f"Client: {name}"
        super().refresh(records)
