// `check` reads through memoHost: one read per path for the whole run, misses included, and the
// same answers as the host below it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoHost } from '../../../server/src/cli/pool';

test('memoHost: each path is read once, a missing path too', () => {
  const reads: string[] = [];
  const files: Record<string, string> = { 'a.js': 'x', 'b.js': '' };
  const host = memoHost({ readFile: (p) => (reads.push(p), files[p]) });
  for (let i = 0; i < 3; i++) {
    assert.equal(host.readFile('a.js'), 'x');
    assert.equal(host.readFile('b.js'), '', 'an empty file is a hit, not a miss');
    assert.equal(host.readFile('missing.js'), undefined);
  }
  assert.deepEqual(reads, ['a.js', 'b.js', 'missing.js']);
});
