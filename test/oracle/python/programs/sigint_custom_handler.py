"""A downloader with a Ctrl+C handler that cancels and exits with status 130."""
import atexit
import signal
import sys

partial_files = ["a.part", "b.part"]


def on_interrupt(signum, frame):
    print("download cancelled")
    sys.exit(130)


def remove_partials():
    print(f"removing {len(partial_files)} partial files")


atexit.register(remove_partials)
signal.signal(signal.SIGINT, on_interrupt)
print("downloading")
