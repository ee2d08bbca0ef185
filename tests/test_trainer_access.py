"""Trainer passphrase: set on first use, stored only as a salted scrypt hash."""

from pathlib import Path

import pytest

from cwstrainer import trainer_access
from cwstrainer.errors import FieldError
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
    (stored,) = [r[0] for r in store.db.execute(
        "select value from settings where key = ?", [trainer_access.SETTING]).fetchall()]
    assert stored.startswith("scrypt$16384$8$1$")
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


@pytest.mark.parametrize("stored", ["", "plain", "scrypt$x$8$1$AA==$AA==", "md5$1$2$3$4$5"])
def test_malformed_hashes_never_unlock(stored: str) -> None:
    assert not trainer_access.verify("anything", stored)
