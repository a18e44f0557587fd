"""Service bootstrap: registrations happen inside helper functions called from top level."""
import atexit


def close_metrics():
    print("metrics exporter stopped")


def close_tracing():
    print("tracing flushed")


def setup_metrics():
    atexit.register(close_metrics)


def setup_tracing():
    atexit.register(close_tracing)
    setup_metrics()


def setup_all():
    setup_tracing()
    atexit.register(lambda: print("bootstrap done cleaning"))


setup_all()
print("service initialised")
