"""Resources register their close() at exit and unregister it when closed explicitly (ipykernel/celery style)."""
import atexit


class Client:
    def __init__(self, name):
        self.name = name
        atexit.register(self._atexit_close)

    def _atexit_close(self):
        print("atexit closing", self.name)

    def close(self):
        atexit.unregister(self._atexit_close)
        print("closed explicitly", self.name)


def connect(name):
    return Client(name)


primary = connect("primary")
replica = connect("replica")
replica.close()
print("primary still open")
