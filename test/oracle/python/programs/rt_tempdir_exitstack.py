"""A build step: TemporaryDirectory and callbacks in an ExitStack that closes before the program ends."""
import atexit
import os
import tempfile
from contextlib import ExitStack, closing


class Archive:
    def __init__(self, path):
        self.path = path

    def close(self):
        print("archive closed")


def remove_marker(path):
    print("marker removed:", os.path.basename(path))


def build():
    with ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="rt-build-"))
        marker = os.path.join(workdir, "in-progress")
        open(marker, "w").close()
        stack.callback(remove_marker, marker)
        stack.enter_context(closing(Archive(os.path.join(workdir, "out.tar"))))
        print("built in", os.path.basename(workdir))
    return workdir


atexit.register(print, "atexit: build finished")
result = build()
print("workdir gone:", not os.path.exists(result))
