"""A web app's entry point: its modules register cleanups when they are first imported."""
import atexit

import config
from storage import Storage
from metrics import flush_metrics, start_metrics


def stop_app():
    print("app stopped")


atexit.register(stop_app)
start_metrics()
store = Storage(config.DB_PATH)
atexit.register(flush_metrics)
print("app serving with", config.WORKERS, "workers")
