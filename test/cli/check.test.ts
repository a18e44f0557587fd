// `exit-lens check` end to end through the built CLI (dist/cli.js): formats, exit codes, the
// folder walk, configuration, baselines. SARIF output is validated against the official schema.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-check-'));
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

const SLOW_PY = 'import atexit, time\n\ndef slow():\n    time.sleep(5)\n\natexit.register(slow)\n';
const OK_PY = 'import atexit\n\ndef bye():\n    print("bye")\n\natexit.register(bye)\n';
const THROW_JS = "process.on('exit', () => { throw new Error('x'); });\nprocess.on('exit', () => console.log('later'));\n";

test('check: the seed examples report what the tutorial says goes wrong, and nothing else', () => {
  const r = run(['examples', '--format', 'json'], ROOT);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.schema, 'exit-lens/check@1');
  assert.equal(out.files, 13);
  const got = out.diagnostics.map((d: { file: string; line: number; rule: string }) => `${d.file}:${d.line} ${d.rule}`);
  assert.deepEqual(got, [
    'examples/seed/06_error_handling.py:10 handler-may-throw',
    'examples/seed/10_multiprocessing.py:8 registered-in-child-process',
    'examples/seed/12_limitations.py:10 hard-exit-skips-handlers',
    'examples/seed/13_best_practices.py:13 slow-handler',
  ]);
});

test('check --format json has exactly the fields of the contract', () => {
  const dir = project({ 'app.py': SLOW_PY });
  const r = run(['app.py', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['schema', 'files', 'diagnostics']);
  const d = out.diagnostics[0];
  assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'fixes']);
  assert.deepEqual([d.file, d.line, d.column, d.endLine, d.endColumn, d.rule, d.severity], ['app.py', 6, 1, 6, 22, 'slow-handler', 'warning']);
  for (const f of d.fixes) {
    assert.deepEqual(Object.keys(f), ['title', 'edits']);
    for (const e of f.edits) {
      assert.deepEqual(Object.keys(e), ['file', 'range', 'newText']);
      assert.deepEqual(Object.keys(e.range.start), ['line', 'column']);
    }
  }
});

test('check: exit codes follow --fail-on', () => {
  const dir = project({ 'app.py': SLOW_PY, 'ok.py': OK_PY });
  assert.equal(run(['ok.py'], dir).code, 0);
  assert.equal(run(['app.py'], dir).code, 1);
  assert.equal(run(['app.py', '--fail-on', 'error'], dir).code, 0);
  assert.equal(run(['app.py', '--fail-on', 'never'], dir).code, 0);
  assert.equal(run(['app.py', '--fail-on', 'info'], dir).code, 1);
  const bad = run(['app.py', '--fail-on', 'sometimes'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^exit-lens: usage: --fail-on must be/);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const missing = run(['nope.py'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.py: no such file/);
  assert.equal(run(['app.py', '--format', 'xml'], dir).code, 2);
});

test('check: text output has file:line:col, severity, rule, message and a code frame; no colour when piped', () => {
  const dir = project({ 'app.py': SLOW_PY });
  const r = run(['app.py'], dir);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^app\.py:6:1: warning slow-handler: `slow` sleeps at exit/);
  assert.equal(lines[1], '  5 | ');
  assert.equal(lines[2], '  6 | atexit.register(slow)');
  assert.equal(lines[3], '    | ^^^^^^^^^^^^^^^^^^^^^');
  assert.match(r.stdout, /note: app\.py:4:5: this sleeps/);
  assert.match(r.stdout, /1 finding \(1 warning\) in 1 file\./);
  assert.ok(!r.stdout.includes('\x1b['));
});

test('check: folders are walked honouring .gitignore, ignore globs, node_modules and venvs', () => {
  const dir = project({
    '.gitignore': 'generated/\n',
    '.exit-lens.json': JSON.stringify({ ignore: ['legacy/**'] }),
    'src/app.py': SLOW_PY,
    'src/ui.js': THROW_JS,
    'generated/gen.py': SLOW_PY,
    'legacy/old.py': SLOW_PY,
    'node_modules/pkg/index.js': THROW_JS,
    '.venv/lib/x.py': SLOW_PY,
    'env/pyvenv.cfg': 'home = /usr\n',
    'env/lib/y.py': SLOW_PY,
    'dist/bundle.js': THROW_JS,
    'types.d.ts': 'export {};\n',
  });
  const r = run(['.', '--format', 'json'], dir);
  const out = JSON.parse(r.stdout);
  assert.equal(out.files, 2, r.stderr);
  assert.deepEqual([...new Set(out.diagnostics.map((d: { file: string }) => d.file))].sort(), ['src/app.py', 'src/ui.js']);
});

test('check: configuration sets severities and turns rules off; bad keys are reported and ignored', () => {
  const dir = project({
    'pyproject.toml': '[tool.exit-lens]\nbogus = 1\n\n[tool.exit-lens.rules]\nslow-handler = "error"\nnot-a-rule = "off"\n',
    'app.py': SLOW_PY,
    'sub/.exit-lens.json': JSON.stringify({ rules: { 'slow-handler': 'off' } }),
    'sub/app.py': SLOW_PY,
    'pkg/package.json': JSON.stringify({ name: 'x', exitLens: { rules: { 'slow-handler': 'info' }, python: { version: '2.7' } } }),
    'pkg/app.py': SLOW_PY,
  });
  const r = run(['.', '--format', 'json', '--fail-on', 'never'], dir);
  const out = JSON.parse(r.stdout);
  const sev = Object.fromEntries(out.diagnostics.map((d: { file: string; severity: string }) => [d.file, d.severity]));
  assert.deepEqual(sev, { 'app.py': 'error', 'pkg/app.py': 'info' });
  assert.match(r.stderr, /pyproject\.toml: bogus: unknown key/);
  assert.match(r.stderr, /pyproject\.toml: rules\.not-a-rule: unknown rule id/);
  assert.match(r.stderr, /package\.json: python\.version: must be one of 3\.8/);
  assert.equal(r.code, 0);
});

test('check --baseline: the first run writes it, later runs show only new findings', () => {
  const dir = project({ 'app.py': SLOW_PY });
  const first = run(['app.py', '--baseline', 'baseline.json'], dir);
  assert.equal(first.code, 0);
  assert.match(first.stderr, /wrote 1 finding to the baseline/);
  const saved = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'));
  assert.equal(saved.schema, 'exit-lens/baseline@1');
  // Lines move: the old finding still matches.
  writeFileSync(join(dir, 'app.py'), '# a comment\n' + SLOW_PY);
  assert.equal(run(['app.py', '--baseline', 'baseline.json'], dir).code, 0);
  // A new finding is reported.
  writeFileSync(join(dir, 'app.py'), '# a comment\n' + SLOW_PY + '\ndef slow2():\n    time.sleep(9)\n\natexit.register(slow2)\n');
  const r = run(['app.py', '--baseline', 'baseline.json', '--format', 'json'], dir);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.diagnostics.map((d: { line: number }) => d.line), [12]);
});

