// A small LSP client for protocol tests: spawns the real server (a bundle, over stdio), speaks
// JSON-RPC with vscode-jsonrpc, answers the server's requests like an editor would, and lets
// tests wait on events (diagnostics for a version, a status notification) instead of sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CodeLens,
  Command,
  Diagnostic,
  DocumentLink,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');

export const uriOf = (path: string) => pathToFileURL(path).href;

export interface StartOptions {
  /** Command line: defaults to the bundled server over stdio. */
  command?: string[];
  cwd?: string;
  workspaceFolders?: string[];
  /** Settings answered to workspace/configuration (section exitLens), per scope URI or for all. */
  settings?: (scopeUri: string | undefined) => unknown;
  /** Advertise the textDocumentContent / showDocument capabilities of VS Code. */
  vscodeLike?: boolean;
  env?: NodeJS.ProcessEnv;
  /** stdio (default) or Node IPC (how the VS Code client starts the server). */
  transport?: 'stdio' | 'ipc';
  /** The initialize request's initializationOptions (the VS Code client sends `{ codeCacheDir }`). */
  initializationOptions?: unknown;
}

type Waiter<T> = { test: (v: T) => boolean; resolve: (v: T) => void };

export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly shown: { uri: string; external?: boolean }[] = [];
  readonly logs: string[] = [];
  readonly stderr: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Refresh requests the server sent (code lenses, plan documents). */
  readonly refreshes: { method: string; uri?: string }[] = [];
  private diagWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private logWaiters: Waiter<string>[] = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  settings: (scopeUri: string | undefined) => unknown;
  initializeResult!: InitializeResult;

  private constructor(
    readonly proc: ChildProcess,
    readonly rpc: MessageConnection,
    opts: StartOptions,
  ) {
    this.settings = opts.settings ?? (() => ({}));
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const ipc = opts.transport === 'ipc';
    const [cmd, ...args] = opts.command ?? [process.execPath, join(ROOT, 'dist', 'server.js'), ipc ? '--node-ipc' : '--stdio'];
    const proc = spawn(cmd!, args, { cwd: opts.cwd ?? ROOT, stdio: ipc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    const rpc = ipc
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, rpc, opts);
    proc.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p);
      client.published.push(p);
      client.diagWaiters = client.diagWaiters.filter((w) => {
        if (!w.test(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    rpc.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.logWaiters = client.logWaiters.filter((w) => {
        if (!w.test(p.message)) return true;
        w.resolve(p.message);
        return false;
      });
    });
    rpc.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((i) => (i.section === 'exitLens' ? client.settings(i.scopeUri) : null)),
    );
    rpc.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    });
    rpc.onRequest('client/unregisterCapability', () => null);
    rpc.onRequest('window/workDoneProgress/create', () => null);
    rpc.onRequest('workspace/codeLens/refresh', () => {
      client.refreshes.push({ method: 'workspace/codeLens/refresh' });
      return null;
    });
    rpc.onRequest('workspace/textDocumentContent/refresh', (p: { uri: string }) => {
      client.refreshes.push({ method: 'workspace/textDocumentContent/refresh', uri: p.uri });
      return null;
    });
    rpc.onRequest('window/showDocument', (p: { uri: string; external?: boolean }) => {
      client.shown.push(p);
      return { success: true };
    });
    rpc.listen();
    const folders = opts.workspaceFolders ?? [];
    client.initializeResult = await rpc.sendRequest('initialize', {
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
          ...(opts.vscodeLike ? { textDocumentContent: { dynamicRegistration: true } } : {}),
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite', 'source', 'source.fixAll'] } } },
          codeLens: {},
          documentLink: {},
        },
        window: { showDocument: { support: true }, workDoneProgress: true },
      },
    });
    await rpc.sendNotification('initialized', {});
    return client;
  }

  /** Resolves with the first diagnostics for `uri` that pass `test` (already received ones count). */
  waitForDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 60000): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && test(have)) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}\nserver stderr: ${this.stderr.join('')}\nlog: ${this.logs.join('\n')}`)), timeoutMs);
      this.diagWaiters.push({
        test: (p) => p.uri === uri && test(p),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Resolves with the next diagnostics published for `uri` after this call that pass `test`. */
  nextDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 60000): Promise<PublishDiagnosticsParams> {
    this.diagnostics.delete(uri);
    return this.waitForDiagnostics(uri, test, timeoutMs);
  }

  /** Resolves when the server logs a line matching `re` (already logged lines count). */
  waitForLog(re: RegExp, timeoutMs = 60000): Promise<string> {
    const have = this.logs.find((l) => re.test(l));
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line matching ${re} within ${timeoutMs} ms:\n${this.logs.join('\n')}`)), timeoutMs);
      this.logWaiters.push({
        test: (l) => re.test(l),
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
    });
  }

  /**
   * Diagnostics published for the document's current version. The server versions every
   * analysis; an unversioned publish is the clearing of a closed document, never the answer.
   */
  diagnosticsFor(uri: string): Promise<Diagnostic[]> {
    const v = this.versions.get(uri);
    return this.waitForDiagnostics(uri, (p) => p.version === v).then((p) => p.diagnostics);
  }

  async open(path: string, text: string, languageId = languageIdOf(path)): Promise<string> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    this.diagnostics.delete(uri);
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  async openUri(uri: string, languageId: string, text: string): Promise<void> {
    await this.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** An incremental edit: replaces `range` with `text`. Returns the new version. */
  async edit(uri: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyEdits(this.texts.get(uri) ?? '', [{ range, newText: text }]));
    await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  /** Replaces the whole text through an incremental edit covering everything. */
  async replaceAll(uri: string, text: string): Promise<number> {
    const old = this.texts.get(uri) ?? '';
    const lines = old.split('\n');
    return this.edit(uri, { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1]!.length } }, text);
  }

  async close(uri: string): Promise<void> {
    this.diagnostics.delete(uri);
    await this.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  hover(uri: string, line: number, character: number): Promise<Hover | null> {
    return this.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  codeLens(uri: string): Promise<CodeLens[] | null> {
    return this.rpc.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<(CodeAction | Command)[] | null> {
    return this.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  documentLinks(uri: string): Promise<DocumentLink[] | null> {
    return this.rpc.sendRequest('textDocument/documentLink', { textDocument: { uri } });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.rpc.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  /**
   * Applies a workspace edit to the documents this client holds, as an editor does: versioned
   * edits are refused when the document moved on. Returns the new text of `uri`.
   */
  async applyEdit(uri: string, edit: WorkspaceEdit): Promise<string> {
    const changes: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const dc of edit.documentChanges ?? []) {
      if ('textDocument' in dc) changes.push({ uri: dc.textDocument.uri, version: dc.textDocument.version, edits: dc.edits as TextEdit[] });
    }
    for (const [u, edits] of Object.entries(edit.changes ?? {})) changes.push({ uri: u, version: null, edits });
    for (const c of changes) {
      if (c.version !== null && c.version !== this.versions.get(c.uri)) throw new Error(`edit for version ${c.version} of ${c.uri}, but the document is at ${this.versions.get(c.uri)}`);
    }
    for (const c of changes) {
      if (!this.texts.has(c.uri)) continue;
      const version = (this.versions.get(c.uri) ?? 1) + 1;
      this.versions.set(c.uri, version);
      const text = applyEdits(this.texts.get(c.uri)!, c.edits);
      this.texts.set(c.uri, text);
      await this.rpc.sendNotification('textDocument/didChange', { textDocument: { uri: c.uri, version }, contentChanges: [{ text }] });
    }
    return this.texts.get(uri) ?? '';
  }

  async changeSettings(settings: (scopeUri: string | undefined) => unknown): Promise<void> {
    this.settings = settings;
    await this.rpc.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async fileChanged(path: string, type: 1 | 2 | 3): Promise<void> {
    await this.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path), type }] });
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = once(this.proc, 'exit');
    try {
      await Promise.race([this.rpc.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
      await this.rpc.sendNotification('exit');
    } catch {
      // the server is gone already
    }
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
    this.rpc.dispose();
  }
}

export function languageIdOf(path: string): string {
  if (/\.pyw?$|\.pyi$/.test(path)) return 'python';
  if (/\.tsx$/.test(path)) return 'typescriptreact';
  if (/\.[mc]?ts$/.test(path)) return 'typescript';
  if (/\.jsx$/.test(path)) return 'javascriptreact';
  return 'javascript';
}

/** Applies LSP text edits (non-overlapping) to a string. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (p: { line: number; character: number }) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetOf(e.range.start)) + e.newText + out.slice(offsetOf(e.range.end));
  return out;
}

/** The plain text of a hover's contents. */
export function hoverText(h: Hover | null): string {
  if (!h) return '';
  const c = h.contents as unknown;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return (c as { value: string }).value;
}
