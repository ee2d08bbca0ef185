"""Authoring in the app: live validation marks and jumps, previews, Try It, careful saving."""

from pathlib import Path

import pytest
from conftest import BUNDLED, SCENARIO, SCENARIOS
from PySide6.QtCore import Qt
from uidriver import unlock

from cwstrainer.scenario.loader import load_file
from ui.library import load_station_library, station_folder
from ui.prompts import Confirm, SavePath
from ui.trainer.authoring import AuthoringPage, template_text

WORKED = BUNDLED / "in-care-victim-2016.yaml"


@pytest.fixture
def page(qtbot, tmp_path):
    station = tmp_path / "station"
    station.mkdir()
    page = AuthoringPage(BUNDLED, station)
    qtbot.addWidget(page)
    page.show()
    return page


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_problem_is_listed_marked_at_its_line_and_activating_it_jumps_there(qtbot, page):
    assert page.open_path(WORKED)
    assert page.problems == []
    text = page.editor.toPlainText().replace("today: 2016-11-04", "today: 2016-13-04")
    with qtbot.waitSignal(page.validated, timeout=3000) as signal:
        page.editor.setPlainText(text)  # live: checked after a pause in typing
    problems = signal.args[0]
    wanted = line_of(text, "today: 2016-13-04")
    assert [p.line for p in problems] == [wanted]
    assert page.editor.problem_lines() == {wanted}
    item = page.problem_list.item(0)
    assert item.text().startswith(f"Line {wanted}, column")
    page.editor.go_to(1)
    page.problem_list.itemActivated.emit(item)  # Enter (or a click) on the problem
    assert page.editor.current_line() == wanted
    assert page.editor.hasFocus()
    assert not page.try_button.isEnabled()
    assert "problem" in page.key.toPlainText()


def test_f8_goes_round_the_problems(page, qtbot):
    page.open_path(WORKED)
    text = page.editor.toPlainText()
    text = text.replace("difficulty: easy", "difficulty: trivial").replace(
        "pass_mark: 80", "pass_mark: 180")
    page.editor.setPlainText(text)
    lines = sorted(p.line for p in page.validate())
    assert len(lines) == 2
    page.editor.go_to(1)
    qtbot.keyClick(page.editor, Qt.Key.Key_F8)
    assert page.editor.current_line() == lines[0]
    qtbot.keyClick(page.editor, Qt.Key.Key_F8)
    assert page.editor.current_line() == lines[1]
    qtbot.keyClick(page.editor, Qt.Key.Key_F8)
    assert page.editor.current_line() == lines[0]  # round again


def test_the_previews_show_the_brief_and_the_answer_key_the_rules_derive(page):
    page.open_path(BUNDLED / "failure-to-protect-removal-2016.yaml")
    brief = page.brief.toPlainText()
    scenario = load_file(BUNDLED / "failure-to-protect-removal-2016.yaml").scenario
    assert scenario.title in brief and "Today in this scenario" in brief
    key = page.key.toPlainText()
    assert "S-CSEC Referral on referral R1" in key
    assert "S-CSEC Referral start date on referral R1" in key and "10/24/2016" in key
    assert "S-CSEC Victim Before Care on case C1" in key and "critical" in key
    assert "primary General Neglect, secondary Exploitation" in key
    assert "perpetrator of the Exploitation allegation" in key and "OAKES, Tremaine" in key
    assert "Client CSEC codes on the case (ACL 15-49)" in key


def test_a_new_scenario_starts_from_the_worked_example_and_is_valid(page):
    assert page.new_from_template()
    assert page.path is None and page.problems == []
    assert "id: new-scenario-2016" in page.editor.toPlainText()
    assert "yaml-language-server" not in template_text()


def test_saving_warns_when_the_content_changed_but_not_the_version(page, monkeypatch, tmp_path):
    target = page.station / "mine.yaml"
    target.write_text(WORKED.read_text())
    page.open_path(target)
    page.editor.setPlainText(page.editor.toPlainText().replace("pass_mark: 80", "pass_mark: 75"))
    questions = []
    monkeypatch.setattr(Confirm, "ask", classmethod(
        lambda cls, parent, title, text: questions.append(title) or False))
    assert not page.save()
    assert questions == ["Version Not Raised"]
    assert "pass_mark: 80" in target.read_text()  # nothing written
    page.editor.setPlainText(page.editor.toPlainText().replace("version: 1", "version: 2"))
    assert page.save()  # the version was raised: no question
    assert questions == ["Version Not Raised"]
    assert "version: 2" in target.read_text() and "pass_mark: 75" in target.read_text()


