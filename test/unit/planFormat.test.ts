import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyPlan, SCENARIOS, languageOf } from '../../server/src/core/model';
import { planToJson, planToText } from '../../server/src/core/planFormat';

test('plan JSON always has the six scenario keys and the schema', () => {
  const json = planToJson(emptyPlan('a.py', 'python')) as { schema: string; scenarios: Record<string, unknown> };
  assert.equal(json.schema, 'exit-lens/plan@1');
  assert.deepEqual(Object.keys(json.scenarios), [...SCENARIOS]);
});

test('plan JSON names another module only for entries from it', () => {
  const plan = emptyPlan('main.py', 'python');
  plan.scenarios.normal.handlers.push(
    { registration: 1, file: 'main.py', line: 3, column: 1, name: 'a', mechanism: 'atexit', certainty: 'definite' },
    { registration: 2, file: 'lib.py', line: 5, column: 5, name: 'b', mechanism: 'atexit', certainty: 'conditional' },
  );
  const json = planToJson(plan) as any;
  assert.deepEqual(json.scenarios.normal.handlers, [
    { line: 3, column: 1, name: 'a', mechanism: 'atexit', certainty: 'definite' },
    { file: 'lib.py', line: 5, column: 5, name: 'b', mechanism: 'atexit', certainty: 'conditional' },
  ]);
  assert.match(planToText(plan), /1\. a {2}\[atexit\] {2}line 3:1\n {2}2\. b {2}\[atexit\] {2}line lib\.py:5:5 \(conditional\)/);
});

test('languages by extension', () => {
  assert.equal(languageOf('x.pyw'), 'python');
  assert.equal(languageOf('x.cjs'), 'javascript');
  assert.equal(languageOf('x.MTS'), 'typescript');
  assert.equal(languageOf('x.rb'), undefined);
});

test('the text plan says what the analysis cannot see', () => {
  const plan = emptyPlan('a.js', 'javascript');
  plan.scenarios.normal.complete = false;
  const at = { line: 2, column: 1, offset: 9 };
  const text = planToText(plan, [{ location: { file: 'a.js', range: { start: at, end: at } }, reason: 'a computed method of process' }]);
  assert.match(text, /\[incomplete: .*\]/);
  assert.match(text, /What the analysis cannot see:\n {2}- line 2:1: a computed method of process/);
});
