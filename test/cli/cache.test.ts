// `exit-lens check --cache` through the built CLI: a warm run prints exactly what a run without the
// cache prints, and every kind of input change (an imported module, a file created where an import
// probed, the configuration, another build) makes the affected entries be analyzed again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', EXIT_LENS_SCAN_STATS: '1', ...env } });
  const reused = /cache: (\d+) of (\d+) results reused/.exec(r.stderr);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, reused: reused ? [Number(reused[1]), Number(reused[2])] : undefined };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-cache-'));
  for (const [p, content] of Object.entries(files)) write(dir, p, content);
  return dir;
}

function write(dir: string, p: string, content: string) {
  mkdirSync(dirname(join(dir, p)), { recursive: true });
  writeFileSync(join(dir, p), content);
}

/** What the same check prints without the cache: the reference for every warm run. */
function reference(dir: string, args: string[]) {
  const r = run(args, dir);
  return { code: r.code, stdout: r.stdout };
}

const MAIN_PY = 'import atexit\nfrom lib import handler\n\natexit.register(handler)\n';
const SLOW_LIB = 'import time\n\ndef handler():\n    time.sleep(5)\n';
const FAST_LIB = 'def handler():\n    print("bye")\n';

test('check --cache: a warm run reuses every result and prints what a run without the cache prints', () => {
  const dir = project({ 'main.py': MAIN_PY, 'lib.py': SLOW_LIB, 'app.js': "process.on('exit', async () => { await flush(); });\n" });
  for (const format of ['text', 'json', 'sarif']) {
    const args = ['.', '--format', format];
    const want = reference(dir, args);
    const cold = run([...args, '--cache'], dir);
    assert.deepEqual({ code: cold.code, stdout: cold.stdout }, want, format);
    assert.equal(cold.reused?.[0], format === 'text' ? 0 : cold.reused?.[1], 'the first run fills the cache');
    const warm = run([...args, '--cache'], dir);
    assert.deepEqual({ code: warm.code, stdout: warm.stdout }, want, format);
    assert.ok(warm.reused && warm.reused[0] === warm.reused[1] && warm.reused[1] > 0, `all reused: ${warm.stderr}`);
  }
  assert.ok(existsSync(join(dir, '.exit-lens-cache')));
  assert.match(run(['.', '--format', 'json'], dir).stdout, /slow-handler/);
});

test('check --cache: a change in an imported module re-analyzes the entry that imports it', () => {
  const dir = project({ 'main.py': MAIN_PY, 'lib.py': SLOW_LIB });
  const args = ['main.py', '--format', 'json'];
  const slow = run([...args, '--cache'], dir);
  assert.match(slow.stdout, /slow-handler/);
  write(dir, 'lib.py', FAST_LIB);
  const warm = run([...args, '--cache'], dir);
  assert.deepEqual(warm.reused, [0, 1]);
  assert.deepEqual({ code: warm.code, stdout: warm.stdout }, reference(dir, args));
  assert.doesNotMatch(warm.stdout, /slow-handler/);
});

test('check --cache: a file created where an import probed (it was missing) re-analyzes the entry', () => {
  const dir = project({ 'main.py': MAIN_PY });
  const args = ['main.py', '--format', 'json'];
  const before = run([...args, '--cache'], dir);
  assert.doesNotMatch(before.stdout, /slow-handler/);
  write(dir, 'lib.py', SLOW_LIB);
  const after = run([...args, '--cache'], dir);
  assert.deepEqual(after.reused, [0, 1]);
  assert.deepEqual({ code: after.code, stdout: after.stdout }, reference(dir, args));
  assert.match(after.stdout, /slow-handler/);
  // And deleted again: the recorded text no longer matches.
  rmSync(join(dir, 'lib.py'));
  const gone = run([...args, '--cache'], dir);
  assert.deepEqual(gone.reused, [0, 1]);
  assert.deepEqual({ code: gone.code, stdout: gone.stdout }, reference(dir, args));
});