def test_saving_notices_a_file_changed_on_disk(page, monkeypatch):
    target = page.station / "mine.yaml"
    target.write_text(WORKED.read_text())
    page.open_path(target)
    target.write_text(WORKED.read_text().replace("pass_mark: 80", "pass_mark: 60"))  # another
    page.editor.setPlainText(page.editor.toPlainText().replace("version: 1", "version: 3"))
    questions = []
    monkeypatch.setattr(Confirm, "ask", classmethod(
        lambda cls, parent, title, text: questions.append(title) or False))
    assert not page.save()
    assert questions == ["File Changed on Disk"]
    assert "pass_mark: 60" in target.read_text()


def test_a_bundled_scenario_is_saved_as_a_station_copy_never_in_place(page, monkeypatch):
    page.open_path(WORKED)
    page.editor.setPlainText(page.editor.toPlainText().replace("version: 1", "version: 2"))
    suggested = []
    monkeypatch.setattr(SavePath, "ask", classmethod(
        lambda cls, parent, title, path, filters: suggested.append(path) or path))
    with pytest.MonkeyPatch.context() as m:
        m.setattr(Confirm, "ask", classmethod(lambda cls, *a: pytest.fail(str(a))))
        assert page.save()
    assert suggested == [str(page.station / "in-care-victim-2016.yaml")]
    assert "version: 1" in WORKED.read_text()
    library = load_station_library(BUNDLED, page.station)
    assert library.loaded("in-care-victim-2016").scenario.version == 2
    assert "station version 2, which replaces bundled version 1" in library.origins[
        "in-care-victim-2016"]


def test_an_equal_version_in_the_station_is_not_used_and_says_why(tmp_path):
    station = tmp_path / "s"
    station.mkdir()
    (station / "copy.yaml").write_text(WORKED.read_text().replace("pass_mark: 80", "pass_mark: 1"))
    library = load_station_library(BUNDLED, station)
    assert library.loaded("in-care-victim-2016").scenario.pass_mark == 80
    assert any("not higher" in p.message for p in library.problems)


def test_try_it_opens_a_practice_attempt_kept_apart_from_trainees(window, data_dir, monkeypatch):
    tools = unlock(window, monkeypatch)
    page = tools.authoring
    page.open_path(SCENARIOS / f"{SCENARIO}.yaml")
    page.editor.setPlainText(page.editor.toPlainText().replace(
        'title: "UI test:', 'title: "Draft:'))  # unsaved text is what is tried
    assert page.try_it()
    preview = window.previews[-1]
    assert preview.is_preview and preview.isVisible()
    assert preview.door.mode == "practice" and not preview.door.read_only
    assert preview.trainee.name == "(trainer preview)"
    assert preview.door.scenario.title.startswith("Draft:")
    assert preview.data_dir == data_dir / "trainer-preview"
    assert "TRAINER PREVIEW" in preview.banner.text()
    names = [t.name for t in window.lobby.store.trainees()]
    assert "(trainer preview)" not in names  # the station's results never see it
    preview.close()
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))  # discard the draft


def test_a_saved_scenario_joins_the_library(window, monkeypatch):
    tools = unlock(window, monkeypatch)
    page = tools.authoring
    page.new_from_template()
    monkeypatch.setattr(SavePath, "ask", classmethod(lambda cls, p, t, path, f: path))
    assert page.save()
    assert Path(page.path).parent == station_folder(window.data_dir)
    library = window.load_library()
    assert library.loaded("new-scenario-2016") is not None
    assert library.origins["new-scenario-2016"] == "station"
    assert any("new-scenario-2016" in tools.packs.scenarios.item(i).text()
               for i in range(tools.packs.scenarios.count()))


def test_save_as_on_a_new_station_opens_in_the_station_folder(qtbot, tmp_path, monkeypatch):
    """On a new station the data folder's scenarios/ did not exist yet, so Save As opened in
    the program's folder and the first scenario landed outside the library (issue 16)."""
    station = tmp_path / "data" / "scenarios"  # not made yet
    page = AuthoringPage(BUNDLED, station)
    qtbot.addWidget(page)
    page.new_from_template()
    offered: list[str] = []

    def ask(cls, parent, title, path, filters):
        offered.append(path)
        return path

    monkeypatch.setattr(SavePath, "ask", classmethod(ask))
    assert page.save_as()
    assert station.is_dir() and Path(offered[0]).parent == station
    assert Path(page.path).parent == station
