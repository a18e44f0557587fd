// The CLI on bad input, end to end through the built CLI (bin/exit-lens.js → dist/cli.js) in
// temporary folders: missing and unreadable paths, symbolic link loops, a file deleted during the
// walk, permission denied, unknown options, bad configuration, `plan` on a folder / missing /
// binary / huge file. Each problem is one line on stderr naming what and where; every other
// file is still analyzed and reported; exit status 2 only when nothing could be analyzed.
//
// Two situations cannot be produced reliably from outside the process: a file that disappears
// between the walk and its read, and permission denied when the tests run as root (root reads a
// chmod 000 file). A preload (`node --require`) makes them happen inside the real CLI process by
// wrapping node:fs, which the bundle calls through the module object.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'exit-lens.js');

const SLOW_PY = 'import atexit, time\n\ndef slow():\n    time.sleep(5)\n\natexit.register(slow)\n';
const THROW_JS = "process.on('exit', () => { throw new Error('x'); });\n";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) {
    try {
      chmodSync(d, 0o755);
    } catch {
      // already gone
    }
    rmSync(d, { recursive: true, force: true });
  }
});

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'exit-lens-robust-')));
  dirs.push(dir);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), content);
  }
  return dir;
}

function run(args: string[], cwd: string, opts: { preload?: string; env?: Record<string, string> } = {}) {
  const node = opts.preload ? ['--require', opts.preload] : [];
  const r = spawnSync(process.execPath, [...node, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
  });
  assert.equal(r.signal, null, `exit-lens ${args.join(' ')} was killed (${r.signal}): it hung`);
  const stderrLines = r.stderr.split('\n').filter((l) => l.length > 0);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, stderrLines };
}

function json(stdout: string): { files: number; diagnostics: Array<{ file: string; rule: string }> } {
  return JSON.parse(stdout);
}

/** Every stderr line is one `exit-lens: ...` message (no stack traces, no multi-line dumps). */
function assertOneLineMessages(lines: string[]) {
  for (const l of lines) assert.match(l, /^exit-lens: \S.*$/, `not a one-line message: ${l}`);
}

// Wraps node:fs in the CLI process: EL_DELETE_AFTER_READDIR deletes a file right after the first
// folder listing that contains it (it was walked, then vanished); EL_DENY makes reads of the
// listed absolute paths fail with EACCES, as for a non-root user on a chmod 000 file or folder.
const PRELOAD = `
const fs = require('node:fs');
const path = require('node:path');
const victim = process.env.EL_DELETE_AFTER_READDIR;
const deny = new Set((process.env.EL_DENY || '').split(path.delimiter).filter(Boolean));
const denied = (p) => typeof p === 'string' && deny.has(path.resolve(p));
const eacces = (syscall, p) => Object.assign(new Error('EACCES: permission denied, ' + syscall + " '" + p + "'"), { code: 'EACCES', errno: -13, syscall, path: p });
const readdirSync = fs.readdirSync;
fs.readdirSync = function (p, ...rest) {
  if (denied(p)) throw eacces('scandir', p);
  const out = readdirSync.call(this, p, ...rest);
  if (victim && path.dirname(victim) === path.resolve(String(p)) && fs.existsSync(victim)) fs.unlinkSync(victim);
  return out;
};
for (const name of ['readFileSync', 'openSync']) {
  const orig = fs[name];
  fs[name] = function (p, ...rest) {
    if (denied(p)) throw eacces('open', p);
    return orig.call(this, p, ...rest);
  };
}
`;

function preloadIn(dir: string): string {
  const p = join(dir, '..', `${dir.split('/').pop()}-preload.cjs`);
  writeFileSync(p, PRELOAD);
  dirs.push(p);
  return p;
}

test('check: a missing path is named on one line; the other paths are still checked', () => {
  const dir = project({ 'app.py': SLOW_PY, 'ui.js': THROW_JS });
  const r = run(['check', 'app.py', 'nope.py', 'ui.js', 'gone/', '--format', 'json'], dir);
  assert.deepEqual(r.stderrLines, ['exit-lens: nope.py: no such file or directory (ENOENT)', 'exit-lens: gone/: no such file or directory (ENOENT)']);
  const out = json(r.stdout);
  assert.equal(out.files, 2);
  assert.deepEqual(out.diagnostics.map((d) => d.file).sort(), ['app.py', 'ui.js']);
  assert.equal(r.code, 1, 'findings decide the status when something was analyzed');
  // Nothing to analyze at all: status 2, one line per path.
  const none = run(['check', 'nope.py', 'missing'], dir);
  assert.equal(none.code, 2);
  assert.equal(none.stdout, '');
  assert.deepEqual(none.stderrLines, ['exit-lens: nope.py: no such file or directory (ENOENT)', 'exit-lens: missing: no such file or directory (ENOENT)']);
});

