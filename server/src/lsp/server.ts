// The Exit Lens language server: LSP wiring only (the analysis is in ../core). Reads top to
// bottom in lifecycle order: connection → initialize (client capabilities recorded as booleans)
// → initialized (dynamic registrations, workspace index) → settings per resource → document
// events → requests → listen. Every handler is guarded: a failure is logged to the client's
// output and answered with an empty result; the server never goes down with one request.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type Message,
  type MessageReader,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, type Analyzer } from '../core/analyze';
import { languageOf, type ExitModel } from '../core/model';
import { loadWasm } from '../host/node';
import { Engine, type Analysis } from './analysis';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { diagnosticsOf } from './handlers/diagnostics';
import { executeCommand } from './handlers/executeCommand';
import { hover, type OtherProgram } from './handlers/hover';
import { documentLinks, textDocumentContent, type PlanSource } from './handlers/planContent';
import { documentPath, planUriFor, uriToPath } from './paths';
import { FIX_ALL_KIND, PLAN_SCHEME, ServerCommands, StatusNotification } from './protocol';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, settingsFrom, type Settings } from './settings';
import { Configs } from './rules';
import { indexCandidate, MAX_BACKGROUND_PROGRAMS, programOf, WorkspaceFiles } from './workspace';
import { FastScan } from '../core/scan';
import { loadParser, setJsCacheLimits, warmIncrementalParser } from '../core/js';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { codeCacheDir, setCodeCacheDir, writePendingCodeCache } from './codeCache';
import type { Worker } from 'node:worker_threads';
import { startIndexWorker, type IndexMessage } from './indexWorker';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

declare const EXIT_LENS_VERSION: string | undefined;
const VERSION = typeof EXIT_LENS_VERSION === 'string' ? EXIT_LENS_VERSION : '0.0.0-dev';

/** The background index starts this long after initialization (the first diagnostics come first). */
const INDEX_START_DELAY_MS = 300;
/** The background index resumes this long after the editor's last analysis (it pauses while edits come in). */
const INDEX_RESUME_AFTER_MS = 750;
/** Characters of JS/TS source whose trees the server keeps parsed (the CLI keeps more). */
const SERVER_JS_TREE_CACHE_CHARS = 2 * 1024 * 1024;
/** Idle time after the last analysis before garbage is collected, and the heap growth that makes it worth it. */
const IDLE_GC_MS = 1000;
const IDLE_GC_GROWTH_BYTES = 24 * 2 ** 20;
/** Background analyses between two forced full garbage collections. */
const INDEX_GC_EVERY = 10;

/**
 * A full garbage collection, when V8 lets us have one without a command-line flag (the server is
 * started by editors with their own command lines); undefined otherwise.
 */
export const fullGc: (() => void) | undefined = (() => {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
})();

/** Files larger than this are not analyzed in the background (only when opened). */
const BACKGROUND_MAX_CHARS = 200_000;

/** Source files and the configuration files whose changes re-analyze what is open. */
const SOURCE_GLOB = '**/*.{py,pyw,pyi,js,mjs,cjs,jsx,ts,mts,cts,tsx}';
const CONFIG_FILES = ['.exit-lens.json', 'pyproject.toml', 'package.json'];
/** A line that can start a handler's definition (Python def, JS function / method / arrow binding). */
const DEFINITION_LINE = /^\s*(?:(?:async\s+)?def\s|(?:export\s+)?(?:default\s+)?(?:async\s+)?function\b|(?:export\s+)?(?:const|let|var)\s+[\w$]+\s*=|(?:static\s+|async\s+)*[\w$]+\s*\([^)]*\)\s*\{)/;

/**
 * Test seam: with EXIT_LENS_TEST_FAULT=<marker> in the environment, analyzing a text that contains
 * the marker throws, as a bug in a front end or rule would (test/lsp/robustness.test.ts).
 */
const FAULT_MARKER = process.env.EXIT_LENS_TEST_FAULT || undefined;

