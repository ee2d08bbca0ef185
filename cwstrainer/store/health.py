"""Full, read-only, damaged: what a database problem is, never one taken for another.

SQLite and the operating system say what went wrong in codes; this module reads them.
A full disk (``SQLITE_FULL``, ``ENOSPC``), a read-only folder or file (``SQLITE_READONLY``,
``EROFS``, ``EACCES``), another program's lock (``SQLITE_BUSY``, ``SQLITE_LOCKED``) and
damage (``SQLITE_CORRUPT``, ``SQLITE_NOTADB``, or SQLite's integrity check failing) are
four different things, and only damage ever moves a database aside: a healthy database
on a full or read-only disk stays where it is, untouched. An I/O error that is none of
these is not taken for damage either (a disk that is full can answer so: the free space
decides).

Each kind has its :class:`~cwstrainer.errors.StoreError`, whose text is for a person.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import Enum
from pathlib import Path

from cwstrainer.errors import StoreError

# SQLite's primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

NEARLY_FULL_BYTES = 64 * 1024
"""Free space under which an I/O error or a file that cannot be opened is a full disk."""


class Kind(Enum):
    """What a database problem is."""

    FULL = "full"
    READ_ONLY = "read-only"
    DAMAGED = "damaged"
    LOCKED = "locked"
    IO = "i/o"


class DiskFull(StoreError):
    """The disk holding the data folder is full: nothing can be written until space is
    freed. Nothing already saved is touched."""


class ReadOnly(StoreError):
    """The data folder or the database file cannot be written (a read-only disk, folder
    or file)."""


class Locked(StoreError):
    """Another program holds the database's lock for longer than the store waits."""


class Damaged(StoreError):
    """The database is damaged; ``kept`` is where the damaged file was kept aside (None
    if it could not be moved)."""

    def __init__(self, message: str, kept: Path | None = None) -> None:
        self.kept = kept
        super().__init__(message)


class IntegrityFailed(sqlite3.DatabaseError):
    """SQLite's own integrity check found damage (raised by the store's open)."""


_FULL_ERRNOS = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_TEXTS: tuple[tuple[str, Kind], ...] = (
    ("database or disk is full", Kind.FULL),
    ("malformed", Kind.DAMAGED),
    ("file is not a database", Kind.DAMAGED),
    ("readonly", Kind.READ_ONLY),
    ("read-only", Kind.READ_ONLY),
    ("locked", Kind.LOCKED),
    ("disk i/o error", Kind.IO),
    ("unable to open", Kind.IO),
)


def free_bytes(folder: Path) -> int | None:
    """Free space for this user on the disk holding ``folder`` (None if unknown)."""
    for place in (folder, *folder.parents):
        try:
            if hasattr(os, "statvfs"):
                st = os.statvfs(place)
                return int(st.f_bavail) * int(st.f_frsize)
            import shutil

            return shutil.disk_usage(place).free
        except OSError:
            continue
    return None


def nearly_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (almost) no room left."""
    free = free_bytes(folder)
    return free is not None and free < NEARLY_FULL_BYTES


def kind_of(exc: BaseException, folder: Path | None = None) -> Kind | None:
    """What ``exc`` says about the database in ``folder``; None if it is no problem of
    the disk or the file (a mistake in a query, say, which must not be hidden)."""
    if isinstance(exc, IntegrityFailed):
        return Kind.DAMAGED
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return Kind.FULL
        if exc.errno in _READ_ONLY_ERRNOS:
            return Kind.READ_ONLY
        if exc.errno == errno.EIO:
            return _io(folder)
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    kind: Kind | None = None
    if isinstance(code, int):
        kind = {
            SQLITE_FULL: Kind.FULL,
            SQLITE_CORRUPT: Kind.DAMAGED,
            SQLITE_NOTADB: Kind.DAMAGED,
            SQLITE_READONLY: Kind.READ_ONLY,
            SQLITE_PERM: Kind.READ_ONLY,
            SQLITE_BUSY: Kind.LOCKED,
            SQLITE_LOCKED: Kind.LOCKED,
            SQLITE_IOERR: Kind.IO,
            SQLITE_CANTOPEN: Kind.IO,
        }.get(code & 0xFF)
    if kind is None:
        text = str(exc).lower()
        kind = next((k for fragment, k in _TEXTS if fragment in text), None)
    if kind is Kind.IO:
        return _io(folder)
    return kind


def _io(folder: Path | None) -> Kind:
    """An I/O error, or a file that cannot be opened: a full disk if there is no room,
    a read-only one if the folder cannot be written, else an I/O error (never damage)."""
    if folder is not None:
        if nearly_full(folder):
            return Kind.FULL
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return Kind.READ_ONLY
    return Kind.IO


def reason(exc: BaseException) -> str:
    """SQLite's or the system's own words for the problem."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