test('check: files named on the command line that cannot be analyzed are skipped with a reason', () => {
  const dir = project({ 'app.py': SLOW_PY, 'bin.py': 'x\u0000y', 'notes.txt': 'hello', 'big.js': '' });
  writeFileSync(join(dir, 'big.js'), '// '.padEnd(6 * 1024 * 1024, 'x') + '\n');
  const r = run(['check', 'bin.py', 'notes.txt', 'big.js', 'app.py', '--format', 'json'], dir);
  assertOneLineMessages(r.stderrLines);
  assert.equal(r.stderrLines.length, 3, r.stderr);
  assert.match(r.stderr, /^exit-lens: notes\.txt: unsupported file type/m);
  assert.match(r.stderr, /^exit-lens: bin\.py: looks binary \(contains NUL bytes\) \(skipped\)$/m);
  assert.match(r.stderr, /^exit-lens: big\.js: file is \d+ bytes, over the 5242880-byte limit \(skipped\)$/m);
  assert.equal(json(r.stdout).files, 1);
  assert.equal(r.code, 1);
  assert.equal(run(['check', 'bin.py'], dir).code, 2);
});

test('check: symbolic link loops do not hang the walk; links inside folders are not followed', () => {
  const dir = project({ 'app.py': SLOW_PY, 'sub/ui.js': THROW_JS });
  symlinkSync('loop2', join(dir, 'loop1'));
  symlinkSync('loop1', join(dir, 'loop2'));
  symlinkSync('..', join(dir, 'sub', 'up')); // a folder loop
  symlinkSync('.', join(dir, 'sub', 'self'));
  symlinkSync('../app.py', join(dir, 'sub', 'again.py')); // the same file under a second name
  symlinkSync('nowhere.py', join(dir, 'dangling.py'));
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.deepEqual(r.stderrLines, []);
  const out = json(r.stdout);
  assert.equal(out.files, 2);
  assert.deepEqual(out.diagnostics.map((d) => d.file).sort(), ['app.py', 'sub/ui.js']);
  // A loop named on the command line is an unreadable path: named, and the rest goes on.
  const named = run(['check', 'loop1', 'app.py', '--format', 'json'], dir);
  assert.deepEqual(named.stderrLines, ['exit-lens: loop1: symbolic link loop (ELOOP)']);
  assert.equal(json(named.stdout).files, 1);
  assert.equal(named.code, 1);
  // A link named on the command line is followed.
  assert.equal(json(run(['check', 'sub/again.py', '--format', 'json'], dir).stdout).files, 1);
  assert.equal(run(['check', 'dangling.py'], dir).code, 2);
});

test('check: a file deleted during the walk is named and skipped; the others are reported', () => {
  const dir = project({ 'a.py': SLOW_PY, 'b_victim.py': SLOW_PY, 'c.js': THROW_JS });
  const r = run(['check', '.', '--format', 'json'], dir, { preload: preloadIn(dir), env: { EL_DELETE_AFTER_READDIR: join(dir, 'b_victim.py') } });
  assert.ok(!existsSync(join(dir, 'b_victim.py')), 'the preload deleted it');
  assert.deepEqual(r.stderrLines, ['exit-lens: b_victim.py: cannot read: no such file or directory (ENOENT) (skipped)']);
  const out = json(r.stdout);
  assert.equal(out.files, 2);
  assert.deepEqual(out.diagnostics.map((d) => d.file).sort(), ['a.py', 'c.js']);
  assert.equal(r.code, 1);
});

test('check: permission denied on a file and on a folder (simulated in the process)', () => {
  const dir = project({ 'a.py': SLOW_PY, 'secret.py': SLOW_PY, 'locked/x.py': SLOW_PY, 'open/y.js': THROW_JS });
  const deny = [join(dir, 'secret.py'), join(dir, 'locked')].join(':');
  const r = run(['check', '.', '--format', 'json'], dir, { preload: preloadIn(dir), env: { EL_DENY: deny } });
  assertOneLineMessages(r.stderrLines);
  assert.deepEqual(r.stderrLines.sort(), ['exit-lens: locked: cannot read folder: permission denied (EACCES)', 'exit-lens: secret.py: cannot read: permission denied (EACCES) (skipped)']);
  const out = json(r.stdout);
  assert.equal(out.files, 2);
  assert.deepEqual(out.diagnostics.map((d) => d.file).sort(), ['a.py', 'open/y.js']);
  assert.equal(r.code, 1);
  // Only denied paths: nothing analyzed.
  const none = run(['check', 'secret.py'], dir, { preload: preloadIn(dir), env: { EL_DENY: deny } });
  assert.equal(none.code, 2);
  assert.deepEqual(none.stderrLines, ['exit-lens: secret.py: cannot read: permission denied (EACCES) (skipped)']);
});

