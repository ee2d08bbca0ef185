"""Send xAPI statements to a Learning Record Store, queueing them while offline.

Nothing here opens a connection unless a station has an LRS configured and asks to
send. Statements are queued in the store first (one transaction per attempt), then sent
in batches; a statement leaves the queue only when the LRS has accepted it, so a
network that is down, an LRS that answers 500, or a laptop that is closed mid-send
loses none. An LRS that refuses a statement for good (409: the same id with another
body; 400: not valid xAPI) marks it rejected with the LRS's answer, for a trainer to see.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from cwstrainer.errors import FieldError
from cwstrainer.exports import xapi
from cwstrainer.exports.results import AttemptResult, submitted_results
from cwstrainer.store import settings
from cwstrainer.store.store import Store

KEYS = ("lrs_endpoint", "lrs_username", "lrs_password", "lrs_home_page")
BATCH = 50
TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class LrsConfig:
    """Where and as whom to send: the LRS's xAPI endpoint and HTTP Basic credentials."""

    endpoint: str
    username: str
    password: str
    home_page: str = xapi.DEFAULT_HOME_PAGE

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"


@dataclass(frozen=True)
class SendResult:
    """What one send did."""

    sent: int
    rejected: int
    queued: int
    error: str | None = None


def configure(store: Store, config: LrsConfig | None) -> None:
    """Save the station's LRS settings (None switches sending off)."""
    if config is None:
        for key in KEYS:
            settings.put(store, key, None)
        return
    parsed = urllib.parse.urlparse(config.endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FieldError("LRS Endpoint", f"{config.endpoint!r} is not an http(s) address")
    if not config.username:
        raise FieldError("LRS Username", "the LRS needs a username (its key)")
    values = (config.endpoint, config.username, config.password, config.home_page)
    for key, value in zip(KEYS, values, strict=True):
        settings.put(store, key, value)


def configured(store: Store) -> LrsConfig | None:
    """The station's LRS settings, or None when no LRS is configured."""
    endpoint, username, password, home_page = (settings.get(store, k) for k in KEYS)
    if not endpoint or not username:
        return None
    return LrsConfig(endpoint, username, password or "", home_page or xapi.DEFAULT_HOME_PAGE)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def enqueue(store: Store, result: AttemptResult, home_page: str) -> int:
    """Queue the statements of one submitted attempt; returns how many were new."""
    rows = [
        {
            "statement_id": s["id"],
            "attempt_id": result.attempt.id,
            "body": json.dumps(s),
            "queued_at": _now(),
            "tries": 0,
            "status": "queued",
        }
        for s in xapi.statements(result, home_page)
    ]
    with store.db.atomic():
        before = store.db.table("lrs_queue").count
        store.db.table("lrs_queue").insert_all(rows, ignore=True)
        return store.db.table("lrs_queue").count - before


def enqueue_submitted(store: Store, home_page: str) -> int:
    """Queue every submitted attempt not yet queued (safe to repeat)."""
    return sum(enqueue(store, r, home_page) for r in submitted_results(store))


def pending(store: Store) -> int:
    """Statements still waiting to be sent."""
    return int(
        store.db.execute("select count(*) from lrs_queue where status = 'queued'").fetchone()[0]
    )


def send_pending(store: Store, config: LrsConfig, timeout: float = TIMEOUT_SECONDS) -> SendResult:
    """Send what is queued, batch by batch; stop at the first sign the LRS is unreachable."""
    sent = rejected = 0
    error = None
    while True:
        rows = store.db.execute(
            "select statement_id, body from lrs_queue where status = 'queued' "
            "order by rowid limit ?",
            [BATCH],
        ).fetchall()
        if not rows:
            break
        status, answer = _post(config, [json.loads(body) for _, body in rows], timeout)
        if status == 200:
            _mark(store, [sid for sid, _ in rows], "sent", None)
            sent += len(rows)
            continue
        if status in (400, 409, 422):  # one bad statement spoils a batch: one by one
            done, bad, error = _one_by_one(store, config, rows, timeout)
            sent, rejected = sent + done, rejected + bad
            if error:
                break
            continue
        error = answer
        _count_try(store, [sid for sid, _ in rows], answer)
        break
    return SendResult(sent, rejected, pending(store), error)


def _one_by_one(
    store: Store, config: LrsConfig, rows: list[tuple[str, str]], timeout: float
) -> tuple[int, int, str | None]:
    sent = rejected = 0
    for sid, body in rows:
        status, answer = _post(config, [json.loads(body)], timeout)
        if status in (200, 204):
            _mark(store, [sid], "sent", None)
            sent += 1
        elif status in (400, 409, 422):
            _mark(store, [sid], "rejected", answer)
            rejected += 1
        else:
            _count_try(store, [sid], answer)
            return sent, rejected, answer
    return sent, rejected, None


def _post(config: LrsConfig, statements: list[dict[str, Any]], timeout: float) -> tuple[int, str]:
    token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode()
    request = urllib.request.Request(
        config.statements_url,
        data=json.dumps(statements).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": "1.0.3",
            "Authorization": f"Basic {token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", "replace")
        if exc.code in (401, 403):
            return exc.code, f"the LRS refused the credentials (HTTP {exc.code})"
        return exc.code, f"HTTP {exc.code}: {detail}"
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        return 0, f"the LRS cannot be reached ({reason}); statements stay queued"


def _mark(store: Store, ids: list[str], status: str, error: str | None) -> None:
    with store.db.atomic():
        for sid in ids:
            store.db.execute(
                "update lrs_queue set status = ?, sent_at = ?, last_error = ?, "
                "tries = tries + 1 where statement_id = ?",
                [status, _now(), error, sid],
            )


def _count_try(store: Store, ids: list[str], error: str) -> None:
    with store.db.atomic():
        for sid in ids:
            store.db.execute(
                "update lrs_queue set tries = tries + 1, last_error = ? where statement_id = ?",
                [error, sid],
            )
