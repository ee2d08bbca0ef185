"""Scenario packs: export chosen scenarios as one file, import a pack into the station.

A pack from elsewhere is treated as hostile (:mod:`cwstrainer.packs` refuses bad paths,
links, bombs and invalid scenarios, and writes nothing unless everything is right).
Here a refused pack lists *every* problem, one a line, so the sender can fix them all
at once; an accepted one says what was added, updated (the older file kept under
``.versions/``) and kept as it was.

Signals are on :class:`PacksPage`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.prompts import OpenPath, SavePath

if TYPE_CHECKING:
    from ui.library import StationLibrary

PACK_FILTER = "Scenario packs (*.cwspack)"


class PacksPage(QWidget):
    """Export and import scenario packs.

    Signals:
        imported(): a pack was imported (the library changed).
    """

    imported = Signal()

    def __init__(self, station: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scenario Packs")
        self.station = station
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Share scenarios between trainers and labs as one file. Tick the scenarios to "
            "export (Space ticks the selected one). Importing adds a pack's scenarios to this "
            "station's library; a newer version replaces an older one, which is kept."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        caption = QLabel("Scenarios to &export")
        layout.addWidget(caption)
        self.scenarios = QListWidget()
        self.scenarios.setAccessibleName("Scenarios to export")
        caption.setBuddy(self.scenarios)
        layout.addWidget(self.scenarios, 2)
        row = QHBoxLayout()
        self.export_button = QPushButton("E&xport Selected…")
        self.export_button.setAccessibleName("Export Selected")
        self.export_button.clicked.connect(lambda: self.export_selected())
        self.import_button = QPushButton("&Import Pack…")
        self.import_button.setAccessibleName("Import Pack")
        self.import_button.clicked.connect(lambda: self.import_pack())
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setAccessibleName("Pack result")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        layout.addWidget(self.summary)
        problems_caption = QLabel("Pro&blems of the last pack")
        layout.addWidget(problems_caption)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Pack problems")
        self.problems.setWordWrap(True)
        problems_caption.setBuddy(self.problems)
        layout.addWidget(self.problems, 1)

    def set_library(self, library: StationLibrary | None) -> None:
        """List the library's scenarios, unticked."""
        self.scenarios.clear()
        for loaded in library.scenarios if library else ():
            s = loaded.summary
            item = QListWidgetItem(f"{s.title} — {s.id}, version {s.version}")
            item.setData(Qt.ItemDataRole.UserRole, loaded.source)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.scenarios.addItem(item)

    def checked_paths(self) -> list[Path]:
        return [
            Path(self.scenarios.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.scenarios.count())
            if self.scenarios.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _problems(self, problems: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(problems or ["None."])

    def export_selected(self, destination: str | None = None) -> Path | None:
        """Write the ticked scenarios as one pack."""
        from cwstrainer.packs import PackError, export_pack

        paths = self.checked_paths()
        if not paths:
            self.summary.setText("Tick at least one scenario to export.")
            return None
        destination = destination or SavePath.ask(
            self, "Export Scenario Pack", "scenarios.cwspack", PACK_FILTER
        )
        if not destination:
            return None
        try:
            written = export_pack(paths, Path(destination))
        except PackError as exc:
            self.summary.setText("The pack was not written: some scenarios have problems.")
            self._problems([str(p) for p in exc.problems])
            return None
        except OSError as exc:
            self.summary.setText(f"The pack was not written: {exc.strerror or exc}")
            return None
        self.summary.setText(f"Wrote {len(paths)} scenario(s) to {written}.")
        self._problems([])
        return written

    def import_pack(self, pack: str | None = None) -> bool:
        """Import a pack into the station library (all or nothing)."""
        from cwstrainer.packs import PackError, import_pack

        pack = pack or OpenPath.ask(self, "Import Scenario Pack", "", PACK_FILTER)
        if not pack:
            return False
        try:
            result = import_pack(Path(pack), self.station)
        except PackError as exc:
            self.summary.setText(
                f"The pack {Path(pack).name} was refused and nothing was written: "
                f"{len(exc.problems)} problem(s), listed below."
            )
            folder = str(Path(pack).parent) + "/"
            self._problems([str(p).removeprefix(folder) for p in exc.problems])
            return False
        except OSError as exc:
            self.summary.setText(f"The pack could not be read: {exc.strerror or exc}")
            return False
        lines = [
            f"Imported {Path(pack).name} into {self.station}:",
            f"added: {', '.join(result.added) or 'none'};",
            f"updated: {', '.join(result.updated) or 'none'}"
            + (" (older versions kept in .versions)" if result.updated else "")
            + ";",
            f"kept as they were: {', '.join(result.unchanged) or 'none'}.",
        ]
        self.summary.setText(" ".join(lines))
        self._problems([])
        self.imported.emit()
        return True
