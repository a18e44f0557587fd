"""Exit handlers that raise: the others still run, the error is printed to stderr."""
import atexit
import os


def remove_pidfile():
    os.remove("/nonexistent/dir/app.pid")  # raises FileNotFoundError


def close_socket():
    print("socket closed")


def bad_report():
    raise RuntimeError("report backend unavailable")


atexit.register(close_socket)
atexit.register(remove_pidfile)
atexit.register(bad_report)
atexit.register(lambda: print("last registered, first to run"))
print("serving done")
