# exit-lens-oracle: normal exit error sigint sigterm hard-exit
"""A job queue CLI: imports a module twice under two names (registered once) and a handler from a helper module."""
import atexit
import sys

import queue_backend
import queue_backend as qb
from handlers import drain, install_signal_handlers
from handlers import drain as drain_again

atexit.register(drain, "default")
install_signal_handlers()
qb.enqueue("job-1")
queue_backend.enqueue("job-2")
atexit.register(drain_again, "priority")
print("queued", len(qb.PENDING), "jobs;", len(sys.argv), "argv")
