"""Trainer mode behind a passphrase, kept only as a salted scrypt hash.

The passphrase is set on first use at a station and never stored or logged in clear.
scrypt (RFC 7914, in Python's hashlib) is memory-hard, so a stolen database does not
give the passphrase cheaply; comparison is constant-time. The cost is OWASP's current
recommendation (N=2^17, r=8, p=1: 128 MiB and about half a second a try), and it is
stored with the hash (``scrypt$N$r$p$salt$hash``), so that a hash made at an older cost
(N=2^14, before) still verifies, and is made again at the current cost the next time
the right passphrase is given.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from cwstrainer.errors import FieldError
from cwstrainer.store import settings
from cwstrainer.store.store import Store

SETTING = "trainer_passphrase"
MIN_LENGTH = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
"""The cost of a new hash: OWASP's Password Storage Cheat Sheet's scrypt parameters."""
_MAXMEM = 256 * 1024 * 1024  # scrypt needs 128 * r * N bytes: 128 MiB at the cost above
_MIN_N = 2**10  # a stored cost outside these bounds is not one this trainer made
_MAX_SALT = 64
_MAX_DKLEN = 64


def hash_passphrase(passphrase: str, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64 parts) for ``passphrase``, at the current cost."""
    return _hash(passphrase, salt or secrets.token_bytes(16), SCRYPT_N, SCRYPT_R, SCRYPT_P)


def _hash(passphrase: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> str:
    digest = _scrypt(passphrase, salt, n, r, p, dklen)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM, dklen=dklen
    )


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    """(N, r, p, salt, hash) of a stored hash, or None if it is not one this trainer
    made, or would cost more than the current parameters to check."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    costs = parts[1:4]
    if not all(x.isascii() and x.isdigit() and len(x) <= 10 for x in costs):
        return None
    n, r, p = (int(x) for x in costs)
    try:
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        return None
    power_of_two = n & (n - 1) == 0
    if not (power_of_two and _MIN_N <= n <= SCRYPT_N and 1 <= r <= SCRYPT_R and p == 1):
        return None
    if not (1 <= len(salt) <= _MAX_SALT and 16 <= len(expected) <= _MAX_DKLEN):
        return None
    return n, r, p, salt, expected


def verify(passphrase: str, stored: str) -> bool:
    """Whether ``passphrase`` matches the stored hash (False for any malformed hash)."""
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    try:
        actual = _scrypt(passphrase, salt, n, r, p, len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


def needs_upgrade(stored: str) -> bool:
    """Whether a stored hash was made at a lower cost than the current one."""
    parsed = _parse(stored)
    return parsed is not None and parsed[:3] != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


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
    """Whether ``passphrase`` opens trainer mode at this station.

    The right passphrase against a hash of an older, lower cost makes the hash again at
    the current cost (a new salt too), so that a station's hash is upgraded by use.
    """
    stored = settings.get(store, SETTING)
    if stored is None or not verify(passphrase, stored):
        return False
    if needs_upgrade(stored):
        settings.put(store, SETTING, hash_passphrase(passphrase))
    return True
