# exit-lens-oracle: normal
"""Top-level `try: sys.exit(main()) except SystemExit: ...; raise` wrapper with a handler registered in main()."""
import atexit
import sys


def cleanup(code_holder):
    print("cleanup, exit code was", code_holder.get("code"))


def main():
    state = {}
    atexit.register(cleanup, state)
    state["code"] = 3
    return 3


try:
    sys.exit(main())
except SystemExit as exc:
    print("exiting with", exc.code)
    raise
