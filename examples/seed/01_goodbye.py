import atexit

def goodbye():
    print("Goodbye, world!")

atexit.register(goodbye)

print("Hello, world!")
# Output:
# Hello, world!
# Goodbye, world!
