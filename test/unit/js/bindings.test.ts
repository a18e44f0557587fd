// How `process` and its methods are reached: every binding form gives the same registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, reg } from './helpers';

const forms: Array<[string, string, string]> = [
  ['global process', 'a.js', `process.on('exit', function bye() {});`],
  ['globalThis.process', 'a.js', `globalThis.process.on('exit', function bye() {});`],
  ['global.process', 'a.js', `global.process.on('exit', function bye() {});`],
  ['require("process")', 'a.js', `const p = require('process');\np.on('exit', function bye() {});`],
  ['require("node:process")', 'a.js', `const p = require('node:process');\np.on('exit', function bye() {});`],
  ['import default node:process', 'a.mjs', `import proc from 'node:process';\nproc.on('exit', function bye() {});`],
  ['import * as process', 'a.mjs', `import * as proc from 'process';\nproc.on('exit', function bye() {});`],
  ['alias const', 'a.js', `const p = process;\np.on('exit', function bye() {});`],
  ['TypeScript', 'a.ts', `const p: NodeJS.Process = process as NodeJS.Process;\np!.on('exit', function bye(): void {});`],
];

for (const [name, file, src] of forms) {
  test(`process reached through ${name}`, async () => {
    const m = await analyze({ [file]: src });
    assert.equal(m.registrations.length, 1, JSON.stringify(m.unknowns));
    const r = m.registrations[0];
    assert.equal(r.mechanism, 'process:exit');
    assert.equal(r.event, 'exit');
    assert.equal(r.handler.name, 'bye');
    assert.equal(r.certainty, 'definite');
    assert.equal(r.location.range.start.line, src.split('\n').length);
    assert.equal(r.location.range.start.column, 1);
  });
}

test('a local binding named process shadows the global', async () => {
  const m = await analyze({ 'a.js': `function f(process) { process.on('exit', () => {}); }\nf({ on() {} });` });
  assert.equal(m.registrations.length, 0);
});

test("named import of 'exit' from process is the real process.exit", async () => {
  const m = await analyze({ 'a.mjs': `import { exit } from 'process';\nprocess.on('exit', () => {});\nexit(3);` });
  assert.equal(m.exitCalls.length, 1);
  assert.equal(m.exitCalls[0].kind, 'exit');
  assert.equal(m.exitCalls[0].code, 3);
  assert.equal(m.plan.scenarios.normal.handlers.length, 1);
});

test("import { on } from 'process' fails to link: nothing runs", async () => {
  const m = await analyze({ 'a.mjs': `import { on } from 'process';\non('exit', () => {});` });
  assert.equal(m.registrations.length, 0);
  assert.equal(m.exitCalls[0].kind, 'throw');
  assert.deepEqual(m.plan.scenarios.normal.handlers, []);
});

test('a destructured on() has no receiver: it throws, nothing is registered, the plan says so', async () => {
  const m = await analyze({ 'a.js': `const { on } = require('process');\non('exit', () => {});` });
  assert.equal(m.registrations.length, 0);
  assert.match(m.unknowns[0].reason, /TypeError/);
  assert.equal(m.plan.scenarios.normal.complete, false);
});

test('process[m] and dynamic event names make the plan incomplete', async () => {
  const m = await analyze({ 'a.js': `const m = 'on';\nprocess[m]('exit', () => {});\nconst ev = process.argv[2];\nprocess.on(ev, () => {});` });
  assert.equal(m.registrations.length, 0);
  assert.equal(m.unknowns.length, 2);
  for (const s of Object.values(m.plan.scenarios)) assert.equal(s.complete, false);
});

test('eval and a computed require are unknowns', async () => {
  const m = await analyze({ 'a.js': `eval("process.on('exit', f)");\nrequire(process.env.X);` });
  assert.equal(m.unknowns.length, 2);
  assert.deepEqual(m.unknowns.map((u) => u.location.range.start.line), [1, 2]);
});

test('registration names, forms and identities', async () => {
  const m = await analyze({
    'a.js': [
      `function a() {}`,
      `const b = () => {};`,
      `class S { close() {} }`,
      `const s = new S();`,
      `process.on('exit', a);`,
      `process.on('exit', b);`,
      `process.on('exit', s.close);`,
      `process.on('exit', s.close.bind(s));`,
      `process.on('exit', () => {});`,
      `process.on('exit', function named() {});`,
      `process.on('exit', console.log);`,
    ].join('\n'),
  });
  const rs = m.registrations;
  assert.deepEqual(rs.map((r) => [r.handler.name, r.handler.form]), [
    ['a', 'function'],
    ['b', 'function'],
    ['s.close', 'method'],
    ['s.close.bind(s)', 'bound'],
    ['<arrow>', 'arrow'],
    ['named', 'arrow'],
    ['console.log', 'builtin'],
  ]);
  assert.equal(rs[0].handler.definition?.range.start.line, 1);
  assert.equal(rs[1].handler.definition?.range.start.line, 2);
  assert.equal(rs[2].handler.definition?.range.start.line, 3);
  assert.equal(rs[3].handler.definition?.range.start.line, 3);
  assert.ok(rs[0].handler.identity && rs[1].handler.identity && rs[2].handler.identity);
  assert.equal(rs[3].handler.identity, undefined);
  assert.equal(rs[4].handler.identity, undefined);
  assert.deepEqual(rs.map(reg).slice(0, 1), ['5:a:process:exit:definite']);
});
