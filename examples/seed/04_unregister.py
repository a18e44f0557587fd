import atexit

def unnecessary_function():
    print("This won't be called")

atexit.register(unnecessary_function)
atexit.unregister(unnecessary_function)

print("Main program")

# Output:
# Main program
