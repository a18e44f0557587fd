// The bounded cache behind the server's disk texts: limits by count and by weight, LRU order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from '../../server/src/lsp/lru';
import { DISK_CACHE_CHARS, DISK_CACHE_FILES, WorkspaceFiles } from '../../server/src/lsp/workspace';
import { workspace } from './helpers';

test('evicts the least recently used entry past the count limit', () => {
  const c = new LruCache<string, number>(3, Infinity);
  c.set('a', 1);
  c.set('b', 2);
  c.set('c', 3);
  assert.equal(c.get('a'), 1); // a is now the newest
  c.set('d', 4);
  assert.equal(c.has('b'), false, 'b was the least recently used');
  assert.deepEqual(['a', 'c', 'd'].map((k) => c.get(k)), [1, 3, 4]);
  assert.equal(c.size, 3);
});

test('evicts past the weight limit, keeps the weight exact, refuses a value heavier than the budget', () => {
  const c = new LruCache<string, string>(100, 10, (s) => s.length);
  c.set('x', 'aaaa');
  c.set('y', 'bbbb');
  assert.equal(c.weight, 8);
  c.set('z', 'cccc');
  assert.equal(c.has('x'), false);
  assert.equal(c.weight, 8);
  c.set('y', 'b'); // replacing re-weighs
  assert.equal(c.weight, 5);
  c.set('huge', 'h'.repeat(11));
  assert.equal(c.has('huge'), false);
  assert.equal(c.weight, 5);
  c.delete('z');
  assert.equal(c.weight, 1);
  c.clear();
  assert.equal(c.size + c.weight, 0);
});

test('the workspace host stays within its disk cache bounds however many files it reads', () => {
  const files: Record<string, string> = {};
  const N = DISK_CACHE_FILES + 300;
  for (let i = 0; i < N; i++) files[`m${i}.py`] = `x = ${i}\n`;
  const ws = workspace(files);
  try {
    const w = new WorkspaceFiles({ textOf: () => undefined }, 1_000_000);
    for (let i = 0; i < N; i++) assert.equal(w.host.readFile(ws.path(`m${i}.py`)), `x = ${i}\n`);
    const s = w.diskCacheStats();
    assert.ok(s.files <= DISK_CACHE_FILES && s.chars <= DISK_CACHE_CHARS, JSON.stringify(s));
    // An evicted file is read again from disk, with its current text.
    ws.write('m0.py', 'x = "changed"\n');
    assert.equal(w.host.readFile(ws.path('m0.py')), 'x = "changed"\n');
    // A missing file is remembered as absent until a file event says otherwise.
    assert.equal(w.host.readFile(ws.path('nope.py')), undefined);
    ws.write('nope.py', 'y = 1\n');
    assert.equal(w.host.readFile(ws.path('nope.py')), undefined);
    w.invalidate(ws.path('nope.py'), true);
    assert.equal(w.host.readFile(ws.path('nope.py')), 'y = 1\n');
  } finally {
    ws.dispose();
  }
});
