// Cross-file: CommonJS and ESM evaluation order, TS extension mapping, unresolved imports;
// JSX/TSX; parse errors mid-edit; a huge file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/js/extract';
import { analyze, order } from './helpers';

test('CommonJS: a module registers at the require call, handlers resolve across files', async () => {
  const m = await analyze({
    'app/main.js': [
      `process.on('exit', () => {});`,
      `const { flush, install } = require('./lib/log');`,
      `process.on('exit', flush);`,
      `install();`,
      `process.off('exit', flush);`,
    ].join('\n'),
    'app/lib/log.js': [
      `process.on('beforeExit', () => {});`,
      `function flush() {}`,
      `exports.flush = flush;`,
      `exports.install = () => process.on('SIGINT', flush);`,
    ].join('\n'),
  });
  assert.deepEqual(m.files, ['app/main.js', 'app/lib/log.js']);
  assert.deepEqual(m.registrations.map((r) => `${r.location.file}:${r.location.range.start.line}:${r.mechanism}`), [
    'app/main.js:1:process:exit',
    'app/lib/log.js:1:process:beforeExit',
    'app/main.js:3:process:exit',
    'app/lib/log.js:4:process:SIGINT',
  ]);
  assert.equal(m.registrations[2].handler.definition?.file, 'app/lib/log.js');
  assert.equal(m.registrations[2].handler.definition?.range.start.line, 2);
  assert.deepEqual(m.removals[0].removes, [3]);
  assert.deepEqual(order(m, 'normal'), ['app/lib/log.js:1 process:beforeExit', '1 process:exit']);
});

test('ESM: imports are evaluated depth-first before the importer body; a module runs once', async () => {
  const m = await analyze({
    'main.mjs': [`process.on('exit', () => {});`, `import './a.mjs';`, `import { b } from './b.mjs';`, `process.on('exit', b);`].join('\n'),
    'a.mjs': [`import './b.mjs';`, `process.on('exit', () => {});`].join('\n'),
    'b.mjs': [`export function b() {}`, `process.on('exit', () => {});`].join('\n'),
  });
  assert.deepEqual(order(m, 'exit'), ['b.mjs:2 process:exit', 'a.mjs:2 process:exit', '1 process:exit', '4 process:exit']);
});

test('TypeScript: ./x.js maps to x.ts, extensionless and index files resolve', async () => {
  const m = await analyze({
    'src/main.ts': [`import { stop } from './stop.js';`, `import './hooks';`, `import x = require('./cjs');`, `process.on('SIGTERM', stop);`].join('\n'),
    'src/stop.ts': `export const stop = (): never => process.exit(0);`,
    'src/hooks/index.ts': `process.on('exit', () => {});`,
    'src/cjs.cts': `process.on('beforeExit', () => {});`,
  });
  assert.deepEqual(m.files, ['src/main.ts', 'src/stop.ts', 'src/hooks/index.ts', 'src/cjs.cts']);
  assert.equal(m.registrations[2].handler.definition?.file, 'src/stop.ts');
  assert.deepEqual(m.registrations[2].handler.endsProcess, { when: 'always', kind: 'exit' });
  assert.deepEqual(order(m, 'sigterm'), ['src/main.ts:4 process:SIGTERM'.replace('src/main.ts:', ''), 'src/hooks/index.ts:1 process:exit']);
});

test('an unresolved relative import makes the plan incomplete; packages do not', async () => {
  const m = await analyze({ 'a.js': `require('./missing');\nrequire('express');` });
  assert.equal(m.unknowns.length, 1);
  assert.match(m.unknowns[0].reason, /cannot resolve '\.\/missing'/);
  assert.equal(m.plan.scenarios.normal.complete, false);
});

test('JSX and TSX parse and analyze', async () => {
  for (const file of ['a.jsx', 'a.tsx']) {
    const m = await analyze({ [file]: `const App = () => <div onClick={() => 1}>hi</div>;\nprocess.on('exit', () => {});\nconst el = <App />;` });
    assert.deepEqual(m.parseErrors, [], file);
    assert.equal(m.registrations.length, 1, file);
  }
});

test('parse errors mid-edit: reported, and the rest of the file still analyzed', async () => {
  const m = await analyze({ 'a.ts': `process.on('exit', () => {});\nfunction broken( {\nprocess.on('SIGINT', () => process.exit(1));\n` });
  assert.ok(m.parseErrors.length > 0);
  assert.ok(m.parseErrors[0].location.range.start.line >= 2);
  assert.ok(m.registrations.length >= 1);
  assert.equal(m.plan.scenarios.normal.complete, false);
});

test('binary-ish and empty input never throw', async () => {
  for (const text of ['', '\u0000\u0001\u0002', '}}}{{{((', 'process.on(', 'process.on("exit", ']) {
    const m = await analyze({ 'a.js': text });
    assert.ok(Array.isArray(m.registrations));
  }
});

test('a 5 MB file is handled in reasonable time', async () => {
  const chunk = `function f_N() { const x = [1, 2, 3].map((y) => y * 2); if (x.length > 2) { return x; } return []; }\nf_N();\n`;
  let text = `process.on('exit', () => {});\n`;
  for (let i = 0; text.length < 5 * 1024 * 1024; i++) text += chunk.replaceAll('N', String(i));
  // Relative to the parse alone, so a loaded machine does not fail it.
  let t0 = Date.now();
  parse('big.js', text);
  const parseMs = Date.now() - t0;
  t0 = Date.now();
  const m = await analyze({ 'big.js': text });
  const ms = Date.now() - t0;
  assert.equal(m.registrations.length, 1);
  assert.ok(ms < Math.max(15_000, 5 * parseMs), `took ${ms} ms (parse alone: ${parseMs} ms)`);
  m.dispose();
  m.dispose();
});

test('machine-generated nesting: a 20 000-term expression is analyzed, unparseable nesting is a parse error', async () => {
  const chain = `process.on('exit', () => {});\nconst s = ` + Array.from({ length: 20000 }, (_, i) => `'a${i}'`).join(' + ') + ';\n';
  const m = await analyze({ 'a.js': chain });
  assert.equal(m.registrations.length, 1);
  const nested = await analyze({ 'b.js': `process.on('exit', () => {});\nconst d = ${'['.repeat(5000)}${']'.repeat(5000)};` });
  assert.equal(nested.parseErrors.length, 1);
  assert.equal(nested.plan.scenarios.normal.complete, false);
});
