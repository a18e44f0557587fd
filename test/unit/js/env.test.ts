// Env allocates its bindings at the first one (most scopes bind nothing): lookups, shadowing,
// assignment and the write clock that callback idleness reads must behave as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Env, PROCESS, UNKNOWN, writeClock, type Value } from '../../../server/src/core/js/bindings';

const lit = (value: number): Value => ({ k: 'literal', value });

test('env: an empty scope sees its parents and owns nothing', () => {
  const outer = new Env();
  outer.declare('x', lit(1));
  const inner = new Env(new Env(outer));
  assert.deepEqual(inner.lookup('x'), lit(1));
  assert.equal(inner.has('x'), true);
  assert.equal(inner.has('y'), false);
  assert.equal(inner.lookup('y'), undefined);
  assert.equal(inner.own().size, 0);
  assert.deepEqual([...outer.own().keys()], ['x']);
});

test('env: declare shadows, assign writes the nearest binding or creates one in this scope', () => {
  const outer = new Env();
  outer.declare('x', lit(1));
  const inner = new Env(outer);
  inner.assign('x', lit(2));
  assert.deepEqual(outer.lookup('x'), lit(2), 'assignment reaches the declaring scope');
  assert.equal(inner.own().size, 0);
  inner.declare('x', lit(3));
  assert.deepEqual(inner.lookup('x'), lit(3));
  assert.deepEqual(outer.lookup('x'), lit(2));
  const fresh = new Env(outer);
  fresh.assign('g', UNKNOWN);
  assert.equal(fresh.own().get('g'), UNKNOWN, 'an undeclared name becomes a binding of the assigning scope');
  assert.equal(outer.has('g'), false);
});

test('env: the write clock counts non-literal writes to scopes older than the floor only', () => {
  const saved = { ...writeClock };
  try {
    const old = new Env();
    writeClock.floor = writeClock.envs;
    const young = new Env(old);
    const w0 = writeClock.writes;
    young.declare('a', PROCESS);
    assert.equal(writeClock.writes, w0, 'a scope created after the floor is the callback’s own');
    old.declare('b', lit(1));
    assert.equal(writeClock.writes, w0, 'literal over nothing does not count');
    old.declare('c', PROCESS);
    assert.equal(writeClock.writes, w0 + 1);
    young.assign('c', lit(2));
    assert.equal(writeClock.writes, w0 + 2, 'replacing a non-literal counts');
    young.assign('d', PROCESS);
    assert.equal(writeClock.writes, w0 + 2, 'a new binding in the young scope does not');
  } finally {
    writeClock.floor = saved.floor;
  }
});
