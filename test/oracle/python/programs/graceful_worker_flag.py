# exit-lens-oracle: sigint=self sigterm=self
"""A worker loop that stops on a flag set by its SIGTERM handler and then ends normally."""
import atexit
import signal
import time

stopping = False


def request_stop(signum, frame):
    global stopping
    print("stop requested")
    stopping = True


def close_db():
    print("db closed")


atexit.register(close_db)
signal.signal(signal.SIGTERM, request_stop)
print("READY")
ticks = 0
while not stopping:
    time.sleep(0.02)
    ticks += 1
print("worker loop ended")
