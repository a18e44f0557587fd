"""Shutdown hooks registered by a decorator factory with arguments, plus a bare @atexit.register."""
import atexit
import functools


def on_shutdown(label, *, priority=0):
    def decorate(func):
        @functools.wraps(func)
        def wrapper():
            print(f"[{label}:{priority}]", end=" ")
            return func()

        atexit.register(wrapper)
        return func

    return decorate


@on_shutdown("db", priority=10)
def close_db():
    print("db closed")


@atexit.register
def goodbye():
    print("goodbye")


@on_shutdown("http")
def stop_http():
    print("http stopped")


print("hooks installed")
