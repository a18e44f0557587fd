// Recognition of atexit registrations: import forms, decorator, handler forms, identity.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brief, py, withModel } from './helpers';

test('import forms: atexit, alias, from-import, from-import alias', async () => {
  const src = py`
    import atexit
    import atexit as ax
    from atexit import register
    from atexit import register as reg
    def f(): pass
    atexit.register(f)
    ax.register(f)
    register(f)
    reg(f)
    atexit.register = None
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => brief(r)), [
      { line: 6, column: 1, name: 'f', mechanism: 'atexit', certainty: 'definite' },
      { line: 7, column: 1, name: 'f', mechanism: 'atexit', certainty: 'definite' },
      { line: 8, column: 1, name: 'f', mechanism: 'atexit', certainty: 'definite' },
      { line: 9, column: 1, name: 'f', mechanism: 'atexit', certainty: 'definite' },
    ]);
    // The same function object: one identity, pointing at its def.
    const ids = new Set(m.registrations.map((r) => r.handler.identity));
    assert.equal(ids.size, 1);
    assert.equal(m.registrations[0]!.handler.form, 'function');
    assert.equal(m.registrations[0]!.handler.definition?.range.start.line, 5);
  });
});

test('a name that only looks like atexit is not a registration', async () => {
  const src = py`
    class atexit:
        @staticmethod
        def register(f): pass
    atexit.register(print)
    def register(f): pass
    register(print)
  `;
  await withModel(src, (m) => assert.equal(m.registrations.length, 0));
});

test('@atexit.register points at the decorator and names the function', async () => {
  const src = py`
    import atexit

    @atexit.register
    def goodbye():
        print("bye")
  `;
  await withModel(src, (m) => {
    assert.equal(m.registrations.length, 1);
    const r = m.registrations[0]!;
    assert.deepEqual(brief(r), { line: 3, column: 1, name: 'goodbye', mechanism: 'atexit', certainty: 'definite' });
    assert.equal(r.handler.form, 'decorator');
    assert.equal(r.handler.definition?.range.start.line, 4);
    assert.ok(r.handler.identity);
  });
});

test('lambda and partial are fresh objects: no identity; partial is named partial(f)', async () => {
  const src = py`
    import atexit
    import functools
    from functools import partial as p
    def goodbye(name): print(name)
    atexit.register(lambda: goodbye("Alice"))
    atexit.register(functools.partial(goodbye, "Bob"))
    atexit.register(p(goodbye, "Eve"))
  `;
  await withModel(src, (m) => {
    const [l, a, b] = m.registrations;
    assert.equal(l!.handler.name, '<lambda>');
    assert.equal(l!.handler.form, 'lambda');
    assert.equal(l!.handler.identity, undefined);
    assert.equal(l!.handler.definition?.range.start.column, 17);
    assert.equal(a!.handler.name, 'partial(goodbye)');
    assert.equal(a!.handler.form, 'partial');
    assert.equal(a!.handler.identity, undefined);
    assert.equal(b!.handler.name, 'partial(goodbye)');
    assert.equal(b!.handler.definition?.range.start.line, 4);
  });
});

test('a lambda or partial kept in a variable has an identity (the same object)', async () => {
  const src = py`
    import atexit, functools
    h = lambda: None
    q = functools.partial(print, 1)
    atexit.register(h)
    atexit.register(q)
    atexit.unregister(h)
    atexit.unregister(q)
  `;
  await withModel(src, (m) => {
    assert.ok(m.registrations[0]!.handler.identity);
    assert.deepEqual(m.removals.map((r) => r.removes), [[m.registrations[0]!.id], [m.registrations[1]!.id]]);
  });
});

test('methods: self.close inside a class, obj.flush on an instance', async () => {
  const src = py`
    import atexit
    class Db:
        def __init__(self):
            atexit.register(self.close)
        def close(self):
            pass
    class Log:
        def flush(self):
            pass
    db = Db()
    log = Log()
    atexit.register(log.flush)
  `;
  await withModel(src, (m) => {
    assert.equal(m.registrations.length, 2);
    const [close, flush] = m.registrations;
    assert.deepEqual(brief(close!), { line: 4, column: 9, name: 'self.close', mechanism: 'atexit', certainty: 'definite' });
    assert.equal(close!.handler.form, 'method');
    assert.equal(close!.handler.definition?.range.start.line, 5);
    assert.equal(flush!.handler.form, 'method');
    assert.equal(flush!.handler.name, 'log.flush');
    assert.equal(flush!.handler.definition?.range.start.line, 8);
  });
});

test('two instances: bound methods of different objects have different identities', async () => {
  const src = py`
    import atexit
    class C:
        def close(self): pass
    a = C()
    b = C()
    atexit.register(a.close)
    atexit.register(b.close)
    atexit.unregister(a.close)
  `;
  await withModel(src, (m) => {
    assert.notEqual(m.registrations[0]!.handler.identity, m.registrations[1]!.handler.identity);
    assert.deepEqual(m.removals[0]!.removes, [m.registrations[0]!.id]);
  });
});

test('builtins and methods of library objects are builtin handlers', async () => {
  const src = py`
    import atexit, os
    f = open("x.log", "w")
    atexit.register(print, "bye")
    atexit.register(f.close)
    atexit.register(os.remove, "x.log")
  `;
  await withModel(src, (m) => {
    assert.deepEqual(m.registrations.map((r) => [r.handler.name, r.handler.form]), [
      ['print', 'builtin'], ['f.close', 'builtin'], ['os.remove', 'builtin'],
    ]);
  });
});

test('async def handler is flagged isAsync, arity is counted', async () => {
  const src = py`
    import atexit
    async def flush(a, b=1): pass
    atexit.register(flush, 1)
  `;
  await withModel(src, (m) => {
    assert.equal(m.registrations[0]!.handler.isAsync, true);
    assert.equal(m.registrations[0]!.handler.arity, 2);
  });
});

test('unregister removes every equal earlier registration, a fresh lambda or partial nothing', async () => {
  const src = py`
    import atexit
    from functools import partial
    def f(): pass
    atexit.register(f)
    atexit.register(f)
    atexit.unregister(f)
    atexit.register(f)
    atexit.register(lambda: f())
    atexit.unregister(lambda: f())
    atexit.unregister(partial(f))
  `;
  await withModel(src, (m) => {
    const [r1, r2, r3] = m.registrations;
    assert.deepEqual(m.removals.map((r) => r.removes), [[r1!.id, r2!.id], [], []]);
    assert.equal(m.removals[1]!.target !== 'all' && m.removals[1]!.target.identity, undefined);
    assert.deepEqual(m.plan.scenarios.normal.handlers.map((h) => h.line), [8, 7]);
    assert.ok(r3);
    const skipped = m.plan.scenarios.normal.skipped.find((s) => s.line === 4);
    assert.match(skipped!.reason, /atexit\.unregister\(f\) at line 6/);
  });
});
