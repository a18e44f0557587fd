# exit-lens-oracle: normal exit error
"""Workers started through the forkserver: their atexit registrations never run in the children."""
import atexit
import multiprocessing as mp


def worker_cleanup():
    print("worker cleanup")


def work(q):
    atexit.register(worker_cleanup)
    q.put("done")


def parent_report():
    print("parent report")


if __name__ == "__main__":
    ctx = mp.get_context("forkserver")
    atexit.register(parent_report)
    q = ctx.Queue()
    p = ctx.Process(target=work, args=(q,))
    p.start()
    print("worker says", q.get())
    p.join()
