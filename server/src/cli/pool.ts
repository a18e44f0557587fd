// Worker threads for `exit-lens check` over folders: each worker creates its own analyzer (its own
// wasm instance and tree cache), takes files in chunks as it becomes free, and sends back plain
// results; the caller merges them in file order, so the output is the same as with one thread.
//
// The worker is the bundle dist/check-worker.js (scripts/build.mjs), next to dist/cli.js; this
// module is its entry too (it starts `workerMain` when loaded as a check worker).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createAnalyzer, type Analyzer } from '../core/analyze';
import { runRules, type CheckConfig } from '../core/check';
import type { Diagnostic } from '../core/diagnostics';
import type { AnalyzeOptions, SourceHost } from '../core/host';
import { setJsCacheLimits } from '../core/js';
import { parseErrorLabel } from '../core/model';
import { diskHost, loadWasm } from '../host/node';
import { hashMemo, recordingHost, type Deps } from './cache';

/** One file to analyze as an entry. */
export interface CheckTask {
  file: string;
  text: string;
  options: AnalyzeOptions;
  config: CheckConfig;
  /** Record what the analysis reads (`check --cache`): the result then carries `deps`. */
  record?: boolean;
}

/** What `check` keeps of one analysis: the syntax-error lines for stderr and the diagnostics. */
export interface CheckResult {
  file: string;
  parseErrors: string[];
  diagnostics: Diagnostic[];
  /** The analysis or a rule failed on this file (an internal error): it is named and skipped. */
  error?: string;
  /** With `record`: every path the analysis and the rules read, with the hash of its text. */
  deps?: Deps;
}

/**
 * The analysis of one entry file, shared by the in-process path and the workers. Never throws.
 * `hashOf` (one per run) hashes what a recording task read.
 */
export function checkOne(analyzer: Analyzer, task: CheckTask, base: SourceHost, hashOf?: (path: string) => string | null): CheckResult {
  const recorder = task.record && hashOf ? recordingHost(base, hashOf) : undefined;
  const result = analyzeEntry(analyzer, task, recorder?.host ?? base);
  if (recorder) result.deps = recorder.deps();
  return result;
}

function analyzeEntry(analyzer: Analyzer, task: CheckTask, host: SourceHost): CheckResult {
  const { file, text } = task;
  const parseErrors: string[] = [];
  let model;
  try {
    model = analyzer.analyze(file, text, host, task.options);
  } catch (e) {
    return { file, parseErrors, diagnostics: [], error: String((e as Error)?.message ?? e) };
  }
  try {
    for (const e of model.parseErrors) {
      if (e.location.file !== file) continue;
      const { label, suffix } = parseErrorLabel(e, 'checked the code that parsed');
      parseErrors.push(`${e.location.file}:${e.location.range.start.line}:${e.location.range.start.column}: ${label}: ${e.message}${suffix}\n`);
    }
    const diagnostics = runRules(model, (f) => (f === file ? text : host.readFile(f)), task.config);
    return { file, parseErrors, diagnostics };
  } catch (e) {
    return { file, parseErrors, diagnostics: [], error: String((e as Error)?.message ?? e) };
  } finally {
    model.dispose();
  }
}

/**
 * Reads through `base` once per path for the whole run, misses included: every entry re-resolves
 * the same imports, and each resolution probes up to 17 candidate paths, most of them missing (a
 * failed stat and an error object each). A `check` run reads one snapshot of the files.
 */
export function memoHost(base: SourceHost): SourceHost {
  const seen = new Map<string, string | undefined>();
  return {
    readFile(p) {
      if (seen.has(p)) return seen.get(p);
      const t = base.readFile(p);
      seen.set(p, t);
      return t;
    },
  };
}

/**
 * A `check` run is short-lived and re-imports the same modules entry after entry: the tree cache
 * must hold a whole import closure (webpack/lib's is 542 modules, over the default 512 entries, so
 * an LRU re-parsed all of it for every entry). ASTs take ~10-20x their text: at most ~0.5 GB.
 */
export function widenTreeCacheForCheck(): void {
  setJsCacheLimits({ entries: 8192, chars: 32 * 1024 * 1024 });
}

const WORKER_FILE = 'check-worker.js';
const WORKER_TAG = 'exit-lens-check-worker';

/** The worker bundle next to this bundle, or undefined (running from sources: no pool). */
export function workerScript(dir: string = __dirname): string | undefined {
  const p = join(dir, WORKER_FILE);
  return existsSync(p) ? p : undefined;
}

type ToWorker = { chunk: number; tasks: CheckTask[] } | { done: true };
type FromWorker = { ready: true } | { chunk: number; results: CheckResult[] } | { chunk: number; error: string };

/**
 * Analyzes `tasks` on `jobs` worker threads; results come back in the order of `tasks`.
 * Rejects when a worker fails (the caller reports it as an internal error).
 */
export async function runPool(tasks: CheckTask[], jobs: number, script: string, chunkSize = chunkSizeFor(tasks.length, jobs)): Promise<CheckResult[]> {
  const results: CheckResult[][] = [];
  const chunks: CheckTask[][] = [];
  for (let i = 0; i < tasks.length; i += chunkSize) chunks.push(tasks.slice(i, i + chunkSize));
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let pending = chunks.length;
      if (pending === 0) return resolveAll();
      let failed = false;
      const fail = (e: Error) => {
        if (failed) return;
        failed = true;
        rejectAll(e);
      };
      const feed = (w: Worker) => {
        if (next < chunks.length) {
          const chunk = next++;
          w.postMessage({ chunk, tasks: chunks[chunk]! } satisfies ToWorker);
        } else w.postMessage({ done: true } satisfies ToWorker);
      };
      for (let i = 0; i < Math.min(jobs, chunks.length); i++) {
        const w = new Worker(script, { workerData: { tag: WORKER_TAG } });
        workers.push(w);
        w.on('message', (m: FromWorker) => {
          if ('ready' in m) return feed(w);
          if ('error' in m) return fail(new Error(m.error));
          results[m.chunk] = m.results;
          if (--pending === 0) resolveAll();
          else feed(w);
        });
        w.on('error', fail);
        w.on('exit', (code) => {
          if (code !== 0 && pending > 0) fail(new Error(`a check worker exited with code ${code}`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}

/** Small chunks balance the load (files differ a lot in cost); each message costs a little. */
function chunkSizeFor(n: number, jobs: number): number {
  return Math.max(1, Math.min(16, Math.ceil(n / (jobs * 8))));
}

/** The worker side: one analyzer, then chunks until told it is done. */
export async function workerMain(): Promise<void> {
  const port = parentPort!;
  const analyzer = await createAnalyzer(loadWasm());
  widenTreeCacheForCheck();
  const host = memoHost(diskHost());
  const hashOf = hashMemo(host);
  port.on('message', (m: ToWorker) => {
    if ('done' in m) {
      port.close();
      return;
    }
    try {
      port.postMessage({ chunk: m.chunk, results: m.tasks.map((t) => checkOne(analyzer, t, host, hashOf)) } satisfies FromWorker);
    } catch (e) {
      port.postMessage({ chunk: m.chunk, error: `internal error: ${(e as Error)?.message ?? String(e)}` } satisfies FromWorker);
    }
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}

if (!isMainThread && (workerData as { tag?: string } | undefined)?.tag === WORKER_TAG) void workerMain();
