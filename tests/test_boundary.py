"""One boundary for every file the trainer reads, and dates a variant cannot move.

Each crash issue 13 names for scenarios, attempt files and packs is kept here as a case:
a located message every time, never a traceback, never a hang.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from scenario_text import EXAMPLE, line_of, replace_once

from cwstrainer import attempt_file, boundary
from cwstrainer.attempt_file import AttemptFileInvalid
from cwstrainer.cli import main
from cwstrainer.errors import ScenarioInvalid
from cwstrainer.packs import PackError, import_pack
from cwstrainer.scenario import variants
from cwstrainer.scenario.library import LibraryIndex, load_library, read_scenario_bytes
from cwstrainer.scenario.loader import load_file, load_text

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "attempt-format.md"

# The worked example with every date written out, so that a variant may move them.
PLAIN = replace_once(
    replace_once(EXAMPLE, "since\n  her removal in March", "since\n  her removal on March 7, 2016"),
    "at a mall in\n      September",
    "at a mall\n      last month",
)
SHIFT = "variants:\n  - id: B\n    names:\n      maya: {first_name: Lucia, last_name: Ortega}\n"


def with_variant(text: str, shift_days: int = 7) -> str:
    return text + SHIFT + f"    shift_days: {shift_days}\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def doc_attempt() -> str:
    return DOC.read_text(encoding="utf-8").split("```json\n")[1].split("```")[0]


# -- dates a variant cannot move -------------------------------------------------------------


def test_the_plain_example_with_a_shifting_variant_loads() -> None:
    assert load_text(with_variant(PLAIN)).variants[0].shift_days == 7


@pytest.mark.parametrize(
    ("written", "shift_days", "why"),
    [
        ("12/31/9999", 7, "moved by 7 days would leave the calendar (years 1 to 9999)"),
        ("01/01/0001", -7, "moved by -7 days would leave the calendar (years 1 to 9999)"),
        ("9999-12-30", 14, "would leave the calendar"),
        ("02/30/2016", 7, "cannot exist"),
        ("13/01/2016", 7, "cannot exist"),
        ("00/10/2016", 7, "cannot exist"),
        ("10/10/0000", 7, "cannot exist"),
        ("2016-02-30", 7, "cannot exist"),
    ],
)
def test_a_date_in_a_text_the_variant_cannot_move_is_located_and_named(
    written: str, shift_days: int, why: str
) -> None:
    """Issue 13: OverflowError (out of the calendar), ValueError (a date that cannot exist)."""
    text = with_variant(
        replace_once(PLAIN, "Hotline call, 10/10/2016", f"Hotline call, {written}"), shift_days
    )
    (problem,) = problems_of(text)
    line = line_of(text, f"Hotline call, {written}")
    column = text.splitlines()[line - 1].index(written) + 1
    assert problem.startswith(f"s.yaml:{line}:{column}: documents[0].title: the date {written!r} ")
    assert why in problem and "variant 'B' cannot move it" in problem


def test_february_30_written_out_in_the_narrative_is_located_at_its_line() -> None:
    text = with_variant(replace_once(PLAIN, "Monday, October 10, 2016", "February 30, 2016"))
    (problem,) = problems_of(text)
    line = line_of(text, "February 30, 2016")
    column = text.splitlines()[line - 1].index("February 30") + 1
    assert problem.startswith(f"s.yaml:{line}:{column}: narrative: the date 'February 30, 2016'")
    assert "cannot exist" in problem


def test_every_impossible_date_is_reported_at_once() -> None:
    text = replace_once(PLAIN, "Hotline call, 10/10/2016", "Hotline call, 02/30/2016")
    text = replace_once(text, "CSEC screening, 10/12/2016", "CSEC screening, 13/01/2016")
    found = problems_of(with_variant(text))
    assert len(found) == 2
    assert "'02/30/2016'" in found[0] and "'13/01/2016'" in found[1]


def test_a_date_field_moved_out_of_the_calendar_names_the_date_and_its_code() -> None:
    text = replace_once(PLAIN, "today: 2016-11-04", "today: 9999-12-30")
    text = replace_once(
        text,
        "    kind: foster care\n",
        "    kind: foster care\n    special_projects:\n"
        "      - code: S-CSEC At-Risk\n        start: 9999-12-29\n",
    )
    assert load_text(text).today.year == 9999  # valid without the variant
    found = problems_of(with_variant(text))
    assert any(
        p.startswith(
            f"s.yaml:{line_of(text, 'today:')}:8: today: variant 'B' moves 9999-12-30 by 7"
        )
        for p in found
    ), found
    start = next(p for p in found if "special_projects[0].start" in p)
    assert "(the S-CSEC At-Risk row)" in start and "9999-12-29" in start
    assert "out of the calendar (years 1 to 9999)" in start


def test_a_date_a_variant_cannot_move_is_no_exception_anywhere() -> None:
    """apply() on an unchecked scenario says which date, as a trainer's error."""
    scenario = load_text(with_variant(PLAIN))
    with pytest.raises(variants.VariantDateError, match="the date 02/30/2016 cannot exist"):
        variants.shift_text("on 02/30/2016", dt.timedelta(days=7))
    assert variants.apply(scenario, "B").today.isoformat() == "2016-11-11"


