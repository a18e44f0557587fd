"""weakref.finalize on module objects: one freed early by `del`, one with .atexit = False, one detached."""
import atexit
import weakref


class Buffer:
    def __init__(self, name):
        self.name = name


def drop(name):
    print("finalizer ran for", name)


atexit.register(print, "atexit: first registered")
scratch = Buffer("scratch")
weakref.finalize(scratch, drop, "scratch")
del scratch  # freed now: its finalizer runs during the top-level code
shared = Buffer("shared")
weakref.finalize(shared, drop, "shared")
quiet = Buffer("quiet")
quiet_fin = weakref.finalize(quiet, drop, "quiet")
quiet_fin.atexit = False  # must not run at exit
kept = Buffer("kept")
kept_fin = weakref.finalize(kept, drop, "kept")
kept_fin.detach()  # never runs
print("buffers ready")
