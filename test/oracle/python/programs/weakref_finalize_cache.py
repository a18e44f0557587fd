"""A resource cache that uses weakref.finalize next to atexit handlers."""
import atexit
import weakref


class Resource:
    def __init__(self, name):
        self.name = name


def release(name):
    print(f"finalizer: released {name}")


def close_registry():
    print("atexit: registry closed")


atexit.register(close_registry)
a = Resource("a")
weakref.finalize(a, release, "a")
atexit.register(print, "atexit: metrics flushed")
b = Resource("b")
weakref.finalize(b, release, "b")
tmp = Resource("tmp")
weakref.finalize(tmp, release, "tmp")
del tmp  # collected now: its finalizer runs during the program
atexit.register(lambda: print("atexit: last registered"))
print("cache warm")