BAD_VARIANT_FILES = {
    "overflow.yaml": with_variant(
        replace_once(PLAIN, "Hotline call, 10/10/2016", "Hotline call, 12/31/9999")
    ),
    "impossible.yaml": with_variant(
        replace_once(PLAIN, "Monday, October 10, 2016", "February 30, 2016")
    ),
    "month13.yaml": with_variant(
        replace_once(PLAIN, "Hotline call, 10/10/2016", "Hotline call, 13/01/2016")
    ),
}


def bad_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.yaml").write_text(EXAMPLE, encoding="utf-8")
    for i, (name, text) in enumerate(BAD_VARIANT_FILES.items()):
        (folder / name).write_text(text.replace("in-care-victim-2016", f"bad-{i}-2016"), "utf-8")
    return folder


def test_the_library_opens_beside_files_with_dates_a_variant_cannot_move(tmp_path: Path) -> None:
    """Issue 13: such a file in the library made every start an "Unexpected error"."""
    folder = bad_library(tmp_path / "library")
    index_path = tmp_path / "cache" / "library-index.json"
    for _ in range(2):  # the second time through the index's remembered problems
        index = LibraryIndex(index_path)
        library = load_library([folder], index)
        index.save()
        assert [s.summary.id for s in library.scenarios] == ["in-care-victim-2016"]
        assert sorted({Path(p.source).name for p in library.problems}) == sorted(BAD_VARIANT_FILES)
        assert all("variant 'B' cannot move it" in p.message for p in library.problems)


def test_validate_prints_each_such_date_located_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = bad_library(tmp_path / "library")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out and "Error" not in out
    for name in BAD_VARIANT_FILES:
        assert f"{folder / name}:" in out
    assert "'12/31/9999' moved by 7 days would leave the calendar" in out
    assert "'February 30, 2016' cannot exist" in out
    assert "'13/01/2016' cannot exist" in out


def test_the_authoring_editor_marks_such_a_date_while_typing(qtbot, tmp_path: Path) -> None:
    from ui.trainer.authoring import AuthoringPage

    station = tmp_path / "station"
    station.mkdir()
    page = AuthoringPage(ROOT / "scenarios", station)
    qtbot.addWidget(page)
    text = BAD_VARIANT_FILES["impossible.yaml"]
    with qtbot.waitSignal(page.validated, timeout=3000) as signal:
        page.editor.setPlainText(text)  # live: checked after a pause in typing
    (problem,) = signal.args[0]
    assert problem.line == line_of(text, "February 30, 2016")
    assert "'February 30, 2016' cannot exist" in problem.message
    assert page.editor.problem_lines() == {problem.line}


# -- sizes and structure of scenarios -------------------------------------------------------


