// Signals, weakref.finalize, ExitStack, multiprocessing and threads: recognition and the plan's
// skipped reasons. Run orders are proven by the oracle (test/oracle), not here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { py, withModel } from './helpers';

test('signal.signal handler: mechanism signal, event, endsProcess', async () => {
  const src = py`
    import signal, sys, os
    def exits(s, f): sys.exit(0)
    def returns(s, f): print("got it")
    def maybe(s, f):
        if f: sys.exit(1)
    def hard(s, f): os._exit(1)
    signal.signal(signal.SIGTERM, exits)
    signal.signal(signal.SIGINT, returns)
    signal.signal(signal.SIGHUP, maybe)
    signal.signal(signal.SIGUSR1, hard)
    signal.signal(15, lambda *_: sys.exit(0))
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => [r.mechanism, r.event, r.handler.endsProcess]), [
      ['signal', 'SIGTERM', { when: 'always', kind: 'exit' }],
      ['signal', 'SIGINT', { when: 'never' }],
      ['signal', 'SIGHUP', { when: 'sometimes', kind: 'exit' }],
      ['signal', 'SIGUSR1', { when: 'always', kind: 'hard-exit' }],
      ['signal', 'SIGTERM', { when: 'always', kind: 'exit' }],
    ]);
    const skipped = m.plan.scenarios.sigterm.skipped.find((s) => s.line === 7);
    assert.match(skipped!.reason, /replaced by the signal\.signal call at line 11/);
  });
});

test('SIGTERM: unhandled skips atexit with a reason; a handler that exits runs first, then atexit', async () => {
  await withModel('import atexit\natexit.register(print)\n', (m) => {
    const s = m.plan.scenarios.sigterm;
    assert.equal(s.handlers.length, 0);
    assert.match(s.skipped[0]!.reason, /SIGTERM is not handled/);
  });
  const src = py`
    import atexit, signal, sys
    atexit.register(print)
    signal.signal(signal.SIGTERM, lambda s, f: sys.exit(0))
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.plan.scenarios.sigterm.handlers.map((h) => [h.line, h.mechanism, h.certainty]), [[3, 'signal', 'definite'], [2, 'atexit', 'definite']]);
  });
});

test('a signal handler that returns keeps a server running: atexit skipped with that reason', async () => {
  const src = py`
    import atexit, signal, time
    def on_term(s, f): print("term")
    atexit.register(print)
    signal.signal(signal.SIGTERM, on_term)
    while True:
        time.sleep(1)
  `;
  await withModel(src, (m) => {
    const s = m.plan.scenarios.sigterm;
    assert.deepEqual(s.handlers.map((h) => h.name), ['on_term']);
    assert.match(s.skipped.find((k) => k.line === 3)!.reason, /on_term \(line 4\) returns without exiting/);
    assert.match(m.plan.scenarios.normal.skipped[0]!.reason, /does not end by itself: while True at line 5/);
  });
});

test('SIG_IGN for SIGINT: the program keeps running', async () => {
  const src = 'import atexit, signal\natexit.register(print)\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nsignal.pause()\n';
  await withModel(src, (m) => {
    assert.equal(m.registrations.length, 1);
    assert.equal(m.plan.scenarios.sigint.handlers.length, 0);
    assert.match(m.plan.scenarios.sigint.skipped[0]!.reason, /SIGINT is ignored \(SIG_IGN at line 3\)/);
  });
});

test('os._exit: hard-exit skipped reason names the call and its line', async () => {
  await withModel('import atexit, os\natexit.register(print)\nos._exit(0)\n', (m) => {
    assert.equal(m.plan.scenarios.normal.handlers.length, 0);
    assert.equal(m.plan.scenarios.normal.skipped[0]!.reason, 'os._exit(0) at line 3 ends the process without running exit handlers');
    assert.equal(m.exitCalls[0]!.kind, 'hard-exit');
  });
});

