# exit-lens-oracle: normal exit error
"""A non-daemon uploader thread: Python joins it before running atexit handlers."""
import atexit
import threading
import time


def upload():
    time.sleep(0.3)
    print("upload finished")


def close_client():
    print("client closed (after the upload)")


threading.Thread(target=upload).start()
atexit.register(close_client)
print("main thread done")
