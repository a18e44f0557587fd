"""A pool sized from the environment: the number of registrations is only known at run time."""
import atexit
import os


def stop(i):
    print(f"worker {i} stopped")


size = int(os.environ.get("POOL_SIZE", "3"))
for i in range(size):
    atexit.register(stop, i)
atexit.register(print, "pool created")
print(f"pool of {size} running")
