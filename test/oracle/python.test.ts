// The Python runtime oracle: runs every program under test/oracle/python/programs and every seed
// example (examples/seed, as written) with the real `python3`, once per scenario it declares, under
// test/oracle/python/harness.py, which logs each exit handler whose body starts running. The log is
// compared with `exit-lens plan FILE --format json` of the built CLI by the three rules of the
// oracle protocol (test/oracle/lib/compare.ts). No expected order is written anywhere by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  compareScenario, expectOutcome, formatMismatch, loadKnownMismatches, parseOracleHeader,
  type PlanJson, type RuntimeRecord, type ScenarioRun,
} from './lib/compare';
import { python, ranHandlers, runProgram, stripHarnessOutput, type HarnessEvent, type RunResult } from './python/run';

// Disagreements that are known and still checked (see loadKnownMismatches).
const KNOWN = loadKnownMismatches(fs.readFileSync(path.join(__dirname, 'known-mismatches.json'), 'utf8'), 'python');

const REPO = path.resolve(__dirname, '../..');
const PY_DIR = path.join(__dirname, 'python');
const PROGRAMS = path.join(PY_DIR, 'programs');
const SEEDS = path.join(REPO, 'examples', 'seed');
const CLI = path.join(REPO, 'dist', 'cli.js');
/** After the signal, how long a program may take to end by itself before it is SIGKILLed. */
const SIGNAL_GRACE_MS = 6000; // a loaded machine can take seconds to run four handlers after the signal
const RUN_TIMEOUT_MS = 20_000;
/** Python runs mostly wait (startup, grace periods): more than the 2 cores is fine. */
const CONCURRENCY = 4;

interface Fixture {
  /** Display name: `programs/x.py`, `programs/pkg/main.py`, `seed/01_goodbye.py`. */
  name: string;
  entry: string;
  /** Frames in files under this folder are the program's own code. */
  root: string;
  scenarios: ScenarioRun[];
  /** The program's own ready line (sigint/sigterm=self). */
  ready?: RegExp;
}

const READY_HEADER = /^\s*#\s*exit-lens-oracle-ready:\s*(.+)$/m;

function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const name of fs.readdirSync(PROGRAMS).sort()) {
    const p = path.join(PROGRAMS, name);
    const isDir = fs.statSync(p).isDirectory();
    if (isDir && !fs.existsSync(path.join(p, 'main.py'))) continue;
    if (!isDir && !name.endsWith('.py')) continue;
    const entry = isDir ? path.join(p, 'main.py') : p;
    const text = fs.readFileSync(entry, 'utf8');
    const ready = READY_HEADER.exec(text.split('\n', 10).join('\n'))?.[1];
    out.push({
      name: `programs/${path.relative(PROGRAMS, entry)}`,
      entry,
      root: isDir ? p : PROGRAMS,
      scenarios: parseOracleHeader(text),
      ready: ready ? new RegExp(ready, 'm') : undefined,
    });
  }
  const seedConfig = JSON.parse(fs.readFileSync(path.join(PY_DIR, 'seeds.json'), 'utf8')) as Record<string, { scenarios?: string; ready?: string }>;
  for (const name of fs.readdirSync(SEEDS).filter((f) => f.endsWith('.py')).sort()) {
    const cfg = seedConfig[name] ?? {};
    out.push({
      name: `seed/${name}`,
      entry: path.join(SEEDS, name),
      root: SEEDS,
      scenarios: parseOracleHeader(cfg.scenarios ? `# exit-lens-oracle: ${cfg.scenarios}` : ''),
      ready: cfg.ready ? new RegExp(cfg.ready, 'm') : undefined,
    });
  }
  return out;
}

const plans = new Map<string, Promise<PlanJson>>();
function planOf(fx: Fixture): Promise<PlanJson> {
  let p = plans.get(fx.entry);
  if (!p) {
    p = runPlan(path.relative(REPO, fx.entry), 0);
    p.catch(() => {}); // reported by each test that awaits it
    plans.set(fx.entry, p);
  }
  return p;
}

