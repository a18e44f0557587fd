# exit-lens-oracle: normal
"""A classic slip: atexit.register(close_all()) calls the function and registers its result (None)."""
import atexit


def flush_metrics():
    print("metrics flushed")


def close_all():
    print("close_all called immediately")


atexit.register(flush_metrics)
atexit.register(close_all())  # TypeError: the first argument must be callable
atexit.register(print, "never registered")
