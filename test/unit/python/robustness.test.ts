// Bad input never crashes: syntax errors mid-edit, non-ASCII text, huge files, odd content.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, py, withModel } from './helpers';

test('a syntax error mid-edit: parseErrors located, what parsed is still analyzed', async () => {
  const src = py`
    import atexit
    def a(): pass
    atexit.register(a)
    def broken(:
        pass
    atexit.register(print)
  `;
  await withModel(src, (m) => {
    assert.ok(m.parseErrors.length >= 1);
    assert.equal(m.parseErrors[0]!.location.file, 'main.py');
    assert.equal(m.parseErrors[0]!.location.range.start.line, 4);
    assert.ok(m.registrations.some((r) => r.location.range.start.line === 3 && r.handler.name === 'a'));
    assert.equal(m.plan.scenarios.normal.complete, false);
  });
});

test('an unfinished call being typed: a MISSING node is reported, earlier registrations kept', async () => {
  await withModel('import atexit\natexit.register(print)\natexit.register(\n', (m) => {
    assert.ok(m.parseErrors.length >= 1);
    assert.ok(m.registrations.some((r) => r.location.range.start.line === 2));
  });
});

test('non-ASCII text: columns and offsets count UTF-16 code units', async () => {
  const src = 'import atexit\nnom = "é😀"; atexit.register(print)\n';
  await withModel(src, (m) => {
    const r = m.registrations[0]!;
    const offset = src.indexOf('atexit.register');
    assert.equal(r.location.range.start.offset, offset);
    assert.equal(r.location.range.start.line, 2);
    // `nom = "é😀"; ` is 13 UTF-16 code units (the emoji is a surrogate pair), so the call starts at column 14.
    assert.equal(r.location.range.start.column, 14);
    assert.equal(src.slice(r.location.range.start.offset, r.location.range.end.offset), 'atexit.register(print)');
  });
});

test('a 2 MB file is analyzed quickly', async () => {
  const chunk = py`
    def helper_N(x):
        total = 0
        for i in range(10):
            total += i * x
        return total
    value_N = helper_N(3)
  `;
  let src = 'import atexit\natexit.register(print, "start")\n';
  let n = 0;
  while (src.length < 2 * 1024 * 1024) src += chunk.replace(/_N/g, `_${n++}`);
  src += 'atexit.register(print, "end")\n';
  const t0 = Date.now();
  await withModel(src, (m) => {
    assert.equal(m.registrations.length, 2);
    assert.equal(m.parseErrors.length, 0);
  });
  // Generous: the machine running the suite may be loaded; this guards against blow-ups, not speed.
  assert.ok(Date.now() - t0 < 30000, `took ${Date.now() - t0} ms`);
});

test('deep recursion and pathological nesting do not blow the stack', async () => {
  const deep = 'x = ' + '('.repeat(500) + '1' + ')'.repeat(500) + '\nimport atexit\natexit.register(print)\n';
  await withModel(deep, (m) => assert.equal(m.registrations.length, 1));
  const nested = Array.from({ length: 80 }, (_, i) => ' '.repeat(i * 2) + `if x${i}:`).join('\n') + '\n' + ' '.repeat(160) + 'import atexit; atexit.register(print)\n';
  await withModel(nested, (m) => assert.equal(m.registrations[0]?.certainty, 'conditional'));
});

test('garbage and empty input give an empty, complete-or-flagged model', async () => {
  await withModel('', (m) => {
    assert.equal(m.registrations.length, 0);
    assert.equal(m.plan.scenarios.normal.complete, true);
  });
  await withModel('\u0000\u0001\u0002 ))) (((\n\t\tdef', (m) => {
    assert.equal(m.registrations.length, 0);
    assert.ok(m.parseErrors.length > 0);
  });
});

test('dispose frees the trees and is safe to call twice', async () => {
  const m = await analyze({ 'main.py': 'import lib\n', 'lib.py': 'x = 1\n' });
  assert.deepEqual([...m.syntax.keys()], ['main.py', 'lib.py']);
  m.dispose();
  m.dispose();
});
