"""A daemon whose SIGTERM handler only logs and returns: the process keeps running."""
import atexit
import signal


def reload_config(signum, frame):
    print("SIGTERM received: reloading config instead of exiting")


def write_pidfile_removal():
    print("pidfile removed")


atexit.register(write_pidfile_removal)
signal.signal(signal.SIGTERM, reload_config)
print("daemon started")
