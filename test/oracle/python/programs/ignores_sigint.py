# exit-lens-oracle: normal exit sigint sigterm
"""A batch process that ignores Ctrl+C (SIG_IGN) and handles SIGHUP for log rotation."""
import atexit
import signal


def rotate_logs(signum, frame):
    print("logs rotated")


def finish():
    print("batch finished")


signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGHUP, rotate_logs)
atexit.register(finish)
print("batch running")
