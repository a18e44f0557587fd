// `npm run fuzz -- --cases N [--seed S] [--workers W] [--timeout MS] [--no-specials] [--scaling] [--replay LANG:INDEX]`
//
// Large fuzz runs of both front ends (FUZZING.md). Cases alternate Python / JS-TS and are rebuilt in
// child processes from (language, seed, index) (scripts/fuzz-worker.ts), so a hang is detected by a
// per-case timeout (the child is killed and replaced) and a crash by the child's death. The fixed
// pathological cases (10 MB files, a minified bundle, 10,000-level nesting) run first unless
// --no-specials. Prints cases, crashes, hangs, property failures and timing figures; failing cases
// are written to a folder for replay. --scaling prints the time-vs-size table instead.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzer, checkCase, JS_NESTS, bigFile, minifiedBundle, PY_NESTS, specialCases, type FuzzCase, type Lang } from '../test/fuzz/lib';
import { caseOf, type Job, type JobResult } from './fuzz-worker';

interface Options {
  cases: number;
  seed: number;
  workers: number;
  timeout: number;
  maxDepth: number;
  specials: boolean;
  scaling: boolean;
  replay?: string;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { cases: 1000, seed: 1, workers: 2, timeout: 60_000, maxDepth: 10_000, specials: true, scaling: false, out: join(tmpdir(), 'exit-lens-fuzz-failures') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(next());
      if (!Number.isFinite(v)) throw new Error(`${a} needs a number`);
      return v;
    };
    if (a === '--cases') o.cases = num();
    else if (a === '--seed') o.seed = num();
    else if (a === '--workers') o.workers = Math.max(1, num());
    else if (a === '--timeout') o.timeout = num();
    else if (a === '--max-depth') o.maxDepth = num();
    else if (a === '--no-specials') o.specials = false;
    else if (a === '--scaling') o.scaling = true;
    else if (a === '--replay') o.replay = next();
    else if (a === '--out') o.out = next();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

// ---------------------------------------------------------------- the run

interface Failure {
  job: Job;
  what: 'crash' | 'hang' | 'property';
  kind: string;
  detail: string;
}

async function run(o: Options): Promise<number> {
  const jobs: Job[] = [];
  if (o.specials) for (let i = 0; i < specialCases().length; i++) jobs.push({ lang: 'special', index: i, seed: o.seed, maxDepth: o.maxDepth });
  for (let i = 0; i < o.cases; i++) jobs.push({ lang: i % 2 === 0 ? 'python' : 'js', index: i >> 1, seed: o.seed, maxDepth: o.maxDepth });
  const results: JobResult[] = [];
  const failures: Failure[] = [];
  let next = 0;
  const t0 = Date.now();
  let lastReport = t0;

  const worker = (): Promise<void> =>
    new Promise((resolveWorker) => {
      let child: ChildProcess;
      let current: Job | undefined;
      let timer: NodeJS.Timeout | undefined;
      const start = () => {
        child = fork(join(__dirname, 'fuzz-worker.ts'), [], { execArgv: ['--import', 'tsx', '--max-old-space-size=4096'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
        child.on('message', (m: JobResult | { ready: true }) => {
          if ('ready' in m) return dispatch();
          clearTimeout(timer);
          results.push(m);
          if (m.problems.length > 0) {
            failures.push({ job: current!, what: 'property', kind: m.kind, detail: m.problems.slice(0, 5).join('\n') });
            process.stderr.write(`  property failure ${m.lang}:${m.index} ${m.kind}: ${m.problems[0]!.slice(0, 300)}\n`);
          }
          current = undefined;
          dispatch();
        });
        child.on('exit', (code, signal) => {
          clearTimeout(timer);
          if (current) {
            // Died on a case: a crash (stack overflow, out of memory, abort), unless we killed it for a hang.
            if (!(current as Job & { hung?: boolean }).hung) {
              failures.push({ job: current, what: 'crash', kind: '?', detail: `child exited (${code ?? signal}): ${stderr.trim().split('\n').slice(-8).join('\n')}` });
              process.stderr.write(`  crash ${current.lang}:${current.index}: child exited (${code ?? signal})\n`);
            }
            current = undefined;
            start();
          } else resolveWorker();
        });
      };
      const dispatch = () => {
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          process.stderr.write(`  ${results.length}/${jobs.length} cases, ${failures.length} failures, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
        }
        if (next >= jobs.length) {
          child.disconnect();
          return;
        }
        current = jobs[next++]!;
        const job = current;
        timer = setTimeout(() => {
          (job as Job & { hung?: boolean }).hung = true;
          failures.push({ job, what: 'hang', kind: '?', detail: `no answer in ${o.timeout} ms` });
          process.stderr.write(`  hang ${job.lang}:${job.index}: no answer in ${o.timeout} ms\n`);
          child.kill('SIGKILL');
        }, o.timeout);
        child.send(job);
      };
      start();
    });

  await Promise.all(Array.from({ length: o.workers }, worker));
  const wall = (Date.now() - t0) / 1000;
  report(o, jobs, results, failures, wall);
  return failures.length === 0 ? 0 : 1;
}

function report(o: Options, jobs: Job[], results: JobResult[], failures: Failure[], wall: number): void {
  const byLang = (l: string) => results.filter((r) => (r.lang === 'special' ? r.kind.split(':')[0] : r.lang) === l).length;
  const crashes = failures.filter((f) => f.what === 'crash');
  const hangs = failures.filter((f) => f.what === 'hang');
  const props = failures.filter((f) => f.what === 'property');
  console.log(`\nexit-lens fuzz: seed ${o.seed}, ${jobs.length} cases (${o.specials ? specialCases().length + ' fixed pathological + ' : ''}${o.cases} generated), ${o.workers} worker(s), timeout ${o.timeout} ms`);
  console.log(`  completed ${results.length}: python ${byLang('python')}, js/ts ${byLang('js')}${byLang('ts') ? `, ts ${byLang('ts')}` : ''}; rejected by the CLI's decoding (binary, over the size limit): ${results.filter((r) => r.rejected).length}`);
  console.log(`  crashes ${crashes.length}, hangs ${hangs.length}, property failures ${props.length}`);
  const degraded = new Map<string, number>();
  for (const r of results) if (r.degraded) degraded.set(r.degraded.replace(/\d+/g, 'N'), (degraded.get(r.degraded.replace(/\d+/g, 'N')) ?? 0) + 1);
  for (const [why, n] of degraded) console.log(`  degraded by design (plan incomplete): ${n} × "${why}"`);
  console.log(`  wall ${wall.toFixed(0)} s; analysis time per case: median ${fmt(quantile(results.map((r) => r.analyzeMs), 0.5))} ms, p99 ${fmt(quantile(results.map((r) => r.analyzeMs), 0.99))} ms, max ${fmt(Math.max(0, ...results.map((r) => r.analyzeMs)))} ms`);
  // Per generator family.
  const fam = new Map<string, JobResult[]>();
  for (const r of results) {
    const k = r.kind.replace(/^(\w+:(?:nest|encoding)):.*/, '$1');
    (fam.get(k) ?? fam.set(k, []).get(k)!).push(r);
  }
  console.log('\n  family                  cases   median ms   p99 ms    max ms   max size');
  for (const [k, rs] of [...fam].sort()) {
    const ms = rs.map((r) => r.totalMs);
    console.log(`  ${k.padEnd(22)} ${String(rs.length).padStart(6)} ${fmt(quantile(ms, 0.5)).padStart(11)} ${fmt(quantile(ms, 0.99)).padStart(8)} ${fmt(Math.max(...ms)).padStart(9)} ${String(Math.max(...rs.map((r) => r.size))).padStart(10)}`);
  }
  const slow = [...results].sort((a, b) => b.totalMs - a.totalMs).slice(0, 8);
  console.log('\n  slowest cases:');
  for (const r of slow) console.log(`    ${fmt(r.totalMs).padStart(8)} ms  ${r.lang}:${r.index} ${r.kind} (${r.size} chars)`);
  if (failures.length > 0) {
    mkdirSync(o.out, { recursive: true });
    console.log(`\n  failures (inputs in ${o.out}; replay one with --seed ${o.seed} --replay LANG:INDEX):`);
    const arbs = new Map<string, fc.Arbitrary<FuzzCase>>();
    for (const f of failures.slice(0, 50)) {
      let name = `${f.job.lang}-${f.job.index}`;
      try {
        const c = caseOf(f.job, arbs);
        name += `-${c.file.replace(/[\\/]/g, '_')}`;
        writeFileSync(join(o.out, name), c.bytes ?? c.text);
      } catch {
        // the case itself cannot be rebuilt here: the report still names it
      }
      console.log(`    ${f.what} ${f.job.lang}:${f.job.index} ${f.kind}: ${f.detail.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
    }
  }
}

// ---------------------------------------------------------------- replay one case in this process

async function replay(o: Options): Promise<number> {
  const [lang, index] = o.replay!.split(':');
  const job: Job = { lang: lang as Job['lang'], index: Number(index), seed: o.seed, maxDepth: o.maxDepth };
  const c = caseOf(job, new Map());
  const a = await analyzer();
  const res = checkCase(a, c, { strictPositions: true });
  console.log(`${c.kind} ${c.file} (${c.bytes ? c.bytes.length + ' bytes' : c.text.length + ' chars'}): ${fmt(res.totalMs)} ms`);
  for (const p of res.problems) console.log('  ' + p);
  return res.problems.length ? 1 : 0;
}

// ---------------------------------------------------------------- time vs size

/**
 * Each pathological generator at 1×/2×/4×/8× of a base size, rounds alternating sizes, medians of
 * the analysis time; the per-character time at 8× over 1× shows whether growth is linear.
 */
async function scaling(): Promise<number> {
  const a = await analyzer();
  const { memoryHost } = await import('../server/src/core/host');
  type Gen = { name: string; file: string; make: (k: number) => string };
  const gens: Gen[] = [
    { name: 'py parens 1250·k', file: 'deep.py', make: (k) => PY_NESTS.parens!(1250 * k) },
    { name: 'py nested calls 1250·k', file: 'deep.py', make: (k) => PY_NESTS.calls!(1250 * k) },
    { name: 'py exit calls 1250·k', file: 'deep.py', make: (k) => PY_NESTS.exitCalls!(1250 * k) },
    { name: 'py attributes 1250·k', file: 'deep.py', make: (k) => PY_NESTS.attributes!(1250 * k) },
    { name: 'py binops 1250·k', file: 'deep.py', make: (k) => PY_NESTS.binops!(1250 * k) },
    { name: 'py called defs 100·k', file: 'deep.py', make: (k) => PY_NESTS.calledDefs!(100 * k) },
    { name: 'py file 256 KB·k', file: 'big.py', make: (k) => bigFile('python', 256 * 1024 * k).text },
    { name: 'js parens 1250·k', file: 'deep.ts', make: (k) => JS_NESTS.parens!(1250 * k) },
    { name: 'js blocks 1250·k', file: 'deep.ts', make: (k) => JS_NESTS.blocks!(1250 * k) },
    { name: 'js nested calls 1250·k', file: 'deep.ts', make: (k) => JS_NESTS.calls!(1250 * k) },
    { name: 'js on() calls 1250·k', file: 'deep.ts', make: (k) => JS_NESTS.onCalls!(1250 * k) },
    { name: 'js binops 1250·k', file: 'deep.ts', make: (k) => JS_NESTS.binops!(1250 * k) },
    { name: 'js called fns 100·k', file: 'deep.ts', make: (k) => JS_NESTS.calledFns!(100 * k) },
    { name: 'js file 256 KB·k', file: 'big.js', make: (k) => bigFile('js', 256 * 1024 * k).text },
    { name: 'minified bundle 384 KB·k', file: 'bundle.min.js', make: (k) => minifiedBundle().slice(0, 384 * 1024 * k) },
  ];
  const ks = [1, 2, 4, 8];
  const ROUNDS = 5;
  console.log('time vs size: median of 5 rounds (sizes alternate within a round), analysis only');
  console.log('generator                     ' + ks.map((k) => `${k}× ms`.padStart(10)).join('') + '   ns/char 1×   ns/char 8×   ratio');
  let worst = 0;
  for (const g of gens) {
    const texts = ks.map((k) => g.make(k));
    const times: number[][] = ks.map(() => []);
    let serial = 0;
    const once = (source: string) => {
      // A fresh comment each time: the front ends cache parses by text, and a hit would time nothing.
      const t = `${source}\n${g.file.endsWith('.py') ? '#' : '//'} ${serial++}\n`;
      const t0 = performance.now();
      const m = a.analyze(g.file, t, memoryHost({ [g.file]: t }));
      const ms = performance.now() - t0;
      m.dispose();
      return ms;
    };
    once(texts[0]!); // warm up
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ks.map((_, i) => i) : ks.map((_, i) => ks.length - 1 - i);
      for (const i of order) times[i]!.push(once(texts[i]!));
    }
    const med = times.map((t) => quantile(t, 0.5));
    const per = med.map((m, i) => (m * 1e6) / texts[i]!.length);
    const ratio = per[per.length - 1]! / per[0]!;
    worst = Math.max(worst, ratio);
    console.log(`${g.name.padEnd(30)}${med.map((m) => fmt(m).padStart(10)).join('')}${per[0]!.toFixed(0).padStart(13)}${per[per.length - 1]!.toFixed(0).padStart(13)}${ratio.toFixed(2).padStart(8)}`);
  }
  console.log(`worst per-char ratio 8×/1×: ${worst.toFixed(2)} (1 = linear; 8 would be quadratic)`);
  return 0;
}

async function main(): Promise<void> {
  let o: Options;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`fuzz: ${(e as Error).message}`);
    process.exit(2);
  }
  const code = o.scaling ? await scaling() : o.replay ? await replay(o) : await run(o);
  process.exit(code);
}

void main();
