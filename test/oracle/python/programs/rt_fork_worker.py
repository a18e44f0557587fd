"""A pre-fork parent: the child ends with os._exit (never running atexit); the parent waits for it."""
import atexit
import os


def parent_cleanup():
    print("parent cleanup in", "parent" if os.getpid() == PARENT else "child")


PARENT = os.getpid()
atexit.register(parent_cleanup)
pid = os.fork()
if pid == 0:
    print("child working")
    os._exit(0)
os.waitpid(pid, 0)
print("child reaped")
