"""Registrations that run while a class body executes, and an alias of atexit.register kept in a variable."""
import atexit
import functools


class Plugin:
    instances = []
    atexit.register(lambda: print("class body hook:", len(Plugin.instances), "instances"))

    def __init__(self, name):
        Plugin.instances.append(name)


on_exit = atexit.register
on_exit(print, "registered through a variable alias")
register_goodbye = functools.partial(atexit.register, print, "partial of atexit.register")
register_goodbye()
for name in ("a", "b"):
    Plugin(name)
print("plugins:", Plugin.instances)
