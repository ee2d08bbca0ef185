"""Trainer mode behind a passphrase, kept only as a salted scrypt hash.

The passphrase is set on first use at a station and never stored or logged in clear.
scrypt (RFC 7914, in Python's hashlib) is memory-hard, so a stolen database does not
give the passphrase cheaply; comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cwstrainer.errors import FieldError
from cwstrainer.store import settings
from cwstrainer.store.store import Store

SETTING = "trainer_passphrase"
MIN_LENGTH = 8
_N, _R, _P = 2**14, 8, 1


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64 parts) for ``passphrase``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify(passphrase: str, stored: str) -> bool:
    """Whether ``passphrase`` matches the stored hash (False for any malformed hash)."""
    try:
        scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(hash_b64)
        actual = hashlib.scrypt(
            passphrase.encode("utf-8"), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def is_set(store: Store) -> bool:
    """Whether this station already has a trainer passphrase."""
    return settings.get(store, SETTING) is not None


def set_passphrase(store: Store, passphrase: str, current: str | None = None) -> None:
    """Set the passphrase on first use, or change it given the current one."""
    stored = settings.get(store, SETTING)
    if stored is not None and (current is None or not verify(current, stored)):
        raise FieldError("Current Passphrase", "the current passphrase is not correct")
    if len(passphrase) < MIN_LENGTH:
        raise FieldError("Passphrase", f"use at least {MIN_LENGTH} characters")
    settings.put(store, SETTING, hash_passphrase(passphrase))


def unlock(store: Store, passphrase: str) -> bool:
    """Whether ``passphrase`` opens trainer mode at this station."""
    stored = settings.get(store, SETTING)
    return stored is not None and verify(passphrase, stored)
