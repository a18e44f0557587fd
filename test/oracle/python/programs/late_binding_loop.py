"""Temp-file janitor with the classic late-binding lambda bug, next to the fixed form."""
import atexit
import os
import tempfile

paths = []
for suffix in (".a", ".b", ".c"):
    fd, path = tempfile.mkstemp(suffix=suffix)
    os.close(fd)
    paths.append(path)

for path in paths:
    atexit.register(lambda: print("removing", os.path.splitext(path)[1]))

for path in paths:
    atexit.register(lambda p=path: os.remove(p))

print("made", len(paths), "temp files")
