"""Sending xAPI statements to a real LRS (Ralph, on loopback): queued offline, none lost."""

import base64
import json
import subprocess
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cwstrainer import lrs
from cwstrainer.errors import FieldError
from cwstrainer.exports import xapi
from cwstrainer.exports.results import submitted_results
from cwstrainer.store.store import Store
from tests.lrs import server
from tests.scenario_text import submit_example


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[server.Ralph]:
    running = server.start(tmp_path_factory.mktemp("ralph"))
    yield running
    running.stop()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A station with two submitted attempts."""
    s = Store.open(tmp_path)
    for name in ("Ana Ruiz", "Ben Ito"):
        submit_example(s, name, mode="assessment")
    yield s
    s.close()


def config_for(ralph: server.Ralph, password: str | None = None) -> lrs.LrsConfig:
    return lrs.LrsConfig(ralph.endpoint, ralph.username, password or ralph.password)


def lrs_statements(ralph: server.Ralph, registration: str) -> list[dict[str, object]]:
    token = base64.b64encode(f"{ralph.username}:{ralph.password}".encode()).decode()
    request = urllib.request.Request(
        f"{ralph.endpoint}statements?registration={registration}&limit=500",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return list(json.load(response)["statements"])


def test_nothing_is_configured_by_default(store: Store) -> None:
    assert lrs.configured(store) is None


def test_configuration_is_checked_and_kept(store: Store) -> None:
    with pytest.raises(FieldError, match="LRS Endpoint"):
        lrs.configure(store, lrs.LrsConfig("ftp://lrs.example/", "u", "p"))
    lrs.configure(store, lrs.LrsConfig("https://lrs.example/xAPI/", "key", "secret"))
    assert lrs.configured(store) == lrs.LrsConfig("https://lrs.example/xAPI/", "key", "secret")
    lrs.configure(store, None)
    assert lrs.configured(store) is None


def test_statements_reach_the_lrs_and_match_ralphs_model(store: Store, ralph: server.Ralph) -> None:
    queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    assert queued > 2 and lrs.pending(store) == queued
    result = lrs.send_pending(store, config_for(ralph))
    assert (result.sent, result.rejected, result.queued, result.error) == (queued, 0, 0, None)
    first = next(iter(submitted_results(store)))
    stored = lrs_statements(ralph, str(uuid.UUID(hex=first.attempt.id)))
    assert len(stored) == 1 + len(first.report.findings)
    assert {s["actor"]["account"]["name"] for s in stored} == {"ana ruiz"}


def test_every_statement_is_valid_for_ralphs_strict_model(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "statements.jsonl"
    count = xapi.write_jsonl(submitted_results(store), path)
    run = subprocess.run(
        [str(server.lrs_python()), str(server.HERE / "validate_statements.py")],
        stdin=path.open("rb"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-2000:]
    assert run.stdout.strip() == "0 invalid" and count > 2


def test_queueing_twice_sends_nothing_twice(store: Store, ralph: server.Ralph) -> None:
    lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    lrs.send_pending(store, config_for(ralph))
    assert lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE) == 0
    assert lrs.send_pending(store, config_for(ralph)).sent == 0


def test_an_lrs_that_is_down_loses_nothing(store: Store, tmp_path: Path) -> None:
    queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    port = server.free_port()
    down = lrs.LrsConfig(f"http://127.0.0.1:{port}/xAPI/", "trainer", "lab-secret")
    result = lrs.send_pending(store, down, timeout=2)
    assert result.sent == 0 and result.queued == queued
    assert result.error is not None and "cannot be reached" in result.error
    later = server.start(tmp_path / "late-ralph", port=port)
    try:
        again = lrs.send_pending(store, down)
    finally:
        later.stop()
    assert (again.sent, again.queued, again.error) == (queued, 0, None)


def test_wrong_credentials_keep_everything_queued(store: Store, ralph: server.Ralph) -> None:
    queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    result = lrs.send_pending(store, config_for(ralph, password="not-the-password"))
    assert result.sent == 0 and result.queued == queued
    assert result.error == "the LRS refused the credentials (HTTP 401)"


def test_a_conflicting_statement_is_rejected_and_the_rest_sent(
    store: Store, ralph: server.Ralph
) -> None:
    queued = lrs.enqueue_submitted(store, xapi.DEFAULT_HOME_PAGE)
    victim_id, body = store.db.execute(
        "select statement_id, body from lrs_queue limit 1"
    ).fetchone()
    # The same id was already sent with another body (e.g. by a laptop with another clock).
    other = {**json.loads(body), "timestamp": "2016-01-01T00:00:00+00:00"}
    token = base64.b64encode(f"{ralph.username}:{ralph.password}".encode()).decode()
    request = urllib.request.Request(
        f"{ralph.endpoint}statements",
        data=json.dumps(other).encode(),
        method="POST",
        headers={
            "Authorization": f"Basic {token}",
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    result = lrs.send_pending(store, config_for(ralph))
    assert (result.sent, result.rejected, result.queued) == (queued - 1, 1, 0)
    status, error = store.db.execute(
        "select status, last_error from lrs_queue where statement_id = ?", [victim_id]
    ).fetchone()
    assert status == "rejected" and error.startswith("HTTP 409")
