import atexit
import multiprocessing

def exit_function():
    print(f"Exiting process {multiprocessing.current_process().name}")

def worker():
    atexit.register(exit_function)
    print(f"Worker {multiprocessing.current_process().name} running")

if __name__ == "__main__":
    atexit.register(exit_function)
    p = multiprocessing.Process(target=worker)
    p.start()
    p.join()
    print("Main program exiting")

# Output:
# Worker Process-1 running
# Main program exiting
# Exiting process MainProcess
