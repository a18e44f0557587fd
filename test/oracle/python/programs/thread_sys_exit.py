"""A watcher thread that calls sys.exit(): only the thread ends, the program goes on and exits normally."""
import atexit
import sys
import threading


def watcher():
    print("watcher: config invalid, stopping")
    sys.exit(1)


def cleanup():
    print("cleanup after watcher")


atexit.register(cleanup)
t = threading.Thread(target=watcher)
t.start()
t.join()
print("main still running after the thread's sys.exit")
