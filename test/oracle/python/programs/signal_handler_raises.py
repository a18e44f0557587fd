"""An app that turns SIGTERM into an exception, unwinding like Ctrl+C does."""
import atexit
import signal


class Shutdown(Exception):
    pass


def on_term(signum, frame):
    print("converting SIGTERM to Shutdown")
    raise Shutdown()


def stop_scheduler():
    print("scheduler stopped")


signal.signal(signal.SIGTERM, on_term)
atexit.register(stop_scheduler)
print("scheduler running")
