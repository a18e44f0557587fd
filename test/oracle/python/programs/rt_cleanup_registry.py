"""A cleanup registry: callbacks collected in a list and run, newest first, by ONE atexit handler."""
import atexit

_cleanups = []


def add_cleanup(func, *args, **kwargs):
    _cleanups.append((func, args, kwargs))
    return func


def _run_cleanups():
    while _cleanups:
        func, args, kwargs = _cleanups.pop()
        try:
            func(*args, **kwargs)
        except Exception as exc:  # keep going like multiprocessing.util._run_finalizers
            print("cleanup failed:", exc)


def close_socket(name):
    print("socket closed:", name)


def report(prefix, *, verbose=False, sep=": "):
    print(prefix, "verbose" if verbose else "quiet", sep=sep)


atexit.register(_run_cleanups)
add_cleanup(close_socket, "control")
add_cleanup(close_socket, "data")
atexit.register(report, "atexit report", verbose=True, sep=" -> ")
print("registry has", len(_cleanups), "cleanups")
