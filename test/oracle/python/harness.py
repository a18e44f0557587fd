"""Exit Lens runtime oracle for Python: run a program as `python3 PROGRAM` would, and log every exit
handler whose body starts running.

    python3 -u harness.py --log LOG --scenario S [--root DIR] [--ready TOKEN] -- PROGRAM [ARGS...]

S is one of normal | exit | error | hard-exit | sigint | sigterm | self. `normal` and `self` just run
the program; the others apply that ending once the top-level code has returned (sigint/sigterm print
TOKEN on a line of its own and block; the driver sends the signal).

Instrumentation (installed before the program's first line, semantics kept):
  atexit.register/unregister, weakref.finalize, signal.signal/getsignal, and every push onto a
  contextlib ExitStack/AsyncExitStack (callback, push, enter_context and the async variants).
Each handler is wrapped; the wrapper appends one JSON line to LOG (os.write on an O_APPEND fd, so it
survives os._exit) when the handler's body starts, from the main process only.

A handler's identity is the registering call in user code: the frame that called the mechanism
(contextlib's own frames skipped) when it lies under DIR (default: the program's directory), at
the start line/column of that call expression. A registration made from anywhere else (the
stdlib's own atexit hooks, eval'd code) is logged with "internal": true and is not part of the
comparison.
"""

import atexit
import contextlib
import json
import os
import signal
import sys
import types
import weakref

_CO_LAZY = 0x20 | 0x80 | 0x100 | 0x200  # generator, coroutine, iterable coroutine, async generator


def _parse_args(argv):
    opts = {"log": None, "scenario": "normal", "root": None, "ready": "EXIT-LENS-READY"}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            return opts, argv[i + 1:]
        if a.startswith("--") and a[2:] in opts and i + 1 < len(argv):
            opts[a[2:]] = argv[i + 1]
            i += 2
            continue
        raise SystemExit(f"harness: unexpected argument {a!r}")
    raise SystemExit("harness: missing -- PROGRAM")


_opts, _prog_argv = _parse_args(sys.argv[1:])
if not _prog_argv or not _opts["log"]:
    raise SystemExit("harness: usage: harness.py --log LOG --scenario S -- PROGRAM [ARGS...]")
_SCENARIO = _opts["scenario"]
if _SCENARIO not in ("normal", "self", "exit", "error", "hard-exit", "sigint", "sigterm"):
    raise SystemExit(f"harness: unknown scenario {_SCENARIO!r}")

