// The Node.js runtime oracle: runs every program under test/oracle/node/programs with the real
// `node` (system node for JS; Node 24 from test/oracle/node/node_modules for TypeScript and for
// `using`/DisposableStack), once per scenario its header declares, with the preload of
// test/oracle/node/preload.cjs logging each exit handler whose body starts running. The log is
// compared with `exit-lens plan FILE --format json` of the built CLI by the three rules of the
// oracle protocol (test/oracle/lib/compare.ts). No expected order is written anywhere by hand.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareScenario, expectOutcome, formatMismatch, loadKnownMismatches, parseOracleHeader, type PlanJson, type RuntimeRecord, type ScenarioRun } from './lib/compare';

// Disagreements that are known and still checked (see loadKnownMismatches).
const KNOWN = loadKnownMismatches(fs.readFileSync(path.join(__dirname, 'known-mismatches.json'), 'utf8'), 'node');

const REPO = path.resolve(__dirname, '../..');
const NODE_DIR = path.join(__dirname, 'node');
const PROGRAMS = path.join(NODE_DIR, 'programs');
const PRELOAD = path.join(NODE_DIR, 'preload.cjs');
const NODE24 = path.join(NODE_DIR, 'node_modules', 'node', 'bin', 'node');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SOURCE_EXT = /\.(js|cjs|mjs|ts|mts|cts)$/;
/** A `using` / `await using` declaration or a DisposableStack: Node 24 (Node 20 has neither). */
const NEEDS_NODE24 = /\busing\s+[A-Za-z_$][\w$]*\s*=|\b(Async)?DisposableStack\b/;
/** After the signal, how long a program may take to end by itself before it is SIGKILLed. */
const SIGNAL_GRACE_MS = 2500;
/** A run that takes longer is killed (a program whose `normal` end never comes). */
const RUN_TIMEOUT_MS = 15_000;

interface Fixture {
  name: string;
  entry: string;
  /** Frames inside this folder are the program's own code. */
  root: string;
  runtime: 'node20' | 'node24';
  scenarios: ScenarioRun[];
}

function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const name of fs.readdirSync(PROGRAMS).sort()) {
    const p = path.join(PROGRAMS, name);
    let entry: string;
    let root: string;
    let sources: string[];
    if (fs.statSync(p).isDirectory()) {
      const main = fs.readdirSync(p).find((f) => /^main\.(js|cjs|mjs|ts|mts|cts)$/.test(f));
      if (!main) continue;
      entry = path.join(p, main);
      root = p;
      sources = fs.readdirSync(p).filter((f) => SOURCE_EXT.test(f)).map((f) => path.join(p, f));
    } else {
      if (!SOURCE_EXT.test(name)) continue;
      entry = p;
      root = PROGRAMS;
      sources = [p];
    }
    const texts = sources.map((f) => fs.readFileSync(f, 'utf8'));
    const needs24 = sources.some((f) => /\.[mc]?ts$/.test(f)) || texts.some((t) => NEEDS_NODE24.test(t));
    out.push({
      name: path.relative(PROGRAMS, entry),
      entry,
      root,
      runtime: needs24 ? 'node24' : 'node20',
      scenarios: parseOracleHeader(fs.readFileSync(entry, 'utf8')),
    });
  }
  return out;
}

/**
 * `npm ci` in test/oracle/node when node_modules is missing or older than the lock file. A lock
 * folder keeps two test processes (npm test next to a single run) from installing at once.
 */
