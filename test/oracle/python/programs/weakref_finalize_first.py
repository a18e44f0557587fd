"""weakref.finalize created before any atexit registration: the finalizers' shared atexit slot comes first."""
import atexit
import tempfile
import weakref


class Session:
    pass


session = Session()
weakref.finalize(session, print, "finalizer: session expired")
atexit.register(print, "atexit: audit log closed")
spool = tempfile.SpooledTemporaryFile()
conn = Session()
fin = weakref.finalize(conn, print, "finalizer: connection dropped")
atexit.register(print, "atexit: goodbye")
print("alive:", fin.alive)
