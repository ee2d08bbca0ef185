"""The LRS (issue 13, item 6): every 2xx is success, a stalled queue is said with the
LRS's own answer and a non-zero exit, the password is never in the database in clear
(the system keyring, else a 0600 file beside it; an older clear one moved out at first
use), https except on this computer, and what the trainer writes is its user's alone.

A real LRS (Ralph, on loopback) answers 204 for statements it already holds; a small
LRS of our own (127.0.0.1, a thread) answers what a test needs: a 500, a redirect.
"""

from __future__ import annotations

import http.server
import json
import os
import stat
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from cwstrainer import lrs, lrs_secret
from cwstrainer.cli import main
from cwstrainer.errors import FieldError
from cwstrainer.exports import spreadsheet, xapi
from cwstrainer.exports.results import submitted_results
from cwstrainer.station import export_results
from cwstrainer.store import settings
from cwstrainer.store.store import Store
from tests.lrs import server
from tests.scenario_text import submit_example

SECRET = "s3cret-Lab-Passw0rd"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A station with two submitted attempts."""
    s = Store.open(tmp_path / "data")
    for name in ("Ana Ruiz", "Ben Ito"):
        submit_example(s, name, mode="assessment")
    yield s
    s.close()


class FakeLrs(http.server.BaseHTTPRequestHandler):
    """Answers every POST with ``answer``: (status, body, headers)."""

    answer: ClassVar[tuple[int, bytes, dict[str, str]]] = (200, b"[]", {})
    posts: ClassVar[list[int]] = []

    def do_POST(self) -> None:  # the name http.server calls
        length = int(self.headers.get("Content-Length", "0"))
        self.posts.append(len(json.loads(self.rfile.read(length))))
        status, body, headers = self.answer
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_lrs() -> Iterator[tuple[str, type[FakeLrs]]]:
    handler = type("Handler", (FakeLrs,), {"posts": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/xAPI/", handler
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- every 2xx is success; a stall is said ---------------------------------------------------


def test_a_batch_the_lrs_already_holds_204_leaves_the_queue(store: Store, tmp_path: Path) -> None:
    """Before: 204 was not success: "0 sent, 0 rejected, 118 still queued", exit 0."""
    ralph = server.start(tmp_path / "ralph")
    try:
        config = lrs.LrsConfig(ralph.endpoint, ralph.username, ralph.password)
        queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
        assert lrs.send_pending(store, config).sent == queued
        with store.transaction() as db:  # sent again (a queue restored from a backup)
            db.execute("update lrs_queue set status = 'queued', sent_at = null")
        again = lrs.send_pending(store, config)  # Ralph: same ids, same bodies -> 204
    finally:
        ralph.stop()
    assert (again.sent, again.rejected, again.queued, again.error) == (queued, 0, 0, None)


def test_any_2xx_is_success(store: Store, fake_lrs: tuple[str, type[FakeLrs]]) -> None:
    endpoint, handler = fake_lrs
    handler.answer = (204, b"", {})
    queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    result = lrs.send_pending(store, lrs.LrsConfig(endpoint, "key", SECRET))
    assert (result.sent, result.queued, result.error) == (queued, 0, None)
    handler.answer = (202, b"accepted", {})
    with store.transaction() as db:
        db.execute("update lrs_queue set status = 'queued'")
    assert lrs.send_pending(store, lrs.LrsConfig(endpoint, "key", SECRET)).queued == 0


def test_a_stalled_queue_says_the_lrs_s_answer_and_exits_non_zero(
    store: Store, fake_lrs: tuple[str, type[FakeLrs]], capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint, handler = fake_lrs
    handler.answer = (500, b'{"detail": "the LRS database is full"}', {})
    lrs.configure(store, lrs.LrsConfig(endpoint, "key", SECRET))
    folder = str(store.path.parent)
    assert main(["--data-dir", folder, "lrs", "send"]) == 1
    out, err = capsys.readouterr()
    queued = lrs.pending(store)
    assert f"0 sent, 0 rejected, {queued} still queued" in out and queued > 0
    assert "stay queued" in err and 'HTTP 500: {"detail": "the LRS database is full"}' in err
    assert len(handler.posts) == 1  # stopped at the first refusal, no loop


def test_a_redirect_is_an_answer_never_followed(
    store: Store, fake_lrs: tuple[str, type[FakeLrs]]
) -> None:
    """Following it would send the password wherever the redirect points."""
    endpoint, handler = fake_lrs
    handler.answer = (302, b"moved", {"Location": "http://elsewhere.example/xAPI/statements"})
    lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    result = lrs.send_pending(store, lrs.LrsConfig(endpoint, "key", SECRET))
    assert result.sent == 0 and result.queued > 0
    assert result.error == "HTTP 302 (to http://elsewhere.example/xAPI/statements): moved"
    assert len(handler.posts) == 1


@pytest.mark.parametrize("status", [100, 304, 418, 503])
def test_a_queue_that_never_moves_is_never_a_silent_loop(
    store: Store,
    fake_lrs: tuple[str, type[FakeLrs]],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
) -> None:
    """Whatever an LRS answers, a send ends, and statements left queued have a reason."""
    endpoint, handler = fake_lrs
    handler.answer = (status, b"odd", {})
    if status < 200:  # an informational status as the final answer: only a broken server
        monkeypatch.setattr(lrs, "_post", lambda *a: (status, f"HTTP {status}: odd"))
    lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    result = lrs.send_pending(store, lrs.LrsConfig(endpoint, "key", SECRET), timeout=5)
    assert result.sent == 0 and result.queued > 0
    assert result.error is not None and f"HTTP {status}" in result.error


# -- https, except on this computer -------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://lrs.example.org/xAPI/",
        "http://127.0.0.1:8100/xAPI/",
        "http://127.9.8.7/xAPI/",
        "http://localhost:8100/xAPI/",
        "http://LOCALHOST/xAPI/",
        "http://[::1]:8100/xAPI/",
    ],
)
def test_https_or_loopback_is_accepted(store: Store, endpoint: str) -> None:
    lrs.configure(store, lrs.LrsConfig(endpoint, "key", SECRET))
    config = lrs.configured(store)
    assert config is not None and config.endpoint == endpoint and config.password == SECRET


@pytest.mark.parametrize(
    ("endpoint", "why"),
    [
        ("http://lrs.example.org/xAPI/", "use https://"),
        ("http://10.0.0.5/xAPI/", "use https://"),
        ("http://127.0.0.1.evil.example/xAPI/", "use https://"),
        ("http://[::ffff:10.0.0.1]/xAPI/", "use https://"),
        ("ftp://lrs.example.org/", "not an http(s) address"),
        ("https://key:pw@lrs.example.org/", "not in the address"),
        ("https://lrs.example.org:notaport/", "not an http(s) address"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(
    store: Store, endpoint: str, why: str
) -> None:
    with pytest.raises(FieldError, match="LRS Endpoint") as caught:
        lrs.configure(store, lrs.LrsConfig(endpoint, "key", SECRET))
    assert why in str(caught.value)
    assert lrs.configured(store) is None


def test_the_command_line_refuses_http_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CWSTRAINER_LRS_PASSWORD", SECRET)
    data = ["--data-dir", str(tmp_path / "d")]
    assert main([*data, "lrs", "configure", "http://lrs.example.org/xAPI/", "key"]) == 2
    assert "unencrypted" in capsys.readouterr().err


def test_an_older_http_setting_sends_nothing(
    store: Store, fake_lrs: tuple[str, type[FakeLrs]]
) -> None:
    """An endpoint an older trainer accepted (http:// elsewhere) is refused at sending."""
    _, handler = fake_lrs
    settings.put(store, "lrs_endpoint", "http://lrs.example.org/xAPI/")
    settings.put(store, "lrs_username", "key")
    config = lrs.configured(store)
    assert config is not None
    lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    result = lrs.send_pending(store, config)
    assert result.sent == 0 and result.error is not None and "use https://" in result.error
    assert handler.posts == []


# -- the password, never in the database in clear -------------------------------------------------


def on_disk(folder: Path) -> bytes:
    """Every byte of the database and its WAL and shared memory, as the disk holds them."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("trainer.db*")))


def test_the_password_is_kept_in_a_0600_file_without_a_keyring(store: Store) -> None:
    lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
    folder = store.path.parent
    assert settings.get(store, "lrs_password") is None
    assert lrs_secret.where(store) == "file"
    kept = folder / "lrs-password"
    assert kept.read_text(encoding="utf-8") == SECRET
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert SECRET.encode() not in on_disk(folder)
    assert lrs.configured(store) == lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET)
    assert SECRET not in repr(lrs.configured(store))
    lrs.configure(store, None)
    assert not kept.exists() and lrs.configured(store) is None


def test_a_password_kept_in_clear_by_an_older_trainer_is_moved_out_at_first_use(
    store: Store,
) -> None:
    folder = store.path.parent
    for key, value in (
        ("lrs_endpoint", "https://lrs.example.org/xAPI/"),
        ("lrs_username", "key"),
        ("lrs_password", SECRET),
    ):
        settings.put(store, key, value)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() in on_disk(folder)  # as an older trainer left it
    config = lrs.configured(store)
    assert config is not None and config.password == SECRET
    assert settings.get(store, "lrs_password") is None
    assert lrs_secret.where(store) == "file"
    assert SECRET.encode() not in on_disk(folder)  # its bytes overwritten, WAL emptied
    assert lrs.configured(store) == config  # and read from its new place from now on


class FakeKeyring:
    """A keyring module with one usable, in-memory backend."""

    def __init__(self, priority: float = 5, fail_on_set: bool = False) -> None:
        self.kept: dict[tuple[str, str], str] = {}
        self.fail_on_set = fail_on_set
        backend = type("Backend", (), {"priority": priority, "__module__": "keyring.backends.fake"})
        self.backend = backend()

    def module(self) -> types.ModuleType:
        m = types.ModuleType("keyring")
        m.get_keyring = lambda: self.backend  # type: ignore[attr-defined]
        m.set_password = self.set_password  # type: ignore[attr-defined]
        m.get_password = lambda s, u: self.kept.get((s, u))  # type: ignore[attr-defined]
        m.delete_password = lambda s, u: self.kept.pop((s, u))  # type: ignore[attr-defined]
        return m

    def set_password(self, service: str, user: str, password: str) -> None:
        if self.fail_on_set:
            raise RuntimeError("the keyring is locked")
        self.kept[(service, user)] = password


def test_the_password_goes_to_the_system_keyring_when_one_is_usable(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", ring.module())
    monkeypatch.setenv("CWSTRAINER_KEYRING", "on")
    lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
    assert lrs_secret.where(store) == "keyring"
    assert list(ring.kept.values()) == [SECRET]
    ((service, account),) = ring.kept
    assert service == "cwstrainer LRS" and str(store.path.resolve()) in account
    assert not (store.path.parent / "lrs-password").exists()
    assert SECRET.encode() not in on_disk(store.path.parent)
    config = lrs.configured(store)
    assert config is not None and config.password == SECRET and config.password_problem is None
    lrs.configure(store, None)
    assert ring.kept == {}


@pytest.mark.parametrize(
    "ring",
    [FakeKeyring(priority=0), FakeKeyring(fail_on_set=True)],
    ids=["no-usable-backend", "locked-keyring"],
)
def test_without_a_usable_keyring_the_file_is_used(
    store: Store, monkeypatch: pytest.MonkeyPatch, ring: FakeKeyring
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", ring.module())
    monkeypatch.setenv("CWSTRAINER_KEYRING", "on")
    lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
    assert lrs_secret.where(store) == "file" and ring.kept == {}
    assert lrs.configured(store).password == SECRET  # type: ignore[union-attr]


def test_without_the_keyring_package_the_file_is_used(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring -> ImportError
    monkeypatch.setenv("CWSTRAINER_KEYRING", "on")
    lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
    assert lrs_secret.where(store) == "file"


def test_a_keyring_that_lost_the_password_is_said_at_sending(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = FakeKeyring()
    monkeypatch.setitem(sys.modules, "keyring", ring.module())
    monkeypatch.setenv("CWSTRAINER_KEYRING", "on")
    lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
    ring.kept.clear()
    config = lrs.configured(store)
    assert config is not None and config.password == ""
    result = lrs.send_pending(store, config)
    assert result.error is not None and "not in the system keyring" in result.error


def test_the_real_keyring_package_with_a_backend_of_its_own(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = pytest.importorskip("keyring")
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.kept: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            del self.kept[(service, username)]

    before = keyring.get_keyring()
    memory = Memory()
    keyring.set_keyring(memory)
    monkeypatch.setenv("CWSTRAINER_KEYRING", "on")
    try:
        lrs.configure(store, lrs.LrsConfig("https://lrs.example.org/xAPI/", "key", SECRET))
        assert lrs_secret.where(store) == "keyring" and list(memory.kept.values()) == [SECRET]
        assert lrs.configured(store).password == SECRET  # type: ignore[union-attr]
    finally:
        keyring.set_keyring(before)


# -- files that are their user's alone -------------------------------------------------------------


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # a machine's usual umask: 0644 files
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_side_files_are_made_0600(tmp_path: Path, usual_umask: None) -> None:
    store = Store.open(tmp_path / "data")
    store.sign_in("Pat")
    folder = tmp_path / "data"
    made = sorted(folder.glob("trainer.db*"))
    assert [p.name for p in made] == ["trainer.db", "trainer.db-shm", "trainer.db-wal"]
    assert [mode(p) for p in made] == [0o600] * 3
    store.close()


def test_exports_written_by_the_core_are_0600(
    store: Store, tmp_path: Path, usual_umask: None
) -> None:
    results = list(submitted_results(store))
    spreadsheet.write_attempts(results, tmp_path / "attempts.csv")
    spreadsheet.write_findings(results, tmp_path / "findings.csv")
    xapi.write_jsonl(results, tmp_path / "s.jsonl")
    export_results(store, tmp_path / "r.jsonl")
    old = tmp_path / "old.csv"  # an export written over one an older trainer left 0644
    old.write_text("x")
    os.chmod(old, 0o644)
    spreadsheet.write_attempts(results, old)
    for name in ("attempts.csv", "findings.csv", "s.jsonl", "r.jsonl", "old.csv"):
        assert mode(tmp_path / name) == 0o600, name


# -- the window's sender ----------------------------------------------------------------


def test_the_window_s_sender_reports_the_lrs_s_answer(
    qtbot: Any, store: Store, fake_lrs: tuple[str, type[FakeLrs]]
) -> None:
    from ui.trainer.lrsworker import LrsSender

    endpoint, handler = fake_lrs
    handler.answer = (503, b"maintenance until 6pm", {})
    lrs.configure(store, lrs.LrsConfig(endpoint, "key", SECRET))
    lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    sender = LrsSender(store.path.parent, timeout=5)
    with qtbot.waitSignal(sender.finished, timeout=20000) as done:
        sender.send()
    result, error = done.args
    assert error == "HTTP 503: maintenance until 6pm" and result.queued > 0
    handler.answer = (204, b"", {})
    with qtbot.waitSignal(sender.finished, timeout=20000) as done:
        sender.send()
    assert done.args[1] == "" and done.args[0].queued == 0
    sender.wait()
