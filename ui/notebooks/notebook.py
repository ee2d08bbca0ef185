"""A CWS/CMS notebook: a title and page tabs, each page named as CWS/CMS names it.

Page tabs carry mnemonics (Alt+R Referral, Alt+A Allegation, Alt+P Placement,
Alt+S Special Projects, Alt+C Case) and their CWS/CMS names as accessible names.
Pages in a coloured section show a swatch on the tab beside the name.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from cwstrainer.records import AttemptRecords
from ui.notebooks.pages import FormPage
from ui.style import SECTION_COLOURS
from ui.widgets.swatch import swatch

MNEMONICS = {
    "Referral": "&Referral",
    "Allegation": "&Allegation",
    "Placement": "&Placement",
    "Special Projects": "&Special Projects",
    "Case": "&Case",
    "Client": "C&lient",
    "CSEC Data Grid": "CSEC &Data Grid",
}


class NotebookWidget(QWidget):
    """Page tabs over the pages of one referral or one case.

    Signals:
        pageChanged(str): the trainee went to another page tab (its CWS/CMS name).
    """

    pageChanged = Signal(str)
    kind = ""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.pages: dict[str, FormPage] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("notebookTitle")
        layout.addWidget(self.title)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(f"{self.kind} Notebook page tabs")
        self.tabs.setDocumentMode(False)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._changed)

    def add_page(self, page: FormPage) -> None:
        name = page.page_name
        index = self.tabs.addTab(page, MNEMONICS.get(name, name))
        self.tabs.tabBar().setAccessibleTabName(index, name)
        self.tabs.setTabToolTip(index, f"{name} page tab")
        if page.section:
            self.tabs.setTabIcon(index, swatch(SECTION_COLOURS[page.section]))
            self.tabs.setTabToolTip(index, f"{name} page tab, {page.section} section")
        self.pages[name] = page

    short_label = ""
    clients: tuple[str, ...] = ()
    """The child clients of this referral or case, whose Client notebooks it leads to."""

    @property
    def label(self) -> str:
        """How the Window menu and the navigation tree name this notebook."""
        return self.title.text()

    def current_page(self) -> FormPage:
        return self.tabs.currentWidget()  # type: ignore[return-value]

    def page_names(self) -> list[str]:
        return list(self.pages)

    def show_page(self, name: str) -> FormPage:
        page = self.pages[name]
        self.tabs.setCurrentWidget(page)
        return page

    def refresh(self, records: AttemptRecords) -> None:
        for page in self.pages.values():
            page.refresh(records)

    def _changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if not isinstance(page, FormPage):
            return
        focus = QApplication.focusWidget()
        if focus is None or focus is self or self.isAncestorOf(focus):
            page.focus_first()
        self.pageChanged.emit(page.page_name)

    def set_read_only(self, read_only: bool) -> None:
        """Show a submitted attempt: pages readable, nothing editable."""
        for page in self.pages.values():
            page.set_read_only(read_only)

    def focus_current(self) -> None:
        """Put the keyboard in the current page (after switching notebooks)."""
        self.current_page().focus_first()
