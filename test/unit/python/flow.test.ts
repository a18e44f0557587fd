// Following the top-level code: helper calls, classes, loops, branches, the main guard, exits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, brief, py, withModel } from './helpers';

test('registration in a helper points at the call inside the helper; order follows the calls', async () => {
  const src = py`
    import atexit
    def a(): pass
    def b(): pass
    def setup_b():
        atexit.register(b)
    def setup_a():
        atexit.register(a)
        setup_b()
    setup_a()
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => [r.location.range.start.line, r.location.range.start.column, r.handler.name]), [
      [7, 5, 'a'], [5, 5, 'b'],
    ]);
  });
});

test('recursion is guarded', async () => {
  const src = py`
    import atexit
    def again(n):
        atexit.register(print, n)
        again(n - 1)
    again(3)
  `;
  await withModel(src, (m) => assert.equal(m.registrations.length, 1));
});

test('a helper that is never called registers nothing', async () => {
  const src = py`
    import atexit
    def setup():
        atexit.register(print)
  `;
  await withModel(src, (m) => assert.equal(m.registrations.length, 0));
});

test('__init__ of a class instantiated at top level runs; inherited __init__ too', async () => {
  const src = py`
    import atexit
    class Base:
        def __init__(self):
            atexit.register(self.stop)
        def stop(self): pass
    class Child(Base):
        def __init__(self):
            super().__init__()
            atexit.register(self.flush)
        def flush(self): pass
    Child()
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => [r.location.range.start.line, r.handler.name, r.handler.definition?.range.start.line]), [
      [4, 'self.stop', 5], [9, 'self.flush', 10],
    ]);
  });
});

test('known trip count: one registration per iteration at the same location', async () => {
  const src = py`
    import atexit
    for i in range(3):
        atexit.register(print, i)
    for name in ["a", "b"]:
        atexit.register(lambda: print(name))
    for x in (1, 2, 3, 4):
        atexit.register(lambda x=x: print(x))
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => r.location.range.start.line), [3, 3, 3, 5, 5, 7, 7, 7, 7]);
    assert.ok(m.registrations.every((r) => r.certainty === 'definite'));
    assert.deepEqual(m.registrations[0]!.loop, { variables: ['i'], tripCount: 3, capturesLoopVariable: false, boundByDefault: false });
    assert.equal(m.registrations[3]!.loop?.capturesLoopVariable, true);
    assert.equal(m.registrations[5]!.loop?.boundByDefault, true);
    assert.equal(m.registrations[5]!.loop?.capturesLoopVariable, false);
  });
});

test('unknown trip count: one conditional registration', async () => {
  const src = py`
    import atexit, sys
    for arg in sys.argv:
        atexit.register(print, arg)
    while len(sys.argv) > 3:
        atexit.register(print)
        break
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => brief(r).certainty), ['conditional', 'conditional']);
    assert.equal(m.registrations[0]!.loop?.tripCount, undefined);
  });
});

test('if branches are conditional; code after a conditional exit is conditional too', async () => {
  const src = py`
    import atexit, sys
    atexit.register(print, 1)
    if len(sys.argv) > 1:
        atexit.register(print, 2)
    else:
        atexit.register(print, 3)
    if len(sys.argv) > 2:
        sys.exit(1)
    atexit.register(print, 4)
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => r.certainty), ['definite', 'conditional', 'conditional', 'conditional']);
    assert.equal(m.exitCalls[0]!.certainty, 'conditional');
    assert.equal(m.exitCalls[0]!.kind, 'exit');
    assert.equal(m.exitCalls[0]!.code, 1);
  });
});

test('a conditional return inside a helper makes the rest of it conditional', async () => {
  const src = py`
    import atexit, os
    def setup():
        atexit.register(print, "first")
        if os.environ.get("X"):
            return
        atexit.register(print, "second")
    setup()
  `;
  await withModel(src, (m) => assert.deepEqual(m.registrations.map((r) => r.certainty), ['definite', 'conditional']));
});

test('if __name__ == "__main__": taken (definite) in the entry file, not taken in an imported module', async () => {
  const files = {
    'main.py': py`
      import atexit
      import lib
      if __name__ == "__main__":
          atexit.register(print, "main")
    `,
    'lib.py': py`
      import atexit
      if __name__ == '__main__':
          atexit.register(print, "lib main")
      else:
          atexit.register(print, "lib imported")
    `,
  };
  const m = await analyze(files);
  try {
    assert.deepEqual(m.registrations.map((r) => [r.location.file, r.location.range.start.line, r.certainty]), [
      ['lib.py', 5, 'definite'], ['main.py', 4, 'definite'],
    ]);
  } finally {
    m.dispose();
  }
});

test('the first unconditional exit is the stopping point: nothing after it is registered', async () => {
  const src = py`
    import atexit, sys
    atexit.register(print, 1)
    def main():
        atexit.register(print, 2)
        sys.exit(0)
    main()
    atexit.register(print, 3)
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => r.location.range.start.line), [2, 4]);
    assert.equal(m.exitCalls.length, 1);
    assert.deepEqual([m.exitCalls[0]!.kind, m.exitCalls[0]!.certainty, m.exitCalls[0]!.context, m.exitCalls[0]!.location.range.start.line], ['exit', 'definite', 'main', 5]);
    assert.deepEqual(m.plan.scenarios.normal.handlers.map((h) => h.line), [4, 2]);
  });
});

