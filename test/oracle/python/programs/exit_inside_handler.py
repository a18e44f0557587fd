"""An atexit handler that calls sys.exit(): the remaining handlers still run."""
import atexit
import sys


def set_exit_code():
    print("forcing exit code 3")
    sys.exit(3)


def close_files():
    print("files closed")


atexit.register(close_files)
atexit.register(set_exit_code)
atexit.register(print, "first handler")
print("work done")
