# exit-lens-oracle: normal error=self
"""An uncaught error inside a top-level `with ExitStack()`: the stack unwinds, then atexit runs."""
import atexit
import json
from contextlib import ExitStack


def close_input():
    print("input closed")


atexit.register(print, "atexit: importer exiting")
with ExitStack() as stack:
    stack.callback(close_input)
    stack.callback(print, "progress bar closed")
    record = json.loads('{"id": 1, "name": ')
