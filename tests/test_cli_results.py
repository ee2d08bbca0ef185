"""The academy's command line: results out and in, packs, and the LRS settings."""

import csv
import json
from pathlib import Path

import pytest

from cwstrainer.cli import main
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """A data folder with one submitted attempt."""
    folder = tmp_path / "laptop"
    store = Store.open(folder)
    submit_example(store, "Ana Ruiz", mode="assessment")
    store.close()
    return folder


def test_results_csv_and_xapi(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(laptop), "results", "csv", str(tmp_path / "out")]) == 0
    rows = list(csv.DictReader((tmp_path / "out" / "attempts.csv").open(encoding="utf-8-sig")))
    assert [r["trainee"] for r in rows] == ["Ana Ruiz"]
    assert (
        main(
            [
                "--data-dir",
                str(laptop),
                "results",
                "xapi",
                str(tmp_path / "s.jsonl"),
                "--home-page",
                "https://academy.example/",
            ]
        )
        == 0
    )
    first = json.loads((tmp_path / "s.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["actor"]["account"]["homePage"] == "https://academy.example/"
    out = capsys.readouterr().out
    assert "1 attempt(s)" in out and "statement(s) written" in out


def test_results_from_a_laptop_into_the_station_once(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "laptop.jsonl"
    station = tmp_path / "station"
    assert main(["--data-dir", str(laptop), "results", "export", str(file)]) == 0
    assert main(["--data-dir", str(station), "results", "import", str(file), str(file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2].endswith("1 attempt(s) imported, 0 already here, 1 new trainee(s)")
    assert lines[-1].endswith("0 attempt(s) imported, 1 already here, 0 new trainee(s)")


def test_a_bad_results_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_text('{"format": "nope"}\n', encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "s"), "results", "import", str(file)]) == 2
    assert "bad.jsonl:1: not a cwstrainer-results line" in capsys.readouterr().err


def test_pack_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "course.cwspack"
    assert main(["pack", "export", str(pack), str(EXAMPLE_PATH)]) == 0
    assert main(["--data-dir", str(tmp_path / "d"), "pack", "import", str(pack)]) == 0
    assert (tmp_path / "d" / "scenarios" / "in-care-victim-2016.yaml").exists()
    assert "1 added, 0 updated" in capsys.readouterr().out


def test_lrs_settings_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "lrs", "send"]) == 1
    assert "no LRS configured" in capsys.readouterr().out
    monkeypatch.setenv("CWSTRAINER_LRS_PASSWORD", "secret")
    assert main([*data, "lrs", "configure", "https://lrs.example/xAPI/", "key"]) == 0
    assert main([*data, "lrs", "status"]) == 0
    assert "0 statement(s) queued (https://lrs.example/xAPI/)" in capsys.readouterr().out
    assert main([*data, "lrs", "off"]) == 0
    assert main([*data, "lrs", "configure", "ftp://x", "key"]) == 2
    assert "LRS Endpoint" in capsys.readouterr().err


def test_a_tampered_results_line_is_imported_with_its_records_grade_and_printed(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "laptop.jsonl"
    assert main(["--data-dir", str(laptop), "results", "export", str(file)]) == 0
    data = json.loads(file.read_text(encoding="utf-8"))
    data["attempt"]["score"] = 0.0  # the laptop's honest grade, lowered
    file.write_text(json.dumps(data) + "\n", encoding="utf-8")
    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "results", "import", str(file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith(
        "1 attempt(s) imported, 0 already here, 1 new trainee(s); 1 stated a grade that "
        "differs from the grade of its records, and was kept with the grade of its records"
    )
    assert out[-1].startswith("  line 1: Ana Ruiz's attempt")
    assert "the file says 0 of " in out[-1] and "graded again from its records" in out[-1]
    store = Store.open(station)
    try:
        (attempt,) = store.attempts()
        assert attempt.score == data["report"]["score"] > 0  # the records' grade, not the file's
    finally:
        store.close()


def test_a_results_line_on_a_scenario_version_not_here_is_refused(
    laptop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "laptop.jsonl"
    assert main(["--data-dir", str(laptop), "results", "export", str(file)]) == 0
    data = json.loads(file.read_text(encoding="utf-8"))
    data["attempt"]["scenario_version"] = 9
    file.write_text(json.dumps(data) + "\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "s"), "results", "import", str(file)]) == 2
    assert (
        "laptop.jsonl:1: scenario 'in-care-victim-2016' version 9 is not in this station's "
        "library (it holds version 1); import its pack first"
    ) in capsys.readouterr().err


def test_exports_make_the_folder_they_are_written_to(tmp_path):
    """`results xapi`, `results export` and `pack export` raised FileNotFoundError when
    the output folder did not exist yet (issue 16): the folder is made."""
    from cwstrainer.cli import main as cli

    data = str(tmp_path / "data")
    xapi_file = tmp_path / "new" / "a" / "statements.jsonl"
    export_file = tmp_path / "new" / "b" / "laptop.jsonl"
    pack_file = tmp_path / "new" / "c" / "course.cwspack"
    assert cli(["--data-dir", data, "results", "xapi", str(xapi_file)]) == 0
    assert cli(["--data-dir", data, "results", "export", str(export_file)]) == 0
    scenarios = Path(__file__).resolve().parents[1] / "scenarios" / "in-care-victim-2016.yaml"
    assert cli(["pack", "export", str(pack_file), str(scenarios)]) == 0
    assert xapi_file.is_file() and export_file.is_file() and pack_file.is_file()
