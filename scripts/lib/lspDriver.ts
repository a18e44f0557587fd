// A reusable stdio LSP client for measuring the Exit Lens language server (scripts/soak.ts,
// scripts/bench*.ts). It spawns the built server (dist/server.js --stdio), plays the editor's side
// (initialize, workspace/configuration, refresh requests), sends documents and incremental edits,
// and times what comes back. No test framework, no assertions: callers decide what to check.
//
// API
//   const d = await LspDriver.start({ workspaceFolders?, settings?, serverPath?, env?, cwd?, nodeArgs? })
//       Spawns and initializes. d.pid, d.spawnedAt / d.initializedAt (performance.now() ms).
//       `settings` answers workspace/configuration for section "exitLens" (an object, or a function of the scope URI).
//   const { uri, version } = await d.open(path, text, languageId?)        textDocument/didOpen (version 1)
//   const version = await d.change(uri, [{ range?, text }])              incremental didChange (no range = whole text)
//   const version = await d.insert(uri, line, character, text)           a one-range insertion
//   await d.close(uri)
//   d.text(uri) / d.version(uri)                                         the client's copy after the edits
//   const p = await d.waitForDiagnostics(uri, version?, timeoutMs?)       resolves with { params, at } once diagnostics
//       for that version (any, when omitted) arrive; already received ones count. `at` = performance.now() on receipt.
//   const { version, ms, diagnostics } = await d.editAndWait(uri, range, text)   one edit → its diagnostics, timed
//   const { result, ms } = await d.request(method, params)                any request, timed
//   d.hover(uri, line, character) / d.codeLens(uri) / d.codeActions(uri, range, diagnostics?)   timed requests
//   d.rss() → { rssBytes, hwmBytes }                                      of the server process (/proc/PID/status)
//   d.cpuMs() → user+system CPU milliseconds the server has used (/proc/PID/stat; 10 ms ticks): a
//       figure that, unlike wall-clock latency, does not grow with other load on a shared machine
//   d.logs / d.stderr / d.published                                       window/logMessage lines, stderr, every publish
//   await d.stop()                                                        shutdown + exit (kills after 3 s)
//   percentiles(samples, [50, 95, 99]) → { p50, p95, p99 }; summarize(samples) adds min/max/mean/n
//   rssOf(pid) → { rssBytes, hwmBytes } for any Linux process
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const REPO_ROOT = join(__dirname, '..', '..');

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface ContentChange {
  range?: Range;
  text: string;
}
export interface LspDiagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
export interface PublishDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}
export interface Received {
  params: PublishDiagnostics;
  /** performance.now() when the notification arrived. */
  at: number;
}

export interface DriverOptions {
  /** The server bundle (default: dist/server.js of this repository). */
  serverPath?: string;
  /** Extra arguments to node before the bundle (e.g. --max-old-space-size=...). */
  nodeArgs?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  workspaceFolders?: string[];
  /** Answer to workspace/configuration for section "exitLens". */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  /** Sent as the initialize request's initializationOptions (e.g. `{ codeCacheDir }`). */
  initializationOptions?: unknown;
}

export const uriOf = (path: string) => pathToFileURL(path).href;

export function languageIdOf(path: string): string {
  if (/\.(pyw?|pyi)$/.test(path)) return 'python';
  if (/\.tsx$/.test(path)) return 'typescriptreact';
  if (/\.[mc]?ts$/.test(path)) return 'typescript';
  if (/\.jsx$/.test(path)) return 'javascriptreact';
  return 'javascript';
}

