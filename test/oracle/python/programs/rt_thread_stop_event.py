"""A background poller thread (daemon) stopped by an atexit handler that sets an Event and joins it."""
import atexit
import threading
import time

stop = threading.Event()


def poll():
    while not stop.wait(0.02):
        pass
    print("poller saw stop")


def shutdown_poller(thread, timeout=1.0):
    stop.set()
    thread.join(timeout)
    print("poller joined:", not thread.is_alive())


poller = threading.Thread(target=poll, name="poller", daemon=True)
poller.start()
atexit.register(shutdown_poller, poller, timeout=2.0)
time.sleep(0.05)
print("poller running")
