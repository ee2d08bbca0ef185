"""The navigation tree: the open Referral and Case folders, their sections and pages.

Sections are shown by name and colour (Referral Management green, Placement Management
red: ACL 15-49, Attachment A); the name is always there, so colour is never the only
sign. Choosing a page in the tree opens that notebook at that page tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from ui.style import SECTION_COLOURS

if TYPE_CHECKING:
    from ui.notebooks.notebook import NotebookWidget

# Qt.ItemDataRole.UserRole, the first role for an application's own data. The roles are
# plain ints to Qt; naming the enum here would build PySide's whole Qt namespace (about
# 90 Python enums, 20 ms) before the window's first paint.
KEY = 0x0100


class NavigationTree(QTreeWidget):
    """The folders of the open attempt.

    Signals:
        pageChosen(str, str): the trainee chose a page: notebook key, page tab name.
    """

    pageChosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Navigation")
        self.setMinimumWidth(270)
        self.setIndentation(14)
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def rebuild(self, notebooks: list[NotebookWidget]) -> None:
        """Show every open notebook, grouped in its folder, sections named and coloured."""
        self.clear()
        folders = {
            "Referral": QTreeWidgetItem(self, ["Referral Folder"]),
            "Case": QTreeWidgetItem(self, ["Case Folder"]),
        }
        by_key = {n.key: n for n in notebooks}
        for notebook in notebooks:
            if notebook.kind not in folders:  # the Client notebooks of the children
                folders[notebook.kind] = QTreeWidgetItem(self, [f"{notebook.kind} Notebooks"])
            folder = folders[notebook.kind]
            item = QTreeWidgetItem(folder, [notebook.short_label])
            item.setData(0, KEY, f"{notebook.key}|{notebook.page_names()[0]}")
            item.setToolTip(0, notebook.label)
            sections: dict[str, QTreeWidgetItem] = {}
            for name, page in notebook.pages.items():
                parent = item
                if page.section:
                    parent = sections.get(page.section) or self._section(item, page.section)
                    sections[page.section] = parent
                leaf = QTreeWidgetItem(parent, [name])
                leaf.setData(0, KEY, f"{notebook.key}|{name}")
                leaf.setToolTip(0, f"{name} page tab")
            # As in CWS/CMS, a child client of the referral or case leads to the child's
            # Client notebook (and its CSEC Data Grid), where the scenario documents there.
            for client in notebook.clients:
                target = by_key.get(f"client:{client}")
                if target is not None:
                    leaf = QTreeWidgetItem(item, [target.short_label])
                    leaf.setData(0, KEY, f"{target.key}|{target.page_names()[-1]}")
                    leaf.setToolTip(0, f"{target.label}: the CSEC Data Grid")
        self.expandAll()

    def _section(self, parent: QTreeWidgetItem, section: str) -> QTreeWidgetItem:
        from ui.widgets.swatch import swatch

        colour = SECTION_COLOURS[section]
        item = QTreeWidgetItem(parent, [section])
        item.setIcon(0, swatch(colour))
        item.setForeground(0, QBrush(QColor(colour)))
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        item.setToolTip(0, f"{section} section")
        return item

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, KEY)
        if target is None and item.childCount():
            target = item.child(0).data(0, KEY)
        if target:
            key, page = str(target).split("|", 1)
            self.pageChosen.emit(key, page)

    def item_for(self, key: str, page: str) -> QTreeWidgetItem | None:
        """The tree item of one page of one notebook (to keep the tree in step)."""
        for item in self._all():
            if item.data(0, KEY) == f"{key}|{page}" and item.childCount() == 0:
                return item
        return None

    def _all(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop()
            found.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return found
