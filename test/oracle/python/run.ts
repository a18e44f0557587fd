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
    let signalSent = false;
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
      if (signalScenario && !signalSent && ready.test(stdout.slice(0, stdout.lastIndexOf('\n') + 1))) {
        signalSent = true;
        child.kill(scenario === 'sigint' ? 'SIGINT' : 'SIGTERM');
        timers.push(setTimeout(kill, opts.graceMs ?? 2_000));
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
        signalSent, killed, timedOut, ms: Date.now() - started,
      });
    });
  });
}

/** The handlers whose body ran, in order, that belong to the comparison (user registrations). */
export function ranHandlers(events: HarnessEvent[]): HarnessEvent[] {
  return events.filter((e) => e.event === 'run' && !e.internal && e.file && e.line);
}

/** The ready line of the harness itself, removed to compare stdout with a plain run. */
export function stripHarnessOutput(stdout: string): string {
  return stdout.replace(new RegExp(`^${HARNESS_READY}\\n`, 'm'), '');
}