test('exit forms: exit(), quit(), raise SystemExit, raise, os._exit, os.abort, os.kill(getpid, SIGKILL)', async () => {
  const src = py`
    import os, sys, signal
    from os import _exit
    def a(): exit(2)
    def b(): quit()
    def c(): raise SystemExit(3)
    def d(): raise ValueError("x")
    def e(): _exit(1)
    def f(): os.abort()
    def g(): os.kill(os.getpid(), signal.SIGKILL)
    def h(): os.kill(1234, signal.SIGKILL)
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.exitCalls.map((e) => [e.location.range.start.line, e.kind, e.context]), [
      [3, 'exit', 'function'], [4, 'exit', 'function'], [5, 'exit', 'function'],
      [7, 'hard-exit', 'function'], [8, 'hard-exit', 'function'], [9, 'hard-exit', 'function'],
    ]);
    assert.equal(m.exitCalls[0]!.code, 2);
    assert.equal(m.exitCalls[2]!.code, 3);
  });
});

test('a raise at top level is an error ending; a try that catches it keeps the program going', async () => {
  const src = py`
    import atexit
    try:
        raise ValueError("x")
    except ValueError:
        pass
    atexit.register(print, 1)
    raise RuntimeError("boom")
    atexit.register(print, 2)
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => r.location.range.start.line), [6]);
    assert.deepEqual(m.exitCalls.map((e) => [e.kind, e.certainty]), [['throw', 'conditional'], ['throw', 'definite']]);
  });
});

test('try body registrations stay definite; except clauses are conditional; finally runs', async () => {
  const src = py`
    import atexit
    try:
        atexit.register(print, 1)
    except Exception:
        atexit.register(print, 2)
    finally:
        atexit.register(print, 3)
  `;
  await withModel(src, (m) => assert.deepEqual(m.registrations.map((r) => r.certainty), ['definite', 'conditional', 'definite']));
});

test('exit inside an atexit handler is recorded with context handler', async () => {
  const src = py`
    import atexit, sys
    def h():
        sys.exit(1)
    atexit.register(h)
  `;
  await withModel(src, (m) => {
    assert.equal(m.exitCalls[0]!.context, 'handler');
    assert.equal(m.exitCalls[0]!.handlerOf, m.registrations[0]!.id);
    assert.deepEqual(m.registrations[0]!.handler.endsProcess, { when: 'always', kind: 'exit' });
  });
});

test('os._exit in the child branch after os.fork() is marked inForkedChild', async () => {
  const src = py`
    import os
    pid = os.fork()
    if pid == 0:
        os._exit(0)
  `;
  await withModel(src, (m) => assert.equal(m.exitCalls[0]!.inForkedChild, true));
});

test('while True without break: the program runs until stopped', async () => {
  const src = py`
    import atexit, time
    atexit.register(print)
    while True:
        time.sleep(1)
    atexit.register(print, "never")
  `;
  await withModel(src, (m) => {
    assert.equal(m.runsUntilStopped, true);
    assert.equal(m.runsUntilStoppedAt?.range.start.line, 3);
    assert.equal(m.registrations.length, 1);
  });
});

test('serve_forever and signal.pause run until stopped', async () => {
  for (const call of ['server.serve_forever()', 'signal.pause()', 'asyncio.get_event_loop().run_forever()']) {
    await withModel(`import signal, asyncio\nserver = make()\n${call}\n`, (m) => {
      assert.equal(m.runsUntilStopped, true, call);
      assert.equal(m.runsUntilStoppedAt?.range.start.line, 3);
    });
  }
  await withModel('import time\ntime.sleep(1)\n', (m) => assert.equal(m.runsUntilStopped, false));
});
