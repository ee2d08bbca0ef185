"""Render the trainer, with sample data, to PNG files (``main.py --screenshots``).

Every notebook page, then the training flow: sign in, the scenario library, a guided
step, a report with its timeline (one deliberate mistake, so the timeline shows a wrong
start date), the history, and an assessment in progress; then trainer mode: the
passphrase, authoring with a problem marked, the answer key, the results dashboard with
its heat map, an attempt with a trainer's note, packs, and exports with the LRS.

Pictures are for looking at, as a trainee would: clipped labels, overlaps and empty boxes
show up here before anyone ships them. The data folder is a throw-away one, so sample
entries never mix with a trainee's.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
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
        written += _trainer(window, out)
        written += _grid(window, out)
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


GRID_SCENARIO = "grid-at-risk-then-victim-2017"


def _grid(window: MainWindow, out: Path) -> list[Path]:
    """The Client notebook's CSEC Data Grid (ACL 16-49): the At Risk row already there,
    end-dated, and a Victim During Foster Care row added; then a second At Risk row left
    open beside the first, refused at Save to Database with CWS/CMS's words."""
    library = window.load_library()
    assert library is not None and window.trainee is not None
    loaded = next(ls for ls in library.scenarios if ls.scenario.id == GRID_SCENARIO)
    window.open_choice(StartChoice(window.trainee, loaded, "practice"))
    door = window.door
    assert door is not None
    (saved,) = door.records.csec_rows
    door.update(RecordKind.CSEC, saved.id, end_date=dt.date(2017, 2, 18))
    row = door.add_csec_row(saved.client)
    door.update(RecordKind.CSEC, row.id, csec_type=6869, start_date=dt.date(2017, 2, 18))
    key = f"client:{saved.client}"
    window.show_page(key, "CSEC Data Grid")
    written = [_save(window, out / "22-client-csec-grid.png")]
    extra = door.add_csec_row(saved.client)
    door.update(RecordKind.CSEC, extra.id, csec_type=6869, start_date=dt.date(2017, 3, 1))
    window.save_to_database()
    written.append(_save(window, out / "23-grid-refused-at-save.png"))
    return written


def _first_wrong(window: MainWindow) -> object:
    tree = window.report_view.findings
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if not item.text(0).endswith("Met"):
            return item
    return tree.topLevelItem(0)


SCREENSHOT_PASSPHRASE = "screenshots-only"  # a throw-away station's, never a real one
LAB = ("Ana Lopez", "Ben Okafor", "Cy Tran", "Dee Park", "Eli Moss", "Fay Ng", "Gus Roy")


def _lab_results(window: MainWindow) -> None:
    """A small lab's results: right answers, the classic mistake, and empty submissions."""
    from cwstrainer.grading import grade

    library = window.load_library()
    assert library is not None
    sample = library.loaded(SAMPLE_SCENARIO)
    assert sample is not None
    window.lobby.set_cohort("ER Academy, Jan 2027")
    for i, name in enumerate(LAB):
        window.open_attempt(name, sample, "practice")
        if i % 3 != 2:
            fill_sample(window, case_start=dt.date(2016, 10, 25) if i % 3 == 1 else None)
        window.submit(confirmed=True)
    store = window.lobby.store
    others = [s for s in library.scenarios if s.scenario.id != SAMPLE_SCENARIO][:4]
    for n, loaded in enumerate(others):
        for name in LAB[: 3 + n]:
            trainee = store.sign_in(name)
            attempt = store.start_attempt(
                trainee, loaded, "practice", cohort="ER Academy, Jan 2027"
            )
            report = grade(loaded.scenario, store.records(attempt.id))
            store.submit(attempt.id, report.score, report.possible, report.passed, report.to_json())


