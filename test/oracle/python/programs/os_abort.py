# exit-lens-oracle: normal hard-exit=self
"""A consistency checker that aborts when it finds corrupted state."""
import atexit
import os
import resource

resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the abort


def write_checkpoint():
    print("checkpoint written")


atexit.register(write_checkpoint)
state = {"balance": -1}
if state["balance"] < 0:
    print("corrupted state detected")
os.abort()
