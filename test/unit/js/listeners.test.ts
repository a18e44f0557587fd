// process listener methods, removals, exit calls and the certainty of each registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, order, reg } from './helpers';

test('every listener method and event is recognized, with prepend/once flags', async () => {
  const m = await analyze({
    'a.js': [
      `process.on('exit', () => {});`,
      `process.once('beforeExit', () => {});`,
      `process.addListener('SIGINT', () => {});`,
      `process.prependListener('SIGTERM', () => {});`,
      `process.prependOnceListener('SIGHUP', () => {});`,
      `process.on('uncaughtException', () => {});`,
      `process.on('unhandledRejection', () => {});`,
      `process.on('warning', () => {});`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => r.mechanism), [
    'process:exit', 'process:beforeExit', 'process:SIGINT', 'process:SIGTERM', 'process:SIGHUP', 'process:uncaughtException', 'process:unhandledRejection',
  ]);
  assert.deepEqual(m.registrations.map((r) => [!!r.prepend, !!r.once]), [
    [false, false], [false, true], [false, false], [true, false], [true, true], [false, false], [false, false],
  ]);
});

test('chained process.on calls register in order', async () => {
  const m = await analyze({ 'a.js': `process.on('exit', () => {}).on('SIGINT', () => process.exit(1));` });
  assert.deepEqual(m.registrations.map((r) => r.mechanism), ['process:exit', 'process:SIGINT']);
  assert.deepEqual(m.registrations[1].handler.endsProcess, { when: 'always', kind: 'exit' });
});

test('removal by the same reference matches; an inline arrow or bind() never does', async () => {
  const m = await analyze({
    'a.js': [
      `function flush() {}`,
      `process.on('exit', flush);`,
      `process.on('exit', () => {});`,
      `process.off('exit', flush);`,
      `process.removeListener('exit', () => {});`,
      `process.removeListener('exit', flush.bind(null));`,
    ].join('\n'),
  });
  assert.deepEqual(m.removals.map((r) => r.removes), [[1], [], []]);
  assert.equal(m.removals[1].target !== 'all' && m.removals[1].target.identity, undefined);
  assert.deepEqual(order(m, 'normal'), ['3 process:exit']);
  const skipped = m.plan.scenarios.normal.skipped.find((s) => s.line === 2);
  assert.match(skipped!.reason, /removed by process\.off\('exit', flush\) at line 4/);
});

test('removeAllListeners(event) removes that event only; conditional removal makes it conditional', async () => {
  const m = await analyze({
    'a.js': [
      `process.on('exit', () => {});`,
      `process.on('SIGINT', () => {});`,
      `process.removeAllListeners('exit');`,
      `process.on('exit', () => {});`,
      `const g = () => {};`,
      `process.on('exit', g);`,
      `if (process.env.X) process.off('exit', g);`,
    ].join('\n'),
  });
  assert.equal(m.removals[0].target, 'all');
  assert.deepEqual(m.removals[0].removes, [1]);
  assert.equal(m.removals[1].certainty, 'conditional');
  assert.deepEqual(order(m, 'exit'), ['4 process:exit', '6 process:exit conditional']);
});

test('exit calls: kinds, codes and the stopping point', async () => {
  const m = await analyze({
    'a.js': [
      `process.on('exit', () => {});`,
      `if (process.argv[2]) process.exit(2);`,
      `process.exitCode = 1;`,
      `process.abort();`,
      `process.on('exit', () => {});`,
    ].join('\n'),
  });
  assert.deepEqual(m.exitCalls.map((c) => [c.callee, c.kind, c.code, c.certainty]), [
    ['process.exit', 'exit', 2, 'conditional'],
    ['process.abort', 'hard-exit', undefined, 'definite'],
  ]);
  assert.equal(m.registrations.length, 1, 'nothing after the abort runs');
  assert.deepEqual(order(m, 'normal'), []);
  assert.match(m.plan.scenarios.normal.skipped[0].reason, /process\.abort\(\) at line 4/);
});

test('hard exits: reallyExit and kill(pid, SIGKILL)', async () => {
  for (const src of [`process.reallyExit(0);`, `process.kill(process.pid, 'SIGKILL');`, `process.kill(process.pid, 9);`]) {
    const m = await analyze({ 'a.js': `process.on('exit', () => {});\n${src}` });
    assert.equal(m.exitCalls[0]?.kind, 'hard-exit', src);
    assert.deepEqual(order(m, 'normal'), [], src);
  }
});

test('if branches are conditional, if (require.main === module) is not', async () => {
  const m = await analyze({
    'a.js': [
      `if (process.env.DEBUG) process.on('exit', () => {});`,
      `else process.on('exit', () => {});`,
      `if (require.main === module) { process.on('exit', () => {}); }`,
      `try { process.on('exit', () => {}); } catch { process.on('exit', () => {}); }`,
      `process.env.X && process.on('exit', () => {});`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), [
    '1:<arrow>:process:exit:conditional',
    '2:<arrow>:process:exit:conditional',
    '3:<arrow>:process:exit:definite',
    '4:<arrow>:process:exit:conditional',
    '4:<arrow>:process:exit:conditional',
    '5:<arrow>:process:exit:conditional',
  ]);
});

test('helpers called from top level: the location is the call inside the helper', async () => {
  const m = await analyze({
    'a.js': [
      `function install(name) {`,
      `  process.on('exit', () => console.log(name));`,
      `}`,
      `install('a');`,
      `install('b');`,
      `class Server { constructor() { process.on('SIGTERM', this.stop); } stop() { process.exit(0); } }`,
      `new Server();`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['2:<arrow>:process:exit:definite', '2:<arrow>:process:exit:definite', '6:this.stop:process:SIGTERM:definite']);
  assert.equal(m.registrations[2].handler.definition?.range.start.line, 6);
  assert.deepEqual(m.registrations[2].handler.endsProcess, { when: 'always', kind: 'exit' });
});

test('loops: known trip counts unroll, unknown ones are conditional', async () => {
  const m = await analyze({
    'a.js': [
      `for (let i = 0; i < 3; i++) process.on('exit', () => console.log(i));`,
      `for (const n of ['a', 'b']) process.on('exit', () => console.log(n));`,
      `['x', 'y'].forEach((n) => process.on('exit', () => console.log(n)));`,
      `for (const f of process.argv) process.on('exit', () => {});`,
      `let k = 0; while (k < 2) { process.on('exit', () => {}); k++; }`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => `${r.location.range.start.line}:${r.certainty}:${r.loop?.tripCount ?? '?'}:${r.loop?.capturesLoopVariable}`), [
    '1:definite:3:true', '1:definite:3:true', '1:definite:3:true',
    '2:definite:2:true', '2:definite:2:true',
    '3:definite:2:true', '3:definite:2:true',
    '4:conditional:?:false',
    '5:conditional:?:false',
  ]);
});

test('callbacks run later: server.listen, setTimeout, promises give conditional registrations', async () => {
  const m = await analyze({
    'a.js': [
      `const http = require('node:http');`,
      `const server = http.createServer((req, res) => res.end());`,
      `server.listen(3000, () => {`,
      `  process.on('SIGTERM', () => server.close(() => process.exit(0)));`,
      `});`,
      `setTimeout(() => process.on('exit', () => {}), 10);`,
    ].join('\n'),
  });
  assert.equal(m.runsUntilStopped, true);
  assert.equal(m.runsUntilStoppedAt?.range.start.line, 3);
  assert.deepEqual(m.registrations.map(reg), ['4:<arrow>:process:SIGTERM:conditional', '6:<arrow>:process:exit:conditional']);
  assert.deepEqual(m.registrations[0].handler.endsProcess, { when: 'sometimes', kind: 'exit' });
  assert.deepEqual(order(m, 'normal'), []);
  assert.match(m.plan.scenarios.normal.skipped[0].reason, /runs until it is stopped \(line 3\)/);
});

test('programs that run until stopped: setInterval, stdin, readline, while (true)', async () => {
  for (const src of [
    `setInterval(() => {}, 1000);`,
    `process.stdin.resume();`,
    `const rl = require('readline').createInterface({ input: process.stdin });`,
    `async function main() { while (true) { await new Promise((r) => setTimeout(r, 10)); } }\nmain();`,
  ]) {
    const m = await analyze({ 'a.js': src });
    assert.equal(m.runsUntilStopped, true, src);
    assert.ok(m.runsUntilStoppedAt, src);
  }
  const m = await analyze({ 'a.js': `for (let i = 0; i < 3; i++) {}\nconsole.log('done');` });
  assert.equal(m.runsUntilStopped, false);
});

test('handler bodies: how they end the process', async () => {
  const m = await analyze({
    'a.js': [
      `process.on('SIGINT', () => { cleanup(); });`,
      `process.on('SIGINT', () => { if (x) process.exit(1); });`,
      `process.on('SIGINT', async () => { await close(); process.exit(0); });`,
      `process.on('SIGINT', () => { throw new Error('x'); });`,
      `process.on('SIGINT', () => process.kill(process.pid, 'SIGKILL'));`,
      `function shutdown() { process.exit(0); }`,
      `process.on('SIGINT', () => shutdown());`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => r.handler.endsProcess), [
    { when: 'never' },
    { when: 'sometimes', kind: 'exit' },
    { when: 'always', kind: 'exit' },
    { when: 'always', kind: 'throw' },
    { when: 'always', kind: 'hard-exit' },
    { when: 'always', kind: 'exit' },
  ]);
  const inHandler = m.exitCalls.filter((c) => c.context === 'handler');
  assert.deepEqual(inHandler.map((c) => [c.handlerOf, c.certainty]), [[2, 'conditional'], [3, 'definite'], [5, 'definite']]);
});

test('handlers registered by key from an object: Object.entries gives the event names', async () => {
  const m = await analyze({
    'a.js': [`const handlers = { exit() {}, SIGINT() { process.exit(130); } };`, `for (const [event, fn] of Object.entries(handlers)) process.on(event, fn);`].join('\n'),
  });
  assert.deepEqual(m.registrations.map((r) => r.mechanism), ['process:exit', 'process:SIGINT']);
  assert.deepEqual(m.unknowns, []);
  assert.deepEqual(order(m, 'sigint'), ['2 process:SIGINT', '2 process:exit']);
});

test('a remover kept in a Map and called later removes its hook', async () => {
  const m = await analyze({
    'a.mjs': [`import exitHook from 'exit-hook';`, `const offs = new Map();`, `offs.set('cache', exitHook(() => {}));`, `offs.get('cache')?.();`].join('\n'),
  });
  assert.deepEqual(m.removals.map((r) => r.removes), [[1]]);
  assert.deepEqual(order(m, 'exit'), []);
});

test('a signal listener that stops the interval lets the loop drain: beforeExit and exit may follow', async () => {
  const m = await analyze({
    'a.js': [`const t = setInterval(() => {}, 100);`, `process.once('SIGTERM', () => { clearInterval(t); process.exitCode = 0; });`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'sigterm'), ['2 process:SIGTERM', '3 process:exit conditional']);
});
