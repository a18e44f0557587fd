# exit-lens-oracle: normal exit=self
"""A deploy script whose die() helper prints a message and calls sys.exit(2)."""
import atexit
import sys


def die(message):
    print("error:", message)
    sys.exit(2)


def unlock_deploy():
    print("deploy lock released")


atexit.register(unlock_deploy)
targets = []
print("checking targets")
die("no deploy targets configured")
print("never reached")
