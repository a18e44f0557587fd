# exit-lens-oracle: normal exit=self
"""Interactive-style script that ends with the site builtin exit()."""
import atexit


def save_history():
    print("history saved")


atexit.register(save_history)
print("session over")
exit()
