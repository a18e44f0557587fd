# exit-lens-oracle: normal
"""Installing one handler for a list that includes SIGKILL raises OSError at the SIGKILL entry."""
import atexit
import signal


def on_signal(signum, frame):
    print("signal", signum)


atexit.register(print, "atexit: registered before the loop")
for sig in (signal.SIGTERM, signal.SIGKILL, signal.SIGHUP):
    signal.signal(sig, on_signal)  # OSError: [Errno 22] Invalid argument for SIGKILL
atexit.register(print, "atexit: never registered")
