"""Guided mode: the next step highlighted on the real control, hints, and Show me.

After every entry the records are graded (only in guided mode: practice and
assessment never grade before submission) and :mod:`ui.guidesteps` picks the next step
of the Attachment A click path. The :class:`~ui.spotlight.Spotlight` rings the real
control; the guide bar says the same in words, for screen readers. A wrong entry gets
a hint that names the rule. **Show me** plays the current task's steps on the real
widgets, one every :attr:`Guide.delay_ms`, through the same door as a trainee's clicks.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cwstrainer.fields import format_date
from cwstrainer.rules.catalog import rule
from cwstrainer.rules.findings import Finding, Outcome
from ui.guidesteps import Step, Task, new_mistakes, next_step, next_task
from ui.notebooks.pages import GridPage
from ui.places import Place, place_of
from ui.spotlight import Spotlight
from ui.widgets.codes import ChoiceCombo
from ui.widgets.dates import DateField

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from cwstrainer.records import AttemptRecords
    from ui.mainwindow import MainWindow


class GuideBar(QFrame):
    """The guided step in words, the last hint, and the Show me button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        texts = QVBoxLayout()
        self.instruction = QLabel()
        self.instruction.setObjectName("guideStep")
        self.instruction.setAccessibleName("Guided Step")
        self.instruction.setWordWrap(True)
        texts.addWidget(self.instruction)
        self.hint = QLabel()
        self.hint.setObjectName("guideHint")
        self.hint.setAccessibleName("Hint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        texts.addWidget(self.hint)
        layout.addLayout(texts, 1)
        self.show_me = QPushButton("Show &me")
        self.show_me.setAccessibleName("Show me")
        self.show_me.setToolTip("Show me: play this step on the real controls (Alt+M)")
        layout.addWidget(self.show_me)


class Guide(QObject):
    """Guided mode for one open attempt in one window.

    Signals:
        stepChanged(object): the next step changed: the ``Step`` (kind "done" at the end).
        hinted(str): a wrong entry was made: the hint shown, naming the rule.
        showMeFinished(): Show me has played its steps.
    """

    stepChanged = Signal(object)
    hinted = Signal(str)
    showMeFinished = Signal()

    delay_ms = 650

    def __init__(self, window: MainWindow, bar: GuideBar, spotlight: Spotlight) -> None:
        super().__init__(window)
        self.window = window
        self.bar = bar
        self.spotlight = spotlight
        self.report: Report | None = None
        self.task: Task | None = None
        self.step: Step | None = None
        self._playing = False
        self._played = 0
        self._task_key: tuple[object, ...] | None = None
        self._hinted: Place | None = None
        bar.show_me.clicked.connect(self.show_me)
        door = window.door
        assert door is not None
        door.recordsChanged.connect(self.on_records)
        self.on_records(door.records, first=True)

    # -- following the trainee ---------------------------------------------------------

    def on_records(self, records: AttemptRecords, first: bool = False) -> None:
        """Re-grade after an entry; hint at a new mistake; move to the next step."""
        door = self.window.door
        if door is None:
            return
        before = self.report
        self.report = door.grade()
        if not first:
            # Only a mistake in what is on screen (this page, the row selected) is hinted
            # at: never one about fields the trainee has not reached.
            shown = [m for m in new_mistakes(before, self.report) if self.on_screen(m)]
            if shown:
                self._hinted = self._place(shown[0])
                self.give_hint(shown[0].rule_id, shown[0].entered)
            else:
                self.hide_hint()
        self.update_step()

    def _place(self, finding: Finding) -> Place | None:
        door = self.window.door
        if door is None:
            return None
        return place_of(finding.rule_id, finding.record, door.records)

    def on_screen(self, finding: Finding) -> bool:
        """Whether a finding is about the page on screen (and its selected row, in a grid)."""
        return self._shows(self._place(finding))

    def _shows(self, place: Place | None) -> bool:
        where, selected = self.where()
        if place is None or where is None or where != (place.notebook, place.page):
            return False
        return place.row is None or selected is None or place.row == selected

    def hide_hint(self) -> None:
        self._hinted = None
        self.bar.hint.hide()

    def wrong_rows(self) -> set[int]:
        """The rows holding a wrong value or an extra (to be corrected, not added again)."""
        if self.report is None:
            return set()
        rows = set()
        for f in self.report.findings:
            if f.outcome in (Outcome.WRONG_VALUE, Outcome.EXTRA):
                place = self._place(f)
                if place is not None and place.row is not None:
                    rows.add(place.row)
        return rows

    def give_hint(self, rule_id: str, entered: str | None) -> None:
        r = rule(rule_id)
        text = f"Hint — that entry does not meet {rule_id} ({r.citation}): {r.statement}" + (
            f" You entered: {entered}." if entered else ""
        )
        self.bar.hint.setText(text)
        self.bar.hint.show()
        self.hinted.emit(text)

    def where(self) -> tuple[tuple[str, str] | None, int | None]:
        """The notebook key and page the trainee is on, and the grid row selected."""
        notebook = self.window.current_notebook()
        if notebook is None or self.window.stack.currentWidget() is not notebook:
            return None, None
        page = notebook.current_page()
        selected = page.current_id if isinstance(page, GridPage) else None
        return (notebook.key, page.page_name), selected

    def update_step(self) -> None:
        """Work out the next step and ring its control."""
        door = self.window.door
        if door is None or self.report is None:
            return
        records = door.records
        self.task = next_task(self.report, door.scenario, records)
        if self.task is None:
            self.step = Step(
                "done",
                None,
                "Every expected entry is made. Submit when ready "
                "(File > Submit for Grading, Ctrl+Enter).",
                "",
            )
        else:
            where, selected = self.where()
            place = self.task.place
            label = ""
            if place is not None:
                notebook = self.window.notebook(place.notebook)
                label = notebook.label if notebook is not None else ""
            self.step = next_step(
                self.task, records, where, selected, label, wrong_rows=self.wrong_rows()
            )
        if self.bar.hint.isVisibleTo(self.bar) and not self._shows(self._hinted):
            self.hide_hint()  # the trainee has moved on: the hint was about another place
        self.bar.instruction.setText(f"Next step: {self.step.instruction}")
        self.bar.show_me.setEnabled(self.step.kind not in ("done", "none"))
        self._ring(self.step)
        self.stepChanged.emit(self.step)

    # -- the control a step is about ---------------------------------------------------

    def target(self, step: Step) -> tuple[QWidget | None, Any]:
        """The real widget of a step, and a function giving the part of it to ring."""
        place = step.place
        if place is None:
            return None, None
        if step.kind == "notebook":
            nav = self.window.navigation

            def rect() -> QRect:
                item = nav.item_for(place.notebook, place.page)
                return nav.visualItemRect(item) if item is not None else QRect()

            return nav.viewport(), rect
        notebook = self.window.notebook(place.notebook)
        if notebook is None:
            return None, None
        if step.kind == "tab":
            bar = notebook.tabs.tabBar()
            index = notebook.page_names().index(place.page)
            return bar, lambda: bar.tabRect(index)
        page = notebook.pages[place.page]
        if step.kind == "add" and isinstance(page, GridPage):
            return page.add_button, None
        if step.kind == "delete" and isinstance(page, GridPage):
            return page.delete_button, None
        if step.kind == "select" and isinstance(page, GridPage):
            return page.grid, None
        if step.kind == "field" and step.field in page.fields:
            return page.fields[step.field], None
        return None, None

    def _ring(self, step: Step) -> None:
        widget, rect_of = self.target(step)
        self.spotlight.point_at(widget, step.instruction if widget else "", rect_of)

    # -- Show me -------------------------------------------------------------------------

    def show_me(self) -> None:
        """Play the current task's steps on the real controls, one by one."""
        if self._playing or self.task is None:
            return
        self._playing = True
        self._played = 0
        self._last_played: Step | None = None
        self._task_key = self.task.finding.rule_id
        self.bar.show_me.setEnabled(False)
        QTimer.singleShot(self.delay_ms, self._play)

    def _play(self) -> None:
        step = self.step
        task = self.task
        same = task is not None and task.finding.rule_id == self._task_key
        if step is None or not same or step.kind in ("done", "none") or self._played >= 10:
            self._playing = False
            self.update_step()
            self.showMeFinished.emit()
            return
        if step == self._last_played:  # no progress: stop rather than repeat
            self._played = 99
            QTimer.singleShot(0, self._play)
            return
        self._last_played = step
        self._played += 1
        self.perform(step)
        self.update_step()
        QTimer.singleShot(self.delay_ms, self._play)

    def perform(self, step: Step) -> None:
        """Do one step on the real widgets, as a trainee's click would."""
        place = step.place
        if place is None:
            return
        if step.kind == "notebook":
            self.window.show_page(place.notebook, place.page)
            return
        notebook = self.window.notebook(place.notebook)
        if notebook is None:
            return
        page = notebook.pages[place.page]
        if step.kind == "tab":
            notebook.tabs.setCurrentWidget(page)
        elif step.kind == "add" and isinstance(page, GridPage):
            page.add_button.click()
        elif step.kind == "delete" and isinstance(page, GridPage):
            page.delete_button.click()
        elif step.kind == "select" and isinstance(page, GridPage) and place.row is not None:
            page.select(place.row)
            self.update_step()
        elif step.kind == "field" and step.field:
            self._fill(page, step)

    def _fill(self, page: Any, step: Step) -> None:
        name = step.field
        assert name is not None
        widget = page.fields[name]
        value = step.value if step.value is not None else self._who(step)
        if step.rule_id == "RMV-EXPLOITATION-REASON" and page.fields["primary_reason"].value():
            widget, value = page.fields["secondary_reason"], "Exploitation"
        elif step.rule_id == "RMV-FAIL-TO-PROTECT" and value and value.startswith("primary "):
            primary, _, secondary = value.removeprefix("primary ").partition(", secondary ")
            current = page.fields["primary_reason"].currentText()
            if current == primary:
                widget, value = page.fields["secondary_reason"], secondary
            else:
                value = primary
        widget.setFocus()
        if isinstance(widget, DateField):
            text = "" if value in (None, "no end date", "(blank)") else str(value)
            widget.setText(text)
            widget.commit()
        elif isinstance(widget, ChoiceCombo):
            texts = widget.texts()
            wanted = [value or "", *(value or "").split(", ")]
            choice = next((t for t in wanted if t in texts), None)
            if value in ("(none)", None, ""):
                widget.setCurrentIndex(0)
            elif choice is not None:
                widget.setCurrentIndex(widget.findText(choice))

    def _who(self, step: Step) -> str | None:
        """Show me's value for a new row's person or removal date, from the scenario."""
        door = self.window.door
        assert door is not None and step.place is not None
        s = door.scenario
        referral = door.records.referral(int(step.place.notebook.split(":")[1]))
        key = referral.world_key if referral else None
        if step.field == "victim":
            ref = next((r for r in s.referrals if r.id == key), None)
            child = (ref.cse_alleged or ref.children)[0] if ref else None
            return s.client(child).display_name if child else None
        removal = next((rm for rm in s.removals if rm.referral == key), None)
        if removal is None:
            return None
        if step.field == "child":
            return s.client(removal.child).display_name
        if step.field == "removal_date":
            return format_date(removal.date)
        return None

    def stop(self) -> None:
        """Guided mode ends (submission, another attempt): no more rings."""
        self.spotlight.clear()
        door = self.window.door
        if door is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                door.recordsChanged.disconnect(self.on_records)
