"""ExitStack cleanups in a function scope run when the scope ends, long before exit handlers."""
import atexit
import contextlib
import os
import tempfile


class Lock:
    def __enter__(self):
        print("lock acquired")
        return self

    def __exit__(self, *exc):
        print("lock released")
        return False


def export_report(rows):
    with contextlib.ExitStack() as stack:
        path = tempfile.mktemp(suffix=".csv")
        stack.callback(print, "temp file cleaned")
        stack.callback(lambda: os.path.exists(path) and os.remove(path))
        stack.enter_context(Lock())
        with open(path, "w") as f:
            f.write("\n".join(rows))
        print("report exported")


atexit.register(print, "exporter shut down")
export_report(["a,1", "b,2"])
print("all reports done")
