"""Worker pool stub: one cleanup per worker, registered in loops with a known trip count."""
import atexit


def stop_worker(name):
    print(f"stopping {name}")


def release_slot(i):
    print(f"slot {i} released")


for name in ["ingest", "transform", "export"]:
    atexit.register(stop_worker, name)

for i in range(2):
    atexit.register(release_slot, i)

print("pool running")
