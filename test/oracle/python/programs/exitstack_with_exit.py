# exit-lens-oracle: normal exit=self
"""A batch command that calls sys.exit inside a top-level `with ExitStack()`: the stack unwinds first."""
import atexit
import sys
from contextlib import ExitStack


def unmount():
    print("volume unmounted")


atexit.register(print, "atexit: command finished")
with ExitStack() as stack:
    stack.callback(unmount)
    stack.push(lambda *exc: print("exit callback saw", exc[0].__name__ if exc[0] else None))
    print("copying files")
    sys.exit(1)
