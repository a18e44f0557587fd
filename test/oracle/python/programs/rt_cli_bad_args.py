# exit-lens-oracle: normal
"""A CLI that sets up logging, registers a summary, and exits 2 on bad arguments (argparse-like)."""
import atexit
import logging
import sys

log = logging.getLogger("rtcli")


def summary(stats, verbose=False):
    print("summary:", stats, "verbose" if verbose else "")


def parse_args(argv):
    if len(argv) < 2:
        log.error("usage: %s INPUT", argv[0])
        sys.exit(2)
    return argv[1]


def main(argv):
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    stats = {"files": 0}
    atexit.register(summary, stats, verbose=True)
    path = parse_args(argv)
    stats["files"] += 1
    print("processing", path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
