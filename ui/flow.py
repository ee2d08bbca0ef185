"""The training flow of the main window: mode, submission, the report, Go to, history.

A mix-in of :class:`ui.mainwindow.MainWindow`, kept apart so that the window module
stays about notebooks and this one about the attempt's life: guided mode's guide is made
only for a guided attempt in progress; practice and assessment are never graded before
submission; an assessment is submitted once; a submitted attempt is read-only and opens
on its report.

What only an open attempt needs (the guide, the timeline, the report's places) is
imported when first needed: the window's first paint waits for none of it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ui.choice import MODE_NAMES, StartChoice

if TYPE_CHECKING:
    from cwstrainer.rules.findings import Finding
    from ui.places import Place
    from ui.timeline import Timeline


class TrainingFlow:
    """Submission, report and history for the window (``self`` is the MainWindow)."""

    def _show_mode(self: Any) -> None:
        """The mode banner, the guide (guided only), and what can be done now."""
        door = self.door
        if door is None:
            return
        if door.read_only and not door.attempt.submitted:
            text = (
                "READ-ONLY HERE — this attempt is open for entries in another window. "
                "File > Take Over This Attempt works on it here instead."
            )
        elif door.read_only:
            text = (
                f"SUBMITTED {MODE_NAMES.get(door.mode, door.mode).upper()} ATTEMPT — "
                "read-only. The report is one key away (F3)."
            )
        else:
            text = self.MODE_BANNERS[door.mode]
        self.mode_banner.setText(text)
        self.mode_banner.setProperty("mode", "submitted" if door.read_only else door.mode)
        self.mode_banner.style().unpolish(self.mode_banner)
        self.mode_banner.style().polish(self.mode_banner)
        self.mode_banner.show()
        state = (
            "submitted, read-only"
            if door.attempt.submitted
            else "read-only here: open in another window"
            if door.read_only
            else "in progress"
        )
        trainee = self.trainee.name if self.trainee is not None else ""
        self.who.setText(
            f"Trainee: {trainee}   |   Scenario: {door.scenario.title}   |   "
            f"Mode: {MODE_NAMES.get(door.mode, door.mode)} ({state})"
        )
        guided = door.mode == "guided" and not door.read_only
        if guided or self.made("guide_bar"):  # only guided mode ever needs them
            self.guide_bar.setVisible(guided)
            self.guide_bar.hint.hide()
        if guided:
            from ui.guide import Guide

            self.guide = Guide(self, self.guide_bar, self.spotlight)
        elif self.made("spotlight"):
            self.spotlight.clear()
        self._set_open(True)

    # -- submission ----------------------------------------------------------------------

    def submit(self: Any, confirmed: bool = False) -> bool:
        """Submit for Grading: confirm (unless ``confirmed``), grade, close, show the report."""
        from ui.prompts import Confirm

        door = self.door
        if door is None or door.read_only:
            return False
        missing = self.first_missing()
        empty = (
            f" Some mandatory fields are still empty (first: {missing[3].label} on the "
            f"{missing[1]} page tab)."
            if missing
            else ""
        )
        if door.mode == "assessment":
            text = (
                "Submit this assessment for grading? You can submit only once: afterwards "
                f"the attempt is read-only and the pass mark decides.{empty}"
            )
        else:
            text = (
                "Submit for grading? The attempt is graded and closed; Try Again starts a "
                f"fresh copy.{empty}"
            )
        if not confirmed and not Confirm.ask(self, "Submit for Grading", text):
            return False
        report = door.submit()
        if report is None:
            return False
        self.after_submission(report)
        if self.guide is not None:
            self.guide.stop()
            self.guide = None
        self.report = report
        self.refresh(door.records)
        self._show_mode()
        self.show_report()
        return True

    def timeline(self: Any) -> Timeline | None:
        """The open attempt's timeline (only ever drawn in a report)."""
        from ui.timeline import build_timeline

        if self.door is None:
            return None
        return build_timeline(self.door.scenario, self.door.records)

    def report_heading(self: Any) -> tuple[str, str]:
        """The report's title and its line of who, when and which mode."""
        door = self.door
        scenario = door.scenario
        trainee = self.trainee.name if self.trainee is not None else ""
        submitted = door.attempt.submitted_at or ""
        try:
            when = f"{dt.datetime.fromisoformat(submitted).astimezone():%m/%d/%Y %H:%M}"
        except ValueError:
            when = submitted
        variant = door.attempt.variant
        version = f"version {scenario.version}" + (f", variant {variant}" if variant else "")
        details = (
            f"Trainee: {trainee}. Mode: {MODE_NAMES.get(door.mode, door.mode)}. "
            f"Submitted {when}. Scenario {version}; today in the "
            f"scenario {scenario.today:%m/%d/%Y}."
        )
        return f"Report — {scenario.title}", details

    def show_report(self: Any) -> bool:
        """Show the submitted attempt's report (F3)."""
        if self.door is None or self.report is None:
            return False
        heading, details = self.report_heading()
        can_go = {i: self.place(f) is not None for i, f in enumerate(self.report.findings)}
        self.report_view.show_report(
            self.report,
            f"<h2>{heading}</h2><p>{details}</p>",
            self.timeline(),
            can_go,
            try_again=self.door.mode != "assessment",
        )
        self.report_view.heading.setAccessibleName(f"{heading}. {details}")
        self.stack.setCurrentWidget(self.report_view)
        self.saved_label.clear()
        self.report_view.fit_timeline()
        self.navigation.clearSelection()
        self.report_view.findings.setFocus()
        return True

    def back_to_notebooks(self: Any) -> None:
        notebook = self.notebook(self.navigation_key()) if self.notebooks else None
        target = notebook or (self.notebooks[0] if self.notebooks else None)
        if target is not None:
            self.show_notebook(target)

    def navigation_key(self: Any) -> str:
        last = self.door.attempt.last_page if self.door is not None else None
        return last.split("|", 1)[0] if last else ""

    # -- Go to -----------------------------------------------------------------------------

    def place(self: Any, finding: Finding) -> Place | None:
        """Where a finding is on screen (its row, or the page it belongs on)."""
        from ui.places import fallback_place, place_of

        records = self.door.records
        return place_of(finding.rule_id, finding.record, records) or fallback_place(
            finding.rule_id, self.door.scenario, records
        )

    def go_to(self: Any, finding: Finding) -> bool:
        """Go to: open the notebook page and row of a finding, the keyboard in it."""
        place = self.place(finding)
        if place is None or not self.show_page(place.notebook, place.page):
            return False
        page = self.current_notebook().current_page()
        if place.row is not None and hasattr(page, "select"):
            page.select(place.row)
        target = page.fields.get(place.field) if place.field else None
        if target is not None and target.isEnabled():
            target.setFocus()
        elif hasattr(page, "grid"):
            page.grid.setFocus()
        self.show_message(
            f"Go to: {finding.rule_id} — {page.page_name} page tab. F3 returns to the report.",
            "info",
        )
        return True

    # -- the PDF, again, history ------------------------------------------------------------

    def save_pdf(self: Any, path: str | Path | None = None) -> Path | None:
        """Save the report as PDF for the training file (asks where, unless given)."""
        from ui.prompts import SavePath
        from ui.reportpdf import write_pdf

        if self.door is None or self.report is None:
            return None
        heading, details = self.report_heading()
        if path is None:
            who = self.trainee.name if self.trainee is not None else "trainee"
            slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{who}-{self.door.scenario.id}")
            path = SavePath.ask(self, "Save Report as PDF", f"report-{slug.strip('-')}.pdf")
            if path is None:
                return None
        try:
            written = write_pdf(path, self.report, heading, details, self.timeline())
        except OSError as exc:
            self.show_problem(f"The PDF could not be saved: {exc}")
            return None
        self.show_message(f"Report saved as {written}", "info")
        return written

    def try_again(self: Any) -> bool:
        """Try Again: a new attempt at the same scenario, in the same mode, fresh."""
        door = self.door
        if door is None or self.trainee is None or door.mode == "assessment":
            return False
        return self.open_choice(
            StartChoice(self.trainee, door.loaded, door.mode, variant=door.attempt.variant)
        )

    def show_history(self: Any) -> bool:
        """History: the trainee's attempts; open one (read-only with its report, or resume)."""
        from ui.history import HistoryDialog

        library = self.load_library()
        if self.trainee is None or library is None:
            return False
        attempt = HistoryDialog.ask(self, self.lobby, self.trainee, library)
        if attempt is None:
            return False
        loaded = next((s for s in library.scenarios if s.summary.id == attempt.scenario_id), None)
        if loaded is None:
            self.show_problem(f"The scenario {attempt.scenario_id} is no longer in the library.")
            return False
        return self.open_choice(StartChoice(self.trainee, loaded, attempt.mode, attempt))
