"""A connection pool: each connection registers its own close in __init__, created in a loop over a literal tuple."""
import atexit


class Connection:
    def __init__(self, name):
        self.name = name
        atexit.register(self.close)

    def close(self):
        print(f"{self.name} connection closed")


pool = []
for name in ("primary", "replica", "cache"):
    pool.append(Connection(name))
atexit.register(print, f"pool of {len(pool)} created")
print("pool ready")
