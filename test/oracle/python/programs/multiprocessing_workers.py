# exit-lens-oracle: normal exit error hard-exit
"""A parallel crawler: handlers registered in Process targets never run (children end with os._exit)."""
import atexit
import multiprocessing


def child_cleanup(name):
    print(f"child {name} cleanup")


def crawl(url):
    atexit.register(child_cleanup, url)
    print("crawled", url)


def parent_cleanup():
    print("parent cleanup")


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    atexit.register(parent_cleanup)
    procs = [multiprocessing.Process(target=crawl, args=(u,)) for u in ("a.example", "b.example")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    print("crawl finished")
