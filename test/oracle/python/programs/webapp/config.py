"""Configuration: registers a cleanup at import time."""
import atexit

DB_PATH = ":memory:"
WORKERS = 4


def forget_secrets():
    print("config: secrets wiped")


atexit.register(forget_secrets)
