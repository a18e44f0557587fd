"""Job runner that uses `from atexit import register [as ...]` for its end-of-run reports."""
from atexit import register
from atexit import register as on_exit
import time

started = time.monotonic()
results = []


def report_duration():
    print(f"ran {len(results)} jobs")


def report_failures():
    failed = [r for r in results if not r[1]]
    print(f"{len(failed)} failed")


register(report_duration)
on_exit(report_failures)

for job in ("fetch", "parse", "store"):
    results.append((job, job != "parse"))
print("jobs done")
