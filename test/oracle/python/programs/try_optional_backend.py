"""A cache client that prefers an optional backend and falls back, registering a different cleanup in each case."""
import atexit


def close_fast_backend():
    print("fast backend closed")


def close_fallback():
    print("fallback cache closed")


try:
    import ujson_fast_cache_backend  # not installed: ImportError
    atexit.register(close_fast_backend)
except ImportError:
    atexit.register(close_fallback)
finally:
    atexit.register(print, "cache client finalised")
print("cache ready")
