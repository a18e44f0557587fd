"""Metrics exporter: the handler lives here, the main module registers it."""
import atexit

_points = []


def flush_metrics():
    print(f"metrics: flushed {len(_points)} points")


def _stop_exporter():
    print("metrics: exporter stopped")


def start_metrics():
    _points.append(("started", 1))
    atexit.register(_stop_exporter)
