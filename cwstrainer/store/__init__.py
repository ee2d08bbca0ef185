"""The SQLite store (sqlite-utils is imported only by this package, never at GUI start-up)."""
