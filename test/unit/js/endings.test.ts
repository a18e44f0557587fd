// How programs end: rejections, async continuations, beforeExit re-emission, listener outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, order } from './helpers';

test('Promise.reject() with no listener ends like an uncaught exception, after the script', async () => {
  const m = await analyze({ 'a.js': [`process.on('exit', () => {});`, `process.on('beforeExit', () => {});`, `Promise.reject(new Error('x'));`, `process.on('exit', () => {});`].join('\n') });
  assert.equal(m.exitCalls[0].callee, 'unhandled rejection of Promise.reject()');
  assert.deepEqual(order(m, 'normal'), ['1 process:exit', '4 process:exit']);
  assert.match(m.plan.scenarios.normal.skipped[0].reason, /no 'beforeExit'/);
});

test('an async function that throws: its rejection goes to unhandledRejection listeners, then the program goes on', async () => {
  const m = await analyze({
    'a.js': [`async function load() { throw new Error('x'); }`, `process.on('unhandledRejection', () => {});`, `process.on('exit', () => {});`, `load();`, `load().catch(() => {});`].join('\n'),
  });
  assert.equal(m.exitCalls.length, 1);
  assert.deepEqual(order(m, 'normal'), ['2 process:unhandledRejection', '3 process:exit']);
});

test('the rest of an async function after its first await runs later (conditionally)', async () => {
  const m = await analyze({
    'a.js': [
      `async function main() {`,
      `  process.on('exit', () => {});`,
      `  await new Promise((r) => setTimeout(r, 10));`,
      `  process.on('exit', () => {});`,
      `}`,
      `main();`,
      `process.on('exit', () => {});`,
    ].join('\n'),
  });
  assert.deepEqual(order(m, 'exit'), ['2 process:exit', '7 process:exit', '4 process:exit conditional']);
});

test('a top-level await follows the awaited function whole', async () => {
  const m = await analyze({
    'a.mjs': [`async function main() {`, `  await 1;`, `  process.on('exit', () => {});`, `}`, `await main();`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'exit'), ['3 process:exit', '6 process:exit']);
});

test("a 'beforeExit' listener that schedules work makes 'beforeExit' run again (conditionally)", async () => {
  const m = await analyze({
    'a.js': [`process.once('beforeExit', () => {});`, `process.on('beforeExit', () => { setTimeout(() => {}, 1); });`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'normal'), ['1 process:beforeExit', '2 process:beforeExit', '2 process:beforeExit conditional', '3 process:exit']);
});

test("a throw in an 'exit' listener stops the ones after it; process.exit() in one does too", async () => {
  const thrown = await analyze({ 'a.js': [`process.on('exit', () => { throw new Error('x'); });`, `process.on('exit', () => {});`].join('\n') });
  assert.deepEqual(order(thrown, 'exit'), ['1 process:exit']);
  assert.match(thrown.plan.scenarios.exit.skipped[0].reason, /throws/);
  const exited = await analyze({ 'a.js': [`process.on('exit', (c) => { if (c === 0) process.exit(3); });`, `process.on('exit', () => {});`].join('\n') });
  assert.deepEqual(order(exited, 'exit'), ['1 process:exit', '2 process:exit conditional']);
});

test('signals: a listener that does not exit keeps the process alive; one that exits runs the exit listeners', async () => {
  const m = await analyze({
    'a.js': [`process.on('SIGINT', () => {});`, `process.on('SIGTERM', () => process.exit(0));`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'sigint'), ['1 process:SIGINT']);
  assert.match(m.plan.scenarios.sigint.skipped.find((s) => s.line === 3)!.reason, /does not end the process/);
  assert.deepEqual(order(m, 'sigterm'), ['2 process:SIGTERM', '3 process:exit']);
});

test('an uncaught exception with a listener that does not exit: the program goes on to its natural end', async () => {
  const m = await analyze({
    'a.js': [`process.on('uncaughtException', () => {});`, `process.on('beforeExit', () => {});`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'error'), ['1 process:uncaughtException', '2 process:beforeExit', '3 process:exit']);
});

test('signal-exit after an exit-hook: exit-hook removes its once-listener first, so signal-exit re-raises', async () => {
  const m = await analyze({
    'a.mjs': [`import exitHook from 'exit-hook';`, `import { onExit } from 'signal-exit';`, `exitHook(() => {});`, `onExit(() => {});`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'sigint'), ['3 exit-hook', '4 signal-exit']);
});
