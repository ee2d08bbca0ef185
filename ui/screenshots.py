"""Render the trainer, with sample data, to PNG files (``main.py --screenshots``).

Every notebook page, then the training flow: sign in, the scenario library, a guided
step, a report with its timeline (one deliberate mistake, so the timeline shows a wrong
start date), the history, and an assessment in progress.

Pictures are for looking at, as a trainee would: clipped labels, overlaps and empty boxes
show up here before anyone ships them. The data folder is a throw-away one, so sample
entries never mix with a trainee's.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from cwstrainer import codes
from cwstrainer.records import RecordKind
from cwstrainer.special_projects import S_CSEC_REFERRAL, S_CSEC_VICTIM_BEFORE_CARE, Notebook
from ui.app import create_window
from ui.history import HistoryDialog
from ui.mainwindow import MainWindow
from ui.startdialog import StartChoice, StartDialog

SAMPLE_SCENARIO = "failure-to-protect-removal-2016"


def _settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def fill_sample(window: MainWindow, case_start: dt.date | None = None) -> None:
    """The sample scenario documented correctly, as the letters instruct.

    The README shows these pictures to people learning the documentation, so they show
    the right answer (a test grades it and expects full marks), walked on the Attachment
    A paths: S-CSEC Referral from the day received to the day investigated; the
    Exploitation allegation (Commercial Sexual Exploitation) and General Neglect (Fail/
    Unable to Protect from CSE); General Neglect primary and Exploitation secondary as
    reasons for removal; S-CSEC Victim Before Care from the day the case was opened.
    ``case_start`` puts a different start date on that code (the report picture's mistake).
    """
    door = window.door
    assert door is not None
    (referral,) = door.records.referrals
    (case,) = door.records.cases
    received = dt.date(2016, 10, 24)
    investigated = dt.date(2016, 11, 15)
    sp = door.add_special_project(Notebook.REFERRAL, referral.id)
    door.update(
        RecordKind.SPECIAL_PROJECT,
        sp.id,
        code=S_CSEC_REFERRAL,
        start_date=received,
        end_date=investigated,
    )
    for victim, perpetrator, category, subcategory in (
        ("kaylee", "tremaine", codes.EXPLOITATION, codes.COMMERCIAL_SEXUAL_EXPLOITATION),
        ("kaylee", "dale", codes.GENERAL_NEGLECT, codes.FAIL_TO_PROTECT_FROM_CSE),
    ):
        allegation = door.add_allegation(referral.id)
        door.update(
            RecordKind.ALLEGATION,
            allegation.id,
            victim=victim,
            perpetrator=perpetrator,
            abuse_category=category,
            abuse_subcategory=subcategory,
            disposition=codes.SUBSTANTIATED,
            disposition_date=investigated,
        )
    placement = door.add_placement(referral.id)
    door.update(
        RecordKind.PLACEMENT,
        placement.id,
        child="kaylee",
        removal_date=dt.date(2016, 10, 25),
        facility_type=2200,
        primary_reason=codes.REMOVAL_GENERAL_NEGLECT,
        secondary_reason=codes.REMOVAL_EXPLOITATION,
    )
    sp = door.add_special_project(Notebook.CASE, case.id)
    door.update(
        RecordKind.SPECIAL_PROJECT,
        sp.id,
        code=S_CSEC_VICTIM_BEFORE_CARE,
        start_date=case_start or case.opened,
    )


def render_all(
    out_dir: str | os.PathLike[str], scenarios_dir: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Render the library, every page of every notebook, and the training flow."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="cwstrainer-shots-") as tmp:
        window = create_window(tmp, scenarios_dir, "Sample Trainee", SAMPLE_SCENARIO)
        window.resize(1280, 800)
        window.show()
        assert window.door is not None
        fill_sample(window)
        written += _pages(window, out)
        written += _flow(window, out)
        window.close()
    return written


def _pages(window: MainWindow, out: Path) -> list[Path]:
    """Every notebook page, a refused date, and Save to Database (01 to 08)."""
    assert window.door is not None
    written = []
    n = 1
    for notebook in window.notebooks:
        for page in notebook.page_names():
            window.show_page(notebook.key, page)
            kind = notebook.key.split(":")[0]
            name = f"{n:02d}-{kind}-{page.lower().replace(' ', '-')}.png"
            written.append(_save(window, out / name))
            n += 1
    # Two behaviours a trainee meets: a refused date, and Save to Database.
    target = window._newest_referral(window.door.records) or window.notebooks[0]
    window.show_page(target.key, "Special Projects")
    page = window.current_notebook().current_page()  # type: ignore[union-attr]
    field = page.fields["end_date"]
    field.setText("02/30/2016")
    field.commit()  # type: ignore[attr-defined]
    written.append(_save(window, out / f"{n:02d}-refused-date.png"))
    n += 1
    allegation = window.door.add_allegation(target.referral_id)  # type: ignore[attr-defined]
    window.save_to_database()
    written.append(_save(window, out / f"{n:02d}-save-to-database.png"))
    window.door.delete(RecordKind.ALLEGATION, allegation.id)  # the sample stays right
    return written


def _flow(window: MainWindow, out: Path) -> list[Path]:
    """Sign in, library, a guided step, a report with its timeline, history, assessment."""
    door = window.door
    assert door is not None and window.trainee is not None
    written = []
    trainee, loaded = window.trainee, door.loaded
    window.submit(confirmed=True)  # the sample: full marks
    # A second practice attempt with the classic mistake: Victim Before Care dated from
    # the removal (10/25) instead of the day the case was opened (10/27).
    window.try_again()
    fill_sample(window, case_start=dt.date(2016, 10, 25))
    window.submit(confirmed=True)
    window.report_view.findings.setCurrentItem(_first_wrong(window))
    written.append(_save(window, out / "11-report-timeline.png"))
    # A guided attempt, two steps in: the "+" of the Special Project grid is ringed.
    window.open_choice(StartChoice(trainee, loaded, "guided"))
    assert window.guide is not None
    window.guide.perform(window.guide.step)  # type: ignore[arg-type]
    written.append(_save(window, out / "10-guided-step.png"))
    # The library and the sign-in page.
    library = window.load_library()
    assert library is not None
    dialog = StartDialog(library, window.lobby)
    dialog.show()
    written.append(_save(dialog, out / "09-sign-in.png"))
    dialog.name.setText(trainee.name)
    dialog.sign_in()
    dialog.select_scenario(loaded.scenario.id)
    written.append(_save(dialog, out / "00-open-scenario.png"))
    dialog.close()
    history = HistoryDialog(window.lobby, trainee, library)
    history.show()
    written.append(_save(history, out / "12-history.png"))
    history.close()
    window.open_choice(StartChoice(trainee, loaded, "assessment"))
    written.append(_save(window, out / "13-assessment.png"))
    return written


def _first_wrong(window: MainWindow) -> object:
    tree = window.report_view.findings
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if not item.text(0).endswith("Met"):
            return item
    return tree.topLevelItem(0)
