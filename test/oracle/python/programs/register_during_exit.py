"""A handler that registers another handler while the program is exiting."""
import atexit


def late():
    print("late handler")


def register_more():
    print("registering another handler at exit")
    atexit.register(late)


atexit.register(print, "registered first")
atexit.register(register_more)
print("main done")
