// changedSpan against the plain character loop it replaces, on edits of every size and place
// (chunk boundaries included): both incremental parsers are handed its span.
import assert from 'node:assert/strict';
import test from 'node:test';
import { changedSpan } from '../../server/src/core/textChange';

function plain(before: string, after: string) {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, tail };
}

test('changedSpan finds the span the character loop finds', () => {
  // A deterministic generator: the same cases on every run.
  let seed = 42;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const alphabet = 'ab\n \u00e9\u4e2d';
  const text = (n: number) => Array.from({ length: n }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let i = 0; i < 400; i++) {
    const before = text([0, 1, 511, 512, 513, 1024, 3000][rnd(7)]! + rnd(40));
    const at = rnd(before.length + 1);
    const removed = rnd(Math.min(before.length - at, 1100) + 1);
    const inserted = text([0, 1, 2, 600][rnd(4)]!);
    const after = before.slice(0, at) + inserted + before.slice(at + removed);
    assert.deepEqual(changedSpan(before, after), plain(before, after), `case ${i}`);
  }
  // Repeated text: the prefix and the suffix may not overlap.
  const rep = 'x'.repeat(2000);
  assert.deepEqual(changedSpan(rep, rep + 'x'), plain(rep, rep + 'x'));
  assert.deepEqual(changedSpan(rep + 'x'.repeat(700), rep), plain(rep + 'x'.repeat(700), rep));
  assert.deepEqual(changedSpan('', 'abc'), { start: 0, tail: 0 });
  assert.deepEqual(changedSpan('same', 'same'), { start: 4, tail: 0 });
});
