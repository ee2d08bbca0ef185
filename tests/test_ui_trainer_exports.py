"""Exports and collection in trainer mode; the LRS queued at submission, sent off-thread."""

import csv
import json
import socket

import pytest
from conftest import SCENARIO, SCENARIOS
from uidriver import submit_attempts, unlock

from cwstrainer import lrs
from cwstrainer.store.store import Store
from ui.app import create_window
from ui.prompts import Confirm


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tools(window, data_dir, monkeypatch):
    submit_attempts(data_dir, SCENARIOS, ["Ana Lopez", "Ben Okafor", "Cy Tran"], SCENARIO)
    tools = unlock(window, monkeypatch)
    window.open_trainer_tool("exports")
    return tools


def test_csv_exports_write_attempts_and_findings(tools, tmp_path):
    folder = tools.exports.export_csv(str(tmp_path / "out"))
    assert folder is not None
    with (folder / "attempts.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 3
    with (folder / "findings.csv").open(newline="") as fh:
        assert len(list(csv.DictReader(fh))) > 3
    assert "3 attempt(s)" in tools.exports.message.text()


def test_xapi_statements_are_written_as_json_lines(tools, tmp_path):
    path = tools.exports.export_xapi(str(tmp_path / "statements.jsonl"))
    lines = path.read_text().splitlines()
    assert len(lines) >= 3
    assert all("verb" in json.loads(line) for line in lines)


def test_results_files_from_other_laptops_import_once(tools, tmp_path, qtbot):
    laptop = tmp_path / "laptop"
    submit_attempts(laptop, SCENARIOS, ["Dee Park", "Ana Lopez"], SCENARIO)
    other = create_window(laptop, SCENARIOS)
    qtbot.addWidget(other)
    exported = tmp_path / "laptop-results.jsonl"
    from ui.trainer.exports import ExportsPage

    page = ExportsPage(other.lobby, other.lrs_sender)
    qtbot.addWidget(page)
    assert page.export_results(str(exported)) == exported
    assert tools.exports.import_results([str(exported), str(exported)]) == 2
    summary = [
        tools.exports.import_summary.item(i).text()
        for i in range(tools.exports.import_summary.count())
    ]
    assert summary == [
        "laptop-results.jsonl: 2 attempt(s) imported, 0 already here, 1 new trainee(s).",
        "laptop-results.jsonl: 0 attempt(s) imported, 2 already here, 0 new trainee(s).",
    ]


def laptop_results(tmp_path, qtbot, names):
    """A laptop's results file (its attempts at the test scenario)."""
    laptop = tmp_path / "laptop"
    submit_attempts(laptop, SCENARIOS, names, SCENARIO)
    other = create_window(laptop, SCENARIOS)
    qtbot.addWidget(other)
    from ui.trainer.exports import ExportsPage

    page = ExportsPage(other.lobby, other.lrs_sender)
    qtbot.addWidget(page)
    return page.export_results(str(tmp_path / "laptop-results.jsonl"))


def test_a_tampered_results_line_is_graded_again_and_shown(tools, tmp_path, qtbot):
    exported = laptop_results(tmp_path, qtbot, ["Dee Park", "Eli Moss"])
    lines = exported.read_text().splitlines()
    data = json.loads(lines[1])
    possible = data["report"]["possible"]
    data["attempt"].update(score=possible, passed=True)
    data["report"].update(score=possible, passed=True)
    lines[1] = json.dumps(data)
    exported.write_text("\n".join(lines) + "\n")
    assert tools.exports.import_results([str(exported)]) == 2
    summary = [
        tools.exports.import_summary.item(i).text()
        for i in range(tools.exports.import_summary.count())
    ]
    assert summary[0].startswith(
        "laptop-results.jsonl: 2 attempt(s) imported, 0 already "
        "here, 2 new trainee(s); 1 stated a grade that differs"
    )
    assert summary[1].startswith("laptop-results.jsonl, line 2: Eli Moss's attempt")
    assert f"the file says {possible:g} of {possible:g}, passed" in summary[1]
    assert "graded again from its records: 0 of" in summary[1] and "Not passed" in summary[1]
    store = Store.open(tools.exports.lobby.data_dir)
    try:
        eli = store.attempts(store.sign_in("Eli Moss").id)[0]
    finally:
        store.close()
    assert eli.passed is False and eli.score == 0


def test_a_results_line_on_a_scenario_not_here_is_refused_with_its_line(tools, tmp_path, qtbot):
    exported = laptop_results(tmp_path, qtbot, ["Dee Park"])
    data = json.loads(exported.read_text())
    data["attempt"]["scenario_version"] = 5
    exported.write_text(json.dumps(data) + "\n")
    assert tools.exports.import_results([str(exported)]) == 0
    line = tools.exports.import_summary.item(0).text()
    assert line == (
        f"laptop-results.jsonl: refused, nothing imported from it — line 1: scenario "
        f"'{SCENARIO}' version 5 is not in this station's library (it holds version 1); "
        "import its pack first"
    )


def test_a_broken_results_file_is_refused_with_its_line(tools, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    assert tools.exports.import_results([str(bad)]) == 0
    line = tools.exports.import_summary.item(0).text()
    assert line.startswith("bad.jsonl: refused, nothing imported") and "1:" in line


def test_lrs_down_is_a_message_and_the_statements_stay_queued(
    tools, window, data_dir, monkeypatch, qtbot
):
    page = tools.exports
    page.endpoint.setText(f"http://127.0.0.1:{unused_port()}/xAPI/")
    page.username.setText("lab-key")
    page.password.setText("secret")
    page.save_lrs_button.click()
    assert "0 statement(s) queued" in page.pending.text()
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    with qtbot.waitSignal(window.lrs_sender.finished, timeout=20000) as sent:
        assert window.submit()
        assert window.lrs_sender.busy  # the window went on: sending is in the background
    result, error = sent.args
    assert "cannot be reached" in error
    assert "LRS: not sent" in window.lrs_label.text()
    store = Store.open(data_dir)
    try:
        queued = lrs.pending(store)
    finally:
        store.close()
    assert queued > 0 and result.queued == queued
    assert f"{queued} statement(s) stay queued" in page.message.text()
    with qtbot.waitSignal(window.lrs_sender.finished, timeout=20000):
        page.send_button.click()  # Send Now queues the older attempts too, and fails again
    assert "stay queued" in page.message.text()
    assert "statement(s) queued to http://127.0.0.1" in page.pending.text()


def test_no_lrs_means_nothing_is_queued_at_submission(window, data_dir, monkeypatch):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    assert window.submit()
    assert not window.lrs_sender.busy
    assert lrs.pending(window.lobby.store) == 0


def test_lrs_settings_fields_are_named_by_their_labels(tools):
    page = tools.exports
    assert [
        f.accessibleName() for f in (page.endpoint, page.username, page.password, page.home_page)
    ] == ["LRS Endpoint", "LRS Username", "LRS Password", "Academy Home Page"]
    page.endpoint.setText("ftp://nowhere")
    page.username.setText("x")
    assert not page.save_lrs()
    assert "LRS Endpoint" in page.message.text()


@pytest.fixture(scope="module")
def ralph(tmp_path_factory):
    from tests.lrs import server

    running = server.start(tmp_path_factory.mktemp("ralph"))
    yield running
    running.stop()


def test_send_now_delivers_to_a_real_lrs_in_the_background(tools, ralph, qtbot):
    page = tools.exports
    page.endpoint.setText(ralph.endpoint)
    page.username.setText(ralph.username)
    page.password.setText(ralph.password)
    assert page.save_lrs()
    with qtbot.waitSignal(tools.exports.sender_.finished, timeout=60000) as sent:
        assert page.send_now()
    result, error = sent.args
    assert error == ""
    assert result.sent > 0 and result.queued == 0
    assert f"Sent {result.sent} statement(s); 0 still queued." == page.message.text()


def test_lrs_settings_made_at_the_command_line_show_on_the_page(tools, data_dir, monkeypatch):
    """The LRS fields stayed blank after `cwstrainer lrs configure` (issue 16): the page
    shows what the station holds each time it is shown."""
    from cwstrainer.cli import main as cli

    assert tools.exports.endpoint.text() == ""
    tools.tabs.setCurrentWidget(tools.dashboard)
    from cwstrainer.commands.lrs import PASSWORD_ENV

    monkeypatch.setenv(PASSWORD_ENV, "secret-1")
    code = cli(
        [
            "--data-dir",
            str(data_dir),
            "lrs",
            "configure",
            "http://127.0.0.1:8100/xAPI/",
            "county-lab",
        ]
    )
    assert code == 0
    tools.tabs.setCurrentWidget(tools.exports)
    assert tools.exports.endpoint.text() == "http://127.0.0.1:8100/xAPI/"
    assert tools.exports.username.text() == "county-lab"
