"""Handlers shared by the job queue: a drain function and a SIGTERM handler that exits."""
import signal
import sys


def drain(queue_name):
    print(f"draining {queue_name} queue")


def _on_term(signum, frame):
    print("handlers: SIGTERM, exiting")
    sys.exit(143)


def install_signal_handlers():
    signal.signal(signal.SIGTERM, _on_term)
