import atexit
import time

def quick_cleanup():
    print("Performing quick cleanup")

def slow_cleanup():
    print("Starting slow cleanup")
    time.sleep(5)  # Simulate a slow operation
    print("Slow cleanup finished")

atexit.register(quick_cleanup)
atexit.register(slow_cleanup)

print("Main program running")

# Output:
# Main program running
# Starting slow cleanup
# Slow cleanup finished
# Performing quick cleanup
