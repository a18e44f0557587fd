"""A server that handles SIGINT and SIGTERM with one shutdown function, registered in a helper."""
import atexit
import signal
import sys


def shutdown(signum, frame):
    print(f"shutdown on {signal.Signals(signum).name}")
    sys.exit(0)


def install_handlers():
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, shutdown)


def close_listener():
    print("listener closed")


atexit.register(close_listener)
install_handlers()
print("serving")