/** VmRSS and VmHWM of a Linux process, in bytes (0 when unreadable). */
export function rssOf(pid: number): { rssBytes: number; hwmBytes: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)\\s+kB`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
  } catch {
    return { rssBytes: 0, hwmBytes: 0 };
  }
}

/** User+system CPU time of a Linux process in ms (clock ticks of 10 ms); NaN when unreadable. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Nearest-rank percentiles of `samples` (ms). */
export function percentiles(samples: number[], ps: number[] = [50, 95, 99]): Record<string, number> {
  const s = [...samples].sort((a, b) => a - b);
  const out: Record<string, number> = {};
  for (const p of ps) out[`p${p}`] = s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
  return out;
}

export function summarize(samples: number[]): Record<string, number> {
  const n = samples.length;
  return { n, ...percentiles(samples), min: n ? Math.min(...samples) : NaN, max: n ? Math.max(...samples) : NaN, mean: n ? samples.reduce((a, b) => a + b, 0) / n : NaN };
}

/** Applies one LSP content change to a string (UTF-16 positions, as LSP). */
export function applyChange(text: string, change: ContentChange): string {
  if (!change.range) return change.text;
  const offsetAt = (p: Position) => {
    let line = 0;
    let i = 0;
    while (line < p.line) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      i = nl + 1;
      line++;
    }
    const eol = text.indexOf('\n', i);
    return Math.min(i + p.character, eol < 0 ? text.length : eol);
  };
  return text.slice(0, offsetAt(change.range.start)) + change.text + text.slice(offsetAt(change.range.end));
}

type Waiter = { uri: string; version?: number; resolve: (r: Received) => void };

export class LspDriver {
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  /** Every publishDiagnostics, in arrival order. */
  readonly published: Received[] = [];
  private readonly last = new Map<string, Received>();
  private readonly byVersion = new Map<string, Map<number, Received>>();
  private waiters: Waiter[] = [];
  private readonly texts = new Map<string, string>();
  private readonly versions = new Map<string, number>();
  spawnedAt = 0;
  initializedAt = 0;

  private constructor(
    readonly proc: ChildProcess,
    readonly rpc: MessageConnection,
    private settings: DriverOptions['settings'],
  ) {}

  get pid(): number {
    return this.proc.pid!;
  }

  static async start(opts: DriverOptions = {}): Promise<LspDriver> {
    const server = opts.serverPath ?? join(REPO_ROOT, 'dist', 'server.js');
    const spawnedAt = performance.now();
    const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), server, '--stdio'], { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const rpc = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const d = new LspDriver(proc, rpc, opts.settings);
    d.spawnedAt = spawnedAt;
    proc.stderr!.on('data', (b: Buffer) => d.stderr.push(b.toString()));
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnostics) => d.received({ params: p, at: performance.now() }));
    rpc.onNotification('window/logMessage', (p: { message: string }) => void d.logs.push(p.message));
    rpc.onNotification('window/showMessage', (p: { message: string }) => void d.logs.push(p.message));
    rpc.onNotification(() => undefined); // status and other custom notifications
    rpc.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((i) => (i.section === 'exitLens' ? (typeof d.settings === 'function' ? (d.settings as (u: string | undefined) => unknown)(i.scopeUri) : (d.settings ?? {})) : null)),
    );
    rpc.onRequest(() => null); // registerCapability, refreshes, workDoneProgress/create, showDocument
    rpc.listen();
    const folders = opts.workspaceFolders ?? [];
    await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      workspaceFolders: folders.map((f, i) => ({ uri: uriOf(f), name: `folder${i}` })),
      ...(opts.initializationOptions !== undefined ? { initializationOptions: opts.initializationOptions } : {}),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source', 'source.fixAll'] } } },
          codeLens: {},
        },
        window: { workDoneProgress: true },
      },
    });
    await rpc.sendNotification('initialized', {});
    d.initializedAt = performance.now();
    return d;
  }

  private received(r: Received): void {
    const { uri, version } = r.params;
    this.published.push(r);
    this.last.set(uri, r);
    if (version !== undefined && version !== null) {
      let m = this.byVersion.get(uri);
      if (!m) this.byVersion.set(uri, (m = new Map()));
      m.set(version, r);
      // Keep only recent versions: a long session must not make the driver itself grow.
      if (m.size > 64) m.delete(m.keys().next().value!);
    }
    this.waiters = this.waiters.filter((w) => {
      if (w.uri !== uri || (w.version !== undefined && w.version !== version)) return true;
      w.resolve(r);
      return false;
    });
    if (this.published.length > 100000) this.published.splice(0, 50000);
  }

  /** Diagnostics for `uri` at `version` (any version when omitted); already received ones count. */
  waitForDiagnostics(uri: string, version?: number, timeoutMs = 60000): Promise<Received> {
    const have = version === undefined ? this.last.get(uri) : this.byVersion.get(uri)?.get(version);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no diagnostics for ${uri}${version !== undefined ? ` version ${version}` : ''} within ${timeoutMs} ms (last: version ${this.last.get(uri)?.params.version})`));
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        version,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.waiters.push(waiter);
    });
  }

  async open(path: string, text: string, languageId = languageIdOf(path)): Promise<{ uri: string; version: number }> {
    const uri = uriOf(path);
    return { uri, version: await this.openUri(uri, text, languageId) };
  }

  async openUri(uri: string, text: string, languageId: string): Promise<number> {
    this.texts.set(uri, text);
    this.versions.set(uri, 1);
    this.last.delete(uri);
    this.byVersion.delete(uri);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return 1;
  }

  /** Sends an incremental didChange; returns the new version. */
  async change(uri: string, changes: ContentChange[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    let t = this.texts.get(uri) ?? '';
    for (const c of changes) t = applyChange(t, c);
    this.texts.set(uri, t);
    await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  insert(uri: string, line: number, character: number, text: string): Promise<number> {
    const p = { line, character };
    return this.change(uri, [{ range: { start: p, end: p }, text }]);
  }

  /** One edit, then the diagnostics of exactly the new version; `ms` from just before sending to their arrival. */
  async editAndWait(uri: string, range: Range, text: string, timeoutMs = 60000): Promise<{ version: number; ms: number; diagnostics: LspDiagnostic[] }> {
    const t0 = performance.now();
    const version = await this.change(uri, [{ range, text }]);
    const r = await this.waitForDiagnostics(uri, version, timeoutMs);
    return { version, ms: r.at - t0, diagnostics: r.params.diagnostics };
  }

  async close(uri: string): Promise<void> {
    this.texts.delete(uri);
    this.versions.delete(uri);
    this.last.delete(uri);
    this.byVersion.delete(uri);
    await this.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async request<T = unknown>(method: string, params: unknown): Promise<{ result: T; ms: number }> {
    const t0 = performance.now();
    const result = (await this.rpc.sendRequest(method, params)) as T;
    return { result, ms: performance.now() - t0 };
  }

  hover(uri: string, line: number, character: number) {
    return this.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  codeLens(uri: string) {
    return this.request<{ range: Range; command?: { title: string } }[] | null>('textDocument/codeLens', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: LspDiagnostic[] = []) {
    return this.request<unknown[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  rss(): { rssBytes: number; hwmBytes: number } {
    return rssOf(this.pid);
  }

  cpuMs(): number {
    return cpuMsOf(this.pid);
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = once(this.proc, 'exit');
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.rpc.sendNotification('exit');
    } catch {
      // already gone
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
    this.rpc.dispose();
  }
}

/**
 * A synthetic source of about `lines` lines in the style of real code: helper functions, and every
 * 40th block an exit handler that the rules flag (a sleep or an unguarded raise/throw in it).
 * Deterministic, so figures of different runs compare.
 */
export function syntheticSource(language: 'python' | 'javascript', lines: number): string {
  const out: string[] = language === 'python' ? ['import atexit', 'import time', ''] : ["'use strict';", "const fs = require('fs');", ''];
  for (let i = 0; out.length < lines; i++) {
    if (i % 40 === 0) {
      if (language === 'python') out.push(`def cleanup_${i}():`, `    print('cleanup ${i}')`, i % 80 === 0 ? '    time.sleep(2)' : "    raise RuntimeError('boom')", `atexit.register(cleanup_${i})`, '');
      else out.push(`function cleanup${i}() {`, `  console.log('cleanup ${i}');`, i % 80 === 0 ? "  fs.writeFileSync('/tmp/x', 'y');" : "  throw new Error('boom');", '}', `process.on('exit', cleanup${i});`, '');
    }
    if (language === 'python') out.push(`def helper_${i}(a, b):`, '    total = 0', '    for x in range(a):', '        if x % 2:', '            total += x * b', '        else:', '            total -= b', '    return total', '');
    else out.push(`function helper${i}(a, b) {`, '  let total = 0;', '  for (let x = 0; x < a; x++) {', '    if (x % 2) total += x * b;', '    else total -= b;', '  }', '  return total;', '}', '');
  }
  return out.join('\n') + '\n';
}
