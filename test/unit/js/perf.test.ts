// Speed machinery of the JS/TS front end that must not change results: the tree cache shared
// between analyses, and callback chains that re-schedule themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryHost } from '../../../server/src/core/host';
import { analyzeJs, clearJsCaches, jsCacheStats, setJsCacheLimits } from '../../../server/src/core/js';
import { analyze, reg } from './helpers';

const run = (files: Record<string, string>, entry: string) => analyzeJs(entry, files[entry]!, memoryHost(files), {}, 'javascript');

test('tree cache: an imported module is parsed once while its text is unchanged, again after an edit', () => {
  clearJsCaches();
  const files = {
    'a.js': `const lib = require('./lib');\nprocess.on('exit', lib.flush);`,
    'b.js': `const lib = require('./lib');\nprocess.on('SIGTERM', lib.flush);`,
    'lib.js': `exports.flush = function flush() { throw new Error('x'); };`,
  };
  const a = run(files, 'a.js');
  const b = run(files, 'b.js');
  assert.equal(a.syntax.get('lib.js'), b.syntax.get('lib.js'), 'the second analysis reuses the tree');
  assert.deepEqual(a.registrations.map((r) => r.handler.definition?.file), ['lib.js']);
  const edited = run({ ...files, 'lib.js': `exports.flush = () => {};` }, 'a.js');
  assert.notEqual(edited.syntax.get('lib.js'), a.syntax.get('lib.js'));
  assert.equal(edited.registrations[0]!.handler.form, 'method');
  assert.equal(edited.registrations[0]!.handler.definition?.range.start.line, 1);
  // The model built from the old tree is unaffected by the edit.
  assert.equal(b.registrations[0]!.handler.endsProcess?.when, 'always');
});

test('tree cache: bounded by characters; a smaller bound evicts, dispose never breaks another model', () => {
  clearJsCaches();
  const files: Record<string, string> = { 'main.js': Array.from({ length: 20 }, (_, i) => `require('./m${i}');`).join('\n') };
  for (let i = 0; i < 20; i++) files[`m${i}.js`] = `process.on('exit', () => {}); // ${'x'.repeat(100)}`;
  try {
    setJsCacheLimits({ chars: 1000 });
    const m = run(files, 'main.js');
    assert.equal(m.registrations.length, 20);
    assert.ok(jsCacheStats().chars <= 1000, `cache holds ${jsCacheStats().chars} chars`);
    const again = run(files, 'main.js');
    m.dispose();
    assert.equal(again.registrations.length, 20);
    assert.equal(again.plan.scenarios.normal.handlers.length, 20);
  } finally {
    setJsCacheLimits({ chars: 16 * 1024 * 1024 });
    clearJsCaches();
  }
});

test('a callback that re-schedules itself forever does not starve later callbacks', async () => {
  // The microtask chain would run 500 times before the timer; once it is seen to change nothing,
  // it stops being walked and the timer's registration is found.
  const m = await analyze({
    'main.js': [
      `function pump() { queueMicrotask(() => pump()); }`,
      `pump();`,
      `setTimeout(() => { process.on('exit', function late() {}); });`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['3:late:process:exit:conditional']);
});

test('a callback chain re-run with different closures is still walked each time', async () => {
  // Each scheduled callback carries another function in its closure: the runs differ, so none is skipped.
  const m = await analyze({
    'main.js': [
      `const steps = [() => 1, () => 2, () => 3, () => 4, () => 5, () => process.on('SIGINT', function sixth() {})];`,
      `function later(f) { setTimeout(() => f()); }`,
      `for (const s of steps) later(s);`,
    ].join('\n'),
  });
  assert.deepEqual(m.registrations.map(reg), ['1:sixth:process:SIGINT:conditional']);
});
