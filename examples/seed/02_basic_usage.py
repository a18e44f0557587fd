import atexit

def cleanup():
    print("Performing cleanup...")

atexit.register(cleanup)

# Your main program here
print("Main program running...")

# Output:
# Main program running...
# Performing cleanup...
