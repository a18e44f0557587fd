"""Queue backend: one module-level registration, run once however often it is imported."""
import atexit

PENDING = []


def enqueue(job):
    PENDING.append(job)


def persist():
    print(f"backend: persisted {len(PENDING)} pending jobs")


atexit.register(persist)
