// The default --jobs: every CPU on larger machines; on two CPUs or fewer, the worker pool only for a
// run with enough work to pay for the workers (BENCHMARKS.md: slower than one thread on a few hundred
// JS/TS entries, faster on the whole corpora).
import assert from 'node:assert/strict';
import test from 'node:test';
import { defaultJobs } from '../../server/src/cli/check';

const tasks = (n: number, ext: string) => Array.from({ length: n }, (_, i) => ({ file: `src/f${i}.${ext}` }));

test('more than two CPUs: one worker per CPU, whatever the run', () => {
  assert.equal(defaultJobs([], 8), 8);
  assert.equal(defaultJobs(tasks(3, 'py'), 4), 4);
});

test('two CPUs or fewer: one thread for a small run, the pool for a large one', () => {
  assert.equal(defaultJobs([], 2), 1);
  assert.equal(defaultJobs(tasks(470, 'js'), 2), 1);
  assert.equal(defaultJobs(tasks(1160, 'ts'), 2), 2);
  assert.equal(defaultJobs(tasks(77, 'py'), 2), 1);
  assert.equal(defaultJobs(tasks(142, 'py'), 2), 2);
  // A Python entry weighs eight JS/TS ones: 100 + 300/8 is over the line, 100 alone is not.
  assert.equal(defaultJobs([...tasks(100, 'py'), ...tasks(300, 'js')], 2), 2);
  assert.equal(defaultJobs(tasks(100, 'py'), 2), 1);
  assert.equal(defaultJobs(tasks(5000, 'js'), 1), 1);
});
