"""A job runner with the usual main() under `if __name__ == "__main__":`."""
import atexit
import sys


class Runner:
    def __init__(self, jobs):
        self.jobs = jobs
        self.done = 0

    def run(self):
        for job in self.jobs:
            print("running", job)
            self.done += 1

    def report(self):
        print(f"{self.done}/{len(self.jobs)} jobs completed")


def release_lock():
    print("lock released")


def main(argv):
    atexit.register(release_lock)
    runner = Runner(argv or ["build", "test"])
    atexit.register(runner.report)
    runner.run()


if __name__ == "__main__":
    main(sys.argv[1:])
