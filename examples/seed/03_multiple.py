import atexit

def cleanup1():
    print("Cleanup 1")

def cleanup2():
    print("Cleanup 2")

atexit.register(cleanup1)
atexit.register(cleanup2)

print("Main program")

# Output:
# Main program
# Cleanup 2
# Cleanup 1
