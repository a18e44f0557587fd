import atexit
import os

def exit_function():
    print("This won't be called")

atexit.register(exit_function)

print("About to exit abruptly...")
os._exit(0)

# Output:
# About to exit abruptly...