def test_a_number_of_5000_digits_in_a_scenario_is_a_located_problem() -> None:
    text = replace_once(EXAMPLE, "version: 1", "version: " + "9" * 5000)
    (problem,) = problems_of(text)
    line = line_of(text, "version:")
    assert problem == f"s.yaml:{line}:10: version: a number of 5,000 digits; at most 30 are read"


def test_too_many_values_in_a_scenario_are_refused_while_parsing() -> None:
    text = EXAMPLE + "learning_more:\n" + "  - x\n" * (boundary.MAX_YAML_NODES + 1)
    (problem,) = problems_of(text)
    assert f"more than {boundary.MAX_YAML_NODES:,} values" in problem


def test_text_typed_beyond_the_size_limit_is_refused_before_parsing() -> None:
    (problem,) = problems_of("# x\n" * (boundary.MAX_SCENARIO_BYTES // 4 + 1))
    assert "a scenario may be at most 1,048,576 bytes" in problem


# -- attempt files ------------------------------------------------------------------------------


def attempt_problems(text: str) -> list[str]:
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.loads(text, "a.json")
    return caught.value.problems


def test_an_attempt_file_nested_100000_deep_is_refused_before_parsing() -> None:
    """Issue 13: RecursionError."""
    started = time.perf_counter()
    assert attempt_problems("[" * 100_000 + "]" * 100_000) == [
        "$: nested more than 64 levels deep (line 1, column 65)"
    ]
    nested = '{"format": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"
    assert attempt_problems(nested) == ["$: nested more than 64 levels deep (line 1, column 390)"]
    assert time.perf_counter() - started < 2


def test_an_attempt_file_with_a_5000_digit_integer_is_refused_at_the_number() -> None:
    """Issue 13: a 5,000-digit integer (int() refuses past 4,300 digits, with a ValueError)."""
    data = json.loads(doc_attempt())
    text = json.dumps(data, indent=2).replace('"version": 1', '"version": ' + "7" * 5000)
    line = line_of(text, '"version": 777')
    assert attempt_problems(text) == [
        f"$: a number of 5,000 digits; at most 30 are read (line {line}, column 16)"
    ]
    assert attempt_problems('{"a": -' + "1" * 31 + "}")[0].startswith("$: a number of 31 digits")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": NaN}', "$: NaN is not a JSON number (line 1, column 1)"),
        ('{"format": "x",\n "b": }', "$: not JSON (line 2, column 7: Expecting value)"),
        ('{"a": "' + "[" * 200 + '"}', "$.a: unknown key"),  # brackets in a string are text
    ],
)
def test_json_that_is_not_an_attempts_is_named(text: str, expected: str) -> None:
    assert attempt_problems(text)[0] == expected


def test_too_many_values_are_refused() -> None:
    text = "[" + "0," * boundary.MAX_JSON_VALUES + "0]"
    (problem,) = attempt_problems(text)
    assert problem.startswith(f"$: more than {boundary.MAX_JSON_VALUES:,} values (line 1, column ")


