"""Packs in the app: export ticked scenarios; a hostile pack is refused, listed, unwritten."""

import zipfile

import pytest
from conftest import BUNDLED
from PySide6.QtCore import Qt

from ui.library import load_station_library
from ui.trainer.packs import PacksPage


@pytest.fixture
def page(qtbot, tmp_path):
    station = tmp_path / "station"
    page = PacksPage(station)
    qtbot.addWidget(page)
    page.set_library(load_station_library(BUNDLED, station))
    return page


def tick(page, *ids):
    for i in range(page.scenarios.count()):
        item = page.scenarios.item(i)
        if any(f"— {sid}," in item.text() for sid in ids):
            item.setCheckState(Qt.CheckState.Checked)


def test_ticked_scenarios_export_as_one_pack_and_import_into_the_station(page, tmp_path):
    tick(page, "in-care-victim-2016", "duplicate-referral-2016")
    written = page.export_selected(str(tmp_path / "lab.cwspack"))
    assert written is not None and written.exists()
    with zipfile.ZipFile(written) as zf:
        members = sorted(n for n in zf.namelist() if n.startswith("scenarios/"))
    assert members == ["scenarios/duplicate-referral-2016.yaml",
                       "scenarios/in-care-victim-2016.yaml"]
    assert page.import_pack(str(written))
    assert "added: duplicate-referral-2016, in-care-victim-2016" in page.summary.text()
    assert sorted(p.name for p in page.station.glob("*.yaml")) == [
        "duplicate-referral-2016.yaml", "in-care-victim-2016.yaml"]
    assert page.import_pack(str(written))  # again: kept as they were
    assert "kept as they were: duplicate-referral-2016, in-care-victim-2016" in (
        page.summary.text())


def test_nothing_ticked_exports_nothing(page, tmp_path):
    assert page.export_selected(str(tmp_path / "x.cwspack")) is None
    assert not (tmp_path / "x.cwspack").exists()
    assert "Tick at least one" in page.summary.text()


def listed(page):
    return [page.problems.item(i).text() for i in range(page.problems.count())]


def test_a_hostile_pack_is_refused_with_its_problem_and_writes_nothing(page, tmp_path):
    hostile = tmp_path / "hostile.cwspack"
    with zipfile.ZipFile(hostile, "w") as zf:
        zf.writestr("pack.json", '{"format": "cwstrainer-pack"}')
        zf.writestr("../../escape.yaml", "id: evil\n")
    assert not page.import_pack(str(hostile))
    assert any("escape.yaml" in p and "outside" in p for p in listed(page))
    assert "refused and nothing was written" in page.summary.text()
    assert not page.station.exists() or list(page.station.rglob("*")) == []
    assert not (tmp_path / "escape.yaml").exists()


def test_every_problem_of_a_refused_pack_is_listed_and_the_good_files_wait(page, tmp_path):
    good = (BUNDLED / "in-care-victim-2016.yaml").read_bytes()
    broken = good.replace(b"today: 2016-11-04", b"today: 2016-13-04")
    worse = good.replace(b"id: in-care-victim-2016", b"id: other-2016").replace(
        b"difficulty: easy", b"difficulty: trivial").replace(b"pass_mark: 80", b"pass_mark: 180")
    pack = tmp_path / "mixed.cwspack"
    with zipfile.ZipFile(pack, "w") as zf:
        zf.writestr("scenarios/good.yaml", good)
        zf.writestr("scenarios/broken.yaml", broken)
        zf.writestr("scenarios/worse.yaml", worse)
    assert not page.import_pack(str(pack))
    problems = listed(page)
    assert len(problems) >= 3  # one in broken.yaml, two in worse.yaml
    assert any("broken.yaml" in p for p in problems)
    assert sum("worse.yaml" in p for p in problems) >= 2
    assert f"{len(problems)} problem(s)" in page.summary.text()
    assert not page.station.exists() or list(page.station.rglob("*.yaml")) == []


def test_an_unchanged_bundled_scenario_in_the_station_is_not_a_problem(tmp_path):
    """A pack that holds a bundled scenario as it is made every trainee see "Some scenario
    files could not be used … raise its version" (issue 16): the same bytes say nothing;
    a changed file at the same version is still named."""
    import shutil

    station = tmp_path / "scenarios"
    station.mkdir()
    shutil.copy(BUNDLED / "in-care-victim-2016.yaml", station)
    assert load_station_library(BUNDLED, station).problems == ()
    changed = station / "in-care-victim-2016.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# a county note\n", "utf-8")
    (problem,) = load_station_library(BUNDLED, station).problems
    assert "raise its version" in problem.message
