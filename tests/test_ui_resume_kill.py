"""An unfinished attempt survives SIGKILL: it resumes on its page with every entry made."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap

from conftest import ROOT, SCENARIO, SCENARIOS

from cwstrainer.special_projects import S_CSEC_VICTIM_DURING_CARE, Notebook

CHILD = textwrap.dedent(
    """
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.app import application, create_window
    data_dir, scenarios, scenario = sys.argv[1:4]
    window = create_window(data_dir, scenarios, "Kill Trainee", scenario, "guided")
    window.show()
    case = next(n for n in window.notebooks if n.kind == "Case")
    window.show_notebook(case)
    page = case.show_page("Special Projects")
    page.add_button.click()
    page.fields["code"].setCurrentText("S-CSEC Victim During Care")
    field = page.fields["start_date"]
    field.setText("09/24/2016")
    field.commit()
    print(json.dumps({"attempt": window.door.attempt.id}), flush=True)
    application().exec()  # the trainee is still working when the machine dies
    """
)


def test_an_attempt_resumes_after_the_process_is_killed(qtbot, data_dir):
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), str(SCENARIOS), SCENARIO],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = child.stdout.readline()  # waits for the entries to be made
        attempt = json.loads(line)["attempt"]
        assert child.poll() is None  # still running: no clean shutdown
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    from ui.app import create_window

    window = create_window(data_dir, SCENARIOS, "Kill Trainee", SCENARIO)
    qtbot.addWidget(window)
    window.show()
    assert window.door.attempt.id == attempt
    assert window.door.mode == "guided"  # resumed in its own mode
    notebook = window.current_notebook()
    assert notebook.kind == "Case"
    assert notebook.current_page().page_name == "Special Projects"
    rows = window.door.records.special_projects
    assert [(r.notebook, r.code, r.start_date) for r in rows] == [
        (Notebook.CASE, S_CSEC_VICTIM_DURING_CARE, dt.date(2016, 9, 24))
    ]
    page = notebook.current_page()
    assert page.fields["start_date"].text() == "09/24/2016"
    assert window.guide is not None and window.guide_bar.isVisible()
