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
from cwstrainer.special_projects import (
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_DURING_CARE,
    Notebook,
)
from ui.app import BUNDLED_SCENARIOS, create_window
from ui.mainwindow import MainWindow
from ui.startdialog import StartDialog

SAMPLE_SCENARIO = "in-care-victim-2016"


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
    """Sample entries: the Attachment A paths walked once, as a trainee would."""
    door = window.door
    assert door is not None
    records = door.records
    referral = max(records.referrals, key=lambda r: (r.received_date or dt.date.min, r.id))
    children = [c["client_key"] for c in door.clients if c["role"] == "child"]
    adults = [c["client_key"] for c in door.clients if c["role"] != "child"]
    sp = door.add_special_project(Notebook.REFERRAL, referral.id)
    door.update(
        RecordKind.SPECIAL_PROJECT,
        sp.id,
        code=S_CSEC_REFERRAL,
        start_date=referral.received_date,
    )
    allegation = door.add_allegation(referral.id)
    door.update(
        RecordKind.ALLEGATION,
        allegation.id,
        victim=children[0],
        perpetrator=adults[0] if adults else None,
        abuse_category=codes.EXPLOITATION,
        abuse_subcategory=codes.COMMERCIAL_SEXUAL_EXPLOITATION,
        disposition=codes.SUBSTANTIATED,
        disposition_date=door.today - dt.timedelta(days=7),
    )
    placement = door.add_placement(referral.id)
    door.update(
        RecordKind.PLACEMENT,
        placement.id,
        child=children[0],
        removal_date=door.today,
        primary_reason=codes.REMOVAL_GENERAL_NEGLECT,
        secondary_reason=codes.REMOVAL_EXPLOITATION,
    )
    for case in records.cases:
        sp = door.add_special_project(Notebook.CASE, case.id)
        door.update(
            RecordKind.SPECIAL_PROJECT,
            sp.id,
            code=S_CSEC_VICTIM_DURING_CARE,
            start_date=case.opened,
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
