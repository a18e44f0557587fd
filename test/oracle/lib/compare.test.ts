// Self-test of the oracle comparison: each rule fails when it should, and only then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignable, compareScenario, parseOracleHeader, type PlanScenarioJson, type RuntimeRecord } from './compare';

const id = (f: string | undefined) => f ?? '/p/main.py';
const ran = (...lines: number[]): RuntimeRecord[] => lines.map((line) => ({ file: '/p/main.py', line }));
const plan = (handlers: [number, string][], skipped: number[] = [], file?: string): PlanScenarioJson => ({
  handlers: handlers.map(([line, certainty]) => ({ file, line, name: `h${line}`, mechanism: 'atexit', certainty })),
  skipped: skipped.map((line) => ({ line, name: `h${line}`, mechanism: 'atexit', reason: 'r' })),
  complete: true,
});

test('an exact match passes; conditional entries may be absent', () => {
  assert.deepEqual(compareScenario(ran(3, 2), plan([[3, 'definite'], [2, 'definite']]), id), []);
  assert.deepEqual(compareScenario(ran(2), plan([[3, 'conditional'], [2, 'definite']]), id), []);
  assert.deepEqual(compareScenario(ran(), plan([[3, 'unknown']]), id), []);
});

test('a non-definite entry (a loop of unknown trip count) stands for zero or more consecutive runs', () => {
  assert.deepEqual(compareScenario(ran(13, 12, 12, 12), plan([[13, 'definite'], [12, 'conditional']]), id), []);
  assert.deepEqual(compareScenario(ran(13), plan([[13, 'definite'], [12, 'conditional']]), id), []);
  // Not consecutive: another handler between two runs of line 12 is an order the plan does not allow.
  assert.notDeepEqual(compareScenario(ran(12, 13, 12), plan([[12, 'conditional'], [13, 'definite']]), id), []);
  // A definite entry still matches exactly once.
  assert.match(compareScenario(ran(13, 13), plan([[13, 'definite']]), id).join('\n'), /rule 1/);
});

test('rule 2: a subsequence that misses a definite entry fails', () => {
  const p = compareScenario(ran(3), plan([[3, 'definite'], [2, 'definite']]), id);
  assert.equal(p.length, 1);
  assert.match(p[0]!, /^rule 2: .*h2/);
});

test('rule 1: wrong order, unpredicted entries and extra repetitions fail', () => {
  assert.match(compareScenario(ran(2, 3), plan([[3, 'definite'], [2, 'definite']]), id).join('\n'), /rule 1: the runtime order/);
  assert.match(compareScenario(ran(3, 9), plan([[3, 'definite']]), id).join('\n'), /rule 1: ran, but the plan does not list it: .*:9/);
  assert.match(compareScenario(ran(3, 3), plan([[3, 'definite']]), id).join('\n'), /rule 1: the runtime order/);
  assert.deepEqual(compareScenario(ran(3, 3), plan([[3, 'definite'], [3, 'definite']]), id), []);
});

test('rule 3: running a handler the plan only skips fails', () => {
  const p = compareScenario(ran(5), plan([], [5]), id);
  assert.match(p.join('\n'), /rule 3: .*h?5/);
  // Listed both as running and as skipped (e.g. two registrations on one line): not rule 3.
  assert.deepEqual(compareScenario(ran(5), plan([[5, 'conditional']], [5]), id), []);
});

test('rules 1 and 2 hold through one alignment', () => {
  // f runs once; the plan has f conditional then f definite: align R's f with the definite one.
  assert.deepEqual(compareScenario(ran(4), plan([[4, 'conditional'], [4, 'definite']]), id), []);
  // g then f ran, plan is [f definite, g conditional, f conditional]: every count/subsequence test
  // alone passes (f ran once, g ran once, g-f is a subsequence), but g before the definite f cannot be.
  assert.equal(alignable(['g', 'f'], [{ key: 'f', definite: true }, { key: 'g', definite: false }, { key: 'f', definite: false }]), false);
  assert.equal(alignable(['f', 'g'], [{ key: 'f', definite: true }, { key: 'g', definite: false }, { key: 'f', definite: false }]), true);
  const p = compareScenario(
    [{ file: '/p/main.py', line: 7 }, { file: '/p/main.py', line: 4 }],
    plan([[4, 'definite'], [7, 'conditional'], [4, 'conditional']]),
    id,
  );
  assert.match(p.join('\n'), /rules 1\+2/);
});

test('files: entries of imported modules are matched by their resolved path; internal records are ignored', () => {
  const resolve = (f: string | undefined) => (f ? `/p/${f}` : '/p/main.py');
  const lib: PlanScenarioJson = { ...plan([[3, 'definite']], [], 'lib.py') };
  assert.deepEqual(compareScenario([{ file: '/p/lib.py', line: 3 }], lib, resolve), []);
  assert.match(compareScenario([{ file: '/p/main.py', line: 3 }], lib, resolve).join('\n'), /rule 1/);
  assert.deepEqual(compareScenario([{ file: '/usr/lib/x.py', line: 1, internal: true }], plan([]), id), []);
});

test('fixture headers', () => {
  assert.equal(parseOracleHeader('print(1)\n').length, 6);
  assert.deepEqual(parseOracleHeader('"""doc"""\n# exit-lens-oracle: normal exit=self\n'), [
    { scenario: 'normal', self: false },
    { scenario: 'exit', self: true },
  ]);
  assert.deepEqual(parseOracleHeader('// exit-lens-oracle: sigterm=self'), [{ scenario: 'sigterm', self: true }]);
  assert.throws(() => parseOracleHeader('# exit-lens-oracle: normal crash'), /unknown token 'crash'/);
});

test('known mismatches are still checked: they fail once the plan agrees', async () => {
  const { expectOutcome, loadKnownMismatches } = await import('./compare');
  const known = loadKnownMismatches('{"python": {"programs/a.py normal": "bug 1"}}', 'python');
  assert.doesNotThrow(() => expectOutcome(known, 'programs/a.py normal', ['rule 1: ...'], () => 'x'));
  assert.throws(() => expectOutcome(known, 'programs/a.py normal', [], () => 'x'), /now agrees with the runtime: remove it/);
  assert.throws(() => expectOutcome(known, 'programs/b.py normal', ['rule 2: ...'], () => 'the mismatch'), /the mismatch/);
  assert.doesNotThrow(() => expectOutcome(known, 'programs/b.py normal', [], () => 'x'));
  assert.deepEqual(loadKnownMismatches('{"python": {}}', 'node'), {});
});

test('an incomplete plan is not blamed for handlers it cannot name, but what it names must agree', () => {
  const incomplete = (p: PlanScenarioJson): PlanScenarioJson => ({ ...p, complete: false });
  assert.deepEqual(compareScenario(ran(9, 3), incomplete(plan([[3, 'definite']])), id), []);
  assert.match(compareScenario(ran(9, 3), plan([[3, 'definite']]), id).join('\n'), /rule 1: ran, but the plan does not list it/);
  assert.match(compareScenario(ran(9), incomplete(plan([[3, 'definite']])), id).join('\n'), /rule 2/);
  assert.match(compareScenario(ran(2, 3), incomplete(plan([[3, 'definite'], [2, 'definite']])), id).join('\n'), /rule 1: the runtime order/);
});