test('check: permission denied with real file modes (chmod 000)', (t) => {
  if (process.getuid?.() === 0) {
    t.skip('running as root: chmod 000 does not deny root reads (the simulated test above covers it)');
    return;
  }
  if (process.platform === 'win32') {
    t.skip('no POSIX file modes on Windows');
    return;
  }
  const dir = project({ 'a.py': SLOW_PY, 'secret.py': SLOW_PY, 'locked/x.py': SLOW_PY });
  chmodSync(join(dir, 'secret.py'), 0o000);
  chmodSync(join(dir, 'locked'), 0o000);
  try {
    const r = run(['check', '.', '--format', 'json'], dir);
    assert.deepEqual(r.stderrLines.sort(), ['exit-lens: locked: cannot read folder: permission denied (EACCES)', 'exit-lens: secret.py: cannot read: permission denied (EACCES) (skipped)']);
    assert.equal(json(r.stdout).files, 1);
    assert.equal(r.code, 1);
  } finally {
    chmodSync(join(dir, 'secret.py'), 0o644);
    chmodSync(join(dir, 'locked'), 0o755);
  }
});

test('usage errors: unknown options and bad values are one line and status 2', () => {
  const dir = project({ 'app.py': SLOW_PY, 'cfgdir/x': '', 'bin.json': '{\u0000}', 'pyproject.toml': '[project]\nname = "x"\n' });
  const cases: Array<[string[], RegExp]> = [
    [['check', 'app.py', '--bogus'], /^exit-lens: usage: unknown option --bogus$/],
    [['check', 'app.py', '--format', 'xml'], /^exit-lens: usage: --format must be text, json or sarif, not 'xml'$/],
    [['check', 'app.py', '--format'], /^exit-lens: usage: --format needs a value$/],
    [['check', 'app.py', '--fail-on=sometimes'], /^exit-lens: usage: --fail-on must be/],
    [['check'], /^exit-lens: usage: check needs at least one PATH/],
    [['plan', 'app.py', '--format', 'sarif'], /^exit-lens: usage: --format must be text or json, not 'sarif'$/],
    [['plan', 'app.py', '--verbose'], /^exit-lens: usage: unknown option --verbose$/],
    [['plan'], /^exit-lens: usage: plan takes exactly one FILE$/],
    [['frobnicate'], /^exit-lens: usage: unknown command 'frobnicate'/],
    [['check', 'app.py', '--config', 'nope.json'], /^exit-lens: nope\.json: configuration file not found$/],
    [['check', 'app.py', '--config', 'cfgdir'], /^exit-lens: cfgdir: is a directory \(--config\)$/],
    [['check', 'app.py', '--config', 'bin.json'], /^exit-lens: bin\.json: looks binary \(contains NUL bytes\) \(--config\)$/],
  ];
  for (const [args, re] of cases) {
    const r = run(args, dir);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
    assert.equal(r.stderrLines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderrLines[0]!, re);
  }
  // A --config file without an Exit Lens section: said so, and the defaults apply.
  const none = run(['check', 'app.py', '--config', 'pyproject.toml'], dir);
  assert.deepEqual(none.stderrLines, ['exit-lens: pyproject.toml: no Exit Lens configuration in it (using the defaults)']);
  assert.equal(none.code, 1);
});

