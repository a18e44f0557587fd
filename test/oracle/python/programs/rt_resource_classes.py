"""Class-based resources register self.close in __init__; instances are created inside functions."""
import atexit


class Connection:
    opened = []

    def __init__(self, dsn):
        self.dsn = dsn
        self.closed = False
        Connection.opened.append(self)
        atexit.register(self.close)

    def close(self):
        if not self.closed:
            self.closed = True
            print("closed", self.dsn)


class Cache(Connection):
    def __init__(self, dsn, size):
        super().__init__(dsn)
        self.size = size


def open_database():
    return Connection("postgres://db")


def open_backends():
    db = open_database()
    cache = Cache("redis://cache", 128)
    return db, cache


backends = open_backends()
print("opened", len(Connection.opened), "connections")
