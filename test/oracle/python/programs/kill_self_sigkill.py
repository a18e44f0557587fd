# exit-lens-oracle: normal hard-exit=self
"""A watchdog that kills its own process with SIGKILL when it decides it is wedged."""
import atexit
import os
import signal


def dump_state():
    print("state dumped")


atexit.register(dump_state)
print("watchdog: giving up")
os.kill(os.getpid(), signal.SIGKILL)
