"""atexit used through aliases: `from atexit import register as on_exit`, `import atexit as ae`, kwargs."""
import atexit as ae
from atexit import register as on_exit


def flush(target, retries=1, *, timeout=None):
    print("flush", target, retries, timeout)


on_exit(flush, "journal", retries=3, timeout=0.5)
ae.register(lambda: print("lambda via alias"))
handle = on_exit(print, "print with", "args")
print("aliases registered", handle is print)
