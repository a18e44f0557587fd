import atexit
import sys

def faulty_exit():
    raise Exception("Oops!")

def safe_exit():
    print("Safely exiting")

atexit.register(faulty_exit)
atexit.register(safe_exit)

print("Main program")

# Output:
# Main program
# Safely exiting
# Exception: Oops!
