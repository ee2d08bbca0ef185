"""Where the LRS password is kept: never in the database in clear.

The station's database travels (results files are made from it, a damaged one is kept
aside for IT, county backups copy it), so the password of the Learning Record Store is
kept outside it:

* in the **system keyring** (Windows Credential Manager, macOS Keychain, the Secret
  Service of a Linux desktop) through the ``keyring`` package, when it is installed and
  has a usable backend (one whose priority is above zero, not its "fail" or "null" one);
* otherwise in a file beside the database, ``lrs-password``, readable by its owner only
  (0600, in the 0700 data folder).

The database says only which of the two holds it (the setting ``lrs_password_in``). A
password an older trainer kept in the database in clear is moved out at the first use
of the LRS settings, and its bytes are overwritten in the database file and its WAL.
``CWSTRAINER_KEYRING=off`` keeps the password in the file (for tests, and for a county
whose IT prefers a file it can see).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from cwstrainer.errors import StoreError
from cwstrainer.paths import open_private
from cwstrainer.store import settings
from cwstrainer.store.store import Store

KEYRING_SERVICE = "cwstrainer LRS"
KEYRING_ENV = "CWSTRAINER_KEYRING"
FILE_NAME = "lrs-password"
WHERE_KEY = "lrs_password_in"
CLEAR_KEY = "lrs_password"  # where an older trainer kept it, in clear
IN_KEYRING = "keyring"
IN_FILE = "file"


def _keyring() -> Any | None:
    """The ``keyring`` module if it is installed and has a usable backend, else None."""
    if os.environ.get(KEYRING_ENV, "").lower() in ("off", "0", "no", "false"):
        return None
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        if float(getattr(backend, "priority", 0)) <= 0:
            return None
        module = type(backend).__module__
        if module.endswith((".fail", ".null")):
            return None
    except Exception:  # a backend that cannot even say what it is: not usable
        return None
    return keyring


def _account(store: Store, username: str) -> str:
    """The keyring's name for one station's LRS account (its database and username)."""
    return f"{username} @ {store.path.resolve()}"


def _file(store: Store) -> Path:
    return store.path.with_name(FILE_NAME)


def where(store: Store) -> str | None:
    """Where this station keeps its LRS password: "keyring", "file", or None."""
    return settings.get(store, WHERE_KEY)


def described(store: Store) -> str:
    """Where the password is, in words ("in the system keyring", "in FILE ...")."""
    kept = where(store)
    if kept == IN_KEYRING:
        return "in the system keyring (not in the database)"
    if kept == IN_FILE:
        return f"in {_file(store)}, readable by this user only (not in the database)"
    return "nowhere (none is set)"


def save(store: Store, username: str, password: str) -> str:
    """Keep the password (the keyring if one is usable, else the 0600 file); returns
    where it went."""
    forget(store, username)
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, _account(store, username), password)
        except Exception:  # a locked or broken keyring: the file instead
            ring = None
        else:
            settings.put(store, WHERE_KEY, IN_KEYRING)
            return IN_KEYRING
    try:
        with open_private(_file(store), "w", encoding="utf-8", newline="") as fh:
            fh.write(password)
    except OSError as exc:
        raise StoreError(
            f"the LRS password could not be kept in {_file(store)}: {exc.strerror or exc}"
        ) from None
    settings.put(store, WHERE_KEY, IN_FILE)
    return IN_FILE


def load(store: Store, username: str) -> tuple[str, str | None]:
    """The password and, if it cannot be read, why (the password is then "")."""
    kept = where(store)
    if kept == IN_KEYRING:
        ring = _keyring()
        if ring is None:
            return "", (
                "the LRS password is in the system keyring, which cannot be reached now; "
                "configure the LRS again"
            )
        try:
            found = ring.get_password(KEYRING_SERVICE, _account(store, username))
        except Exception as exc:
            return "", f"the system keyring did not give the LRS password ({exc})"
        if found is None:
            return "", "the LRS password is not in the system keyring; configure the LRS again"
        return str(found), None
    if kept == IN_FILE:
        try:
            return _file(store).read_text(encoding="utf-8"), None
        except OSError as exc:
            return "", (
                f"the LRS password file {_file(store)} cannot be read ({exc.strerror or exc}); "
                "configure the LRS again"
            )
    return "", None


def forget(store: Store, username: str | None) -> None:
    """Remove the password wherever it is kept (switching the LRS off, or changing it)."""
    ring = _keyring()
    if ring is not None and username:
        with contextlib.suppress(Exception):
            ring.delete_password(KEYRING_SERVICE, _account(store, username))
    with contextlib.suppress(FileNotFoundError):
        _file(store).unlink()
    settings.put(store, WHERE_KEY, None)


def migrate(store: Store, username: str | None) -> bool:
    """Move a password an older trainer kept in the database in clear out of it (to the
    keyring or the file), overwriting its bytes; whether there was one."""
    clear = settings.get(store, CLEAR_KEY)
    if clear is None:
        return False
    if clear and username:
        save(store, username, clear)
    with store.guard():
        before = store.db.execute("PRAGMA secure_delete").fetchone()[0]
        store.db.execute("PRAGMA secure_delete = ON")  # the freed bytes are overwritten
        try:
            with store.transaction() as db:
                db.execute("delete from settings where key = ?", [CLEAR_KEY])
        finally:
            store.db.execute(f"PRAGMA secure_delete = {int(before)}")
    scrub(store)
    return True


def scrub(store: Store) -> None:
    """Write the WAL back into the database and empty it, so that the old page holding
    the password in clear is nowhere on disk (best effort: a reader may hold it)."""
    with store.guard(), contextlib.suppress(Exception):
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
