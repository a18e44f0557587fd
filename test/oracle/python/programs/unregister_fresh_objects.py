"""Unregistering with a fresh lambda or partial: nothing is removed."""
import atexit
import functools


def notify(channel):
    print(f"notify {channel}: going down")


def cleanup():
    print("cleanup")


atexit.register(lambda: cleanup())
atexit.register(functools.partial(notify, "ops"))
atexit.register(cleanup)

atexit.unregister(lambda: cleanup())
atexit.unregister(functools.partial(notify, "ops"))
atexit.unregister(notify)
print("handlers left in place")