function runPlan(rel: string, attempt: number): Promise<PlanJson> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'plan', rel, '--format', 'json'], { cwd: REPO, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      // In a shared checkout another `npm run build` may be rewriting dist/cli.js right now.
      if (err && attempt < 3 && /dist[\\/]cli\.js:\d+[\s\S]*SyntaxError/.test(stderr)) {
        setTimeout(() => runPlan(rel, attempt + 1).then(resolve, reject), 3000);
        return;
      }
      if (err) return reject(new Error(`exit-lens plan ${rel} failed: ${stderr || err.message}`));
      try {
        resolve(JSON.parse(stdout) as PlanJson);
      } catch (e) {
        reject(new Error(`exit-lens plan ${rel} printed no JSON: ${(e as Error).message}\n${stdout.slice(0, 500)}`));
      }
    });
  });
}

/** The plan's `file` of an entry: absent = the entry; relative = the CLI's cwd (repo root) or the entry's folder. */
function planFileResolver(fx: Fixture) {
  return (file: string | undefined): string => {
    if (!file) return fx.entry;
    if (path.isAbsolute(file)) return path.normalize(file);
    const fromRepo = path.resolve(REPO, file);
    if (fs.existsSync(fromRepo)) return fromRepo;
    return path.resolve(path.dirname(fx.entry), file);
  };
}

function records(events: HarnessEvent[]): RuntimeRecord[] {
  return ranHandlers(events).map((e) => ({
    file: e.file!,
    line: e.line!,
    column: e.column,
    mechanism: e.mechanism,
    name: e.signal ? `${e.name} (${e.signal})` : e.name,
  }));
}

