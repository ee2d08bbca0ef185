"""Security: scenario and pack files are only data; no network; the passphrase never in clear.

(tests/test_loader.py and tests/test_packs.py refuse single hostile files and packs;
tests/test_trainer_access.py checks the hash and the database bytes after setting the
passphrase once. Here: the whole trainer around them.)
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from cwstrainer import trainer_access
from cwstrainer.errors import ScenarioInvalid
from cwstrainer.packs import PackError, import_pack
from cwstrainer.scenario.loader import load_file, load_library
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "scenarios"
SAMPLE = "failure-to-protect-removal-2016"  # ui.screenshots.fill_sample documents it


# -- scenario and pack files are only data ---------------------------------------------

SOURCES = [
    *sorted(p for folder in ("cwstrainer", "ui") for p in (ROOT / folder).rglob("*.py")),
    ROOT / "main.py",
]

FORBIDDEN = {
    r"yaml\.(load|load_all|unsafe_load|unsafe_load_all|full_load|full_load_all)\(": "a YAML "
    "loader that builds objects",
    r"\bC?(Unsafe|Full)Loader\b|\byaml\.C?Loader\b": "a YAML loader that builds objects",
    r"\bimport (pickle|marshal|shelve|dill)\b|\bfrom (pickle|marshal|shelve) import": "pickle",
    r"(?<![.\w])(eval|exec|compile)\(": "eval/exec/compile of text",
    r"\bos\.(system|popen|exec\w*|spawn\w*)\(": "running a program",
    r"\bimport subprocess\b|\bfrom subprocess\b": "running a program",
    r"__import__\(": "importing by a name from data",
}


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_code_path_can_turn_file_content_into_code(source: Path) -> None:
    """Scenario and pack text reaches only the event-level YAML parser and typed readers."""
    text = "\n".join(
        line
        for line in source.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")
    )
    found = [why for pattern, why in FORBIDDEN.items() if re.search(pattern, text)]
    assert found == []


PAYLOADS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
    "!!python/name:os.system",
    "\"{{{{ __import__('os').system('touch {marker}') }}}}\"",
    '"$(touch {marker})"',
    '"`touch {marker}`"',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_a_scenario_never_runs_wherever_the_file_goes(
    tmp_path: Path, payload: str
) -> None:
    """Library, command-line validation and pack import: refused or kept as text."""
    marker = tmp_path / "pwned"
    text = EXAMPLE.replace(
        "title:", f"title: {payload.format(marker=marker)}\nx_title:", 1
    ).replace("x_title:", "notes_for_trainer:", 1)
    library = tmp_path / "library"
    library.mkdir()
    path = library / "evil.yaml"
    path.write_text(text, encoding="utf-8")

    loaded = load_library([library])
    assert loaded.scenarios == () and loaded.problems  # refused, with its problems
    with pytest.raises(ScenarioInvalid):
        load_file(path)
    cli = subprocess.run(
        [sys.executable, "-m", "cwstrainer", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode != 0 and "evil.yaml:" in cli.stdout + cli.stderr
    pack = tmp_path / "evil.cwspack"
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("pack.json", json.dumps({"format": "cwstrainer-pack", "format_version": 1}))
        z.writestr("scenarios/evil.yaml", text)
    with pytest.raises(PackError):
        import_pack(pack, tmp_path / "imported")
    assert not (tmp_path / "imported" / "evil.yaml").exists()
    assert not marker.exists()


def test_a_payload_where_text_is_allowed_stays_text(tmp_path: Path) -> None:
    """A narrative may hold anything a caseworker might type; it is shown, never run."""
    marker = tmp_path / "pwned"
    payload = f"$(touch {marker}) `touch {marker}` {{{{ __import__('os') }}}} <script>x</script>"
    text = EXAMPLE.replace("narrative: |\n", f"narrative: |\n  {payload}\n", 1)
    assert text != EXAMPLE
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    scenario = load_file(path).scenario
    assert payload in " ".join(scenario.narrative.split())
    assert not marker.exists()


# -- no network ------------------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way Python opens a connection raises, and is recorded (in case it is caught)."""
    tried: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            tried.append(f"{what}{args!r}")
            raise NetworkUsed(f"the trainer tried to use the network: {what}")

        return blocked

    real = socket.socket
    monkeypatch.setattr(real, "connect", refuse("socket.connect"))
    monkeypatch.setattr(real, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(real, "sendto", refuse("socket.sendto"))

    class Blocked(real):  # a class still, so that modules may subclass it on import
        def __init__(self, *args, **kwargs):
            refuse("socket.socket")(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", Blocked)
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "socketpair", refuse("socket.socketpair"))
    return tried


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_whole_attempt_opens_no_connection(qtbot, tmp_path, no_network) -> None:
    """Sign in, the entries of the sample documented as the letters ask, grade, submit."""
    from ui.app import create_window
    from ui.screenshots import fill_sample

    window = create_window(tmp_path / "data", BUNDLED, "Offline Trainee", SAMPLE)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    fill_sample(window)
    report = window.door.grade()
    assert report.passed and report.score == report.possible
    assert window.submit(confirmed=True)
    assert window.door is None or window.door.attempt.submitted or window.report is not None
    store = Store.open(tmp_path / "data")
    (attempt,) = store.attempts()
    store.close()
    assert attempt.submitted and attempt.passed
    assert no_network == []
    assert "PySide6.QtNetwork" not in sys.modules


AUDITED = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    seen = []
    def hook(event, args):
        if event.startswith(("socket.", "http.", "urllib.", "ftplib.", "smtplib.")):
            seen.append(event)
    sys.addaudithook(hook)
    import main
    assert main.main(["--screenshots", sys.argv[1]]) == 0
    print("NETWORK:", sorted(set(seen)))
    print("QTNETWORK:", "PySide6.QtNetwork" in sys.modules)
    """
)


def test_the_whole_screenshot_tour_opens_no_connection(tmp_path: Path) -> None:
    """Every page, sign-in, library, guided mode, report, history, under an audit hook:
    Python raises an audit event for every socket made or connected, however imported."""
    done = subprocess.run(
        [sys.executable, "-c", AUDITED, str(tmp_path / "shots")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "NETWORK: []" in done.stdout
    assert "QTNETWORK: False" in done.stdout
    assert len(list((tmp_path / "shots").glob("*.png"))) >= 9


# -- the trainer passphrase ------------------------------------------------------------


def every_byte_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_neither_an_old_nor_a_new_passphrase_is_anywhere_in_the_data_folder(
    tmp_path: Path,
) -> None:
    """After setting, changing and unlocking: not in the database, its WAL or shared
    memory, any log, in UTF-8 or UTF-16, even in pages SQLite has freed."""
    old, new = "first station words", "second station words"
    store = Store.open(tmp_path)
    trainer_access.set_passphrase(store, old)
    trainer_access.set_passphrase(store, new, current=old)
    assert trainer_access.unlock(store, new) and not trainer_access.unlock(store, old)
    raw_open = every_byte_in(tmp_path)
    store.close()
    raw_closed = every_byte_in(tmp_path)
    for raw in (raw_open, raw_closed):
        for phrase in (old, new):
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                assert phrase.encode(encoding) not in raw


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_passphrase_is_typed_unseen(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ui.trainer.passphrase import PassphraseDialog

    for first_use in (True, False):
        dialog = PassphraseDialog(first_use)
        qtbot.addWidget(dialog)
        fields = dialog.findChildren(QLineEdit)
        assert fields
        assert all(f.echoMode() == QLineEdit.EchoMode.Password for f in fields)
