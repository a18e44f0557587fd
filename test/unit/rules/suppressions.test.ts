// Suppression comments and the report of a suppression that suppresses nothing, through the real
// analyzer and rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../../server/src/core/fixes';
import { check, js, py } from '../../rules/tester';

const rules = async (code: Parameters<typeof check>[0]) => (await check(code)).diagnostics.map((d) => `${d.range.start.line} ${d.rule} ${d.severity}`);

test('python: ignore[rule] on the same line and on the line above', async () => {
  assert.deepEqual(await rules(py`
    import atexit, time
    def slow():
        time.sleep(5)
    def slower():
        time.sleep(9)
    atexit.register(slow)  # exit-lens: ignore[slow-handler]
    # exit-lens: ignore[slow-handler, handler-may-throw]
    atexit.register(slower)
  `), ['7 unused-suppression info']);
});

test('python: a suppression for another rule does not hide the finding, and is reported as unused', async () => {
  assert.deepEqual(await rules(py`
    import atexit, time
    def slow():
        time.sleep(5)
    atexit.register(slow)  # exit-lens: ignore[handler-may-throw]
  `), ['4 slow-handler warning', '4 unused-suppression info']);
});

test('python: an unknown rule id in a suppression is reported', async () => {
  const { diagnostics } = await check(py`
    print("hi")  # exit-lens: ignore[no-such-rule]
  `);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /`no-such-rule` is not an Exit Lens rule id/);
});

test('python: ignore-file[rule] covers the whole file', async () => {
  assert.deepEqual(await rules(py`
    # exit-lens: ignore-file[slow-handler]
    import atexit, time
    def slow():
        time.sleep(5)
    atexit.register(slow)
  `), []);
});

test('js: ignore-next-line and file-wide ignore', async () => {
  assert.deepEqual(await rules(js`
    // exit-lens-ignore-next-line async-handler
    process.on('exit', async () => { await fetch('x'); });
    process.on('exit', async () => { await fetch('y'); });
  `), ['3 async-handler error']);
  assert.deepEqual(await rules(js`
    // exit-lens-ignore async-handler
    process.on('exit', async () => { await fetch('x'); });
    process.on('exit', async () => { await fetch('y'); });
  `), []);
  assert.deepEqual(await rules(js`
    // exit-lens-ignore-next-line slow-handler
    console.log('nothing to suppress');
  `), ['1 unused-suppression info']);
});

test('the suppress fixes insert comments that suppress the finding', async () => {
  const code = py`
    import atexit, time
    def slow():
        time.sleep(5)
    if True:
        atexit.register(slow)
  `;
  const { file, diagnostics } = await check(code);
  const d = diagnostics.find((x) => x.rule === 'slow-handler')!;
  const line = d.fixes.find((f) => f.title === 'Ignore slow-handler on this line')!;
  const fixed = applyEdits(code.code, line.edits, file);
  assert.equal(fixed.split('\n')[4], '    # exit-lens: ignore[slow-handler]');
  assert.deepEqual(await rules({ ...code, code: fixed }), []);
  const whole = d.fixes.find((f) => f.title === 'Ignore slow-handler in this file')!;
  const fixed2 = applyEdits(code.code, whole.edits, file);
  assert.ok(fixed2.startsWith('# exit-lens: ignore-file[slow-handler]\n'));
  assert.deepEqual(await rules({ ...code, code: fixed2 }), []);
});

test('js: the line suppress fix extends an existing comment', async () => {
  const code = js`
    // exit-lens-ignore-next-line slow-handler
    process.on('exit', async () => { await fetch('x'); });
  `;
  const { file, diagnostics } = await check(code);
  const d = diagnostics.find((x) => x.rule === 'async-handler')!;
  const fix = d.fixes.find((f) => f.kind === 'suppress' && /line/.test(f.title))!;
  const fixed = applyEdits(code.code, fix.edits, file);
  assert.equal(fixed.split('\n')[0], '// exit-lens-ignore-next-line slow-handler, async-handler');
  assert.deepEqual(await rules({ ...code, code: fixed }), ['1 unused-suppression info']);
});

test('configuration: a rule set to off reports nothing; severities are overridden', async () => {
  const code = py`
    import atexit, time
    def slow():
        time.sleep(5)
    atexit.register(slow)
  `;
  assert.deepEqual((await check(code, { rules: { 'slow-handler': 'off' } })).diagnostics, []);
  assert.equal((await check(code, { rules: { 'slow-handler': 'error' } })).diagnostics[0]!.severity, 'error');
});