test('check --cache: a configuration change re-analyzes, and results of another build are not used', () => {
  const dir = project({ 'main.py': MAIN_PY, 'lib.py': SLOW_LIB });
  const args = ['main.py', '--format', 'json'];
  run([...args, '--cache'], dir);
  write(dir, '.exit-lens.json', JSON.stringify({ rules: { 'slow-handler': 'off' } }));
  const off = run([...args, '--cache'], dir);
  assert.deepEqual(off.reused, [0, 1]);
  assert.deepEqual({ code: off.code, stdout: off.stdout }, reference(dir, args));
  assert.doesNotMatch(off.stdout, /slow-handler/);

  // The cache names the build that wrote it; another build's results are all analyzed again.
  const file = join(dir, '.exit-lens-cache');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...saved, tool: 'another-build' }));
  assert.deepEqual(run([...args, '--cache'], dir).reused, [0, 1]);
  assert.deepEqual(run([...args, '--cache'], dir).reused, [1, 1]);
});

test('check --cache: a damaged cache file is named, ignored and written anew; --cache-location needs --cache', () => {
  const dir = project({ 'main.py': MAIN_PY, 'lib.py': SLOW_LIB });
  const args = ['main.py', '--format', 'json', '--cache', '--cache-location', 'sub/dir/results.cache'];
  write(dir, 'sub/dir/results.cache', '{"schema": "exit-lens/check-cache@1", "entr');
  const r = run(args, dir);
  assert.match(r.stderr, /results\.cache: cache ignored \(.+\); it is written anew/);
  assert.deepEqual({ code: r.code, stdout: r.stdout }, reference(dir, ['main.py', '--format', 'json']));
  assert.deepEqual(run(args, dir).reused, [1, 1]);

  const usage = run(['main.py', '--cache-location', 'x.cache'], dir);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--cache-location needs --cache/);
});

test('check --cache with the worker pool: workers record what they read; the warm run matches', () => {
  const files: Record<string, string> = { 'lib.py': SLOW_LIB };
  for (let i = 0; i < 6; i++) files[`m${i}.py`] = i % 2 ? MAIN_PY : `import atexit\n\ndef h${i}():\n    print(${i})\n\natexit.register(h${i})\n`;
  const dir = project(files);
  const args = ['.', '--format', 'json', '--jobs', '2'];
  const want = reference(dir, args);
  const pool = { EXIT_LENS_TEST_POOL: '1' };
  const cold = run([...args, '--cache'], dir, pool);
  assert.deepEqual({ code: cold.code, stdout: cold.stdout }, want);
  const warm = run([...args, '--cache'], dir, pool);
  assert.deepEqual({ code: warm.code, stdout: warm.stdout }, want);
  assert.deepEqual(warm.reused, [6, 6], 'lib.py itself registers nothing: the fast scan skips it');
  write(dir, 'lib.py', FAST_LIB);
  const changed = run([...args, '--cache'], dir, pool);
  assert.deepEqual(changed.reused, [3, 6], 'the three importers of lib.py are analyzed again');
  assert.deepEqual({ code: changed.code, stdout: changed.stdout }, reference(dir, args));
});

test('check --cache: syntax errors of a reused result are printed as without the cache', () => {
  const dir = project({ 'broken.py': 'import atexit\n\ndef bye(:\n    print("bye")\n\natexit.register(bye)\n', 'main.py': MAIN_PY, 'lib.py': SLOW_LIB });
  const args = ['.', '--format', 'json'];
  const plain = run(args, dir);
  assert.match(plain.stderr, /broken\.py:\d+:\d+: syntax error/);
  const lines = (s: string) => s.split('\n').filter((l) => /syntax error/.test(l));
  run([...args, '--cache'], dir);
  const warm = run([...args, '--cache'], dir);
  assert.deepEqual(warm.reused, [2, 2]);
  assert.deepEqual(lines(warm.stderr), lines(plain.stderr));
  assert.equal(warm.stdout, plain.stdout);
});

test('check --cache: the entry of a deleted file leaves the cache; other files keep theirs', () => {
  const dir = project({ 'a.py': MAIN_PY, 'b.py': MAIN_PY, 'lib.py': SLOW_LIB });
  const entries = () => Object.keys(JSON.parse(readFileSync(join(dir, '.exit-lens-cache'), 'utf8')).entries).sort();
  run(['.', '--cache'], dir);
  assert.deepEqual(entries(), ['a.py', 'b.py']);
  rmSync(join(dir, 'a.py'));
  // Checking another file only: b.py stays (it still exists), a.py goes.
  run(['lib.py', '--cache'], dir);
  assert.deepEqual(entries(), ['b.py']);
});
