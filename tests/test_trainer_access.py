"""Trainer passphrase: set on first use, stored only as a salted scrypt hash."""

import base64
import hashlib
from pathlib import Path

import pytest

from cwstrainer import trainer_access
from cwstrainer.errors import FieldError
from cwstrainer.store import settings
from cwstrainer.store.store import Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path)
    yield s
    s.close()


def test_first_use_sets_it_and_only_the_right_passphrase_unlocks(store: Store) -> None:
    assert not trainer_access.is_set(store)
    assert not trainer_access.unlock(store, "anything at all")
    trainer_access.set_passphrase(store, "county training 2016")
    assert trainer_access.is_set(store)
    assert trainer_access.unlock(store, "county training 2016")
    assert not trainer_access.unlock(store, "county training 2017")


def test_the_passphrase_is_never_stored_in_clear(store: Store) -> None:
    trainer_access.set_passphrase(store, "county training 2016")
    dump = "\n".join(store.db.conn.iterdump())
    assert "county training 2016" not in dump
    (stored,) = [
        r[0]
        for r in store.db.execute(
            "select value from settings where key = ?", [trainer_access.SETTING]
        ).fetchall()
    ]
    assert stored.startswith("scrypt$131072$8$1$")  # OWASP's N=2^17, r=8, p=1, kept with it
    raw = store.path.read_bytes() + store.path.with_name(store.path.name + "-wal").read_bytes()
    assert b"county training 2016" not in raw


def test_two_hashes_of_one_passphrase_differ_by_their_salt() -> None:
    assert trainer_access.hash_passphrase("same words") != trainer_access.hash_passphrase(
        "same words"
    )


def test_changing_needs_the_current_passphrase(store: Store) -> None:
    trainer_access.set_passphrase(store, "first passphrase")
    with pytest.raises(FieldError, match="current passphrase is not correct"):
        trainer_access.set_passphrase(store, "second passphrase", current="wrong one")
    trainer_access.set_passphrase(store, "second passphrase", current="first passphrase")
    assert trainer_access.unlock(store, "second passphrase")


def test_short_passphrases_are_refused(store: Store) -> None:
    with pytest.raises(FieldError, match="at least 8"):
        trainer_access.set_passphrase(store, "short")


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$x$8$1$AA==$AA==",
        "md5$1$2$3$4$5",
        "scrypt$\u00b2$8$1$AA==$AA==",
        # costs this trainer never made: refused before any memory is spent on them
        "scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,
        "scrypt$131072$8$64$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,
        "scrypt$131072$1024$1$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,
        "scrypt$100000$8$1$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,
        "scrypt$131072$8$1$not base64!$" + "A" * 44,
    ],
)
def test_malformed_hashes_never_unlock(stored: str) -> None:
    assert not trainer_access.verify("anything", stored)


def old_hash(passphrase: str) -> str:
    """A hash as the trainer made them before (scrypt at N=2^14, r=8, p=1)."""
    salt = b"sixteen byte salt"[:16]
    digest = hashlib.scrypt(passphrase.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    b64 = base64.b64encode
    return f"scrypt$16384$8$1${b64(salt).decode()}${b64(digest).decode()}"


def test_new_hashes_use_owasp_parameters_and_say_so() -> None:
    stored = trainer_access.hash_passphrase("county training 2016")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**17, 8, 1)
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
    assert trainer_access.verify("county training 2016", stored)
    assert not trainer_access.needs_upgrade(stored)


def test_an_older_hash_still_verifies_and_is_upgraded_at_the_next_right_passphrase(
    store: Store,
) -> None:
    old = old_hash("county training 2016")
    assert trainer_access.verify("county training 2016", old)
    assert trainer_access.needs_upgrade(old)
    settings.put(store, trainer_access.SETTING, old)

    assert not trainer_access.unlock(store, "county training 2017")
    assert settings.get(store, trainer_access.SETTING) == old  # a wrong one changes nothing

    assert trainer_access.unlock(store, "county training 2016")
    upgraded = settings.get(store, trainer_access.SETTING)
    assert upgraded is not None and upgraded.startswith("scrypt$131072$8$1$")
    assert upgraded.split("$")[4] != old.split("$")[4]  # a new salt too
    assert trainer_access.unlock(store, "county training 2016")
    assert settings.get(store, trainer_access.SETTING) == upgraded  # upgraded once only
