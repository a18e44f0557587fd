"""Buffered logger: atexit.register with positional and keyword arguments."""
import atexit
import sys

buffer = []


def log(msg):
    buffer.append(msg)


def flush(stream_name, *, prefix="", footer=None):
    stream = getattr(sys, stream_name)
    for line in buffer:
        stream.write(prefix + line + "\n")
    if footer:
        stream.write(footer + "\n")


atexit.register(flush, "stdout", prefix="[app] ", footer="-- end of log --")
atexit.register(print, "logger shut down")

log("starting")
log("loaded 3 plugins")
log("ready")
