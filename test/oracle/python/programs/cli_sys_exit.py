# exit-lens-oracle: normal exit=self
"""argparse-style CLI ending with sys.exit(main())."""
import atexit
import sys


def restore_terminal():
    print("terminal restored")


def main():
    atexit.register(restore_terminal)
    args = sys.argv[1:]
    print("processing", len(args), "arguments")
    return 0 if not args else 2


atexit.register(print, "cli exiting")
sys.exit(main())
