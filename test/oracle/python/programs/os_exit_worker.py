# exit-lens-oracle: normal hard-exit=self
"""Worker that ends with os._exit after finishing its batch: no atexit handler runs."""
import atexit
import os


def release_lease():
    print("lease released")


atexit.register(release_lease)
for item in range(3):
    print("processed item", item)
os._exit(0)
