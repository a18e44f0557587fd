"""A daemon that installs handlers only for the signals its platform has."""
import atexit
import signal
import sys


def graceful(signum, frame):
    print(f"graceful stop on signal {signum}")
    sys.exit(0)


def release_port():
    print("port released")


atexit.register(release_port)
if hasattr(signal, "SIGTERM"):
    signal.signal(signal.SIGTERM, graceful)
if sys.platform == "win32":
    signal.signal(signal.SIGBREAK, graceful)
print("daemon up")
