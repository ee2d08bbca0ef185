"""Send xAPI statements to a Learning Record Store, queueing them while offline.

Nothing here opens a connection unless a station has an LRS configured and asks to
send. Statements are queued in the store first (one transaction per attempt), then sent
in batches; a statement leaves the queue only when the LRS has accepted it (any 2xx: an
LRS answers 204 for a batch it already holds), so a network that is down, an LRS that
answers 500, or a laptop that is closed mid-send loses none. An LRS that refuses a
statement for good (409: the same id with another body; 400, 422: not valid xAPI) marks
it rejected with the LRS's answer, for a trainer to see. A send that leaves statements
queued says why, in the LRS's own words (:attr:`SendResult.error`).

HTTP Basic sends the password with every request, so the endpoint must be ``https://``;
plain ``http://`` is accepted only on this computer (localhost, 127.0.0.0/8, ::1), where
nothing travels a network. Redirects are not followed (they would carry the password
elsewhere). The password itself is never kept in the database in clear
(:mod:`cwstrainer.lrs_secret`).
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from cwstrainer import lrs_secret
from cwstrainer.errors import FieldError
from cwstrainer.exports import xapi
from cwstrainer.exports.results import AttemptResult, submitted_results
from cwstrainer.store import settings
from cwstrainer.store.store import Store

KEYS = ("lrs_endpoint", "lrs_username", "lrs_home_page")
BATCH = 50
TIMEOUT_SECONDS = 10.0
ANSWER_CHARS = 500
"""How much of an LRS's answer is kept and shown."""


@dataclass(frozen=True)
class LrsConfig:
    """Where and as whom to send: the LRS's xAPI endpoint and HTTP Basic credentials."""

    endpoint: str
    username: str
    password: str
    home_page: str = xapi.DEFAULT_HOME_PAGE
    password_problem: str | None = None  # why the kept password could not be read

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"

    def __repr__(self) -> str:  # never the password, in a log or a traceback
        return f"LrsConfig({self.endpoint!r}, {self.username!r}, home_page={self.home_page!r})"


@dataclass(frozen=True)
class SendResult:
    """What one send did."""

    sent: int
    rejected: int
    queued: int
    error: str | None = None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer: localhost, 127.0.0.0/8 or ::1."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def endpoint_problem(endpoint: str) -> str | None:
    """Why the trainer will not send to ``endpoint`` (None when it will)."""
    try:
        parsed = urllib.parse.urlparse(endpoint)
        host = parsed.hostname
        parsed.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return f"{endpoint!r} is not an http(s) address"
    if parsed.scheme not in ("http", "https") or not parsed.netloc or not host:
        return f"{endpoint!r} is not an http(s) address"
    if parsed.username is not None or parsed.password is not None:
        return "put the username and password in their own fields, not in the address"
    if parsed.scheme == "http" and not is_loopback(host):
        return (
            f"{endpoint!r} would send the LRS password unencrypted over the network; use "
            "https:// (plain http:// is accepted only for an LRS on this computer: "
            "localhost, 127.0.0.1 or ::1)"
        )
    return None


def configure(store: Store, config: LrsConfig | None) -> None:
    """Save the station's LRS settings (None switches sending off); the password goes to
    the system keyring or the 0600 file beside the database, never into the database."""
    if config is None:
        old_user = settings.get(store, "lrs_username")
        lrs_secret.forget(store, old_user)
        for key in KEYS:
            settings.put(store, key, None)
        lrs_secret.migrate(store, None)  # an older trainer's password in clear: overwritten
        return
    problem = endpoint_problem(config.endpoint)
    if problem is not None:
        raise FieldError("LRS Endpoint", problem)
    if not config.username:
        raise FieldError("LRS Username", "the LRS needs a username (its key)")
    old_user = settings.get(store, "lrs_username")
    if old_user and old_user != config.username:
        lrs_secret.forget(store, old_user)
    lrs_secret.save(store, config.username, config.password)
    lrs_secret.migrate(store, None)  # an older trainer's password in clear: gone
    values = (config.endpoint, config.username, config.home_page)
    for key, value in zip(KEYS, values, strict=True):
        settings.put(store, key, value)


def configured(store: Store) -> LrsConfig | None:
    """The station's LRS settings, or None when no LRS is configured.

    A password an older trainer kept in the database in clear is moved out of it here,
    at the first use (:func:`cwstrainer.lrs_secret.migrate`).
    """
    endpoint, username, home_page = (settings.get(store, k) for k in KEYS)
    lrs_secret.migrate(store, username)
    if not endpoint or not username:
        return None
    password, problem = lrs_secret.load(store, username)
    return LrsConfig(endpoint, username, password, home_page or xapi.DEFAULT_HOME_PAGE, problem)


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
    with store.transaction() as db:
        before = db.table("lrs_queue").count
        db.table("lrs_queue").insert_all(rows, ignore=True)
        return db.table("lrs_queue").count - before


