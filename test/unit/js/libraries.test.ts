// The exit libraries: how each is imported and what each call records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, order, reg } from './helpers';

test('exit-hook: exitHook, asyncExitHook, unsubscribe, gracefulExit', async () => {
  const m = await analyze({
    'a.mjs': [
      `import exitHook, { asyncExitHook, gracefulExit } from 'exit-hook';`,
      `exitHook(() => {});`,
      `const off = exitHook(function second() {});`,
      `asyncExitHook(async () => {}, { wait: 500 });`,
      `off();`,
      `gracefulExit();`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['2:<arrow>:exit-hook:definite', '3:second:exit-hook:definite', '4:<arrow>:exit-hook:definite']);
  assert.equal(m.removals[0].viaReturnedRemover, true);
  assert.deepEqual(m.removals[0].removes, [2]);
  assert.equal(m.exitCalls[0].callee, 'gracefulExit');
  // gracefulExit runs sync hooks then async hooks; the unsubscribed one is skipped.
  assert.deepEqual(order(m, 'normal'), ['2 exit-hook', '4 exit-hook']);
  // process.exit(): only the sync hooks.
  assert.deepEqual(order(m, 'exit'), ['2 exit-hook']);
});

test('signal-exit: onExit callbacks run after process exit listeners, alwaysLast last', async () => {
  const m = await analyze({
    'a.js': [
      `const { onExit } = require('signal-exit');`,
      `onExit(() => {}, { alwaysLast: true });`,
      `onExit(() => {});`,
      `process.on('exit', () => {});`,
    ].join('\n'),
  });
  assert.deepEqual(order(m, 'normal'), ['4 process:exit', '3 signal-exit', '2 signal-exit']);
  // Alone on SIGTERM, signal-exit runs its callbacks and re-raises: no 'exit' listeners.
  assert.deepEqual(order(m, 'sigterm'), ['3 signal-exit', '2 signal-exit']);
  assert.match(m.plan.scenarios.sigterm.skipped[0].reason, /re-raises SIGTERM/);
});

test('signal-exit next to a listener of the program: the listener decides', async () => {
  const m = await analyze({
    'a.mjs': [`import { onExit } from 'signal-exit';`, `onExit(() => {});`, `process.on('SIGINT', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'sigint'), ['3 process:SIGINT']);
  assert.match(m.plan.scenarios.sigint.skipped[0].reason, /does not end the process/);
});

test('async-exit-hook: hooks, error hooks; the library listener sits where it was installed', async () => {
  const m = await analyze({
    'a.js': [
      `const exitHook = require('async-exit-hook');`,
      `process.on('exit', () => {});`,
      `exitHook(() => {});`,
      `exitHook((done) => setTimeout(done, 10));`,
      `exitHook.uncaughtExceptionHandler((err) => {});`,
    ].join('\n'),
  });
  assert.equal(m.registrations[1].handler.arity, 0);
  assert.equal(m.registrations[2].handler.arity, 1);
  assert.equal(m.registrations[3].event, 'uncaughtException');
  assert.deepEqual(order(m, 'exit'), ['2 process:exit', '3 async-exit-hook', '4 async-exit-hook']);
  assert.deepEqual(order(m, 'normal'), ['3 async-exit-hook', '4 async-exit-hook', '2 process:exit']);
  assert.deepEqual(order(m, 'error'), ['5 async-exit-hook', '3 async-exit-hook', '4 async-exit-hook', '2 process:exit']);
});

test('close-with-grace: options first, handler last; uninstall', async () => {
  const m = await analyze({
    'a.js': [
      `const closeWithGrace = require('close-with-grace');`,
      `const { uninstall } = closeWithGrace({ delay: 500 }, async ({ signal, err }) => {});`,
      `if (process.env.NO_GRACE) uninstall();`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['2:<arrow>:close-with-grace:definite']);
  assert.equal(m.removals[0].certainty, 'conditional');
  assert.deepEqual(order(m, 'sigterm'), ['2 close-with-grace conditional']);
  assert.deepEqual(order(m, 'exit'), []);
});

test('node-cleanup and death', async () => {
  const m = await analyze({
    'a.js': [
      `const nodeCleanup = require('node-cleanup');`,
      `const onDeath = require('death')({ uncaughtException: true });`,
      `nodeCleanup((code, signal) => {});`,
      `onDeath((sig) => { process.exit(1); });`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => r.mechanism), ['node-cleanup', 'death']);
  assert.deepEqual(order(m, 'exit'), ['3 node-cleanup']);
  // SIGTERM: node-cleanup's listener first (installed first; it uninstalls itself, so its 'exit'
  // listener is gone), then death's callback exits (node 20: checked).
  assert.deepEqual(order(m, 'sigterm'), ['3 node-cleanup', '4 death']);
});

test('library module shapes: signal-exit has no default export, exit-hook is ESM-only', async () => {
  const esm = await analyze({ 'a.mjs': `import onExit from 'signal-exit';\nonExit(() => {});` });
  assert.equal(esm.registrations.length, 0);
  assert.equal(esm.exitCalls[0].kind, 'throw');
  const cjs = await analyze({ 'a.js': `const onExit = require('signal-exit');\nonExit(() => {});\nconst { onExit: ok } = require('signal-exit');\nok(() => {});` });
  assert.deepEqual(cjs.registrations.map((r) => r.location.range.start.line), [4]);
  assert.match(cjs.unknowns[0].reason, /not a function/);
  const ns = await analyze({ 'a.mjs': `import * as eh from 'exit-hook';\neh.default(() => {});\neh.asyncExitHook(async () => {}, { wait: 100 });` });
  assert.deepEqual(ns.registrations.map((r) => r.mechanism), ['exit-hook', 'exit-hook']);
});
