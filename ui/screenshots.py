"""Render every notebook page, with sample data, to PNG files (``main.py --screenshots``).

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
from ui.app import BUNDLED_SCENARIOS, create_window
from ui.mainwindow import MainWindow
from ui.startdialog import StartDialog

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


def fill_sample(window: MainWindow) -> None:
    """The sample scenario documented correctly, as the letters instruct.

    The README shows these pictures to people learning the documentation, so they show
    the right answer (a test grades it and expects full marks), walked on the Attachment
    A paths: S-CSEC Referral from the day received to the day investigated; the
    Exploitation allegation (Commercial Sexual Exploitation) and General Neglect (Fail/
    Unable to Protect from CSE); General Neglect primary and Exploitation secondary as
    reasons for removal; S-CSEC Victim Before Care from the day the case was opened.
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
        RecordKind.SPECIAL_PROJECT, sp.id, code=S_CSEC_VICTIM_BEFORE_CARE, start_date=case.opened
    )


def render_all(
    out_dir: str | os.PathLike[str], scenarios_dir: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Render the start dialog and every page of every notebook; the files written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="cwstrainer-shots-") as tmp:
        window = create_window(tmp, scenarios_dir, "Sample Trainee", SAMPLE_SCENARIO)
        window.resize(1280, 800)
        window.show()
        assert window.door is not None
        from cwstrainer.scenario.loader import load_library

        dialog = StartDialog(load_library([scenarios_dir or BUNDLED_SCENARIOS]), "Sample Trainee")
        dialog.show()
        written.append(_save(dialog, out / "00-open-scenario.png"))
        dialog.close()
        fill_sample(window)
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
        window.door.add_allegation(target.referral_id)  # type: ignore[attr-defined]
        window.save_to_database()
        written.append(_save(window, out / f"{n:02d}-save-to-database.png"))
        window.close()
    return written
