import atexit

from .config import settings
from . import app  # circular: app imports db while app is half-initialised


def close_pool():
    print("db: pool closed for", settings["name"], "app module:", app.__name__)


atexit.register(close_pool)
