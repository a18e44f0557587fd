// Driver of the Python oracle: runs one program under harness.py in one scenario and returns what
// the runtime did (the handler log, stdout/stderr, how the process ended). For signal scenarios it
// sends the signal once the program printed its ready line, and SIGKILLs a process that is still
// running after a grace period (a handler that does not end the program), recording that.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// tsx runs the tests as CommonJS (__dirname); keep working if they ever run as ESM.
const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
export const HARNESS = join(here, 'harness.py');
/** The token harness.py prints before it blocks for an injected signal. */
export const HARNESS_READY = 'EXIT-LENS-READY';

export type PyScenario = 'normal' | 'exit' | 'error' | 'sigint' | 'sigterm' | 'hard-exit';

/** One line of the harness log. */
export interface HarnessEvent {
  event: 'start' | 'register' | 'unregister' | 'run' | 'not-started' | 'top-level-done';
  phase: 'top-level' | 'ending';
  file?: string | null;
  line?: number | null;
  column?: number | null;
  mechanism?: string;
  name?: string;
  signal?: string;
  internal?: boolean;
  removed?: number;
}

export interface RunOptions {
  /** `injected`: the harness applies the ending; `self`: the program ends that way by itself. */
  mode: 'injected' | 'self';
  /** Directory whose files are user code (default: the program's directory). */
  root?: string;
  /** For signal scenarios in self mode: a regex the program's ready line matches. */
  ready?: RegExp;
  /** Run without the harness (to check that the instrumentation changes nothing). */
  plain?: boolean;
  /** Grace period after the signal before SIGKILL, ms. */
  graceMs?: number;
  timeoutMs?: number;
}

export interface RunResult {
  program: string;
  scenario: PyScenario;
  mode: 'injected' | 'self';
  events: HarnessEvent[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The signal was sent (signal scenarios). */
  signalSent: boolean;
  /** The process was asleep in a system call when the signal was sent (undefined: no /proc). */
  blockedWhenSignalled?: boolean;
  /** What /proc said of a process still running after the grace period, just before SIGKILL. */
  atKill?: string;
  /** Still running after the signal's grace period (or the timeout): killed with SIGKILL. */
  killed: boolean;
  timedOut: boolean;
  ms: number;
}

let pythonPath: string | undefined;
/** The real interpreter behind `python3` (skips version-manager shims: faster, one pid). */
export function python(): string {
  if (pythonPath === undefined) {
    const r = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' });
    pythonPath = r.status === 0 && r.stdout.trim() ? r.stdout.trim() : 'python3';
  }
  return pythonPath;
}

export function runProgram(program: string, scenario: PyScenario, opts: RunOptions): Promise<RunResult> {
  const work = mkdtempSync(join(tmpdir(), 'exit-lens-py-'));
  const log = join(work, 'handlers.log');
  const cwd = join(work, 'cwd'); // programs write app.log, example.db...: keep them out of the repo
  const signalScenario = scenario === 'sigint' || scenario === 'sigterm';
  const injected = opts.mode === 'injected' && !opts.plain;
  const ready = injected ? new RegExp(`^${HARNESS_READY}$`, 'm') : (opts.ready ?? /READY/);
  const args = opts.plain
    ? ['-u', program]
    : [
        '-u', HARNESS, '--log', log, '--scenario', opts.mode === 'self' ? 'self' : scenario,
        ...(opts.root ? ['--root', opts.root] : []), '--ready', HARNESS_READY, '--', program,
      ];
  mkdirSync(cwd);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(python(), args, {
      cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', PYTHONPATH: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalReady = false;
    let signalSent = false;
    let blockedWhenSignalled: boolean | undefined;
    let atKill: string | undefined;
    let killed = false;
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    timers.push(setTimeout(() => { timedOut = true; kill(); }, opts.timeoutMs ?? 20_000));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      // Only complete lines: with -u, print() writes the text and the newline separately, and a
      // signal sent in between runs the handler in the middle of that print.
      if (signalScenario && !signalReady && ready.test(stdout.slice(0, stdout.lastIndexOf('\n') + 1))) {
        signalReady = true;
        void whenBlocked(child.pid!, BLOCK_WAIT_MS).then((blocked) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          blockedWhenSignalled = blocked;
          signalSent = true;
          child.kill(scenario === 'sigint' ? 'SIGINT' : 'SIGTERM');
          timers.push(setTimeout(() => { atKill = procSnapshot(child.pid!); kill(); }, opts.graceMs ?? 2_000));
        });
      }
    });
    child.stderr.on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (exitCode, sig) => {
      for (const t of timers) clearTimeout(t);
      let events: HarnessEvent[] = [];
      try {
        events = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HarnessEvent);
      } catch {
        // plain runs write no log; a harness that died before logging leaves none either
      }
      rmSync(work, { recursive: true, force: true });
      resolve({
        program, scenario, mode: opts.mode, events, stdout, stderr, exitCode, signal: sig,
        signalSent, blockedWhenSignalled, atKill, killed, timedOut, ms: Date.now() - started,
      });
    });
  });
}

// signal.pause() cannot see a signal that lands after the program printed its ready line but
// before the call blocks: the C-level handler runs, Python defers the Python-level one to its
// next check, and pause() then waits for another signal that never comes. So the signal goes
// out once the process sleeps in a system call; Python's other blocking calls (sleep, select,
// read) run pending handlers when interrupted, so any sleep is a safe moment.
const BLOCK_WAIT_MS = 2_000;

/** The state letter of /proc/PID/stat (R running, S asleep in a system call...), or undefined. */
function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2];
  } catch {
    return undefined;
  }
}

/**
 * Resolves once the process (its main thread: /proc/PID/stat is the thread-group leader) is
 * asleep: true, or false after maxMs without it; undefined where there is no /proc.
 */
function whenBlocked(pid: number, maxMs: number): Promise<boolean | undefined> {
  const until = Date.now() + maxMs;
  return new Promise((resolve) => {
    const poll = () => {
      const state = procState(pid);
      if (state === undefined) resolve(undefined);
      else if (state === 'S') resolve(true);
      else if (state === 'Z' || state === 'X' || Date.now() >= until) resolve(false);
      else setTimeout(poll, 1);
    };
    poll();
  });
}

/** State, kernel wait channel and signal masks of a stuck process, for the failure message. */
function procSnapshot(pid: number): string | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const fields = status.split('\n').filter((l) => /^(State|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|Threads):/.test(l));
    let wchan = '';
    try { wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8'); } catch { /* not readable here */ }
    return [...fields.map((l) => l.replace(/\s+/g, ' ')), ...(wchan ? [`wchan: ${wchan}`] : [])].join(', ');
  } catch {
    return undefined;
  }
}

/** The handlers whose body ran, in order, that belong to the comparison (user registrations). */
export function ranHandlers(events: HarnessEvent[]): HarnessEvent[] {
  return events.filter((e) => e.event === 'run' && !e.internal && e.file && e.line);
}

/** The ready line of the harness itself, removed to compare stdout with a plain run. */
export function stripHarnessOutput(stdout: string): string {
  return stdout.replace(new RegExp(`^${HARNESS_READY}\\n`, 'm'), '');
}
