// The analyzer reuses parsed trees across analyses (keyed by path and text): an edited module must
// be seen as edited, and a disposed model must not invalidate the cached tree of the next analysis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, py } from './helpers';

test('an imported module edited between two analyses is re-read, and disposing a model leaves the cache usable', async () => {
  const main = py`
    import util
  `;
  const v1 = py`
    import atexit
    def a(): pass
    atexit.register(a)
  `;
  const v2 = py`
    import atexit
    def a(): pass
    def b(): pass
    atexit.register(a)
    atexit.register(b)
  `;
  const lines = (m: Awaited<ReturnType<typeof analyze>>) => m.plan.scenarios.normal.handlers.map((h) => `${h.name}@${h.line}`);
  const m1 = await analyze({ 'main.py': main, 'util.py': v1 });
  assert.deepEqual(lines(m1), ['a@3']);
  m1.dispose();
  const m2 = await analyze({ 'main.py': main, 'util.py': v2 });
  assert.deepEqual(lines(m2), ['b@5', 'a@4']);
  // Same texts again: served from the cache, with a tree that is still alive after m2 is disposed.
  const m3 = await analyze({ 'main.py': main, 'util.py': v2 });
  m2.dispose();
  assert.deepEqual(lines(m3), ['b@5', 'a@4']);
  assert.equal((m3.syntax.get('util.py') as { rootNode: { type: string } } | undefined)?.rootNode.type, 'module');
  m3.dispose();
});
