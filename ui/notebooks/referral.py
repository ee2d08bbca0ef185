"""The Referral notebook: the client's open referral, page by page.

Page tabs: **Referral** (the referral itself, as the intake worker enters it),
**Allegation** in the green Referral Management section, **Placement** in the red
Placement Management section, and **Special Projects** (ACL 16-74, Attachment A).
"""

from __future__ import annotations

from typing import Any

from cwstrainer import codes
from cwstrainer.fields import format_date
from cwstrainer.records import AttemptRecords, RecordKind, ReferralRecord
from cwstrainer.special_projects import Notebook
from ui.door import Door
from ui.notebooks.notebook import NotebookWidget
from ui.notebooks.pages import FormPage, GridPage
from ui.notebooks.special_projects import SpecialProjectsPage


def referral_label(referral: ReferralRecord | None, referral_id: int) -> str:
    """How a referral is named in lists: its name and received date."""
    if referral is None:
        return f"Referral {referral_id}"
    name = referral.referral_name or "(new referral)"
    received = format_date(referral.received_date)
    return f"{name} — received {received}" if received else f"{name} — referral {referral_id}"


class ReferralPage(FormPage):
    """The Referral page tab: name, received date and time, method, response, primary."""

    kind = RecordKind.REFERRAL
    page_name = "Referral"
    rows = (
        ("referral_name",),
        ("received_date", "received_time"),
        ("communication_method", "response_type"),
        ("primary_referral_id",),
    )

    def record(self, records: AttemptRecords) -> Any:
        return records.referral(self.owner_id)

    def refresh(self, records: AttemptRecords) -> None:
        others = [
            (referral_label(r, r.id), r.id) for r in records.referrals if r.id != self.owner_id
        ]
        self.fields["primary_referral_id"].set_choices(others)  # type: ignore[attr-defined]
        super().refresh(records)


class AllegationPage(GridPage):
    """Referral Management (green): the allegation grid and Create New Allegation "+"."""

    kind = RecordKind.ALLEGATION
    page_name = "Allegation"
    add_name = "Create New Allegation"
    delete_name = "Delete Allegation"
    grid_name = "Allegation"
    columns = ("victim", "perpetrator", "abuse_category", "abuse_subcategory", "disposition")
    rows = (
        ("victim", "perpetrator"),
        ("abuse_category", "abuse_subcategory"),
        ("disposition", "disposition_date"),
    )

    def rows_of(self, records: AttemptRecords) -> tuple[Any, ...]:
        return records.allegations_on(self.owner_id)

    def add(self) -> Any:
        return self.door.add_allegation(self.owner_id)

    def show_record(self, record: Any) -> None:
        self._offer_subcategories(
            getattr(record, "abuse_category", None), getattr(record, "abuse_subcategory", None)
        )
        super().show_record(record)

    def _offer_subcategories(self, category: int | None, shown: int | None) -> None:
        """Abuse Subcategory is a dependent list: only the chosen category's subcategories.

        Blank when the category has none (or none is chosen). A stored subcategory outside
        that list (another category's, or one not yet offered on the scenario's today) is
        still shown, by its name, so that nothing on the record is silently changed.
        """
        sub = self.fields["abuse_subcategory"]
        offered = sub.offered(category) if category is not None else []  # type: ignore[attr-defined]
        sub.set_choices(offered, shown)  # type: ignore[attr-defined]

    @staticmethod
    def fits(category: object, subcategory: object) -> bool:
        """Whether ``subcategory`` belongs under ``category`` (no subcategory always fits)."""
        if subcategory is None:
            return True
        table = codes.ABUSE_SUBCATEGORIES
        if category is None or subcategory not in table:
            return False
        return table.by_id(subcategory).parent_id == category  # type: ignore[arg-type]

    def changes(self, name: str, value: object) -> dict[str, object]:
        if name != "abuse_category":
            return {name: value}
        current = self.fields["abuse_subcategory"].value()  # type: ignore[attr-defined]
        if self.fits(value, current):
            return {name: value}
        return {name: value, "abuse_subcategory": None}

    def commit(self, name: str, value: object) -> None:
        """Store the entry; a subcategory the new category clears is said, not dropped unseen.

        The lists follow what the store kept (the refresh after the entry), so a refused
        entry leaves the subcategory shown as it is stored.
        """
        if self.current_id is None:
            return
        changes = self.changes(name, value)
        before = self.fields["abuse_subcategory"].value()  # type: ignore[attr-defined]
        kept = self.door.update(self.kind, self.current_id, **changes)
        if kept is None or name != "abuse_category" or "abuse_subcategory" not in changes:
            return
        window = self.window()
        if hasattr(window, "show_message"):
            window.show_message(self.cleared_text(value, before), "info")

    @staticmethod
    def cleared_text(category: object, subcategory: object) -> str:
        """What the message line says when a category change clears the subcategory."""
        subs, categories = codes.ABUSE_SUBCATEGORIES, codes.ABUSE_CATEGORIES
        sub = subs.by_id(subcategory).short_description if subcategory in subs else subcategory  # type: ignore[arg-type]
        if category not in categories:
            return f'Abuse Subcategory cleared: "{sub}" needs an Abuse Category.'
        parent = categories.by_id(category).short_description  # type: ignore[arg-type]
        return f'Abuse Subcategory cleared: "{sub}" is not a subcategory of {parent}.'


class PlacementPage(GridPage):
    """Placement Management (red): the Placement "+" and Reasons For Removal."""

    kind = RecordKind.PLACEMENT
    page_name = "Placement"
    add_name = "Placement"
    delete_name = "Delete Placement"
    grid_name = "Placement"
    columns = ("child", "removal_date", "facility_type", "primary_reason", "secondary_reason")
    rows = (
        ("child", "removal_date"),
        ("facility_type",),
        (("Reasons For Removal: Primary", "primary_reason"), ("Secondary", "secondary_reason")),
    )

    def rows_of(self, records: AttemptRecords) -> tuple[Any, ...]:
        return records.placements_on(self.owner_id)

    def add(self) -> Any:
        return self.door.add_placement(self.owner_id)


class ReferralNotebook(NotebookWidget):
    """The Referral notebook of one referral."""

    kind = "Referral"

    def __init__(self, door: Door, referral_id: int) -> None:
        super().__init__(f"referral:{referral_id}")
        self.referral_id = referral_id
        self.add_page(ReferralPage(door, referral_id))
        self.add_page(AllegationPage(door, referral_id, "Referral Management"))
        self.add_page(PlacementPage(door, referral_id, "Placement Management"))
        self.add_page(SpecialProjectsPage(door, Notebook.REFERRAL, referral_id))

    def refresh(self, records: AttemptRecords) -> None:
        referral = records.referral(self.referral_id)
        victims = (a.victim for a in records.allegations_on(self.referral_id) if a.victim)
        self.clients = tuple(dict.fromkeys(victims))
        self.title.setText(f"Referral Notebook: {referral_label(referral, self.referral_id)}")
        name = (referral.referral_name if referral else None) or "(new referral)"
        received = format_date(referral.received_date) if referral else ""
        self.short_label = f"{name} ({received})" if received else name
        super().refresh(records)
