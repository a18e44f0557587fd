"""Storage package: `from . import backend` runs the backend's module-level registration."""
import atexit

from . import backend


class Storage:
    def __init__(self, path):
        self.conn = backend.connect(path)
        atexit.register(self.close)

    def close(self):
        self.conn.close()
        print("storage: connection closed")