function runFixture(fx: Fixture, run: ScenarioRun): Promise<RunResult> {
  return runProgram(fx.entry, run.scenario, {
    mode: run.self ? 'self' : 'injected',
    root: fx.root,
    ready: fx.ready,
    graceMs: SIGNAL_GRACE_MS,
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

function describeRun(fx: Fixture, run: ScenarioRun, res: RunResult): string {
  const rel = (f: string | null | undefined) => (f ? path.relative(REPO, f) : '?');
  const notStarted = res.events.filter((e) => e.event === 'not-started');
  const internal = res.events.filter((e) => e.event === 'run' && e.internal);
  const registered = res.events.filter((e) => e.event === 'register' && !e.internal);
  return [
    `program: ${path.relative(REPO, fx.entry)}, scenario ${run.scenario}${run.self ? ' (the program ends that way itself)' : ' (injected by the harness after the top-level code)'}`,
    `process: exit code ${res.exitCode}, signal ${res.signal}${res.signalSent ? `, ${run.scenario.toUpperCase()} sent after the ready line${res.blockedWhenSignalled === false ? ' (the process never blocked)' : ''}` : ''}` +
      `${res.killed && !res.timedOut ? `, still running ${SIGNAL_GRACE_MS} ms after the signal: SIGKILLed${res.atKill ? ` (${res.atKill})` : ''}` : ''}${res.timedOut ? ', TIMED OUT' : ''}`,
    `registrations seen at run time: ${registered.map((e) => `${e.name}@${e.line}[${e.mechanism}]`).join(', ') || '(none)'}`,
    ...(notStarted.length ? [`registered coroutine/generator functions whose body never started: ${notStarted.map((e) => `${e.name}@${rel(e.file)}:${e.line}`).join(', ')}`] : []),
    ...(internal.length ? [`library-registered handlers that ran (not compared): ${internal.map((e) => e.name).join(', ')}`] : []),
    `stdout:\n${indent(res.stdout)}`,
    `stderr:\n${indent(res.stderr)}`,
  ].join('\n');
}

function indent(s: string): string {
  const t = s.length > 2000 ? s.slice(0, 2000) + '\n…' : s;
  return (t.trimEnd() || '(empty)').split('\n').map((l) => `    ${l}`).join('\n');
}

const fixtures = listFixtures();

describe('python oracle: the plan agrees with python3', { concurrency: CONCURRENCY }, () => {
  it('the corpus is there', () => {
    const own = fixtures.filter((f) => f.name.startsWith('programs/'));
    assert.ok(own.length >= 30, `only ${own.length} programs under ${PROGRAMS}`);
    assert.equal(fixtures.length - own.length, 13, 'all 13 seed examples take part');
  });

  for (const fx of fixtures) {
    for (const run of fx.scenarios) {
      it(`${fx.name} ${run.scenario}${run.self ? ' (self)' : ''}`, async () => {
        const [res, plan] = await Promise.all([runFixture(fx, run), planOf(fx)]);
        const context = describeRun(fx, run, res);
        assert.ok(res.events.some((e) => e.event === 'start'), `the harness did not start the program\n${context}`);
        if (run.scenario === 'sigint' || run.scenario === 'sigterm') {
          assert.ok(res.signalSent, `the program never printed its ready line, so no signal was sent\n${context}`);
        }
        assert.ok(!res.timedOut, `the program did not end within ${RUN_TIMEOUT_MS} ms\n${context}`);
        const scenarioPlan = plan.scenarios?.[run.scenario];
        assert.ok(scenarioPlan, `the plan has no scenario '${run.scenario}'\n${JSON.stringify(plan).slice(0, 500)}`);
        const resolveFile = planFileResolver(fx);
        const recs = records(res.events);
        const problems = compareScenario(recs, scenarioPlan, resolveFile);
        expectOutcome(KNOWN, `${fx.name} ${run.scenario}`, problems, () => `${formatMismatch(problems, recs, scenarioPlan, resolveFile, REPO)}\n${context}`);
      });
    }
  }
});

// The harness itself: instrumenting must not change what the program does or sees.
// `unordered`: lines printed by concurrent child processes come in any order, so they are compared as a multiset.
const SAME_OUTPUT: { name: string; scenario: 'normal' | 'sigint' | 'sigterm'; unordered?: boolean }[] = [
  { name: 'programs/unregister_equal.py', scenario: 'normal' },
  { name: 'programs/weakref_finalize_cache.py', scenario: 'normal' },
  { name: 'programs/exitstack_scope_closes.py', scenario: 'normal' },
  { name: 'programs/failing_handlers.py', scenario: 'normal' },
  { name: 'programs/exit_inside_handler.py', scenario: 'normal' },
  { name: 'programs/register_during_exit.py', scenario: 'normal' },
  { name: 'programs/multiprocessing_workers.py', scenario: 'normal', unordered: true },
  { name: 'programs/webapp/main.py', scenario: 'normal' },
  { name: 'programs/async_exitstack_service.py', scenario: 'normal' },
  { name: 'programs/graceful_worker_flag.py', scenario: 'sigterm' },
  { name: 'programs/exitstack_toplevel_server.py', scenario: 'sigint' },
  { name: 'seed/11_signal_handling.py', scenario: 'sigterm' },
];

/** Probes print what a program can observe of the patched APIs; they must print the same without the harness. */
const PROBES: { name: string; source: string; expectRunLines: number[] }[] = [
  {
    name: 'atexit: return values, errors, == unregister, LIFO',
    source: `
import atexit, functools
def f(): print("f")
print("register returns func:", atexit.register(f) is f)
try:
    atexit.register(42)
except TypeError as e:
    print("TypeError:", e)
class Eq:
    def __init__(self, k): self.k = k
    def __eq__(self, o): return isinstance(o, Eq) and o.k == self.k
    __hash__ = None
    def __call__(self): print("Eq", self.k)
atexit.register(Eq(1))
atexit.register(Eq(2))
atexit.unregister(Eq(1))
atexit.register(functools.partial(print, "partial"))
atexit.unregister(functools.partial(print, "partial"))
print("ncallbacks:", atexit._ncallbacks())
`,
    expectRunLines: [16, 14, 3],
  },
  {
    name: 'signal: previous and current handlers are the originals',
    source: `
import signal
def h(s, f): print("h")
print("first previous is default:", signal.signal(signal.SIGUSR1, h) == signal.SIG_DFL)
print("getsignal gives h:", signal.getsignal(signal.SIGUSR1) is h)
print("second previous is h:", signal.signal(signal.SIGUSR1, signal.SIG_IGN) is h)
print("SIGINT default kept:", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
old = signal.signal(signal.SIGUSR2, h)
signal.signal(signal.SIGUSR2, old)
print("restored:", signal.getsignal(signal.SIGUSR2))
`,
    expectRunLines: [],
  },
  {
    name: 'weakref.finalize and ExitStack: introspection and order',
    source: `
import weakref, contextlib
class O: pass
def cb(x): print("cb", x)
o = O()
fin = weakref.finalize(o, cb, 1)
print("peek gives cb:", fin.peek()[1] is cb, fin.peek()[2])
print("detach gives cb:", fin.detach()[1] is cb, fin.alive)
p = O()
weakref.finalize(p, cb, 2)
del p
with contextlib.ExitStack() as st:
    print("callback returns func:", st.callback(cb, 3) is cb)
    st.push(lambda *e: print("push", e[0]))
with contextlib.ExitStack() as outer:
    outer.callback(cb, 4)
    moved = outer.pop_all()
moved.close()
`,
    expectRunLines: [9, 13, 12, 15],
  },
  {
    name: 'async def handlers do not start; their sync wrappers do',
    source: `
import atexit, asyncio, contextlib
async def a(): print("never")
def s(): asyncio.run(a())
atexit.register(a)
atexit.register(s)
with contextlib.ExitStack() as st:
    st.callback(a)
`,
    expectRunLines: [5],
  },
  {
    name: 'the program runs as __main__ with the argv, path and globals python3 gives it',
    source: `
import sys, pickle, os
def f(): pass
m = sys.modules["__main__"]
print(__name__, m.__dict__ is globals(), __spec__, type(__loader__).__name__, __package__)
print(__file__ == os.path.abspath(sys.argv[0]), sys.path[0] == os.path.dirname(__file__), len(sys.argv))
print(pickle.loads(pickle.dumps(f)) is f, sorted(k for k in globals() if k.startswith("__")))
`,
    expectRunLines: [],
  },
];


describe('python oracle harness: instruments without changing the program', { concurrency: CONCURRENCY }, () => {
  for (const { name, scenario, unordered } of SAME_OUTPUT) {
    it(`same stdout with and without the harness: ${name} ${scenario}`, async () => {
      const fx = fixtures.find((f) => f.name === name);
      assert.ok(fx, `no fixture ${name}`);
      const opts = { mode: 'self' as const, root: fx.root, ready: fx.ready, graceMs: SIGNAL_GRACE_MS, timeoutMs: RUN_TIMEOUT_MS };
      const [plain, instrumented] = await Promise.all([
        runProgram(fx.entry, scenario, { ...opts, plain: true }),
        runProgram(fx.entry, scenario, opts),
      ]);
      assert.ok(instrumented.events.some((e) => e.event === 'start'), `harness did not start: ${instrumented.stderr}`);
      const lines = (text: string) => (unordered ? text.split('\n').sort().join('\n') : text);
      assert.equal(lines(stripHarnessOutput(instrumented.stdout)), lines(plain.stdout), `stdout differs\nstderr with harness:\n${instrumented.stderr}`);
      assert.equal(instrumented.exitCode, plain.exitCode);
      assert.equal(instrumented.signal, plain.signal);
    });
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exit-lens-py-probe-'));
  for (const [i, probe] of PROBES.entries()) {
    it(`probe: ${probe.name}`, async () => {
      const file = path.join(dir, `probe${i}.py`);
      fs.writeFileSync(file, probe.source.replace(/^\n/, ''));
      const plain = spawnSync(python(), ['-u', file], { cwd: dir, encoding: 'utf8' });
      const res = await runProgram(file, 'normal', { mode: 'self', root: dir });
      assert.equal(res.stdout, plain.stdout, `stdout differs under the harness\nstderr: ${res.stderr}`);
      assert.equal(res.stderr.replace(/0x[0-9a-f]+/g, '0x'), plain.stderr.replace(/0x[0-9a-f]+/g, '0x'), 'stderr differs under the harness');
      assert.deepEqual(ranHandlers(res.events).map((e) => e.line), probe.expectRunLines, `log: ${JSON.stringify(res.events)}`);
    });
  }

  // A signal that lands while the program still runs after its ready line, just before it calls
  // signal.pause(), is never seen by that pause(): the driver waits until the process sleeps.
  it('the driver signals only once the program sleeps in a system call', { skip: process.platform !== 'linux' && 'needs /proc' }, async () => {
    const file = path.join(dir, 'busy_after_ready.py');
    fs.writeFileSync(file, [
      'import time',
      'print("READY")',
      'end = time.monotonic() + 0.4',
      'while time.monotonic() < end:',
      '    pass',
      'print("waiting")',
      'time.sleep(30)',
      '',
    ].join('\n'));
    const res = await runProgram(file, 'sigint', { mode: 'self', root: dir, graceMs: SIGNAL_GRACE_MS, timeoutMs: RUN_TIMEOUT_MS });
    assert.ok(res.signalSent && res.blockedWhenSignalled, `signalSent ${res.signalSent}, blocked ${res.blockedWhenSignalled}`);
    assert.equal(res.stdout, 'READY\nwaiting\n', `the signal came before the program slept\nstderr: ${res.stderr}`);
    assert.match(res.stderr, /KeyboardInterrupt/);
    assert.ok(!res.killed, 'SIGINT did not end the sleeping program');
  });
});