test('check --format sarif is valid SARIF 2.1.0 with rules, help URIs and fixes', () => {
  const dir = project({ 'app.py': SLOW_PY, 'a.py': 'import atexit\n\ndef f():\n    raise ValueError()\n\natexit.register(f)\n' });
  const r = run(['.', '--format', 'sarif'], dir);
  assert.equal(r.code, 1, r.stderr);
  const sarif = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: any[] }> };
  const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-2.1.0-rtm.5.schema.json'), 'utf8'));
  // Vendored draft-04 schema (see SARIF-SCHEMA.md): drop its draft-04 header for ajv's default draft.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const valid: boolean = validate(JSON.parse(r.stdout));
  assert.ok(valid, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const run0 = sarif.runs[0];
  const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.ok(ids.includes('slow-handler') && ids.includes('handler-may-throw'));
  for (const rule of run0.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`docs/rules/${rule.id}\\.md$`));
  const thrown = run0.results.find((x: { ruleId: string }) => x.ruleId === 'handler-may-throw');
  assert.equal(thrown.locations[0].physicalLocation.artifactLocation.uri, 'a.py');
  assert.equal(thrown.locations[0].physicalLocation.region.startLine, 6);
  assert.ok(thrown.fixes[0].artifactChanges[0].replacements.length > 0);
  assert.equal(thrown.relatedLocations[0].physicalLocation.region.startLine, 4);
});

test('check: a binary or unreadable file named on the command line is an input error', () => {
  const dir = project({ 'bin.py': 'x\u0000y' });
  const r = run(['bin.py'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bin\.py: looks binary/);
});

test('check: syntax errors are reported and the rest of the file is still checked', () => {
  const dir = project({ 'broken.py': SLOW_PY + '\ndef (:\n' });
  const r = run(['broken.py', '--format', 'json'], dir);
  assert.match(r.stderr, /broken\.py:\d+:\d+: syntax error/);
  assert.equal(JSON.parse(r.stdout).diagnostics[0].rule, 'slow-handler');
});

test('check: a finding in a module that several checked entries import is reported once, in words of its own file', () => {
  // The handler raises in lib; the message names the raise by line, whichever entry reached it first.
  const lib = 'import atexit\n\ndef cleanup():\n    raise RuntimeError("boom")\n\natexit.register(cleanup)\n';
  const libJs = "const later = () => console.log('later');\nprocess.on('exit', () => { throw new Error('x'); });\nprocess.on('exit', later);\n";
  const dir = project({
    'py/lib.py': lib,
    'py/a.py': 'import lib\nprint("a")\n',
    'py/b.py': 'import atexit\nimport lib\natexit.register(print, "b")\n',
    'js/lib.js': libJs,
    'js/a.js': "require('./lib');\nconsole.log('a');\n",
    'js/b.js': "require('./lib');\nprocess.on('exit', () => console.log('b'));\n",
  });
  for (const sub of ['py', 'js']) {
    const r = run([sub, '--format', 'json', '--fail-on', 'never'], dir);
    const found = JSON.parse(r.stdout).diagnostics.filter((d: { rule: string }) => d.rule === 'handler-may-throw');
    assert.equal(found.length, 1, `${sub}: ${JSON.stringify(found.map((d: { message: string }) => d.message))}`);
    assert.match(found[0].file, /lib\.(py|js)$/);
    assert.doesNotMatch(found[0].message, /lib\.(py|js):\d/, 'a place in the finding\'s own file is "line N"');
  }
});

test('check: JS nested deeper than the parser can go is an analysis limit, not a syntax error, and its handlers are still checked', () => {
  const n = 3000;
  const dir = project({ 'deep.js': `const x = ${'['.repeat(n)}${']'.repeat(n)};\nprocess.on('exit', () => { throw new Error('x'); });\n` });
  const r = run(['deep.js', '--format', 'json', '--fail-on', 'never'], dir);
  assert.match(r.stderr, /^deep\.js:1:1: analysis limit: code nested deeper than 256 brackets, from line 1, was left out of the analysis/m);
  assert.doesNotMatch(r.stderr, /syntax error/);
  assert.deepEqual(JSON.parse(r.stdout).diagnostics.map((d: { rule: string; line: number }) => `${d.rule}:${d.line}`), ['handler-may-throw:2']);
});
