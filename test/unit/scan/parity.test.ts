// The fast scan and the worker pool change nothing in `check`'s output, over every fixture program
// we have (the oracle programs of both runtimes, the seed examples, the rule fixtures):
// - check with the scan on and off gives the same JSON and exit code;
// - every file the scan skips, analyzed as an entry with the scan off, has no handler, no skipped
//   entry, no registration or removal and no finding (so skipping it loses nothing);
// - the built CLI with a pool of 2 workers prints byte for byte what one thread prints.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAnalyzer } from '../../../server/src/core/analyze';
import { runRules } from '../../../server/src/core/check';
import { SCENARIOS } from '../../../server/src/core/model';
import { FastScan } from '../../../server/src/core/scan';
import { runCheck, scanHost } from '../../../server/src/cli/check';
import { walkPaths } from '../../../server/src/cli/walk';
import { diskHost, loadWasm } from '../../../server/src/host/node';

const ROOT = join(__dirname, '..', '..', '..');
process.chdir(ROOT);
const DIRS = ['examples', 'test/rules/fixtures', 'test/oracle/python/programs', 'test/oracle/node/programs'];

async function check(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCheck([...DIRS, '--format', 'json', '--fail-on', 'never', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false });
  return { code, stdout, stderr };
}

test('check over every fixture program: the same findings with the fast scan on and off', async () => {
  const on = await check(['--jobs', '1']);
  const off = await check(['--jobs', '1', '--no-fast-scan']);
  assert.equal(on.code, off.code);
  assert.equal(on.stdout, off.stdout);
  const out = JSON.parse(on.stdout);
  assert.ok(out.files > 150, `the fixtures were found (${out.files})`);
  assert.ok(out.diagnostics.length > 50, 'the fixtures have findings');
});

test('every fixture file the scan skips has an empty plan and no findings when analyzed', async () => {
  const { files } = walkPaths(DIRS);
  const disk = diskHost();
  const scan = new FastScan(scanHost(new Map(), disk));
  const analyzer = await createAnalyzer(loadWasm());
  const skipped: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (!scan.canSkip(file, text)) continue;
    skipped.push(file);
    const model = analyzer.analyze(file, text, disk);
    try {
      assert.equal(model.registrations.length + model.removals.length, 0, `${file}: skipped, but registers or removes`);
      for (const s of SCENARIOS) {
        assert.equal(model.plan.scenarios[s].handlers.length + model.plan.scenarios[s].skipped.length, 0, `${file}: skipped, but its ${s} plan is not empty`);
      }
      assert.deepEqual(runRules(model, (f) => (f === file ? text : disk.readFile(f))), [], `${file}: skipped, but has findings`);
    } finally {
      model.dispose();
    }
  }
  // The fixtures are about exit handlers; the modules they import without any are what is skipped.
  assert.ok(skipped.length > 0, 'some fixture files are skipped');
  assert.ok(skipped.length < files.length / 2, `most fixture files are kept (${skipped.length} of ${files.length} skipped)`);
});

test('the built CLI: a pool of 2 workers prints exactly what one thread prints', () => {
  const cli = join(ROOT, 'dist', 'cli.js');
  assert.ok(existsSync(join(ROOT, 'dist', 'check-worker.js')), 'the worker bundle is built next to the CLI');
  const run = (jobs: string, format: string) => {
    const r = spawnSync(process.execPath, [cli, 'check', ...DIRS, '--format', format, '--jobs', jobs], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', EXIT_LENS_TEST_POOL: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const one = run('1', 'json');
  const two = run('2', 'json');
  assert.equal(one.code, 1, one.stderr);
  assert.deepEqual(two, one);
});

test('--jobs takes a whole number of at least 1', async () => {
  for (const bad of ['0', '-1', '1.5', 'many']) {
    await assert.rejects(check(['--jobs', bad]), /--jobs must be a whole number/);
  }
});