function withInjectedFault(analyzer: Analyzer, marker: string | undefined): Analyzer {
  if (!marker) return analyzer;
  return {
    analyze(file, text, host, options) {
      if (text.includes(marker)) throw new Error(`injected fault (EXIT_LENS_TEST_FAULT) in ${file}`);
      return analyzer.analyze(file, text, host, options);
    },
  };
}

/**
 * The newest version of each document as read from the transport, before the connection's queue
 * dispatches it: an analysis of an older version is already superseded and is skipped (a burst of
 * edits costs one analysis, not one per keystroke).
 */
function watchVersions(reader: MessageReader, seen: Map<string, number>): MessageReader {
  const note = (m: Message) => {
    const n = m as { method?: string; params?: { textDocument?: { uri?: unknown; version?: unknown } } };
    const td = n.params?.textDocument;
    if (typeof td?.uri !== 'string') return;
    if (n.method === 'textDocument/didChange' || n.method === 'textDocument/didOpen') {
      if (typeof td.version === 'number') seen.set(td.uri, td.version);
    } else if (n.method === 'textDocument/didClose') seen.delete(td.uri);
  };
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback) =>
      reader.listen((m) => {
        note(m);
        callback(m);
      }),
    dispose: () => reader.dispose(),
  };
}

/** Picks the transport from the command line: --stdio, --node-ipc (what vscode-languageclient passes). */
function transport(argv: string[]) {
  const ipc = argv.includes('--node-ipc') || (!argv.includes('--stdio') && typeof process.send === 'function');
  if (ipc) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  // On stdio, stray console output would corrupt the protocol stream: send it to stderr.
  const toStderr = (...args: unknown[]) => process.stderr.write(args.map(String).join(' ') + '\n');
  console.log = console.info = console.warn = console.debug = toStderr;
  return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout) };
}

export interface ServerOptions {
  /**
   * The bundle that can run as the workspace index's worker (dist/server.js); without it (the
   * CLI's `exit-lens lsp`) the index runs in the server's thread.
   */
  indexWorkerBundle?: string;
}

