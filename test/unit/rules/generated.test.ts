// Generated artefacts (rule registry, docs/rules/*.md, configuration docs, README rule table)
// must match the rule modules; the docs of every rule have the fixed headings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drifted, ruleFiles } from '../../../scripts/generate';
import { RULES } from '../../../server/src/core/rules';
import { DOC_HEADINGS, formatMessage } from '../../../server/src/core/rules/rule';

test('generated files are up to date (run `npm run generate`)', async () => {
  assert.deepEqual(await drifted(), []);
});

test('every rule file is registered, alphabetically, with its file name as id', () => {
  assert.deepEqual(RULES.map((r) => r.id), ruleFiles().map((f) => f.slice(0, -3)));
  assert.deepEqual(RULES.map((r) => r.id), [...RULES.map((r) => r.id)].sort());
});

test('the rule ids of the contract all exist', () => {
  const contract = ['async-handler', 'slow-handler', 'hard-exit-skips-handlers', 'unhandled-termination-signal', 'signal-handler-never-exits',
    'unregister-never-matches', 'unregister-not-registered', 'duplicate-registration', 'handler-may-throw', 'late-binding-closure',
    'registered-in-child-process', 'before-exit-reschedules', 'exit-inside-handler', 'exit-truncates-output', 'exit-deadlock', 'resource-closed-at-exit'];
  for (const id of contract) assert.ok(RULES.some((r) => r.id === id), id);
});

for (const rule of RULES) {
  test(`${rule.id}: docs have the fixed headings in order, with code examples`, () => {
    const headings = [...rule.docs.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, [...DOC_HEADINGS]);
    assert.match(rule.docs, /## Example\n[\s\S]*```/);
    assert.match(rule.docs, /## References\n[\s\S]*\]\(/);
  });
  test(`${rule.id}: metadata and message templates are well formed`, () => {
    assert.match(rule.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(rule.languages.length > 0);
    assert.ok(rule.summary.length > 10 && !rule.summary.endsWith('.'));
    for (const [id, template] of Object.entries(rule.messages)) {
      const keys = [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
      const data = Object.fromEntries(keys.map((k) => [k, 'x']));
      assert.ok(!formatMessage(template, data).includes('{{'), `${rule.id}.${id}`);
      if (keys.length) assert.throws(() => formatMessage(template, {}), /no value/);
    }
  });
}
