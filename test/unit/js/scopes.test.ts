// using / await using / DisposableStack: scopes, LIFO disposal, what each ending does to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, order, reg } from './helpers';

const RES = `const res = (n) => ({ [Symbol.dispose]() { console.log(n); } });`;

test('a block closed before the end disposes LIFO in every scenario, first', async () => {
  const m = await analyze({
    'a.mjs': [RES, `process.on('exit', () => {});`, `{`, `  using a = res('a');`, `  using b = res('b');`, `}`].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['2:<arrow>:process:exit:definite', '4:a:using:definite', '5:b:using:definite']);
  assert.equal(m.scopes.length, 1);
  assert.equal(m.scopes[0].kind, 'block');
  assert.equal(m.scopes[0].enclosesEnd, false);
  for (const s of ['normal', 'exit', 'error'] as const) assert.deepEqual(order(m, s), ['5 using', '4 using', '2 process:exit'], s);
  assert.deepEqual(order(m, 'hard-exit'), ['5 using', '4 using']);
});

test("the entry module's own using: disposed at its end (normal) and by a throw, not by process.exit or signals", async () => {
  const m = await analyze({ 'a.mjs': [RES, `process.on('exit', () => {});`, `using db = res('db');`, `await using q = res('q');`].join('\n') });
  assert.equal(m.scopes[0].kind, 'module');
  assert.equal(m.scopes[0].enclosesEnd, true);
  assert.deepEqual(m.registrations.map((r) => r.mechanism), ['process:exit', 'using', 'await using']);
  assert.deepEqual(order(m, 'normal'), ['4 await using', '3 using', '2 process:exit']);
  assert.deepEqual(order(m, 'error'), ['4 await using', '3 using', '2 process:exit']);
  assert.deepEqual(order(m, 'exit'), ['2 process:exit']);
  assert.deepEqual(order(m, 'sigterm'), []);
  assert.match(m.plan.scenarios.exit.skipped.find((s) => s.line === 3)!.reason, /does not unwind the stack/);
});

test('process.exit() inside a scope skips its disposal; throw unwinds it', async () => {
  const exit = await analyze({ 'a.mjs': [RES, `{`, `  using a = res('a');`, `  process.exit(0);`, `}`].join('\n') });
  assert.deepEqual(order(exit, 'normal'), []);
  assert.equal(exit.scopes[0].enclosesEnd, true);
  const thrown = await analyze({ 'a.mjs': [RES, `{`, `  using a = res('a');`, `  throw new Error('x');`, `}`].join('\n') });
  assert.deepEqual(order(thrown, 'normal'), ['3 using']);
});

test('using inside a function called from top level is disposed when it returns', async () => {
  const m = await analyze({ 'a.ts': [RES, `function work() {`, `  using t = res('t');`, `}`, `work();`, `work();`].join('\n') });
  assert.deepEqual(order(m, 'exit'), ['3 using', '3 using']);
  assert.deepEqual(m.scopes.map((s) => s.kind), ['function', 'function']);
});

test('DisposableStack: defer/use/adopt LIFO when the stack is disposed', async () => {
  const m = await analyze({
    'a.mts': [
      RES,
      `{`,
      `  using stack = new DisposableStack();`,
      `  stack.defer(() => {});`,
      `  stack.use(res('conn'));`,
      `  stack.adopt(42, (v) => {});`,
      `}`,
      `const s2 = new AsyncDisposableStack();`,
      `s2.defer(async () => {});`,
      `const s3 = new DisposableStack();`,
      `s3.defer(() => {});`,
      `s3.dispose();`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => `${r.location.range.start.line}:${r.mechanism}:${r.handler.form}`), [
    '4:DisposableStack:arrow', '5:DisposableStack:disposable', '6:DisposableStack:arrow', '9:AsyncDisposableStack:arrow', '11:DisposableStack:arrow',
  ]);
  assert.deepEqual(order(m, 'normal'), ['6 DisposableStack', '5 DisposableStack', '4 DisposableStack', '11 DisposableStack']);
  const never = m.plan.scenarios.normal.skipped.find((s) => s.line === 9)!;
  assert.match(never.reason, /never disposed/);
});

test('a class with [Symbol.dispose] resolves the disposal to its method', async () => {
  const m = await analyze({
    'a.ts': [`class Db { [Symbol.dispose]() {} }`, `{ using db = new Db(); }`].join('\n'),
  });
  assert.equal(m.registrations[0].handler.form, 'disposable');
  assert.equal(m.registrations[0].handler.definition?.range.start.line, 1);
});
