"""A storage layer whose objects register their own bound methods: class instantiated at top level."""
import atexit
import os
import sqlite3
import tempfile


class Store:
    def __init__(self, path):
        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)")
        self.pending = []
        atexit.register(self.close)

    def put(self, k, v):
        self.pending.append((k, v))

    def flush(self):
        self.conn.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?)", self.pending)
        self.conn.commit()
        print(f"flushed {len(self.pending)} rows")
        self.pending.clear()

    def close(self):
        self.conn.close()
        os.remove(self.path)
        print("store closed")


store = Store(os.path.join(tempfile.gettempdir(), f"store-{os.getpid()}.db"))
atexit.register(store.flush)
store.put("user:1", "ada")
store.put("user:2", "grace")
print("requests handled")
