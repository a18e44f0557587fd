# exit-lens-oracle: normal exit error sigint sigterm hard-exit
"""Registration three calls deep from main(); `if __name__ == "__main__"` runs main() which returns normally."""
import atexit
import signal


def _write_state(path):
    print("state written to", path)


def _register(func, *args):
    atexit.register(func, *args)


def install_state_writer(path):
    _register(_write_state, path)


def install_signals():
    signal.signal(signal.SIGTERM, lambda signum, frame: print("ignoring SIGTERM"))
    signal.signal(signal.SIGINT, signal.default_int_handler)


def main():
    install_state_writer("/tmp/state.json")
    install_signals()
    print("setup done")


if __name__ == "__main__":
    main()
