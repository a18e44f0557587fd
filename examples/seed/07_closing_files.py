import atexit

log_file = open("app.log", "w")

def close_log_file():
    print("Closing log file...")
    log_file.close()

atexit.register(close_log_file)

# Your main program here
log_file.write("Application started\n")
print("Application running...")

# Output:
# Application running...
# Closing log file...
