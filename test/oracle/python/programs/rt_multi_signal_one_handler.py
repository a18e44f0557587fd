# exit-lens-oracle: sigint=self sigterm=self
"""One handler installed for several signals in a loop (uvicorn/celery style); a flag stops the main loop."""
import atexit
import signal
import time

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
should_exit = False


def handle_exit(sig, frame):
    global should_exit
    print("received", signal.Signals(sig).name)
    should_exit = True


def on_exit():
    print("server shut down cleanly")


def install_signal_handlers():
    for sig in HANDLED_SIGNALS:
        signal.signal(sig, handle_exit)


def serve():
    install_signal_handlers()
    atexit.register(on_exit)
    print("READY", flush=True)
    while not should_exit:
        time.sleep(0.05)
    print("main loop finished")


if __name__ == "__main__":
    serve()
