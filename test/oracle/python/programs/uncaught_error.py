# exit-lens-oracle: normal error=self
"""ETL job whose last step raises: the traceback is printed, then atexit handlers run."""
import atexit


def close_source():
    print("source closed")


def close_sink():
    print("sink closed")


atexit.register(close_source)
atexit.register(close_sink)

rows = [{"id": 1, "amount": "10"}, {"id": 2, "amount": "ten"}]
total = 0
for row in rows:
    print("loading row", row["id"])
total = sum(int(r["amount"]) for r in rows)
print("never reached", total)
