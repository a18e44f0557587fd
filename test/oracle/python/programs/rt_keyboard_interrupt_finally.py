# exit-lens-oracle: sigint=self sigterm=self
"""main() catches KeyboardInterrupt, cleans up in `finally`; one weakref.finalize on a module-level object."""
import atexit
import time
import weakref


class Session:
    def __init__(self, user):
        self.user = user


def end_session(user):
    print("session ended for", user)


def save_history():
    print("history saved")


SESSION = Session("alice")
weakref.finalize(SESSION, end_session, SESSION.user)


def repl():
    print("READY", flush=True)
    while True:
        time.sleep(0.05)


def main():
    atexit.register(save_history)
    try:
        repl()
    except KeyboardInterrupt:
        print("^C")
    finally:
        print("finally: terminal restored")


if __name__ == "__main__":
    main()
