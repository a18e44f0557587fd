"""Registering a list of hooks with map(): lazy in Python 3, so only the consumed map registers anything."""
import atexit


def stop_a():
    print("stop a")


def stop_b():
    print("stop b")


def stop_c():
    print("stop c")


map(atexit.register, [stop_a, stop_b])  # never iterated: registers nothing
list(map(atexit.register, [stop_c]))
hooks = (atexit.register(h) for h in (stop_a,))  # generator never consumed
print("hooks set up")