export function startServer(argv: string[], options: ServerOptions = {}): void {
  // The JS front end keeps parsed trees of unchanged modules; ASTs take 10-20x their text, so the
  // server, which lives for hours next to the editor, keeps a smaller share than a CLI run.
  setJsCacheLimits({ chars: SERVER_JS_TREE_CACHE_CHARS });
  const io = transport(argv);
  const versionsSeen = new Map<string, number>();
  const reader = watchVersions(io.reader, versionsSeen);
  const writer = io.writer;
  // As vscode-eslint: one request at a time, and a stale queued code action is answered with
  // null instead of being computed (the editor asks again for the new version).
  const connection = createConnection(ProposedFeatures.all, reader, writer, {
    maxParallelism: 1,
    cancelUndispatched: (message: Message) => {
      const m = message as { jsonrpc: string; id?: number | string; method?: string };
      if (m.method === 'textDocument/codeAction' || m.method === 'textDocument/codeLens' || m.method === 'textDocument/hover') {
        const response: ResponseMessage = { jsonrpc: m.jsonrpc, id: m.id ?? null, result: null };
        return response;
      }
      return undefined;
    },
  });
  const documents = new TextDocuments(TextDocument);
  const log = (msg: string) => connection.console.log(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);
  const logError = (msg: string) => connection.console.error(`[${new Date().toISOString().slice(11, 23)}] ${msg}`);

  // A crash of one request must not take the editor's analysis down.
  process.on('uncaughtException', (e) => logError(`uncaught: ${e?.stack ?? String(e)}`));
  process.on('unhandledRejection', (e) => logError(`unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));

  const analyzerReady: Promise<Analyzer> = createAnalyzer(loadWasm()).then((a) => withInjectedFault(a, FAULT_MARKER));
  analyzerReady.catch((e) => logError(`cannot load the analyzer: ${(e as Error)?.stack ?? String(e)}`));

  // Client capabilities, decided once in onInitialize.
  const caps = {
    configuration: false,
    watchedFilesDynamic: false,
    workspaceFolders: false,
    relatedInformation: false,
    versionedEdits: false,
    showDocument: false,
    textDocumentContent: false,
    codeLensRefresh: false,
  };
  /** Only for clients without workspace/configuration: what didChangeConfiguration / initializationOptions sent. */
  let pushedSettings: unknown = undefined;

  const isPlanDoc = (uri: string) => uri.startsWith(`${PLAN_SCHEME}:`);
  const pathIndex = new Map<string, string>(); // path -> uri of the open document
  const workspace = new WorkspaceFiles(
    {
      textOf(path) {
        const uri = pathIndex.get(path);
        return uri ? documents.get(uri)?.getText() : undefined;
      },
    },
    DEFAULT_SETTINGS.maxFileSize,
  );

  // ---- Settings, per resource, never held globally: a cache keyed by URI, cleared on change.
  const settingsCache = new Map<string, Promise<Settings>>();
  function settingsFor(uri: string): Promise<Settings> {
    if (!caps.configuration) return Promise.resolve(settingsFrom(pushedSettings));
    let s = settingsCache.get(uri);
    if (!s) {
      s = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(settingsFrom, (e: unknown) => {
        logError(`cannot read settings for ${uri}: ${String(e)}`);
        return DEFAULT_SETTINGS;
      });
      settingsCache.set(uri, s);
    }
    return s;
  }

  // .exit-lens.json / package.json "exitLens" / pyproject.toml [tool.exit-lens], nearest wins.
  const configs = new Configs(workspace.host);
  const reportedConfigErrors = new Set<string>();
  const configOf = (path: string) => {
    const c = configs.of(path);
    for (const e of c.errors) {
      const k = `${e.file}:${e.key}:${e.message}`;
      if (reportedConfigErrors.has(k)) continue;
      reportedConfigErrors.add(k);
      logError(`${e.file}: ${e.key}: ${e.message} (using the defaults for it)`);
      status('error', 0, `${e.file}: ${e.key}: ${e.message}`);
    }
    return c;
  };

  // ---- Status for the client's status bar item.
  let lastStatus = '';
  function status(state: StatusNotification.Params['state'], pending: number, message?: string) {
    const key = `${state}:${pending > 0}:${message ?? ''}`;
    if (key === lastStatus) return;
    lastStatus = key;
    void connection.sendNotification(StatusNotification.method, { state, pending, ...(message ? { message } : {}) });
  }

  // Garbage of analyses while typing is collected when the editor pauses, not when the heap has
  // grown into it: RSS stays near the working set over a long session.
  const idleGc = (() => {
    let timer: NodeJS.Timeout | undefined;
    let heapAfterGc = 0;
    return {
      touch(pending: number) {
        if (timer) clearTimeout(timer);
        timer = undefined;
        if (pending > 0 || !fullGc) return;
        timer = setTimeout(() => {
          timer = undefined;
          if (process.memoryUsage().heapUsed < heapAfterGc + IDLE_GC_GROWTH_BYTES) return;
          fullGc!();
          heapAfterGc = process.memoryUsage().heapUsed;
        }, IDLE_GC_MS);
        timer.unref();
      },
    };
  })();

  const lensSignature = new Map<string, string>();
  let engine!: Engine;
  let jsWarmed = false;
  function onAnalyzed(a: Analysis) {
    if (a.model) {
      workspace.recordProgram(programOf(a.path, a.model));
    }
    if (a.tooLarge) status('error', engine.pending(), `${a.path}: too large to analyze (exitLens.maxFileSize)`);
    else if (a.skipped && !a.skipped.startsWith('disabled')) status('error', engine.pending(), `${a.path}: ${a.skipped}`);
    try {
      // Views that depend on the analysis but are not tied to an edit of this document; asked for
      // before the diagnostics go out, so a client sees them no later than the new diagnostics.
      const sig = JSON.stringify(codeLenses(a).map((l) => [l.range.start, l.command?.title]));
      const prev = lensSignature.get(a.uri);
      lensSignature.set(a.uri, sig);
      // The first analysis of a document needs none: the editor asks for its lenses after opening it.
      if (caps.codeLensRefresh && prev !== undefined && prev !== sig) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      const planUri = planUriFor(a.uri);
      if (planUri && documents.get(planUri) && caps.textDocumentContent) {
        connection.workspace.textDocumentContent.refresh(planUri).catch(() => undefined);
      }
    } catch (e) {
      logError(`${a.path}: views failed: ${(e as Error)?.stack ?? String(e)}`);
    }
    let params;
    try {
      params = diagnosticsOf(a, caps.relatedInformation);
    } catch (e) {
      // The file's diagnostics are cleared rather than left from an older version.
      logError(`${a.path}: diagnostics failed: ${(e as Error)?.stack ?? String(e)}`);
      params = { uri: a.uri, version: a.version, diagnostics: [] };
    }
    void connection.sendDiagnostics(params);
    if (!jsWarmed && a.model && a.model.language !== 'python') {
      // Once per session, after the first JS/TS diagnostics are out: compile the incremental
      // parser before the first keystroke needs it, then write the code cache if it was missing,
      // with the functions compiled by now in it.
      jsWarmed = true;
      setImmediate(() => {
        try {
          const t0 = Date.now();
          warmIncrementalParser();
          writePendingCodeCache();
          log(`JS/TS parser warmed up in ${Date.now() - t0} ms`);
        } catch (e) {
          logError(`warm-up failed: ${(e as Error)?.stack ?? String(e)}`);
        }
      });
    }
  }

  const engineReady: Promise<Engine> = analyzerReady.then((analyzer) => {
    engine = new Engine({
      analyzer,
      workspace,
      document: (uri) => (isPlanDoc(uri) ? undefined : documents.get(uri)),
      openDocuments: () => documents.all().filter((d) => !isPlanDoc(d.uri)),
      settingsFor,
      configOf,
      onAnalyzed,
      onQueueChanged: (pending) => {
        status(pending > 0 ? 'busy' : 'idle', pending);
        idleGc.touch(pending);
        indexWorker.editorBusy(pending > 0);
      },
      log,
      logError,
      isSuperseded: (uri, version) => (versionsSeen.get(uri) ?? version) > version,
    });
    return engine;
  });

  /** Runs a request handler with the engine, logging failures and answering `fallback` instead. */
  async function guard<T>(what: string, fallback: T, fn: (engine: Engine) => Promise<T> | T): Promise<T> {
    try {
      return await fn(await engineReady);
    } catch (e) {
      // Deliberate protocol errors (bad arguments) go back to the client as they are.
      if (e instanceof ResponseError) throw e;
      logError(`${what} failed: ${(e as Error)?.stack ?? String(e)}`);
      return fallback;
    }
  }

  // ---- Lifecycle.
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const c = params.capabilities;
    caps.configuration = !!c.workspace?.configuration;
    caps.watchedFilesDynamic = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    caps.relatedInformation = !!c.textDocument?.publishDiagnostics?.relatedInformation;
    caps.versionedEdits = !!c.workspace?.workspaceEdit?.documentChanges;
    caps.showDocument = !!c.window?.showDocument?.support;
    caps.textDocumentContent = !!(c.workspace as { textDocumentContent?: unknown } | undefined)?.textDocumentContent;
    caps.codeLensRefresh = !!c.workspace?.codeLens?.refreshSupport;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    // A folder of the client's for V8 code caches (VS Code: the extension's global storage).
    const cacheFolder = (init as { codeCacheDir?: unknown } | undefined)?.codeCacheDir;
    if (typeof cacheFolder === 'string' && isAbsolute(cacheFolder)) setCodeCacheDir(cacheFolder, log);
    pushedSettings = init?.settings ?? (init && typeof init === 'object' && SETTINGS_SECTION in init ? (init as Record<string, unknown>)[SETTINGS_SECTION] : init);

    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    workspace.setFolders(folders.flatMap((f) => (uriToPath(f.uri) ? [{ uri: f.uri, path: uriToPath(f.uri)! }] : [])));

    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.SourceFixAll, FIX_ALL_KIND],
          resolveProvider: false,
        },
        executeCommandProvider: { commands: ServerCommands.all },
        documentLinkProvider: { resolveProvider: false },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          textDocumentContent: { schemes: [PLAN_SCHEME] },
        },
      },
      serverInfo: { name: 'exit-lens', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    log(`Exit Lens ${VERSION} language server on Node ${process.version}; folders: ${workspace.folderPaths().join(', ') || '(none)'}`);
    if (caps.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (caps.watchedFilesDynamic) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: SOURCE_GLOB }, ...CONFIG_FILES.map((f) => ({ globPattern: `**/${f}` }))],
      });
    }
    if (caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) workspace.removeFolder(f.uri);
        for (const f of e.added) {
          const p = uriToPath(f.uri);
          if (p) workspace.addFolder(f.uri, p);
        }
        void indexWorkspace();
      });
    }
    void indexWorkspace();
  });

  // ---- The workspace index: the file list, then, in the background, the programs that can
  // register a handler analyzed one per turn of the event loop (yielding to edits) to learn which
  // programs register handlers defined in which files (hover on a handler's definition). The fast
  // scan (core/scan.ts) lets go of every file whose import closure mentions no exit mechanism
  // without parsing it; models are disposed at once and only file names are kept.
  const indexWorker = (() => {
    let current: Worker | undefined;
    let paused = false;
    let resume: NodeJS.Timeout | undefined;
    const pause = (p: boolean) => {
      if (p === paused) return;
      paused = p;
      current?.postMessage({ type: 'pause', paused: p });
    };
    return {
      /**
       * The editor's own analyses come first: the worker pauses (after the program it is on)
       * while any is queued, and resumes only after a quiet spell, so a burst of keystrokes does
       * not share the two cores of a small machine with the index between its edits.
       */
      editorBusy(busy: boolean) {
        if (resume) clearTimeout(resume);
        resume = undefined;
        if (busy) return pause(true);
        resume = setTimeout(() => {
          resume = undefined;
          pause(false);
        }, INDEX_RESUME_AFTER_MS);
        resume.unref();
      },
      /** Analyzes `files` in a worker thread; resolves when it is done and ended. */
      run(bundle: string, files: string[], started: number, epoch: number): Promise<void> {
        void current?.terminate();
        const w = startIndexWorker(bundle, { files, maxFileSize: DEFAULT_SETTINGS.maxFileSize, maxChars: BACKGROUND_MAX_CHARS, maxPrograms: MAX_BACKGROUND_PROGRAMS, debugMemory: !!process.env.EXIT_LENS_DEBUG_MEMORY, codeCacheDir: codeCacheDir() });
        current = w;
        if (paused) w.postMessage({ type: 'pause', paused: true });
        return new Promise<void>((resolve) => {
          let done: Extract<IndexMessage, { type: 'done' }> | undefined;
          w.on('message', (m: IndexMessage) => {
            if (epoch !== workspace.currentEpoch()) return;
            if (m.type === 'program') {
              // An open document's own analysis (of its buffer) is the truth for it.
              if (!pathIndex.has(m.entry)) workspace.recordProgram({ entry: m.entry, handlerFiles: m.handlerFiles });
            } else if (m.type === 'log') log(m.message);
            else if (m.type === 'done') {
              done = m;
              void w.terminate();
            }
          });
          w.on('error', (e) => logError(`indexing failed: ${(e as Error)?.stack ?? String(e)}`));
          w.on('exit', () => {
            if (current === w) current = undefined;
            if (done && epoch === workspace.currentEpoch()) {
              // The worker's heap and WASM memory left with it; what the server holds is its own.
              fullGc?.();
              const mem = process.memoryUsage();
              if (done.limited) log(`analyzed ${MAX_BACKGROUND_PROGRAMS} workspace programs in the background; the rest when opened`);
              log(
                `analyzed ${done.analyzed} workspace programs in ${Date.now() - started} ms in a worker thread (${done.skipped} skipped by the fast scan, ${done.tooLarge} over ${BACKGROUND_MAX_CHARS} characters); ` +
                  `RSS ${Math.round(mem.rss / 2 ** 20)} MB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MB`,
              );
            } else if (!done && epoch === workspace.currentEpoch()) logError('indexing failed: the index worker ended early');
            resolve();
          });
        });
      },
      dispose() {
        if (resume) clearTimeout(resume);
        void current?.terminate();
      },
    };
  })();

  async function indexWorkspace(): Promise<void> {
    try {
      const started = Date.now();
      const n = await workspace.scan();
      const epoch = workspace.currentEpoch();
      log(`indexed ${n} Python/JS/TS files in ${Date.now() - started} ms`);
      const eng = await engineReady;
      // The editor's first documents go first: their diagnostics never wait for the index.
      await new Promise((r) => setTimeout(r, INDEX_START_DELAY_MS));
      if (epoch !== workspace.currentEpoch()) return;
      if (options.indexWorkerBundle) {
        const files = workspace.files().filter((f) => !pathIndex.has(f) && !workspace.hasProgram(f));
        return await indexWorker.run(options.indexWorkerBundle, files, started, epoch);
      }
      const scan = new FastScan({ readFile: (p) => workspace.host.readFile(p), exists: (p) => existsSync(p) });
      let analyzed = 0;
      let skipped = 0;
      let tooLarge = 0;
      const all = workspace.files();
      for (const file of all) {
        if (epoch !== workspace.currentEpoch()) return;
        if (analyzed >= MAX_BACKGROUND_PROGRAMS) {
          log(`analyzed ${MAX_BACKGROUND_PROGRAMS} workspace programs in the background; the rest when opened`);
          break;
        }
        if (pathIndex.has(file) || workspace.hasProgram(file)) continue;
        // Open documents first: wait while the editor's own work is queued.
        while (eng.pending() > 0) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setImmediate(r));
        if (pathIndex.has(file)) continue;
        const candidate = indexCandidate(workspace.host, scan, file, BACKGROUND_MAX_CHARS);
        if (candidate === 'too-large') tooLarge++;
        if (candidate === 'skipped') skipped++;
        if (typeof candidate === 'string') continue;
        const t0 = Date.now();
        const model = analyzeFromHost(eng, file, candidate.text);
        const took = Date.now() - t0;
        if (took > 1000) log(`index: ${file} took ${took} ms to analyze in the background`);
        // A slow program (one that imports a whole package) is followed by a pause three times as
        // long, in which edits are served at once: the index then takes at most a quarter of the time.
        if (took > 250) await new Promise((r) => setTimeout(r, Math.min(took * 3, 10000)));
        if (!model) continue;
        analyzed++;
        // Each analysis leaves garbage the heap would otherwise grow into before collecting it:
        // a full collection every few programs keeps the index's footprint near the editor's.
        if (analyzed % INDEX_GC_EVERY === 0) fullGc?.();
        if (process.env.EXIT_LENS_DEBUG_MEMORY && analyzed % 25 === 0) {
          const m = process.memoryUsage();
          log(`index: ${analyzed} analyzed, ${skipped} skipped; rss ${m.rss >> 20} heap ${m.heapUsed >> 20}/${m.heapTotal >> 20} external ${m.external >> 20} arrayBuffers ${m.arrayBuffers >> 20} disk ${JSON.stringify(workspace.diskCacheStats())} last ${file}`);
        }
        try {
          workspace.recordProgram(programOf(file, model));
        } finally {
          model.dispose();
        }
      }
      const mem = process.memoryUsage();
      log(
        `analyzed ${analyzed} workspace programs in ${Date.now() - started} ms (${skipped} skipped by the fast scan, ${tooLarge} over ${BACKGROUND_MAX_CHARS} characters); ` +
          `RSS ${Math.round(mem.rss / 2 ** 20)} MB, heap ${Math.round(mem.heapUsed / 2 ** 20)} MB`,
      );
    } catch (e) {
      logError(`indexing failed: ${(e as Error)?.stack ?? String(e)}`);
    }
  }

  /**
   * A model of a file that is not open, analyzed as an entry from `text` when the caller already
   * read it, else from disk through the host; the caller disposes it.
   */
  function analyzeFromHost(eng: Engine, path: string, text = workspace.host.readFile(path)): ExitModel | undefined {
    if (text === undefined || !languageOf(path)) return undefined;
    try {
      return eng.analyzeDetached(path, text);
    } catch (e) {
      log(`${path}: background analysis failed: ${(e as Error)?.message ?? String(e)}`);
      return undefined;
    }
  }

  // ---- Settings and file events.
  connection.onDidChangeConfiguration((change) => {
    if (!caps.configuration) {
      const s = change.settings as Record<string, unknown> | undefined;
      pushedSettings = s && SETTINGS_SECTION in s ? s[SETTINGS_SECTION] : s;
    }
    settingsCache.clear();
    void engineReady.then((e) => e.invalidateAll());
  });

  connection.onDidChangeWatchedFiles((params) => {
    void engineReady.then((eng) => {
      let config = false;
      for (const change of params.changes) {
        const path = uriToPath(change.uri);
        if (!path) continue;
        if (CONFIG_FILES.some((f) => path.endsWith(`/${f}`) || path.endsWith(`\\${f}`))) config = true;
        workspace.invalidate(path, change.type !== FileChangeType.Deleted);
        // An open buffer is the truth for its own file; disk changes matter for files not open.
        if (!pathIndex.has(path)) {
          eng.scheduleDependents(path, 0);
          if (change.type !== FileChangeType.Deleted && languageOf(path)) {
            const model = analyzeFromHost(eng, path);
            if (model) {
              workspace.recordProgram(programOf(path, model));
              model.dispose();
            }
          }
        }
      }
      if (config) {
        configs.reset();
        reportedConfigErrors.clear();
        settingsCache.clear();
        eng.invalidateAll();
      }
    });
  });

  // ---- Documents.
  const justOpened = new Map<string, number>();
  documents.onDidOpen((e) => {
    const doc = e.document;
    if (isPlanDoc(doc.uri)) return;
    const path = documentPath(doc.uri, doc.languageId);
    if (path) pathIndex.set(path, doc.uri);
    justOpened.set(doc.uri, doc.version);
    // The first JS/TS document before the analyzer is ready: TypeScript loads now, while the
    // Python parser's WASM is still compiled off the main thread, instead of after it.
    if (!engine && path && (languageOf(path) === 'javascript' || languageOf(path) === 'typescript')) loadParser();
    void engineReady.then((eng) => {
      eng.schedule(doc.uri, 0);
      if (path) eng.scheduleDependents(path, 0);
    });
  });

  documents.onDidChangeContent((e) => {
    const doc = e.document;
    if (isPlanDoc(doc.uri) || justOpened.get(doc.uri) === doc.version) return;
    justOpened.delete(doc.uri);
    void Promise.all([engineReady, settingsFor(doc.uri)]).then(([eng, s]) => {
      if (s.run !== 'onType') return;
      eng.scheduleEdit(doc.uri, s.debounceMs);
      const path = documentPath(doc.uri, doc.languageId);
      if (path) eng.scheduleDependents(path, s.debounceMs);
    });
  });

  documents.onDidSave((e) => {
    if (isPlanDoc(e.document.uri)) return;
    void Promise.all([engineReady, settingsFor(e.document.uri)]).then(([eng, s]) => {
      if (s.run === 'onSave') eng.schedule(e.document.uri, 0);
    });
  });

  documents.onDidClose((e) => {
    const doc = e.document;
    justOpened.delete(doc.uri);
    lensSignature.delete(doc.uri);
    settingsCache.delete(doc.uri);
    if (isPlanDoc(doc.uri)) return;
    const path = documentPath(doc.uri, doc.languageId);
    if (path && pathIndex.get(path) === doc.uri) pathIndex.delete(path);
    void connection.sendDiagnostics({ uri: doc.uri, diagnostics: [] });
    void engineReady.then((eng) => {
      eng.close(doc.uri);
      // Dependents now read the file from disk instead of the buffer.
      if (path) {
        workspace.invalidate(path, true);
        eng.scheduleDependents(path, 0);
      }
    });
  });

  // ---- Requests.
  const planSource: PlanSource = {
    async modelOf(sourceUri) {
      const eng = await engineReady;
      const open = documents.get(sourceUri);
      if (open) {
        const a = await eng.get(open);
        return { model: a.model, path: a.path, why: a.skipped, release() {} };
      }
      const path = uriToPath(sourceUri);
      if (!path || !languageOf(path)) return undefined;
      const model = analyzeFromHost(eng, path);
      return { model, path, why: model ? undefined : 'cannot read the file', release: () => model?.dispose() };
    },
  };

  connection.onHover((params) =>
    guard('hover', null, async (eng) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isPlanDoc(doc.uri)) return null;
      const a = await eng.get(doc);
      const detached: ExitModel[] = [];
      try {
        return hover(a, params, () => {
          const out: OtherProgram[] = [];
          // Only on a definition line: other programs are analyzed for it, which is not free.
          const line = a.doc.getText({ start: { line: params.position.line, character: 0 }, end: { line: params.position.line + 1, character: 0 } });
          if (!DEFINITION_LINE.test(line)) return out;
          for (const entry of workspace.programsRegisteringHandlersOf(a.path).slice(0, 5)) {
            const openUri = pathIndex.get(entry);
            const cached = openUri ? eng.peek(openUri) : undefined;
            const model = cached?.model ?? analyzeFromHost(eng, entry);
            if (!model) continue;
            if (!cached?.model) detached.push(model);
            out.push({ model });
          }
          return out;
        });
      } finally {
        for (const m of detached) m.dispose();
      }
    }),
  );

  connection.onCodeLens((params) =>
    guard('codeLens', [], async (eng) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isPlanDoc(doc.uri)) return [];
      return codeLenses(await eng.get(doc));
    }),
  );

  connection.onCodeAction((params) =>
    guard('codeAction', [], async (eng) => {
      const doc = documents.get(params.textDocument.uri);
      if (!doc || isPlanDoc(doc.uri)) return [];
      const a = await eng.get(doc);
      // The edits are built from this version; without versioned edits, refuse if it moved on.
      if (documents.get(doc.uri)?.version !== a.version) return [];
      return codeActions(a, params, { versionedEdits: caps.versionedEdits, host: workspace.host });
    }),
  );

  connection.onExecuteCommand((params) =>
    guard('executeCommand', null, () =>
      executeCommand(params, {
        ...planSource,
        canShowPlanDocument: caps.showDocument && caps.textDocumentContent,
        async showDocument(uri, external) {
          if (!caps.showDocument) return false;
          const r = await connection.window.showDocument(external ? { uri, external: true } : { uri, takeFocus: true });
          return r.success;
        },
        async refreshPlan(planUri) {
          if (caps.textDocumentContent && documents.get(planUri)) await connection.workspace.textDocumentContent.refresh(planUri).catch(() => undefined);
        },
      }),
    ),
  );

  connection.workspace.textDocumentContent.on((params) => guard('textDocumentContent', null, () => textDocumentContent(params, planSource)));

  connection.onDocumentLinks((params) =>
    guard('documentLinks', [], () => (isPlanDoc(params.textDocument.uri) ? documentLinks(params, documents.get(params.textDocument.uri)) : [])),
  );

  connection.onShutdown(async () => {
    indexWorker.dispose();
    (await engineReady.catch(() => undefined))?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
