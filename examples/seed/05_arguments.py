import atexit
from functools import partial

def goodbye(name):
    print(f"Goodbye, {name}!")

atexit.register(lambda: goodbye("Alice"))
atexit.register(partial(goodbye, "Bob"))

print("Hello, everyone!")

# Output:
# Hello, everyone!
# Goodbye, Bob!
# Goodbye, Alice!
