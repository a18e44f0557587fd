# exit-lens-oracle: sigterm=self sigint=self
"""A library chains to the previously installed SIGTERM handler (twisted/celery style)."""
import atexit
import signal
import sys
import time


def app_term(signum, frame):
    print("app: SIGTERM -> exit 143")
    sys.exit(143)


class Monitor:
    def install(self):
        self._previous = signal.signal(signal.SIGTERM, self._on_term)
        atexit.register(self.report)

    def _on_term(self, signum, frame):
        print("monitor: saw SIGTERM, chaining")
        if callable(self._previous):
            self._previous(signum, frame)

    def report(self):
        print("monitor: report written")


signal.signal(signal.SIGTERM, app_term)
Monitor().install()
print("READY", flush=True)
while True:
    time.sleep(0.05)
