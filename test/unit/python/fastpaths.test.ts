// The Python front end's shortcuts (issue 6) must give the model the full path gives:
// literal `NAME = value` lines bound from the source text, and the exit-call sweep that skips
// files by a text search for the names an exit can be called by.
import assert from 'node:assert/strict';
import test from 'node:test';
import { analyze, brief, py, withModel } from './helpers';

test('literal assignments read from the text bind what evaluating them binds', async () => {
  // `(3)` is the same value through the full evaluation: the two programs must give the same model.
  const program = (wrap: (v: string) => string) => py`
    import atexit
    N = ${wrap('3')}  # three
    S = ${wrap("'a'")}
    FLAG = ${wrap('True')}
    NOTHING = ${wrap('None')}
    M = 1_0
    K = 2; atexit.register(print, "same line")
    def f():
        pass
    for i in range(N):
        atexit.register(f)
    if FLAG:
        atexit.register(print, "flag")
    if S == 'a':
        atexit.register(print, "s")
    if NOTHING is None:
        atexit.register(print, "none")
    for j in range(M):
        atexit.register(print, j)
  `;
  const fast = await withModel(program((v) => v), (m) => ({ regs: m.registrations.map(brief), plan: m.plan.scenarios.normal.handlers.map((h) => h.line) }));
  const full = await withModel(program((v) => `(${v})`), (m) => ({ regs: m.registrations.map(brief), plan: m.plan.scenarios.normal.handlers.map((h) => h.line) }));
  assert.deepEqual(fast, full);
  // range(N) with N = 3 unrolls to three registrations of f, and range(1_0) to ten.
  assert.equal(fast.regs.filter((r) => r.name === 'f').length, 3);
  assert.equal(fast.regs.filter((r) => r.line === 19).length, 10);
});

test('an exit called through a name another module binds is still found in a handler', async () => {
  const m = await analyze({
    'main.py': py`
      import atexit
      from helpers import bye

      def handler():
          bye(3)

      atexit.register(handler)
    `,
    'helpers.py': 'from sys import exit as bye\n',
  });
  try {
    const inHandler = m.exitCalls.filter((e) => e.location.file === 'main.py' && e.location.range.start.line === 5);
    assert.equal(inHandler.length, 1);
    assert.equal(inHandler[0]!.kind, 'exit');
    assert.equal(inHandler[0]!.context, 'handler');
  } finally {
    m.dispose();
  }
});

test('a file that names exit only as part of longer names has no swept exit', async () => {
  await withModel(
    py`
      import atexit
      class Ctx:
          def __exit__(self, *a):
              self.exitcode = 1
      def handler():
          sys_exit = 0
      atexit.register(handler)
    `,
    (m) => assert.equal(m.exitCalls.length, 0),
  );
});
