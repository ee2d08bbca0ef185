"""Authoring in the app: open, edit and save scenario files with live validation.

The editor is plain YAML text, the same file ``docs/authoring.md`` describes, so a
trainer can move between this editor and any other. While typing, the loader checks the
text (after a short pause) and its located problems are listed and marked at their line;
activating a problem puts the cursor there. Beside the text: the brief as the trainee
will read it, and the answer key the rules derive from the facts, for the original or
any variant. **Try It** plays the text as it stands in practice mode.

Saving never overwrites silently: a file changed on disk since it was opened is noticed,
a change of content without a change of ``version`` is warned about (attempts already
made name the version they were made on; nothing is bumped behind the author's back),
and the bundled scenarios are never written: saving one saves a station copy in
``DATA_DIR/scenarios``, where trainer-written and imported scenarios live.

Signals are on :class:`AuthoringPage`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cwstrainer.errors import Problem, ScenarioInvalid
from ui.brief import brief_html
from ui.prompts import Confirm, OpenPath, SavePath
from ui.trainer.editor import ScenarioEditor
from ui.trainer.keypreview import key_html

if TYPE_CHECKING:
    from cwstrainer.scenario.loader import LoadedScenario
    from cwstrainer.scenario.model import Scenario

TEMPLATE = Path(__file__).resolve().parents[2] / "scenarios" / "in-care-victim-2016.yaml"
VALIDATE_AFTER_MS = 300
YAML_FILTER = "Scenario files (*.yaml *.yml)"
_VERSION = re.compile(r"^version:\s*(\d+)\s*$", re.MULTILINE)
_ID = re.compile(r"^id:\s*([a-z0-9-]+)\s*$", re.MULTILINE)


def template_text() -> str:
    """A new scenario: the worked example, renamed, for the author to change."""
    text = TEMPLATE.read_text(encoding="utf-8")
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith("# yaml-language-server")
    )
    text = _ID.sub("id: new-scenario-2016", text, count=1)
    text = re.sub(
        r"^title: .*$",
        'title: "New scenario (from the worked example)"',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    text = _VERSION.sub("version: 1", text, count=1)
    return text + "\n"


def version_in(text: str) -> int | None:
    """The ``version:`` a text declares (None if it has none a reader can see)."""
    match = _VERSION.search(text)
    return int(match.group(1)) if match else None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AuthoringPage(QWidget):
    """The scenario editor with its problems and previews.

    Signals:
        validated(object): the text was checked: the list of ``Problem`` (empty: valid).
        saved(str): a scenario file was written: its path (the library changes).
        tryIt(object, object): play this in practice mode: the ``LoadedScenario`` and the
            variant id (None for the original).
    """

    validated = Signal(object)
    saved = Signal(str)
    tryIt = Signal(object, object)

    def __init__(self, bundled: Path, station: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Scenario Authoring")
        self.bundled = bundled
        self.station = station
        self.path: Path | None = None
        self.disk_digest: str | None = None
        self.opened_text = ""
        self.opened_version: int | None = None
        self.scenario: Scenario | None = None
        self.problems: list[Problem] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(VALIDATE_AFTER_MS)
        self._timer.timeout.connect(self.validate)
        self._build()
        self.refresh_files()

    # -- building ----------------------------------------------------------------------

    def _button(self, text: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").replace("…", ""))
        if tip:
            button.setToolTip(tip)
            button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = self._button(
            "&New from Template", self.new_from_template, "A new scenario from the worked example"
        )
        self.open_button = self._button(
            "&Open File…", self.open_file, "Open a scenario file from anywhere"
        )
        self.save_button = self._button(
            "&Save", self.save, "Save into this station's scenarios (Ctrl+S)"
        )
        self.save_button.setShortcut("Ctrl+S")
        self.save_as_button = self._button(
            "Save &As…", self.save_as, "Save under another file name"
        )
        self.try_button = self._button(
            "&Try It",
            self.try_it,
            "Play the text as it stands, in practice mode, as a "
            "trainer preview kept apart from trainees' results",
        )
        for b in (self.new_button, self.open_button, self.save_button, self.save_as_button):
            bar.addWidget(b)
        bar.addStretch(1)
        version_caption = QLabel("Pre&view version:")
        self.variant = QComboBox()
        self.variant.setAccessibleName("Preview version")
        self.variant.setToolTip(
            "Which version the previews and Try It show: the original or "
            "a variant (other names, dates moved)"
        )
        version_caption.setBuddy(self.variant)
        self.variant.currentIndexChanged.connect(lambda _: self._show_previews())
        bar.addWidget(version_caption)
        bar.addWidget(self.variant)
        bar.addWidget(self.try_button)
        outer.addLayout(bar)
        self.status = QLabel()
        self.status.setAccessibleName("Scenario file")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        split = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        files_caption = QLabel("Scenario &files")
        left_layout.addWidget(files_caption)
        self.files = QListWidget()
        self.files.setAccessibleName("Scenario files")
        self.files.setAccessibleDescription("Enter opens the selected file in the editor")
        files_caption.setBuddy(self.files)
        self.files.itemActivated.connect(self._file_chosen)
        left_layout.addWidget(self.files, 1)
        split.addWidget(left)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        editor_caption = QLabel("Scenario &YAML")
        middle_layout.addWidget(editor_caption)
        self.editor = ScenarioEditor()
        editor_caption.setBuddy(self.editor)
        self.editor.textChanged.connect(self._timer.start)
        middle_layout.addWidget(self.editor, 3)
        problems_caption = QLabel("&Problems (Enter goes to the line; F8 the next one)")
        middle_layout.addWidget(problems_caption)
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName("Problems")
        problems_caption.setBuddy(self.problem_list)
        self.problem_list.itemActivated.connect(self._problem_chosen)
        self.problem_list.itemClicked.connect(self._problem_chosen)
        next_problem = QAction("Next Problem", self)
        next_problem.setShortcut(QKeySequence("F8"))
        next_problem.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        next_problem.triggered.connect(self.next_problem)
        self.addAction(next_problem)
        middle_layout.addWidget(self.problem_list, 1)
        split.addWidget(middle)

        self.previews = QTabWidget()
        self.previews.setAccessibleName("Previews")
        self.brief = QTextBrowser()
        self.brief.setAccessibleName("Brief preview")
        self.key = QTextBrowser()
        self.key.setAccessibleName("Answer key preview")
        self.previews.addTab(self.brief, "&Brief as the trainee sees it")
        self.previews.addTab(self.key, "Answer &Key")
        split.addWidget(self.previews)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 2)
        split.setSizes([270, 600, 400])
        outer.addWidget(split, 1)
        self._set_status()

    # -- files ---------------------------------------------------------------------------

    def refresh_files(self) -> None:
        """List the station's scenario files, then the bundled ones."""
        self.files.clear()
        for folder, where in ((self.station, "station"), (self.bundled, "bundled")):
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.y*ml")):
                item = QListWidgetItem(f"{path.name} ({where})")
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                item.setToolTip(str(path))
                self.files.addItem(item)

    def _file_chosen(self, item: QListWidgetItem) -> None:
        self.open_path(Path(item.data(Qt.ItemDataRole.UserRole)))

    def _may_discard(self) -> bool:
        if not self.is_modified():
            return True
        return Confirm.ask(
            self, "Discard Changes", "The text has changes that are not saved. Discard them?"
        )

    def is_modified(self) -> bool:
        return self.editor.toPlainText() != self.opened_text

    def open_path(self, path: Path) -> bool:
        """Open a scenario file in the editor (asks before discarding unsaved changes)."""
        if not self._may_discard():
            return False
        from cwstrainer import boundary

        try:  # a regular file within the scenario limit only: never a pipe that blocks
            data = boundary.read_bytes(path, boundary.MAX_SCENARIO_BYTES, "a scenario")
            text = boundary.decode_utf8(data, str(path))
        except boundary.Refused as exc:
            self._say(f"{path} could not be opened: {exc.message}")
            return False
        self.path = path
        self.disk_digest = digest(data)
        self._load_text(text)
        return True

    def open_file(self) -> bool:
        folder = str(self.station if self.station.is_dir() else self.bundled)
        chosen = OpenPath.ask(self, "Open Scenario File", folder, YAML_FILTER)
        return self.open_path(Path(chosen)) if chosen else False

    def new_from_template(self) -> bool:
        """A new, unsaved scenario from the worked example."""
        if not self._may_discard():
            return False
        self.path = None
        self.disk_digest = None
        self._load_text(template_text(), opened="")
        return True

    def _load_text(self, text: str, opened: str | None = None) -> None:
        self.opened_text = text if opened is None else opened
        self.opened_version = version_in(text) if opened is None else None
        self.editor.setPlainText(text)
        self.editor.go_to(1)
        self._timer.stop()
        self.validate()

    # -- validation and previews -----------------------------------------------------------

    def source_name(self) -> str:
        return self.path.name if self.path is not None else "new scenario"

    def validate(self) -> list[Problem]:
        """Check the text now; list and mark its problems and refresh the previews."""
        from cwstrainer.scenario.loader import load_text

        self._timer.stop()
        text = self.editor.toPlainText()
        try:
            self.scenario = load_text(text, self.source_name())
            self.problems = []
        except ScenarioInvalid as exc:
            self.scenario = None
            self.problems = sorted(exc.problems, key=lambda p: (p.line, p.column))
        self.editor.set_problems(self.problems)
        self.problem_list.clear()
        for p in self.problems:
            item = QListWidgetItem(f"Line {p.line}, column {p.column}: {p.message}")
            item.setData(Qt.ItemDataRole.UserRole, (p.line, p.column))
            self.problem_list.addItem(item)
        if not self.problems:
            self.problem_list.addItem("No problems: the scenario is valid.")
        self._fill_variants()
        self._show_previews()
        self._set_status()
        self.validated.emit(list(self.problems))
        return self.problems

    def _problem_chosen(self, item: QListWidgetItem) -> None:
        where = item.data(Qt.ItemDataRole.UserRole)
        if where:
            self.editor.go_to(*where)

    def next_problem(self) -> None:
        """F8: the next problem after the cursor's line (wrapping round)."""
        if not self.problems:
            return
        line = self.editor.current_line()
        later = [p for p in self.problems if p.line > line] or self.problems
        index = self.problems.index(later[0])
        self.problem_list.setCurrentRow(index)
        self.editor.go_to(later[0].line, later[0].column)

    def _fill_variants(self) -> None:
        wanted = ["Original"]
        if self.scenario is not None:
            wanted += [f"Variant {v.id}" for v in self.scenario.variants]
        have = [self.variant.itemText(i) for i in range(self.variant.count())]
        if have != wanted:
            current = self.variant.currentText()
            self.variant.blockSignals(True)
            self.variant.clear()
            self.variant.addItems(wanted)
            self.variant.setCurrentIndex(max(0, self.variant.findText(current)))
            self.variant.blockSignals(False)

    def chosen_variant(self) -> str | None:
        text = self.variant.currentText()
        return text.removeprefix("Variant ") if text.startswith("Variant ") else None

    def shown_scenario(self) -> Scenario | None:
        """The valid scenario as the chosen version tells it (None while invalid)."""
        from cwstrainer.scenario import variants

        if self.scenario is None:
            return None
        try:
            return variants.apply(self.scenario, self.chosen_variant())
        except KeyError:
            return self.scenario

    def _show_previews(self) -> None:
        shown = self.shown_scenario()
        self.try_button.setEnabled(shown is not None)
        if shown is None:
            note = (
                f"<p><b>No preview:</b> the text has {len(self.problems)} problem(s). "
                "Fix them (listed under Problems) and the previews come back.</p>"
            )
            self.brief.setHtml(note)
            self.key.setHtml(note)
            return
        self.brief.setHtml(brief_html(shown))
        self.key.setHtml(key_html(shown, self.chosen_variant()))

    def _set_status(self) -> None:
        where = str(self.path) if self.path is not None else "a new scenario, not saved yet"
        state = "valid" if not self.problems else f"{len(self.problems)} problem(s)"
        changed = ", changed since saved" if self.is_modified() else ""
        self.status.setText(f"Editing {where} — {state}{changed}.")

    def _say(self, text: str) -> None:
        self.status.setText(text)

    # -- saving ----------------------------------------------------------------------------

    def _in_station(self, path: Path) -> bool:
        try:
            return path.resolve().parent == self.station.resolve()
        except OSError:
            return False

    def save(self) -> bool:
        """Save to the file opened, if it is a station file; otherwise Save As."""
        if self.path is None or not self._in_station(self.path):
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Save under a file name chosen (by default the station's ``<id>.yaml``)."""
        text = self.editor.toPlainText()
        match = _ID.search(text)
        name = f"{match.group(1)}.yaml" if match else "scenario.yaml"
        # A new station has no scenarios/ folder yet; without it the dialog would open in
        # the program's folder and the first scenario land outside the library.
        with contextlib.suppress(OSError):  # an unwritable station: the dialog says more
            self.station.mkdir(parents=True, exist_ok=True)
        chosen = SavePath.ask(self, "Save Scenario As", str(self.station / name), YAML_FILTER)
        if not chosen:
            return False
        target = Path(chosen)
        if target.suffix not in (".yaml", ".yml"):
            target = target.with_suffix(".yaml")
        if (
            target != self.path
            and target.exists()
            and not Confirm.ask(self, "Replace File", f"{target} already exists. Replace it?")
        ):
            return False
        return self.save_to(target, new_file=target != self.path)

    def save_to(self, target: Path, new_file: bool = False) -> bool:
        """Write the text to ``target`` after the checks that keep saving from surprising."""
        text = self.editor.toPlainText()
        if not new_file and target.exists():
            from cwstrainer import boundary

            try:
                on_disk = digest(boundary.read_bytes(target, boundary.MAX_SCENARIO_BYTES))
            except boundary.Refused:
                on_disk = None
            if (
                self.disk_digest is not None
                and on_disk != self.disk_digest
                and not Confirm.ask(
                    self,
                    "File Changed on Disk",
                    f"{target.name} was changed on disk since you opened it (by another trainer, "
                    "another program or a pack import). Saving replaces those changes with "
                    "yours. Save anyway?",
                )
            ):
                self._say(
                    f"Not saved: {target.name} changed on disk. Open it again to see "
                    "the other changes."
                )
                return False
        version = version_in(text)
        if (
            self.opened_version is not None
            and text != self.opened_text
            and version == self.opened_version
            and not Confirm.ask(
                self,
                "Version Not Raised",
                f"You changed the scenario but its version is still {version}. Attempts "
                "already made name the version they were made on, and a station copy "
                "of a bundled scenario is used only when its version is higher. Raise "
                "'version:' first, or save anyway?",
            )
        ):
            self._say("Not saved: raise 'version:' or save again and confirm.")
            return False
        self.validate()
        if self.problems and not Confirm.ask(
            self,
            "Save with Problems",
            f"The scenario has {len(self.problems)} problem(s); the library will not offer it "
            "until they are fixed. Save anyway?",
        ):
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            part = target.with_name(target.name + ".part")
            part.write_bytes(data)
            os.replace(part, target)
        except OSError as exc:
            self._say(f"Not saved: {target} could not be written: {exc.strerror or exc}")
            return False
        self.path = target
        self.disk_digest = digest(data)
        self.opened_text = text
        self.opened_version = version
        self.refresh_files()
        self._set_status()
        self.saved.emit(str(target))
        return True

    # -- trying it -------------------------------------------------------------------------

    def try_it(self) -> bool:
        """Play the text as it stands (valid only), in practice mode."""
        from cwstrainer.scenario.loader import LoadedScenario

        self.validate()
        if self.scenario is None:
            self._say("Try It needs a valid scenario: fix the problems listed first.")
            return False
        text = self.editor.toPlainText()
        source = str(self.path) if self.path is not None else "new scenario (not saved)"
        loaded: LoadedScenario = LoadedScenario(self.scenario, source, digest(text.encode("utf-8")))
        self.tryIt.emit(loaded, self.chosen_variant())
        return True
