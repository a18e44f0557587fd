"""A thread-pool job runner: the executor's workers finish before the atexit handlers run."""
import atexit
import time
from concurrent.futures import ThreadPoolExecutor

executor = ThreadPoolExecutor(max_workers=2)
results = []


def job(n):
    time.sleep(0.05)
    results.append(n * n)


def report():
    print(f"{len(results)} results: {sorted(results)}")


atexit.register(report)
for n in range(4):
    executor.submit(job, n)
print("jobs submitted")
