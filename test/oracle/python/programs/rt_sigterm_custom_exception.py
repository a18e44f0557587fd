# exit-lens-oracle: sigterm=self sigint=self
"""SIGTERM raises a custom exception caught at top level; resources in an ExitStack inside main()."""
import atexit
import signal
import sys
import time
from contextlib import ExitStack


class GracefulExit(Exception):
    pass


def raise_graceful_exit(signum, frame):
    raise GracefulExit(signum)


def release(name):
    print("released", name)


def run(stack):
    stack.callback(release, "listener")
    stack.callback(release, "worker pool")
    print("READY", flush=True)
    while True:
        time.sleep(0.05)


def main():
    atexit.register(print, "atexit: bye")
    signal.signal(signal.SIGTERM, raise_graceful_exit)
    try:
        with ExitStack() as stack:
            run(stack)
    except GracefulExit as exc:
        print("graceful exit on", exc)
        return 0
    except KeyboardInterrupt:
        print("interrupted")
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
