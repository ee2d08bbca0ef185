"""The database as the command line opens it: every problem said, none hidden.

A damaged database is kept aside and a new one started by :meth:`Store.open`; a command
then stops and says so (exit status 2) rather than go on with an empty database as if
nothing had happened (``results export`` wrote "0 attempt(s)" after such a start). Run
again, it uses the new database. Problems met later (a full disk, damage found while
reading) are each a :class:`~cwstrainer.errors.StoreError`, which the command line prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cwstrainer.errors import StoreError
from cwstrainer.store.store import Store


@contextmanager
def opened(folder: Path) -> Iterator[Store]:
    """The data folder's store, within :meth:`Store.guard`; closed at the end."""
    store = Store.open(folder)
    try:
        if store.notice:
            raise StoreError(
                f"{store.notice} Nothing else was done: run the command again to work with "
                "the new database; the damaged one is kept for IT to look at."
            )
        with store.guard():
            yield store
    finally:
        store.close()
