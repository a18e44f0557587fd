import atexit
import signal
import sys

def exit_function():
    print("Performing cleanup...")

def signal_handler(sig, frame):
    print(f"Received signal {sig}")
    sys.exit(0)

atexit.register(exit_function)
signal.signal(signal.SIGTERM, signal_handler)

print("Program running. Press Ctrl+C to exit.")
signal.pause()

# Output (when terminated with SIGTERM):
# Program running. Press Ctrl+C to exit.
# Received signal 15
# Performing cleanup...
