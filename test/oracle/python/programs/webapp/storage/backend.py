"""Storage backend: module-level registration on first import."""
import atexit
import sqlite3

_connections = []


def connect(path):
    conn = sqlite3.connect(path)
    _connections.append(conn)
    return conn


def _report():
    print(f"backend: {len(_connections)} connections opened in total")


atexit.register(_report)
