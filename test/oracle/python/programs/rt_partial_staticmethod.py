"""Handlers given as functools.partial of bound methods and as a staticmethod installed from a classmethod."""
import atexit
import functools


class Journal:
    def __init__(self):
        self.lines = []

    def flush(self, force=False):
        print("journal flush, force =", force)


class Telemetry:
    @staticmethod
    def _send():
        print("telemetry sent")

    @classmethod
    def enable(cls):
        atexit.register(cls._send)


journal = Journal()
atexit.register(functools.partial(journal.flush, force=True))
Telemetry.enable()
atexit.register(journal.flush)
print("ready")
