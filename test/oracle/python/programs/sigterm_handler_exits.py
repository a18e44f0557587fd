"""A queue consumer that handles SIGTERM (docker stop) by exiting, so atexit handlers run."""
import atexit
import signal
import sys


def ack_inflight():
    print("in-flight messages acked")


def on_term(signum, frame):
    print("SIGTERM: draining")
    sys.exit(0)


def close_channel():
    print("channel closed")


atexit.register(close_channel)
signal.signal(signal.SIGTERM, on_term)
atexit.register(ack_inflight)
print("consuming")