def enqueue_submitted(store: Store, home_page: str) -> int:
    """Queue every submitted attempt not yet queued (safe to repeat)."""
    return sum(enqueue(store, r, home_page) for r in submitted_results(store))


def pending(store: Store) -> int:
    """Statements still waiting to be sent."""
    return int(
        store.db.execute("select count(*) from lrs_queue where status = 'queued'").fetchone()[0]
    )


def _success(status: int) -> bool:
    """Any 2xx: 200 with the ids, 204 for statements the LRS already holds."""
    return 200 <= status < 300


_REFUSED_FOR_GOOD = (400, 409, 422)


def send_pending(store: Store, config: LrsConfig, timeout: float = TIMEOUT_SECONDS) -> SendResult:
    """Send what is queued, batch by batch; stop at the first sign the LRS will not take
    more now. Statements left queued come with the reason, in the LRS's own words."""
    refused = endpoint_problem(config.endpoint)
    if refused is None and config.password_problem:
        refused = config.password_problem
    if refused is not None:
        return SendResult(0, 0, pending(store), f"nothing was sent: {refused}")
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
        if _success(status):
            _mark(store, [sid for sid, _ in rows], "sent", None)
            sent += len(rows)
            continue
        if status in _REFUSED_FOR_GOOD:  # one bad statement spoils a batch: one by one
            done, bad, error = _one_by_one(store, config, rows, timeout)
            sent, rejected = sent + done, rejected + bad
            if error:
                break
            if not done and not bad:  # nothing moved: never loop on the same batch
                error = f"the queue does not move; the LRS answered {answer}"
                break
            continue
        error = answer
        _count_try(store, [sid for sid, _ in rows], answer)
        break
    left = pending(store)
    if left and error is None:  # cannot happen; said rather than stalled in silence
        error = f"{left} statement(s) are still queued"
    return SendResult(sent, rejected, left, error)


def _one_by_one(
    store: Store, config: LrsConfig, rows: list[tuple[str, str]], timeout: float
) -> tuple[int, int, str | None]:
    sent = rejected = 0
    for sid, body in rows:
        status, answer = _post(config, [json.loads(body)], timeout)
        if _success(status):
            _mark(store, [sid], "sent", None)
            sent += 1
        elif status in _REFUSED_FOR_GOOD:
            _mark(store, [sid], "rejected", answer)
            rejected += 1
        else:
            _count_try(store, [sid], answer)
            return sent, rejected, answer
    return sent, rejected, None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the LRS's answer, never followed: it would carry the password."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def _answer(status: int, body: bytes, where: str | None = None) -> str:
    """An LRS's answer in a line: its status and its own words."""
    text = " ".join(body[:ANSWER_CHARS].decode("utf-8", "replace").split())
    moved = f" (to {where})" if where else ""
    return f"HTTP {status}{moved}: {text}" if text else f"HTTP {status}{moved}"


def _post(config: LrsConfig, statements: list[dict[str, Any]], timeout: float) -> tuple[int, str]:
    """POST statements; the HTTP status (0: no answer) and the LRS's answer in words."""
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
        with _OPENER.open(request, timeout=timeout) as response:
            status = int(response.status)
            body = response.read(ANSWER_CHARS)
    except urllib.error.HTTPError as exc:
        detail = exc.read(ANSWER_CHARS) if exc.fp is not None else b""
        if exc.code in (401, 403):
            return exc.code, f"the LRS refused the credentials (HTTP {exc.code})"
        return exc.code, _answer(exc.code, detail, exc.headers.get("Location"))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        return 0, f"the LRS cannot be reached ({reason}); statements stay queued"
    if _success(status):
        return status, ""
    return status, _answer(status, body)


def _mark(store: Store, ids: list[str], status: str, error: str | None) -> None:
    with store.transaction() as db:
        for sid in ids:
            db.execute(
                "update lrs_queue set status = ?, sent_at = ?, last_error = ?, "
                "tries = tries + 1 where statement_id = ?",
                [status, _now(), error, sid],
            )


def _count_try(store: Store, ids: list[str], error: str) -> None:
    with store.transaction() as db:
        for sid in ids:
            db.execute(
                "update lrs_queue set tries = tries + 1, last_error = ? where statement_id = ?",
                [error, sid],
            )
