# exit-lens-oracle: normal exit error sigint sigterm hard-exit
"""Entry point of a package-based service: modules register handlers when they are imported."""
import atexit

from service import app
from service.config import settings

atexit.register(print, "main: exiting", settings["name"])
app.start()
print("service started")