function ensureRuntimes(): void {
  const stampFile = path.join(NODE_DIR, 'node_modules', '.exit-lens-oracle-stamp');
  const hash = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) hash.update(fs.readFileSync(path.join(NODE_DIR, f)));
  const stamp = hash.digest('hex');
  const fresh = () => fs.existsSync(NODE24) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
  if (fresh()) return;
  const lock = path.join(NODE_DIR, '.npm-ci.lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() - fs.statSync(lock).mtimeMs > 300_000) fs.rmSync(lock, { recursive: true, force: true }); // stale
      if (Date.now() > deadline) throw new Error(`${lock} held for 3 minutes: another npm ci seems stuck`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      if (fresh()) return;
    }
  }
  try {
    if (fresh()) return;
    const t0 = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: NODE_DIR, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm ci in ${NODE_DIR} failed (${r.status}): ${r.stderr || r.error}`);
    fs.writeFileSync(stampFile, stamp);
    process.stderr.write(`node oracle: npm ci in test/oracle/node took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

interface RunResult {
  records: RuntimeRecord[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  readySeen: boolean;
  /** The program still ran SIGNAL_GRACE_MS after the signal (a handler that does not exit). */
  killedAfterGrace: boolean;
  timedOut: boolean;
}

function runFixture(fx: Fixture, run: ScenarioRun, tmp: string): Promise<RunResult> {
  const log = path.join(tmp, `${fx.name.replace(/[\\/]/g, '__')}.${run.scenario}.log`);
  fs.rmSync(log, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of the test runner (tsx loader, test context) leaks into the program.
  delete env.NODE_OPTIONS;
  delete env.NODE_TEST_CONTEXT;
  delete env.EXIT_LENS_ORACLE_MAIN_PID;
  Object.assign(env, {
    EXIT_LENS_ORACLE_LOG: log,
    EXIT_LENS_ORACLE_ROOT: fx.root,
    EXIT_LENS_ORACLE_ENTRY: fx.entry,
    EXIT_LENS_ORACLE_SCENARIO: run.self ? 'self' : run.scenario,
  });
  const bin = fx.runtime === 'node24' ? NODE24 : process.execPath;
  const signal: NodeJS.Signals | undefined = run.scenario === 'sigint' ? 'SIGINT' : run.scenario === 'sigterm' ? 'SIGTERM' : undefined;
  return new Promise((resolve, reject) => {
    // cwd: a scratch folder, so nothing a program writes (or an abort's core file) lands in the repo.
    const child = spawn(bin, ['--require', PRELOAD, fx.entry], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let readySeen = false;
    let killedAfterGrace = false;
    let timedOut = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const timeout = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (signal && !readySeen && /^READY$/m.test(stdout)) {
        readySeen = true;
        child.kill(signal);
        graceTimer = setTimeout(() => {
          killedAfterGrace = true;
          child.kill('SIGKILL');
        }, SIGNAL_GRACE_MS);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timeout);
      clearTimeout(graceTimer);
      let records: RuntimeRecord[] = [];
      if (fs.existsSync(log)) {
        records = fs
          .readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RuntimeRecord);
      }
      resolve({ records, code, signal: sig, stdout, stderr, readySeen, killedAfterGrace, timedOut });
    });
  });
}

const plans = new Map<string, Promise<PlanJson>>();
function planOf(fx: Fixture): Promise<PlanJson> {
  let p = plans.get(fx.entry);
  if (!p) {
    p = runPlan(path.relative(REPO, fx.entry), 2);
    plans.set(fx.entry, p);
  }
  return p;
}

function runPlan(rel: string, retries: number): Promise<PlanJson> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'plan', rel, '--format', 'json'], { cwd: REPO, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      // Another `npm run build` may be rewriting dist/cli.js right now (helpers share the checkout):
      // a bundle that fails to load is tried again a moment later.
      if (err && retries > 0 && /dist[\\/]cli\.js:\d+\n[\s\S]*SyntaxError/.test(stderr)) {
        setTimeout(() => runPlan(rel, retries - 1).then(resolve, reject), 2000);
        return;
      }
      if (err) return reject(new Error(`exit-lens plan ${rel} failed: ${stderr || err.message}`));
      try {
        resolve(JSON.parse(stdout) as PlanJson);
      } catch (e) {
        reject(new Error(`exit-lens plan printed no JSON: ${(e as Error).message}\n${stdout.slice(0, 500)}`));
      }
    });
  });
}

/** The plan's `file` of an entry: absent = the entry; relative paths are the CLI's (cwd = repo root) or the entry folder's. */
function planFileResolver(fx: Fixture) {
  return (file: string | undefined): string => {
    if (!file) return fx.entry;
    if (path.isAbsolute(file)) return file;
    const fromRepo = path.resolve(REPO, file);
    if (fs.existsSync(fromRepo)) return fromRepo;
    return path.resolve(path.dirname(fx.entry), file);
  };
}

const fixtures = listFixtures();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'exit-lens-node-oracle-'));

