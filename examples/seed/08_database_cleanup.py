import atexit
import sqlite3

conn = sqlite3.connect("example.db")

def close_db_connection():
    print("Closing database connection...")
    conn.close()

atexit.register(close_db_connection)

# Your main program here
cursor = conn.cursor()
cursor.execute("CREATE TABLE IF NOT EXISTS users (name TEXT, age INTEGER)")
print("Database operations completed")

# Output:
# Database operations completed
# Closing database connection...
