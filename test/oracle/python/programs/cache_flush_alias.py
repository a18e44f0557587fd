"""A small CLI that caches lookups in memory and flushes the cache to disk at exit (atexit imported under an alias)."""
import atexit as ax
import json
import os
import tempfile

CACHE_PATH = os.path.join(tempfile.gettempdir(), f"lookup-cache-{os.getpid()}.json")
cache = {}


def flush_cache():
    with open(CACHE_PATH, "w") as f:
        json.dump(cache, f)
    print(f"flushed {len(cache)} entries")
    os.remove(CACHE_PATH)


def lookup(key):
    if key not in cache:
        cache[key] = key.upper()
    return cache[key]


ax.register(flush_cache)

for word in ["alpha", "beta", "alpha"]:
    print(lookup(word))
