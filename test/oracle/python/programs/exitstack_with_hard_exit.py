# exit-lens-oracle: normal hard-exit=self
"""os._exit inside a top-level `with ExitStack()`: neither the stack nor atexit handlers run."""
import atexit
import os
from contextlib import ExitStack

atexit.register(print, "atexit: never")
with ExitStack() as stack:
    stack.callback(print, "stack: never")
    print("forking is done, leaving hard")
    os._exit(0)
