import atexit

from .config import settings
from . import db


def stop():
    print("app: stopped")


def start():
    atexit.register(stop)
    print("app: starting", settings["workers"], "workers")
