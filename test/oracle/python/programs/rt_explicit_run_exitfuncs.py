"""An embedded interpreter host (IPython/ipykernel style) that flushes atexit handlers early, then re-registers."""
import atexit


def save_history():
    print("history saved")


def close_kernel_session():
    print("kernel session closed")


atexit.register(save_history)
atexit.register(close_kernel_session)
# Restarting the embedded shell: run (and clear) the pending handlers now, like a real exit would.
atexit._run_exitfuncs()
print("shell restarted")
atexit.register(print, "atexit: only handler left at exit")
