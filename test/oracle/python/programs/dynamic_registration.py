"""Plugins registered through getattr and exec: the analysis cannot see all of them."""
import atexit
import sys

hook_name = "register"
getattr(atexit, hook_name)(print, "dynamic handler")

plugin_source = "import atexit\natexit.register(print, 'plugin handler from exec')\n"
exec(plugin_source)

atexit.register(print, "static handler")
print("plugins loaded:", len(sys.argv))
