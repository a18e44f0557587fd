# exit-lens-oracle: sigterm=self sigint=self
"""A small daemon (gunicorn/supervisor style): writes a pidfile removed at exit, SIGTERM/SIGHUP -> sys.exit."""
import atexit
import os
import signal
import sys
import tempfile
import time


class Pidfile:
    def __init__(self, path):
        self.path = path
        self.pid = None

    def create(self, pid):
        with open(self.path, "w") as f:
            f.write(f"{pid}\n")
        self.pid = pid
        atexit.register(self.unlink)

    def unlink(self):
        if os.path.exists(self.path):
            os.unlink(self.path)
        print("pidfile removed")


def handle_quit(signum, frame):
    print(f"got signal {signum}, quitting")
    sys.exit(0)


def main():
    pidfile = Pidfile(os.path.join(tempfile.gettempdir(), f"rt-daemon-{os.getpid()}.pid"))
    pidfile.create(os.getpid())
    signal.signal(signal.SIGTERM, handle_quit)
    signal.signal(signal.SIGHUP, handle_quit)
    print("READY", flush=True)
    while True:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
