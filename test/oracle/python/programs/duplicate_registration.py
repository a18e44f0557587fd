"""A plugin system that accidentally registers the same flush twice (once per plugin load)."""
import atexit

loaded = []


def flush_plugin_state():
    print(f"flushing state of {len(loaded)} plugins")


def load_plugin(name):
    loaded.append(name)
    atexit.register(flush_plugin_state)


load_plugin("auth")
load_plugin("billing")
atexit.register(flush_plugin_state)
print("plugins loaded")