test('weakref.finalize: recognized, a temporary runs at once, .atexit = False opts out, detach removes', async () => {
  const src = py`
    import weakref
    class R: pass
    a = R()
    b = R()
    c = R()
    weakref.finalize(a, print, "a")
    weakref.finalize(R(), print, "temp")
    fb = weakref.finalize(b, print, "b")
    fb.atexit = False
    fc = weakref.finalize(c, print, "c")
    fc.detach()
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => [r.mechanism, r.location.range.start.line]), [
      ['weakref.finalize', 6], ['weakref.finalize', 7], ['weakref.finalize', 8], ['weakref.finalize', 10],
    ]);
    const normal = m.plan.scenarios.normal;
    // The temporary's finalizer ran during the top-level code: first, in every scenario.
    assert.deepEqual(normal.handlers.map((h) => h.line), [7, 6]);
    assert.deepEqual(m.plan.scenarios['hard-exit'].handlers.map((h) => h.line), [7]);
    assert.match(normal.skipped.find((s) => s.line === 8)!.reason, /\.atexit is set to False at line 9/);
    assert.match(normal.skipped.find((s) => s.line === 10)!.reason, /detached at line 11/);
  });
});

test('ExitStack in a with block: scoped registrations, scope closes before the stopping point', async () => {
  const src = py`
    import atexit
    from contextlib import ExitStack
    with ExitStack() as stack:
        stack.callback(print, "one")
        stack.push(lambda *exc: None)
        stack.enter_context(open(__file__))
    atexit.register(print)
  `;
  await withModel(src, (m) => {
    const regs = m.registrations.filter((r) => r.mechanism === 'ExitStack');
    assert.equal(regs.length, 3);
    assert.equal(m.scopes.length, 1);
    assert.equal(m.scopes[0]!.enclosesEnd, false);
    assert.ok(regs.every((r) => r.scope === m.scopes[0]!.id));
    assert.equal(regs[2]!.handler.name, 'open.__exit__');
    // Ran when the block closed: listed first, even at a hard exit.
    assert.deepEqual(m.plan.scenarios['hard-exit'].handlers.map((h) => h.line), [6, 5, 4]);
  });
});

test('ExitStack enclosing the stopping point: scope.enclosesEnd; skipped on SIGTERM and hard exit', async () => {
  const src = py`
    from contextlib import ExitStack
    import signal
    with ExitStack() as stack:
        stack.callback(print, "bye")
        signal.pause()
  `;
  await withModel(src, (m) => {
    assert.equal(m.scopes[0]!.enclosesEnd, true);
    assert.deepEqual(m.plan.scenarios.sigint.handlers.map((h) => h.line), [4]);
    assert.equal(m.plan.scenarios.sigterm.handlers.length, 0);
    assert.equal(m.plan.scenarios['hard-exit'].handlers.length, 0);
  });
});

test('ExitStack never closed: skipped with the reason', async () => {
  await withModel('from contextlib import ExitStack\ns = ExitStack()\ns.callback(print)\n', (m) => {
    assert.match(m.plan.scenarios.normal.skipped[0]!.reason, /ExitStack created at line 2 is never closed/);
  });
});

test('multiprocessing target registrations: child-process context, skipped under fork, not under spawn', async () => {
  const src = py`
    import atexit, multiprocessing
    def worker():
        atexit.register(print, "child")
    if __name__ == "__main__":
        p = multiprocessing.Process(target=worker)
        p.start()
  `;
  await withModel(src, (m) => {
    assert.equal(m.registrations[0]!.context, 'child-process');
    assert.equal(m.registrations[0]!.location.range.start.line, 3);
    const k = m.plan.scenarios.normal.skipped[0]!;
    assert.match(k.reason, /target of the multiprocessing\.Process at line 5; with the 'fork' start method/);
  });
  await withModel(src, (m) => {
    assert.equal(m.plan.scenarios.normal.skipped.length, 0);
    assert.equal(m.plan.scenarios.normal.handlers[0]!.certainty, 'conditional');
  }, { python: { startMethod: 'spawn' } });
});

test('threads: non-daemon threads are recorded for the rules', async () => {
  const src = py`
    import threading
    def work(): pass
    t = threading.Thread(target=work)
    t.start()
    d = threading.Thread(target=work, daemon=True)
    d.start()
    e = threading.Thread(target=work)
    e.daemon = True
    e.start()
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.threads?.map((t) => [t.location.range.start.line, t.daemon, t.target]), [
      [3, false, 'work'], [5, true, 'work'], [7, true, 'work'],
    ]);
  });
});

test('an async def registered with atexit never runs: skipped with the reason', async () => {
  await withModel('import atexit\nasync def close(): pass\natexit.register(close)\n', (m) => {
    assert.equal(m.plan.scenarios.normal.handlers.length, 0);
    assert.match(m.plan.scenarios.normal.skipped[0]!.reason, /close is an async function/);
  });
});

test('a program that signals itself: the handler runs there and decides the ending', async () => {
  const src = py`
    import atexit, os, signal
    atexit.register(print)
    signal.signal(signal.SIGTERM, lambda s, f: exit(3))
    os.kill(os.getpid(), signal.SIGTERM)
    atexit.register(print, "never")
  `;
  await withModel(src, (m) => {
    assert.equal(m.registrations.length, 2);
    assert.deepEqual(m.exitCalls.filter((e) => e.context === 'main').map((e) => [e.kind, e.certainty, e.location.range.start.line]), [['exit', 'definite', 4]]);
    // The exit() inside the lambda is the handler's own exit call.
    assert.deepEqual(m.exitCalls.filter((e) => e.context === 'handler').map((e) => e.handlerOf), [m.registrations[1]!.id]);
    assert.deepEqual(m.plan.scenarios.normal.handlers.map((h) => [h.line, h.mechanism]), [[3, 'signal'], [2, 'atexit']]);
  });
  await withModel('import atexit, os, signal\natexit.register(print)\nos.kill(os.getpid(), signal.SIGTERM)\n', (m) => {
    assert.equal(m.plan.scenarios.normal.handlers.length, 0);
    assert.match(m.plan.scenarios.normal.skipped[0]!.reason, /at line 3 ends the process/);
  });
});

test('atexit.register(stack.close): the ExitStack callbacks run inside that handler', async () => {
  const src = py`
    import atexit
    from contextlib import ExitStack
    stack = ExitStack()
    stack.callback(print, "one")
    atexit.register(stack.close)
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.plan.scenarios.normal.handlers.map((h) => [h.line, h.mechanism]), [[5, 'atexit'], [4, 'ExitStack']]);
    assert.equal(m.plan.scenarios.normal.skipped.length, 0);
  });
});

test('an optional import in a try makes the rest of the try body conditional, not what follows', async () => {
  const src = py`
    import atexit
    try:
        import not_installed_backend
        atexit.register(print, "fast")
    except ImportError:
        atexit.register(print, "fallback")
    atexit.register(print, "after")
  `;
  await withModel(src, (m) => assert.deepEqual(m.registrations.map((r) => r.certainty), ['conditional', 'conditional', 'definite']));
});

test('SIGINT caught as KeyboardInterrupt around the blocking loop: handlers are conditional', async () => {
  const src = py`
    import atexit, time
    atexit.register(print)
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
  `;
  await withModel(src, (m) => {
    assert.equal(m.runsUntilStopped, true);
    assert.deepEqual(m.plan.scenarios.sigint.handlers.map((h) => h.certainty), ['conditional']);
  });
});
