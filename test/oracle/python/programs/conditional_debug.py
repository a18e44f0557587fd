"""CLI whose cleanup depends on configuration: registrations in if branches."""
import atexit
import os
import sys

verbose = "--verbose" in sys.argv
profile = os.environ.get("APP_PROFILE") == "1"


def dump_profile():
    print("profile dumped")


def say_bye():
    print("bye")


def print_stats():
    print("stats: 3 requests")


if profile:
    atexit.register(dump_profile)
elif verbose:
    atexit.register(print_stats)
else:
    atexit.register(say_bye)

if len(sys.argv) < 5:
    atexit.register(print, "few arguments given")

print("command done")
