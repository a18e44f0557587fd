# exit-lens-oracle: sigint=self sigterm=self
"""A server whose resources live in a top-level `with ExitStack()` that encloses its wait loop."""
import atexit
import signal
import sys
from contextlib import ExitStack


def on_term(signum, frame):
    print("terminating")
    sys.exit(0)


def close_pool():
    print("pool closed")


atexit.register(print, "atexit: server process exiting")
signal.signal(signal.SIGTERM, on_term)
with ExitStack() as stack:
    stack.callback(close_pool)
    stack.callback(print, "sockets closed")
    print("READY")
    while True:
        signal.pause()