def _trainer(window: MainWindow, out: Path) -> list[Path]:
    """Trainer mode: passphrase, authoring, answer key, dashboard, drill-down, packs, LRS."""
    from cwstrainer import lrs
    from ui.trainer.attemptview import AttemptsDialog
    from ui.trainer.passphrase import PassphraseDialog

    written = []
    dialog = PassphraseDialog(first_use=False)
    dialog.show()
    written.append(_save(dialog, out / "14-trainer-passphrase.png"))
    dialog.close()
    _lab_results(window)
    assert window.gate.unlock_with(SCREENSHOT_PASSPHRASE, first_use=True)
    assert window.enter_trainer_mode()
    tools = window.trainer_window
    assert tools is not None
    tools.resize(1280, 800)
    page = tools.authoring
    assert window.scenarios_dir is not None
    page.open_path(Path(window.scenarios_dir) / f"{SAMPLE_SCENARIO}.yaml")
    page.previews.setCurrentWidget(page.key)
    written.append(_save(tools, out / "16-authoring-answer-key.png"))
    text = page.editor.toPlainText().replace("today: 2016-11-18", "today: 2016-11-31", 1)
    text = text.replace("difficulty: medium", "difficulty: tricky", 1)
    page.editor.setPlainText(text)
    page.validate()
    if page.problems:
        page.problem_list.setCurrentRow(0)
        page.editor.go_to(page.problems[0].line, page.problems[0].column)
    written.append(_save(tools, out / "15-authoring-problem.png"))
    page.editor.setPlainText(page.opened_text)  # leave it unchanged
    page.validate()
    tools.show_tab(tools.dashboard)
    tools.dashboard.reload()
    QThreadPool.globalInstance().waitForDone()  # the heat map is counted on the pool
    _settle()
    written.append(_save(tools, out / "17-dashboard-heat-map.png"))
    model = tools.dashboard.model
    cell = next(  # the classic mistake: Victim Before Care dated from the removal
        c for c in model.rows if c.scenario_id == SAMPLE_SCENARIO and c.last_percent < 100
    )
    view = AttemptsDialog(
        window.lobby,
        window.load_library(),
        cell.trainee_id,
        cell.trainee,
        cell.scenario_id,
        cell.last_attempt_id,
    )
    view.author.setText("M. Ortiz (trainer)")
    view.note.setPlainText(
        "Reviewed the Victim Before Care start date together: the day "
        "the case was opened, not the removal."
    )
    view.add_note()
    view.show()
    written.append(_save(view, out / "18-attempt-and-notes.png"))
    view.close()
    tools.show_tab(tools.packs)
    for i in range(min(3, tools.packs.scenarios.count())):
        item = tools.packs.scenarios.item(i)
        item.setCheckState(Qt.CheckState.Checked)
    tools.packs.import_pack(str(_refused_pack(window.data_dir)))  # the throw-away folder
    written.append(_save(tools, out / "19-packs-refused.png"))
    exports = tools.exports
    tools.show_tab(exports)
    exports.endpoint.setText("https://lrs.academy.example/xAPI/")
    exports.username.setText("er-academy-lab-3")
    exports.password.setText("not-a-real-password")
    exports.save_lrs()
    lrs.enqueue_submitted(window.lobby.store, lrs.configured(window.lobby.store).home_page)  # type: ignore[union-attr]
    exports.update_pending()
    exports.import_summary.addItem(
        "laptop-07-results.jsonl: 12 attempt(s) imported, 0 already here, 4 new trainee(s)."
    )
    exports.import_summary.addItem(
        "laptop-07-results.jsonl: 0 attempt(s) imported, 12 already here, 0 new trainee(s)."
    )
    written.append(_save(tools, out / "20-exports-and-lrs.png"))
    tools.close()
    return written


def _refused_pack(folder: Path) -> Path:
    """A pack a trainer might be sent: one good scenario, two with mistakes."""
    import zipfile

    good = Path(__file__).resolve().parent.parent / "scenarios" / f"{SAMPLE_SCENARIO}.yaml"
    text = good.read_text(encoding="utf-8")
    pack = folder / "cwstrainer-screenshot-lab.cwspack"
    with zipfile.ZipFile(pack, "w") as zf:
        zf.writestr("scenarios/kaylee.yaml", text)
        zf.writestr(
            "scenarios/kaylee-draft.yaml",
            text.replace("id: failure-to-protect-removal-2016", "id: kaylee-draft-2016").replace(
                "today: 2016-11-18", "today: 2016-11-31"
            ),
        )
        zf.writestr("scenarios/notes.yaml", "id: Not An Id\ntitle: notes\n")
    return pack
