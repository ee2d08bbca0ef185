"""Station settings kept in the database (one table of key and text value)."""

from __future__ import annotations

from cwstrainer.store.store import Store


def get(store: Store, key: str) -> str | None:
    """The setting's value, or None if it was never set."""
    with store.guard():
        row = store.db.execute("select value from settings where key = ?", [key]).fetchone()
    return None if row is None else str(row[0])


def put(store: Store, key: str, value: str | None) -> None:
    """Set (or, with None, remove) a setting, in one transaction."""
    with store.transaction() as db:
        if value is None:
            db.execute("delete from settings where key = ?", [key])
        else:
            db.table("settings").upsert({"key": key, "value": value}, pk="key")
