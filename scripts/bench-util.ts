// Shared pieces of the benchmark (scripts/bench.ts): statistics, running one measurement in its
// own child process with wall time / CPU time / peak RSS, and the synthetic files of the scaling
// and language-server sections.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Nearest-rank percentile (p in 0..100) of a sample. */
export const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** Least-squares slope of log(y) against log(x): time ∝ size^exponent. */
export function fitExponent(xs: number[], ys: number[]): number {
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i]! - mx) * (ly[i]! - my);
    den += (lx[i]! - mx) ** 2;
  }
  return num / den;
}

export interface Measured {
  /** Wall seconds of the whole child process (start-up and module loading included). */
  wall: number;
  /** User + system CPU seconds of the child and everything it waited for. */
  cpu: number;
  /** Peak resident set of the largest process of the child's tree, MB (getrusage ru_maxrss). */
  rssMb: number;
  status: number;
  stdout: string;
  stderr: string;
}

// The timing wrapper: wall clock around the child, then getrusage(RUSAGE_CHILDREN) for the peak
// RSS (the largest single process among the waited-for descendants, as /usr/bin/time reports it)
// and the CPU time. Python is already required by the Python corpus, so it costs no new tool.
const WRAPPER = `
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], 'w').write(json.dumps({'wall': wall, 'cpu': r.ru_utime + r.ru_stime, 'rssKb': r.ru_maxrss, 'status': rc}))
`;

export const PYTHON_FOR_TIMING = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Runs argv in a child process of its own (stdout/stderr captured through files), timed. */
export function measure(argv: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-bench-run-'));
  try {
    const out = openSync(join(dir, 'out'), 'w');
    const err = openSync(join(dir, 'err'), 'w');
    const r = spawnSync(PYTHON_FOR_TIMING, ['-c', WRAPPER, join(dir, 'm.json'), ...argv], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', out, err],
      timeout: opts.timeoutMs ?? 45 * 60_000,
      killSignal: 'SIGKILL',
    });
    closeSync(out);
    closeSync(err);
    const stdout = readFileSync(join(dir, 'out'), 'utf8');
    const stderr = readFileSync(join(dir, 'err'), 'utf8');
    if (r.error || !existsSync(join(dir, 'm.json'))) {
      throw new Error(`${argv.slice(0, 3).join(' ')} ...: ${r.error?.message ?? `timing wrapper failed (${r.status})`}\n${stderr.slice(-2000)}`);
    }
    const m = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')) as { wall: number; cpu: number; rssKb: number; status: number };
    return { wall: m.wall, cpu: m.cpu, rssMb: m.rssKb / 1024, status: m.status, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Synthetic sources of a given length (scaling and language-server latency) -----------------
// Ordinary code with an exit-handler registration every ~250 lines, so the fast scan cannot skip
// the file and the plan grows with the file, as in a large real module.

function pyBlock(i: number): string {
  return `

class Worker${i}:
    """A worker with a little state."""

    def __init__(self, name, size=${i % 17}):
        self.name = name
        self.items = [n * ${i % 7 + 1} for n in range(size)]
        self.closed = False

    def process(self, data):
        total = 0
        for k, v in enumerate(data):
            if v is None:
                continue
            elif isinstance(v, str):
                total += len(v) + k
            else:
                total += v * ${i % 5 + 1}
        return total

    def close(self):
        if not self.closed:
            self.closed = True
            print("closing", self.name)


def helper_${i}(path, retries=3):
    result = {}
    for attempt in range(retries):
        try:
            with open(path) as fh:
                result[attempt] = fh.read()[:${i % 50 + 10}]
            break
        except OSError as exc:
            result[attempt] = str(exc)
    return result


def cleanup_${i}():
    Worker${i}("w${i}").close()
`;
}

function jsBlock(i: number): string {
  return `

class Worker${i} {
  constructor(name, size = ${i % 17}) {
    this.name = name;
    this.items = Array.from({ length: size }, (_, n) => n * ${i % 7 + 1});
    this.closed = false;
  }

  process(data) {
    let total = 0;
    for (const [k, v] of data.entries()) {
      if (v == null) continue;
      else if (typeof v === 'string') total += v.length + k;
      else total += v * ${i % 5 + 1};
    }
    return total;
  }

  close() {
    if (!this.closed) {
      this.closed = true;
      console.log('closing', this.name);
    }
  }
}

function helper${i}(path, retries = 3) {
  const result = {};
  for (let attempt = 0; attempt < retries; attempt++) {
    try {
      result[attempt] = require('fs').readFileSync(path, 'utf8').slice(0, ${i % 50 + 10});
      break;
    } catch (err) {
      result[attempt] = String(err);
    }
  }
  return result;
}

function cleanup${i}() {
  new Worker${i}('w${i}').close();
}
`;
}

/** A Python or JavaScript module of about `lines` lines (exactly, padded with comments). */
export function syntheticSource(language: 'python' | 'javascript', lines: number): string {
  const py = language === 'python';
  const head = py ? 'import atexit\nimport signal\nimport sys\n' : "'use strict';\nconst process = require('process');\n";
  const parts: string[] = [head];
  let n = head.split('\n').length - 1;
  for (let i = 0; ; i++) {
    let b = py ? pyBlock(i) : jsBlock(i);
    if (i % 5 === 0) {
      b += py
        ? i % 10 === 0
          ? `\natexit.register(cleanup_${i})\n`
          : `\nsignal.signal(signal.SIGTERM, lambda signum, frame: cleanup_${i}())\n`
        : i % 10 === 0
          ? `\nprocess.on('exit', () => cleanup${i}());\n`
          : `\nprocess.once('SIGTERM', () => { cleanup${i}(); process.exit(0); });\n`;
    }
    const bl = b.split('\n').length - 1;
    if (n + bl > lines - 2) break;
    parts.push(b);
    n += bl;
  }
  const tail = py ? '\nif __name__ == "__main__":\n' : '\nif (require.main === module) {\n';
  parts.push(tail);
  n += 2;
  const end = py ? '    sys.exit(0)\n' : '  process.exitCode = 0;\n}\n';
  while (n < lines - end.split('\n').length + 1) {
    parts.push(py ? '    # padding\n' : '  // padding\n');
    n++;
  }
  parts.push(end);
  return parts.join('');
}