def test_an_attempt_file_over_the_size_limit_is_refused_without_reading_it_all(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.json"
    with path.open("wb") as fh:
        fh.truncate(4 * 1024**3)  # 4 GiB, sparse
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.read(path)
    assert caught.value.problems == [
        "cannot read the file: file is 4,294,967,296 bytes; an attempt file may be at most "
        "4,194,304 bytes"
    ]


def test_attempt_files_are_written_for_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    attempt_file.write(path, attempt_file.loads(doc_attempt()))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# -- not regular files: refused at once, never waited on ------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def refused_quickly(call, *args) -> str:  # type: ignore[no-untyped-def]
    """Run a reader that must refuse at once; fail (instead of hanging) if it waits."""
    import threading

    outcome: list[BaseException] = []

    def run() -> None:
        try:
            call(*args)
        except BaseException as exc:  # recorded for the test to judge
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock it: a writer opens the pipe, then closes it
        with open(args[0], "wb"):
            pass
        worker.join(5)
        pytest.fail(f"{call.__name__} waited on {args[0]}")
    assert outcome, f"{call.__name__} accepted {args[0]}"
    return str(outcome[0])


def test_a_fifo_is_refused_without_hanging_by_every_reader(fifo: Path, tmp_path: Path) -> None:
    """Issue 13: a named FIFO hung `validate` and `grade`."""
    what = "this is a named pipe (FIFO), not a file; only regular files are read"
    assert what in refused_quickly(read_scenario_bytes, fifo)
    assert what in refused_quickly(load_file, fifo)
    assert what in refused_quickly(attempt_file.read, fifo)
    assert what in refused_quickly(import_pack, fifo, tmp_path / "library")
    library = load_library([fifo.parent])  # a pipe named like a scenario, in a folder
    assert [p.message for p in library.problems] == [what]


def test_validate_and_grade_refuse_a_fifo_at_once(fifo: Path) -> None:
    example = ROOT / "scenarios" / "in-care-victim-2016.yaml"
    for args in (
        ["validate", str(fifo)],
        ["grade", str(fifo), str(fifo)],
        ["grade", str(example), str(fifo)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "cwstrainer", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode in (1, 2), done
        assert "named pipe (FIFO)" in done.stdout + done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("path", "kind"), [("/dev/null", "a character device"), ("/dev/zero", "a character device")]
)
def test_devices_and_folders_are_refused(path: str, kind: str, tmp_path: Path) -> None:
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    with pytest.raises(boundary.Refused, match=f"this is {kind}, not a file"):
        boundary.read_bytes(path, 10)
    with pytest.raises(boundary.Refused, match="this is a folder, not a file"):
        boundary.read_bytes(tmp_path, 10)


# -- packs ------------------------------------------------------------------------------------


def make_pack(path: Path, members: list[tuple[str, bytes]], **options: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **options) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return path


def corrupt(pack: Path, data: bytes) -> None:
    """Damage the deflated stream of the member holding ``data`` (its CRC kept)."""
    raw = bytearray(pack.read_bytes())
    with zipfile.ZipFile(pack) as zf:
        info = zf.infolist()[0]
    start = info.header_offset + 30 + len(info.filename.encode())
    raw[start : start + 8] = b"\xff" * 8
    pack.write_bytes(bytes(raw))


def test_a_pack_with_a_corrupt_member_is_refused_naming_the_member(tmp_path: Path) -> None:
    """Issue 13: zlib.error."""
    pack = make_pack(tmp_path / "p.cwspack", [("scenarios/a.yaml", EXAMPLE.encode())])
    corrupt(pack, EXAMPLE.encode())
    with pytest.raises(PackError) as caught:
        import_pack(pack, tmp_path / "library")
    (problem,) = caught.value.problems
    assert problem.source == f"{pack}!scenarios/a.yaml"
    assert "member 'scenarios/a.yaml' is damaged and cannot be read" in problem.message
    assert not (tmp_path / "library").exists()


def test_a_pack_whose_member_fails_its_crc_is_refused(tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path / "p.cwspack", [("scenarios/a.yaml", EXAMPLE.encode())], compresslevel=0
    )
    raw = pack.read_bytes()
    pack.write_bytes(raw.replace(b"Maya Reyes", b"Maya Reyez", 1))
    with pytest.raises(PackError, match="is damaged and cannot be read"):
        import_pack(pack, tmp_path / "library")


def test_a_pack_with_a_variant_that_cannot_move_a_date_is_refused(tmp_path: Path) -> None:
    pack = make_pack(
        tmp_path / "p.cwspack", [("scenarios/a.yaml", BAD_VARIANT_FILES["overflow.yaml"].encode())]
    )
    with pytest.raises(PackError) as caught:
        import_pack(pack, tmp_path / "library")
    (problem,) = caught.value.problems
    assert problem.source == f"{pack}!scenarios/a.yaml"
    assert "'12/31/9999' moved by 7 days would leave the calendar" in problem.message


@pytest.mark.parametrize("second", ["scenarios/a.yaml", "scenarios/A.yaml"])
def test_two_members_of_one_name_one_with_a_python_tag_refuse_the_whole_pack(
    tmp_path: Path, second: str
) -> None:
    """Issue 13: accepted, though "refused whole if any file in it is unsafe"."""
    tagged = EXAMPLE.replace("county: Training County", "county: !!python/name:os.system")
    for members in (
        [("scenarios/a.yaml", EXAMPLE.encode()), (second, tagged.encode())],
        [("scenarios/a.yaml", tagged.encode()), (second, EXAMPLE.encode())],
    ):
        pack = tmp_path / "twice.cwspack"
        same = second == "scenarios/a.yaml"
        with (
            pytest.warns(UserWarning, match="Duplicate name") if same else contextlib.nullcontext()
        ):
            make_pack(pack, members)
        with pytest.raises(PackError) as caught:
            import_pack(pack, tmp_path / "library")
        (problem,) = caught.value.problems
        assert f"member {second!r} is in the pack twice" in problem.message
        assert not (tmp_path / "library").exists()


@pytest.fixture(scope="module")
def megabyte_scenario() -> bytes:
    """About 1 MB of scenario-like text that deflates about 80 times, as in issue 13."""
    import random

    rng = random.Random(13)
    words = ["".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(4000)]
    block = ("# " + " ".join(rng.choice(words) for _ in range(1500)) + "\n").encode()
    return (EXAMPLE.encode() + block * 200)[:1_000_000]


def test_500_one_megabyte_scenarios_in_a_pack_are_refused_by_the_limits(
    tmp_path: Path, megabyte_scenario: bytes
) -> None:
    """Issue 13: 5.8 MB of pack, 500 MB of scenarios: accepted (14 s, 535 MB)."""
    members = [(f"scenarios/s{i}.yaml", megabyte_scenario) for i in range(500)]
    pack = make_pack(tmp_path / "big.cwspack", members, compresslevel=9)
    assert pack.stat().st_size < boundary.MAX_PACK_BYTES
    started = time.perf_counter()
    with pytest.raises(
        PackError, match=f"the pack has 500 members; at most {boundary.MAX_PACK_MEMBERS}"
    ):
        import_pack(pack, tmp_path / "library")
    assert time.perf_counter() - started < 1


def test_members_over_the_total_size_are_refused_before_any_is_read(
    tmp_path: Path, megabyte_scenario: bytes
) -> None:
    count = boundary.MAX_PACK_TOTAL_BYTES // len(megabyte_scenario) + 1
    members = [(f"scenarios/s{i}.yaml", megabyte_scenario) for i in range(count)]
    pack = make_pack(tmp_path / "big.cwspack", members, compresslevel=9)
    started = time.perf_counter()
    with pytest.raises(PackError) as caught:
        import_pack(pack, tmp_path / "library")
    assert time.perf_counter() - started < 1
    assert f"more than {boundary.MAX_PACK_TOTAL_BYTES:,} bytes uncompressed" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scenarios/a\x01.yaml", "has a control character in its name"),
        ("scenarios/" + "a" * 300 + ".yaml", "has a name of 315 characters"),
    ],
)
def test_odd_member_names_are_refused(tmp_path: Path, name: str, message: str) -> None:
    pack = make_pack(tmp_path / "p.cwspack", [(name, EXAMPLE.encode())])
    with pytest.raises(PackError, match=message):
        import_pack(pack, tmp_path / "library")


def test_a_member_count_is_read_before_the_directory_is_parsed() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(3):
            zf.writestr(f"scenarios/{i}.yaml", b"x")
    assert boundary._declared_members(buf.getvalue()) == 3
    assert boundary._declared_members(b"not a zip") is None


def test_the_limits_are_listed_in_one_place() -> None:
    assert boundary.LIMITS["MAX_JSON_DEPTH"] == (64, "levels of nesting in JSON")
    for name, (value, what) in boundary.LIMITS.items():
        assert getattr(boundary, name) == value and what


def test_the_readme_lists_the_limits_in_force():
    from pathlib import Path

    from cwstrainer.boundary import limits_markdown

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- BEGIN limits")[1].split("-->", 1)[1].split("<!-- END limits -->")[0]
    assert shown.strip() == limits_markdown()