test('bad configuration: invalid JSON/TOML, wrong types and bad globs are named by file and key; the files are still checked', () => {
  const dir = project({
    'a/.exit-lens.json': '{"ignore": [\n',
    'a/app.py': SLOW_PY,
    'b/.exit-lens.json': JSON.stringify({ ignore: 5, rules: ['slow-handler'], python: { version: 3 } }),
    'b/app.py': SLOW_PY,
    'c/.exit-lens.json': JSON.stringify({ ignore: ['[z-a]', 'skipped/**', '**/{a'] }),
    'c/app.py': SLOW_PY,
    'c/skipped/x.py': SLOW_PY,
    'd/pyproject.toml': '[tool.exit-lens]\nignore = [\n',
    'd/app.py': SLOW_PY,
  });
  const r = run(['check', '.', '--format', 'json'], dir);
  assertOneLineMessages(r.stderrLines);
  const cfg = (p: string) => join(dir, p);
  const expected = [
    `exit-lens: ${cfg('a/.exit-lens.json')}: (file): cannot parse: Unexpected end of JSON input (using the default for it)`,
    `exit-lens: ${cfg('b/.exit-lens.json')}: ignore: must be an array of glob strings (using the default for it)`,
    `exit-lens: ${cfg('b/.exit-lens.json')}: rules: must be an object mapping rule ids to a severity (using the default for it)`,
    `exit-lens: ${cfg('b/.exit-lens.json')}: python.version: must be one of 3.8, 3.9, 3.10, 3.11, 3.12, 3.13, 3.14 (a string), not 3 (using the default for it)`,
    `exit-lens: ${cfg('c/.exit-lens.json')}: ignore[0]: "[z-a]" is not a valid glob (Range out of order in character class) (using the default for it)`,
    `exit-lens: ${cfg('c/.exit-lens.json')}: ignore[2]: "**/{a" is not a valid glob (Unterminated group) (using the default for it)`,
  ];
  for (const e of expected) assert.ok(r.stderrLines.includes(e), `missing: ${e}\n${r.stderr}`);
  assert.ok(r.stderrLines.some((l) => l.startsWith(`exit-lens: ${cfg('d/pyproject.toml')}: (file): cannot parse: Invalid TOML document`) && / \(line \d+, column \d+\)/.test(l)), r.stderr);
  assert.equal(r.stderrLines.length, expected.length + 1, r.stderr);
  const out = json(r.stdout);
  // The valid glob of c/ still applies; every app.py is checked with defaults where the config is bad.
  assert.deepEqual(out.diagnostics.map((d) => d.file).sort(), ['a/app.py', 'b/app.py', 'c/app.py', 'd/app.py']);
  assert.equal(r.code, 1);
});

test('plan: a folder, a missing, binary, huge or unsupported file is one line and status 2', () => {
  const dir = project({ 'app.py': SLOW_PY, 'bin.py': 'x\u0000y', 'sub/x.py': SLOW_PY, 'notes.txt': 'hi' });
  writeFileSync(join(dir, 'huge.py'), '# '.padEnd(6 * 1024 * 1024, 'x') + '\n');
  symlinkSync('l2', join(dir, 'l1'));
  symlinkSync('l1', join(dir, 'l2'));
  const cases: Array<[string, RegExp]> = [
    ['sub', /^exit-lens: sub: is a directory$/],
    ['nope.py', /^exit-lens: nope\.py: cannot read: no such file or directory \(ENOENT\)$/],
    ['bin.py', /^exit-lens: bin\.py: looks binary \(contains NUL bytes\)$/],
    ['huge.py', /^exit-lens: huge\.py: file is \d+ bytes, over the 5242880-byte limit$/],
    ['notes.txt', /^exit-lens: notes\.txt: unsupported file type/],
    ['l1', /^exit-lens: l1: cannot read: symbolic link loop \(ELOOP\)$/],
  ];
  for (const [file, re] of cases) {
    const r = run(['plan', file], dir);
    assert.equal(r.code, 2, file);
    assert.equal(r.stdout, '', file);
    assert.equal(r.stderrLines.length, 1, `${file}: ${r.stderr}`);
    assert.match(r.stderrLines[0]!, re);
  }
  const ok = run(['plan', 'app.py', '--format', 'json'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).scenarios.normal.handlers[0].name, 'slow');
});

test('check: a huge generated file in a folder is skipped with a reason, quickly', () => {
  const dir = project({ 'app.py': SLOW_PY });
  // 20 MB: over the limit, so it is not read at all (the size is known from stat).
  writeFileSync(join(dir, 'bundle.min.js'), 'var a=1;'.repeat((20 * 1024 * 1024) / 8));
  const r = run(['check', '.', '--format', 'json'], dir);
  assert.deepEqual(r.stderrLines, [`exit-lens: bundle.min.js: file is ${20 * 1024 * 1024} bytes, over the 5242880-byte limit (skipped)`]);
  assert.equal(json(r.stdout).files, 1);
  assert.equal(r.code, 1);
  assert.ok(readFileSync(join(dir, 'app.py'), 'utf8').length > 0);
});

test('a reader that closes the pipe early (| head) ends the CLI quietly, without a stack trace', async () => {
  // Enough findings that the JSON outgrows the pipe's buffer (64 KB).
  const dir = project({ 'many.py': SLOW_PY + 'atexit.register(slow)\n'.repeat(400) });
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [BIN, 'check', 'many.py', '--format', 'json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let got = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.once('data', (d: Buffer) => {
    got = d.length;
    child.stdout.destroy();
  });
  const [code, signal] = (await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])))) as [number | null, string | null];
  assert.ok(got > 0, 'some output was read');
  assert.equal(signal, null);
  assert.ok(code === 0 || code === 1, `status ${code}`);
  assert.equal(stderr, '');
});
