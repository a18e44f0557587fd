// A file nested deeper than TypeScript's recursive parser can go keeps its registrations: the part
// past the bound is blanked (positions unchanged) and the user is told from where on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryHost } from '../../../server/src/core/host';
import { analyzeJs } from '../../../server/src/core/js';
import { flattenDeepNesting } from '../../../server/src/core/js/nesting';

test('flattenDeepNesting blanks what lies deeper than the bound, keeping length, lines and the brackets around it', () => {
  const text = 'f([[[1, 2],\n [3]]], "[[[[", `${[[[x]]]}`) // [[[[\n';
  const flat = flattenDeepNesting(text, 2)!;
  assert.equal(flat.text.length, text.length);
  assert.equal(flat.text.split('\n').length, text.split('\n').length);
  assert.equal(flat.line, 1);
  // Inside f( and the outer [, the third bracket is kept and its inside blanked; brackets in the
  // string and the comment do not count, the template's ${ does.
  assert.equal(flat.text, 'f([[       \n    ]], "[[[[", `${[     ]}`) // [[[[\n');
  assert.equal(flattenDeepNesting('a([b])', 2), undefined, 'nothing that deep: nothing to do');
});

test('thousands of nested brackets: the registration after them is still found, with a parse error that says what was left out', () => {
  const n = 5000;
  const text = `const x = ${'['.repeat(n)}${']'.repeat(n)};\nprocess.on('exit', () => { throw new Error('x'); });\n`;
  const m = analyzeJs('deep.js', text, memoryHost({ 'deep.js': text }), {}, 'javascript');
  try {
    assert.deepEqual(m.registrations.map((r) => [r.mechanism, r.location.range.start.line]), [['process:exit', 2]]);
    assert.equal(m.parseErrors.length, 1);
    assert.match(m.parseErrors[0]!.message, /nested deeper than 256 brackets, from line 1, was left out/);
    assert.equal(m.parseErrors[0]!.limit, true, 'a limit of the parser, not an error in the code');
    assert.equal(m.plan.scenarios.normal.handlers.length, 1);
    assert.equal(m.plan.scenarios.normal.complete, false, 'what was left out could register more');
  } finally {
    m.dispose();
  }
});
