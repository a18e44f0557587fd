# exit-lens-oracle: normal exit=self
"""Maintenance script that quits with a status code via quit(3)."""
import atexit

atexit.register(print, "maintenance lock released")


def check_disk():
    return False


if check_disk():
    print("disk ok")
print("disk check failed")
quit(3)
