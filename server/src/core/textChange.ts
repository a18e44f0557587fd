// The span an edit changed, recovered from the texts before and after it (the editor sends
// whole texts to the core): both incremental parsers (tree-sitter, TypeScript) take it.

/** Characters compared at once before the character loop: string equality of slices runs in V8's native code. */
const CHUNK = 512;

/**
 * `before` and `after` agree on `[0, start)` and on their last `tail` characters, and
 * `start + tail` is at most the shorter length: the change is `before[start, before.length - tail)`
 * replaced by `after[start, after.length - tail)`.
 */
export function changedSpan(before: string, after: string): { start: number; tail: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start + CHUNK <= max && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  const room = max - start;
  let tail = 0;
  while (tail + CHUNK <= room && before.slice(before.length - tail - CHUNK, before.length - tail) === after.slice(after.length - tail - CHUNK, after.length - tail)) tail += CHUNK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, tail };
}
