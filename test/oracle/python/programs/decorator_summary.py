"""Test-suite style runner: summaries registered with the @atexit.register decorator."""
import atexit

passed = []
failed = []


@atexit.register
def print_summary():
    print(f"summary: {len(passed)} passed, {len(failed)} failed")


@atexit.register
def write_junit():
    print("writing junit.xml (skipped in demo)")


def check(name, ok):
    (passed if ok else failed).append(name)


check("test_login", True)
check("test_logout", True)
check("test_refresh", False)
print("tests finished")
