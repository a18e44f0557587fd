// The workspace index in a worker thread. Analyzing thousands of workspace programs grows the
// heap and tree-sitter's WASM memory, and WASM memory never shrinks: in the server's own thread
// that high-water mark would stay for the editor's whole session. The worker has its own
// analyzer; when the index is done it is ended and its memory goes with it. It sends back only
// what the index keeps (entry → files defining the handlers it registers), and waits while the
// editor's own analyses are queued. The server bundle starts itself as the worker (main.ts).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { existsSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { createAnalyzer } from '../core/analyze';
import { FastScan } from '../core/scan';
import { loadWasm } from '../host/node';
import { setCodeCacheDir, writePendingCodeCache } from './codeCache';
import { analyzeOptionsOf, Configs } from './rules';
import { fullGc } from './server';
import { indexCandidate, programOf, WorkspaceFiles } from './workspace';

/** Programs between two full collections: without them the worker's heap grows into the garbage of hundreds of analyses. */
const GC_EVERY = 10;

export interface IndexJob {
  exitLensIndex: true;
  files: string[];
  maxFileSize: number;
  /** Files larger than this are not analyzed (only when opened). */
  maxChars: number;
  maxPrograms: number;
  debugMemory: boolean;
  /** The client's folder for V8 code caches, if it named one (lsp/codeCache.ts). */
  codeCacheDir?: string;
}

export type IndexMessage =
  | { type: 'program'; entry: string; handlerFiles: string[] }
  | { type: 'log'; message: string }
  | { type: 'done'; analyzed: number; skipped: number; tooLarge: number; limited: boolean };

/** True in a thread started by `startIndexWorker`. */
export function isIndexWorker(): boolean {
  return !isMainThread && !!(workerData as Partial<IndexJob> | undefined)?.exitLensIndex;
}

/** Starts `bundle` (the server's own file) as an index worker for `job`. */
export function startIndexWorker(bundle: string, job: Omit<IndexJob, 'exitLensIndex'>): Worker {
  // stdout/stderr of the worker must not reach the protocol stream on stdio.
  return new Worker(bundle, { workerData: { ...job, exitLensIndex: true } satisfies IndexJob, stdout: true, stderr: true, argv: [] });
}

/** The worker's side: analyze the job's files one per turn, pausing while the server says so. */
export async function runIndexWorker(): Promise<void> {
  const job = workerData as IndexJob;
  const port = parentPort!;
  let paused = false;
  port.on('message', (m: { type?: string; paused?: boolean }) => {
    if (m?.type === 'pause') paused = !!m.paused;
  });
  const send = (m: IndexMessage) => port.postMessage(m);
  lowerThreadPriority();
  setCodeCacheDir(job.codeCacheDir, (message) => send({ type: 'log', message }));
  const analyzer = await createAnalyzer(loadWasm());
  const files = new WorkspaceFiles({ textOf: () => undefined }, job.maxFileSize);
  const configs = new Configs(files.host);
  const scan = new FastScan({ readFile: (p) => files.host.readFile(p), exists: (p) => existsSync(p) });
  let analyzed = 0;
  let skipped = 0;
  let tooLarge = 0;
  let limited = false;
  for (const file of job.files) {
    if (analyzed >= job.maxPrograms) {
      limited = true;
      break;
    }
    await new Promise((r) => setImmediate(r));
    while (paused) await new Promise((r) => setTimeout(r, 50));
    const candidate = indexCandidate(files.host, scan, file, job.maxChars);
    if (candidate === 'too-large') tooLarge++;
    if (candidate === 'skipped') skipped++;
    if (typeof candidate === 'string') continue;
    const { text } = candidate;
    const t0 = Date.now();
    let model;
    try {
      model = analyzer.analyze(file, text, files.host, analyzeOptionsOf(configs.of(file)));
    } catch (e) {
      send({ type: 'log', message: `${file}: background analysis failed: ${(e as Error)?.message ?? String(e)}` });
      continue;
    }
    const took = Date.now() - t0;
    if (took > 1000) send({ type: 'log', message: `index: ${file} took ${took} ms to analyze in the background` });
    // The worker loads TypeScript too: its code cache is written after its first analysis.
    writePendingCodeCache();
    try {
      analyzed++;
      send({ type: 'program', ...programOf(file, model) });
    } finally {
      model.dispose();
    }
    if (analyzed % GC_EVERY === 0) fullGc?.();
    if (job.debugMemory && analyzed % 25 === 0) {
      const m = process.memoryUsage();
      send({ type: 'log', message: `index worker: ${analyzed} analyzed, ${skipped} skipped; heap ${m.heapUsed >> 20}/${m.heapTotal >> 20} external ${m.external >> 20} last ${file}` });
    }
  }
  send({ type: 'done', analyzed, skipped, tooLarge, limited });
}

/**
 * The index is background work: on Linux, where the nice value belongs to a thread, the worker
 * lowers its own, so on a busy machine the editor's analyses (and the editor) get the cores first.
 * Elsewhere, or if the system says no, it runs at the server's priority.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, 19);
  } catch {
    // not Linux, or not allowed
  }
}