describe('node oracle: the plan agrees with the runtime', { concurrency: 2 }, () => {
  before(() => ensureRuntimes());

  it('the corpus is there', () => {
    assert.ok(fixtures.length >= 30, `only ${fixtures.length} programs under ${PROGRAMS}`);
  });

  for (const fx of fixtures) {
    for (const run of fx.scenarios) {
      it(`${fx.name} ${run.scenario}${run.self ? ' (self)' : ''}`, async () => {
        const [res, plan] = await Promise.all([runFixture(fx, run, tmp), planOf(fx)]);
        const context = [
          `program: ${path.relative(REPO, fx.entry)} on ${fx.runtime}, scenario ${run.scenario}${run.self ? ' (the program ends that way itself)' : run.scenario === 'normal' ? ' (runs as it is)' : ' (ending applied by the preload after the top-level code)'}`,
          `process: exit code ${res.code}, signal ${res.signal}${res.killedAfterGrace ? `, still running ${SIGNAL_GRACE_MS} ms after the signal: SIGKILLed` : ''}${res.timedOut ? ', TIMED OUT' : ''}`,
          `stdout:\n${indent(res.stdout)}`,
          `stderr:\n${indent(res.stderr)}`,
        ].join('\n');
        if (run.scenario === 'sigint' || run.scenario === 'sigterm') {
          assert.ok(res.readySeen, `the program never printed READY, so no signal was sent\n${context}`);
        }
        assert.ok(!res.timedOut, `the program did not end within ${RUN_TIMEOUT_MS} ms\n${context}`);
        const resolveFile = planFileResolver(fx);
        assert.ok(plan.scenarios?.[run.scenario], `the plan has no scenario '${run.scenario}'\n${JSON.stringify(plan).slice(0, 500)}`);
        const problems = compareScenario(res.records, plan.scenarios[run.scenario], resolveFile);
        expectOutcome(KNOWN, `${fx.name} ${run.scenario}`, problems, () => formatMismatch(problems, res.records, plan.scenarios[run.scenario], resolveFile, REPO) + '\n' + context);
      });
    }
  }
});

// The harness itself: a probe prints what a program can observe of the patched APIs; it must print
// the same with and without the preload, and the log must name exactly the bodies that ran.
const PROBES: { name: string; ext: string; runtime: 'node20' | 'node24'; source: string; expectLog: string[] }[] = [
  {
    name: 'listener removal and introspection',
    ext: '.cjs',
    runtime: 'node20',
    source: `
const f = () => console.log('never: once listener removed by its original');
process.once('exit', f);
console.log('listeners() gives the original:', process.listeners('exit').includes(f));
process.removeListener('exit', f);
const g = () => console.log('never');
process.prependOnceListener('SIGINT', g);
process.off('SIGINT', g);
console.log('counts after removal:', process.listenerCount('exit'), process.listenerCount('SIGINT'));
const h = () => console.log('h ran');
process.on('exit', h);
process.addListener('exit', h);
process.off('exit', h);
process.once('exit', () => console.log('once ran, count inside:', process.listenerCount('exit')));
console.log('on === addListener:', process.on === process.addListener);
console.log('own enumerable keys unchanged:', Object.keys(process).filter((k) => /listener|^on|^off/i.test(k)).join(',') || '(none)');
`,
    expectLog: ['probe:10', 'probe:13'],
  },
  {
    name: "ESM 'process' facade exports",
    ext: '.mjs',
    runtime: 'node20',
    source: `
import * as P from 'process';

console.log(Object.keys(P).sort().join(','));
`,
    expectLog: [],
  },
  {
    name: 'using: the disposable is left as it was',
    ext: '.mjs',
    runtime: 'node24',
    source: `
class R { [Symbol.dispose]() { console.log('disposed; own symbols:', Object.getOwnPropertySymbols(this).length); } }
{
  using r = new R();
  console.log('inside; own symbols:', Object.getOwnPropertySymbols(r).length, Object.hasOwn(r, Symbol.dispose));
}
const s = new DisposableStack();
const v = s.use({ [Symbol.dispose]() { console.log('used value disposed with this ===', this === v); } });
s.dispose();
`,
    expectLog: ['probe:3', 'probe:7'],
  },
];

describe('node oracle harness: instruments without changing what the program sees', { concurrency: 2 }, () => {
  before(() => ensureRuntimes());
  for (const probe of PROBES) {
    it(probe.name, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'probe-'));
      const file = path.join(dir, `probe${probe.ext}`);
      fs.writeFileSync(file, probe.source.replace(/^\n/, ''));
      const bin = probe.runtime === 'node24' ? NODE24 : process.execPath;
      const plain = spawnSync(bin, [file], { cwd: dir, encoding: 'utf8' });
      const fx: Fixture = { name: `probe-${path.basename(dir)}`, entry: file, root: dir, runtime: probe.runtime, scenarios: [] };
      const res = await runFixture(fx, { scenario: 'normal', self: true }, dir);
      assert.equal(res.stdout, plain.stdout, `stdout differs under the preload\nstderr: ${res.stderr}`);
      assert.equal(res.code, plain.status);
      assert.deepEqual(
        res.records.map((r) => `probe:${r.line}`),
        probe.expectLog,
        `log: ${JSON.stringify(res.records)}`,
      );
    });
  }
});

function indent(s: string): string {
  const t = s.length > 2000 ? s.slice(0, 2000) + '\n…' : s;
  return t
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
