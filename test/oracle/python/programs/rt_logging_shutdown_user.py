"""A logging setup that registers logging.shutdown itself and a handler that logs during exit."""
import atexit
import logging
import sys

logger = logging.getLogger("rt.app")


def final_log():
    logger.warning("process exiting")
    print("final log emitted")


def configure():
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    atexit.register(logging.shutdown)
    atexit.register(final_log)


configure()
logger.info("configured")
