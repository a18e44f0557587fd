# exit-lens-oracle: normal exit=self
"""Migration script that stops with `raise SystemExit` when the schema is already current."""
import atexit
import sqlite3

conn = sqlite3.connect(":memory:")
atexit.register(conn.close)


def close_message():
    print("migration connection closed")


atexit.register(close_message)
version = conn.execute("PRAGMA user_version").fetchone()[0]
print("schema version", version)
raise SystemExit("already up to date")
