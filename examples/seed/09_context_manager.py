class DatabaseConnection:
    def __enter__(self):
        self.conn = sqlite3.connect("example.db")
        return self.conn

    def __exit__(self, exc_type, exc_val, exc_tb):
        print("Closing database connection...")
        self.conn.close()

with DatabaseConnection() as conn:
    cursor = conn.cursor()
    cursor.execute("CREATE TABLE IF NOT EXISTS users (name TEXT, age INTEGER)")
    print("Database operations completed")

# Output:
# Database operations completed
# Closing database connection...
