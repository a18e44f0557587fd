"""An app using logging (which registers its own atexit shutdown) plus its own handler."""
import atexit
import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
log = logging.getLogger("app")


def goodbye():
    log.info("goodbye from the app")
    print("app handler ran")


atexit.register(goodbye)
log.info("app started")
