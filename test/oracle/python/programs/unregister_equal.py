"""Connection manager that unregisters handlers it no longer needs: equal functions and bound methods."""
import atexit


class Connection:
    def __init__(self, name):
        self.name = name

    def close(self):
        print(f"closing {self.name}")


def announce_shutdown():
    print("shutting down")


def drop_temp_tables():
    print("dropping temp tables")


primary = Connection("primary")
replica = Connection("replica")

atexit.register(announce_shutdown)
atexit.register(primary.close)
atexit.register(drop_temp_tables)
atexit.register(replica.close)
atexit.register(drop_temp_tables)

# The replica is closed explicitly, so its exit handler goes (a fresh bound method compares equal).
replica.close()
atexit.unregister(replica.close)
# Temp tables are dropped now: unregister removes BOTH registrations of the function.
atexit.unregister(drop_temp_tables)
print("maintenance done")