_PROGRAM = os.path.abspath(_prog_argv[0])
_ROOT = os.path.realpath(_opts["root"] or os.path.dirname(_PROGRAM))
_MAIN_PID = os.getpid()
_LOG_FD = os.open(_opts["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
_CONTEXTLIB_FILE = contextlib.__file__
_state = {"phase": "top-level"}  # becomes "ending" once the program's top-level code returned


def _make_logger():
    # Bound once, so logging keeps working while the interpreter tears modules down.
    write, dumps, getpid, fd, main, state = os.write, json.dumps, os.getpid, _LOG_FD, _MAIN_PID, _state

    def log(event, **fields):
        if getpid() != main:
            return
        fields["event"] = event
        fields["phase"] = state["phase"]
        try:
            write(fd, (dumps(fields) + "\n").encode())
        except Exception:
            pass

    return log


_log = _make_logger()

_real_files = {}


def _in_root(filename):
    rp = _real_files.get(filename)
    if rp is None:
        rp = "" if filename.startswith("<") else os.path.realpath(filename)
        _real_files[filename] = rp
    return rp if rp.startswith(_ROOT + os.sep) else None


def _call_position(frame):
    """Start line and 1-based column of the expression `frame` is executing (the call)."""
    try:
        pos = list(frame.f_code.co_positions())[frame.f_lasti // 2]
        if pos[0] is not None:
            return pos[0], (pos[2] + 1 if pos[2] is not None else None)
    except Exception:
        pass
    return frame.f_lineno, None


def _site(frame):
    """The registering call: the first frame outside contextlib; internal unless it is user code."""
    while frame is not None and frame.f_code.co_filename == _CONTEXTLIB_FILE:
        frame = frame.f_back
    immediate = frame
    while frame is not None and _in_root(frame.f_code.co_filename) is None:
        frame = frame.f_back
    if frame is None:
        return {"file": None, "line": None, "column": None, "internal": True}
    line, column = _call_position(frame)
    return {"file": _in_root(frame.f_code.co_filename), "line": line, "column": column,
            "internal": frame is not immediate}


def _describe(func):
    f = getattr(func, "__wrapped__", None) or func  # ExitStack.callback sets __wrapped__
    if isinstance(f, types.MethodType):
        return f"{type(f.__self__).__name__}.{f.__func__.__name__}"
    name = getattr(f, "__qualname__", None)
    if name:
        return name
    inner = getattr(f, "func", None)
    if inner is not None:
        return f"partial({_describe(inner)})"
    return type(f).__name__


def _lazy(func):
    """True when calling func only creates a coroutine/generator: its body does not start."""
    seen = 0
    while seen < 10:
        seen += 1
        if hasattr(func, "func") and hasattr(func, "args") and hasattr(func, "keywords"):
            func = func.func  # functools.partial
            continue
        if isinstance(func, types.MethodType):
            func = func.__func__
            continue
        break
    code = getattr(func, "__code__", None)
    if code is None and not isinstance(func, type):
        call = getattr(type(func), "__call__", None)
        code = getattr(getattr(call, "__func__", call), "__code__", None)
    return code is not None and bool(code.co_flags & _CO_LAZY)


def _started(obj):
    for prefix in ("cr", "gi", "ag"):
        if hasattr(obj, prefix + "_frame"):
            if getattr(obj, prefix + "_frame") is None:
                return True  # already finished
            return bool(getattr(obj, prefix + "_running", False) or getattr(obj, prefix + "_suspended", False))
    return True


def _wrap(func, site, mechanism, **extra):
    record = dict(site, mechanism=mechanism, name=_describe(func), **extra)
    log = _log
    inner = getattr(func, "__wrapped__", None)
    if inner is not None and getattr(func, "__qualname__", "").endswith("_create_cb_wrapper.<locals>._exit_wrapper"):
        # ExitStack.callback(f, ...): contextlib's wrapper calls f and drops what it returns.
        if _lazy(inner):
            def wrapper(*args, **kwargs):
                log("not-started", **record)
                return func(*args, **kwargs)

            _copy_names(wrapper, func)
            return wrapper
    if _lazy(func):
        started = _started

        def wrapper(*args, **kwargs):
            result = func(*args, **kwargs)
            log("run" if started(result) else "not-started", **record)
            return result
    else:
        def wrapper(*args, **kwargs):
            log("run", **record)
            return func(*args, **kwargs)

    _copy_names(wrapper, func)
    return wrapper


def _wrap_async(func, site, mechanism):
    record = dict(site, mechanism=mechanism, name=_describe(func))
    log = _log

    async def wrapper(*args, **kwargs):
        log("run", **record)
        return await func(*args, **kwargs)

    _copy_names(wrapper, func)
    return wrapper


def _copy_names(wrapper, func):
    # So "Exception ignored in atexit callback: <function name ...>" still names the user's handler.
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        try:
            setattr(wrapper, attr, getattr(func, attr))
        except (AttributeError, TypeError):
            pass


# --- atexit ---------------------------------------------------------------------------------------
_real_atexit_register = atexit.register
_real_atexit_unregister = atexit.unregister
_real_atexit_clear = atexit._clear
_atexit_entries = []  # [wrapper, original] in registration order


def _atexit_register(func, *args, **kwargs):
    if not callable(func):
        raise TypeError("the first argument must be callable")
    site = _site(sys._getframe(1))
    wrapper = _wrap(func, site, "atexit")
    _real_atexit_register(wrapper, *args, **kwargs)
    _atexit_entries.append([wrapper, func])
    _log("register", mechanism="atexit", name=_describe(func), **site)
    return func


def _atexit_unregister(func):
    # CPython removes every callback whose function compares equal (`cb->func == func`).
    removed = 0
    for entry in list(_atexit_entries):
        if entry[1] == func:
            _real_atexit_unregister(entry[0])
            _atexit_entries[:] = [e for e in _atexit_entries if e is not entry]
            removed += 1
    _log("unregister", mechanism="atexit", name=_describe(func), removed=removed, **_site(sys._getframe(1)))


def _atexit_clear():
    _atexit_entries.clear()
    _real_atexit_clear()


atexit.register = _atexit_register
atexit.unregister = _atexit_unregister
atexit._clear = _atexit_clear

# --- weakref.finalize -----------------------------------------------------------------------------
_finalize = weakref.finalize
_real_finalize_init = _finalize.__init__
_real_finalize_peek = _finalize.peek
_real_finalize_detach = _finalize.detach
# wrapper -> original, weak on the wrapper: once the finalizer has run (or was detached) the real
# finalize drops the wrapper, and nothing here may keep the callback's arguments alive longer.
_finalize_originals = weakref.WeakKeyDictionary()


def _finalize_init(self, obj, func, /, *args, **kwargs):
    site = _site(sys._getframe(1))
    wrapper = _wrap(func, site, "weakref.finalize")
    _finalize_originals[wrapper] = func
    _log("register", mechanism="weakref.finalize", name=_describe(func), **site)
    _real_finalize_init(self, obj, wrapper, *args, **kwargs)


def _unwrap_info(info):
    if info is None:
        return None
    obj, func, args, kwargs = info
    return (obj, _finalize_originals.get(func, func), args, kwargs)


_finalize.__init__ = _finalize_init
_finalize.peek = lambda self: _unwrap_info(_real_finalize_peek(self))
_finalize.detach = lambda self: _unwrap_info(_real_finalize_detach(self))

# --- signal.signal --------------------------------------------------------------------------------
_real_signal = signal.signal
_real_getsignal = signal.getsignal
_signal_entries = []  # (wrapper, original)


def _original_handler(h):
    for w, orig in _signal_entries:
        if w is h:
            return orig
    return h


def _signal(signalnum, handler):
    # Python's own SIGINT default (default_int_handler) is not user code: it is passed through.
    if callable(handler) and handler is not signal.default_int_handler:
        site = _site(sys._getframe(1))
        try:
            signame = signal.Signals(signalnum).name
        except (ValueError, TypeError):
            signame = str(signalnum)
        wrapper = _wrap(handler, site, "signal", signal=signame)
        previous = _real_signal(signalnum, wrapper)
        _signal_entries.append((wrapper, handler))
        _log("register", mechanism="signal", name=_describe(handler), signal=signame, **site)
    else:
        previous = _real_signal(signalnum, handler)
    original = _original_handler(previous)
    # Each wrapper is installed for one signal only: once replaced, forget it (and its handler).
    _signal_entries[:] = [e for e in _signal_entries if e[0] is not previous]
    return original


def _getsignal(signalnum):
    return _original_handler(_real_getsignal(signalnum))


signal.signal = _signal
signal.getsignal = _getsignal

# --- contextlib ExitStack / AsyncExitStack --------------------------------------------------------
_real_push_exit_callback = contextlib._BaseExitStack._push_exit_callback


def _push_exit_callback(self, callback, is_sync=True):
    site = _site(sys._getframe(1))
    wrapper = _wrap(callback, site, "ExitStack") if is_sync else _wrap_async(callback, site, "ExitStack")
    _log("register", mechanism="ExitStack", name=_describe(callback), **site)
    return _real_push_exit_callback(self, wrapper, is_sync)


contextlib._BaseExitStack._push_exit_callback = _push_exit_callback


# --- run the program as `python3 PROGRAM ARGS...` would -------------------------------------------
def _run():
    import importlib.machinery

    sys.argv[:] = _prog_argv
    sys.path[0] = os.path.dirname(_PROGRAM)
    main = types.ModuleType("__main__")
    main.__file__ = _PROGRAM
    main.__loader__ = importlib.machinery.SourceFileLoader("__main__", _PROGRAM)
    main.__spec__ = None
    main.__cached__ = None
    main.__annotations__ = {}
    main.__builtins__ = __builtins__
    # Installed for good (unlike runpy.run_path, which restores the old __main__ and so frees the
    # program's globals, running their finalizers and __del__ before the interpreter's exit).
    sys.modules["__main__"] = main
    _state["main"] = main
    with open(_PROGRAM, "rb") as f:
        source = f.read()
    code = compile(source, _PROGRAM, "exec", dont_inherit=True)
    _log("start", scenario=_SCENARIO, pid=_MAIN_PID)
    exec(code, main.__dict__)


_run()
_state["phase"] = "ending"
_log("top-level-done", scenario=_SCENARIO)
if _SCENARIO == "exit":
    sys.exit(0)
elif _SCENARIO == "error":
    raise RuntimeError("exit-lens oracle: injected uncaught exception after the top-level code")
elif _SCENARIO == "hard-exit":
    os._exit(0)
elif _SCENARIO in ("sigint", "sigterm"):
    os.write(1, (_opts["ready"] + "\n").encode())
    # A server waiting for requests; a handler that returns leaves it waiting. Not signal.pause():
    # a signal landing between the write and the call would leave its Python handler pending while
    # pause() waits for another. sleep() runs pending handlers when interrupted, and a signal that
    # lands just before it is handled at the loop's next turn.
    import time

    while True:
        time.sleep(0.05)
