"""An exit handler that calls os._exit to force the status code: the handlers after it never run."""
import atexit
import os


def close_journal():
    print("journal closed")


def force_status():
    print("forcing status 0 with os._exit")
    os._exit(0)


atexit.register(close_journal)
atexit.register(force_status)
atexit.register(print, "metrics flushed")
print("run complete")
