// The analysis scheduler: one cached analysis per open document and version, computed after
// edits (or on demand by a request), one document per turn of the event loop so requests are
// answered between analyses. A newer edit makes pending work for an older version void.
// Edits are analyzed at once (a keystroke's diagnostics cost one analysis, not a fixed delay);
// edits that arrive while an analysis runs or waits are covered by one analysis of the newest
// version, and a version already superseded on the wire is never analyzed, so a document never
// has more than one analysis queued however fast the edits come.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer } from '../core/analyze';
import type { Diagnostic } from '../core/diagnostics';
import type { LoadedConfig } from '../config/load';
import { languageOf, type ExitModel } from '../core/model';
import { documentPath } from './paths';
import { analyzeOptionsOf, isIgnored, runRulesOn } from './rules';
import type { Settings } from './settings';
import type { WorkspaceFiles } from './workspace';

export interface Analysis {
  uri: string;
  path: string;
  version: number;
  doc: TextDocument;
  settings: Settings;
  /** Undefined when the document was not analyzed (see `skipped`). */
  model?: ExitModel;
  diagnostics: Diagnostic[];
  /** Why the document was not analyzed: disabled, too large, failed. */
  skipped?: string;
  /** A file this analysis read has changed since: requests must not use it. */
  stale?: boolean;
  /** Set when the document was skipped for its size (the editor shows one notice). */
  tooLarge?: { size: number; limit: number };
}

export interface EngineDeps {
  analyzer: Analyzer;
  workspace: WorkspaceFiles;
  document(uri: string): TextDocument | undefined;
  openDocuments(): TextDocument[];
  settingsFor(uri: string): Promise<Settings>;
  /** The configuration file nearest to a path (or the defaults). */
  configOf(path: string): LoadedConfig;
  /** Called with every fresh analysis of an open document (publish diagnostics, refresh views). */
  onAnalyzed(a: Analysis): void;
  onQueueChanged(pending: number): void;
  log(message: string): void;
  /** Failures: the client shows these in its output channel as errors. */
  logError(message: string): void;
  /**
   * True when a change to a version newer than `version` has already arrived (read from the
   * transport, not yet applied): analyzing `version` would be wasted work.
   */
  isSuperseded?(uri: string, version: number): boolean;
}


export class Engine {
  private readonly cache = new Map<string, Analysis>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue = new Set<string>();
  /** Documents already reported as too large (reported again only after they shrink). */
  private readonly tooLarge = new Set<string>();
  private draining = false;

  constructor(private readonly deps: EngineDeps) {}

  /** The analysis of the document's current version, computed now if not cached. */
  async get(doc: TextDocument): Promise<Analysis> {
    const cached = this.cache.get(doc.uri);
    if (cached && cached.version === doc.version && !cached.stale) return cached;
    const settings = await this.deps.settingsFor(doc.uri);
    // The document may have changed while the settings were fetched.
    const current = this.deps.document(doc.uri) ?? doc;
    const again = this.cache.get(current.uri);
    if (again && again.version === current.version && !again.stale) return again;
    return this.compute(current, settings);
  }

  /** The cached analysis, whatever its version (for lenses while typing). */
  peek(uri: string): Analysis | undefined {
    return this.cache.get(uri);
  }

  /** Debounced analysis after an edit (`delay` from settings), or at once for open/save. */
  schedule(uri: string, delayMs: number): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.queue.delete(uri);
    if (delayMs <= 0) {
      this.timers.delete(uri);
      this.enqueue(uri);
    } else {
      this.timers.set(
        uri,
        setTimeout(() => {
          this.timers.delete(uri);
          this.enqueue(uri);
        }, delayMs),
      );
    }
    this.deps.onQueueChanged(this.pending());
  }

  /**
   * After an edit. `debounceMs` > 0: a classic debounce (wait that long after the last edit).
   * 0 (the default): at once; an analysis already scheduled picks up the newest version.
   */
  scheduleEdit(uri: string, debounceMs: number): void {
    if (debounceMs > 0) return this.schedule(uri, debounceMs);
    if (this.timers.has(uri) || this.queue.has(uri)) return;
    this.schedule(uri, 0);
  }

  /** Re-analyzes open documents whose last analysis read `path` (cross-file order). */
  scheduleDependents(path: string, delayMs: number): void {
    for (const a of [...this.cache.values()]) {
      if (!a.model || a.path === path) continue;
      if (a.model.files.includes(path)) {
        a.stale = true;
        this.scheduleEdit(a.uri, delayMs);
      }
    }
  }

  /** Settings or configuration changed: everything open is analyzed again. */
  invalidateAll(): void {
    for (const doc of this.deps.openDocuments()) {
      const a = this.cache.get(doc.uri);
      if (a) a.stale = true;
      this.schedule(doc.uri, 0);
    }
  }

  close(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.queue.delete(uri);
    this.tooLarge.delete(uri);
    this.drop(uri);
    this.deps.onQueueChanged(this.pending());
  }

  pending(): number {
    return this.timers.size + this.queue.size;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const uri of [...this.cache.keys()]) this.drop(uri);
  }

  private drop(uri: string): void {
    const old = this.cache.get(uri);
    this.cache.delete(uri);
    old?.model?.dispose();
  }

  private enqueue(uri: string): void {
    this.queue.add(uri);
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  /** One document per macrotask, so LSP requests queued meanwhile are served in between. */
  private async drain(): Promise<void> {
    try {
      const next = this.queue.values().next();
      if (next.done) return;
      const uri = next.value;
      this.queue.delete(uri);
      const doc = this.deps.document(uri);
      // A newer change is already on its way in: it schedules its own analysis.
      if (doc && !this.deps.isSuperseded?.(uri, doc.version)) {
        const a = await this.get(doc);
        // A newer edit arrived while this ran: its own scheduled run will publish.
        const now = this.deps.document(uri);
        if (now && now.version === a.version && !this.deps.isSuperseded?.(uri, a.version)) this.deps.onAnalyzed(a);
      }
    } catch (e) {
      this.deps.logError(`analysis failed: ${(e as Error)?.stack ?? String(e)}`);
    } finally {
      this.deps.onQueueChanged(this.pending());
      if (this.queue.size > 0) setImmediate(() => void this.drain());
      else this.draining = false;
    }
  }

  /** A model of a file that is not an open document; the caller disposes it. */
  analyzeDetached(path: string, text: string): ExitModel {
    return this.deps.analyzer.analyze(path, text, this.deps.workspace.host, analyzeOptionsOf(this.deps.configOf(path)));
  }

  /** Analyzes one document version synchronously; never throws. */
  compute(doc: TextDocument, settings: Settings): Analysis {
    const base = { uri: doc.uri, version: doc.version, doc, settings, diagnostics: [] as Diagnostic[] };
    const path = documentPath(doc.uri, doc.languageId);
    let result: Analysis;
    if (!path || !languageOf(path)) {
      result = { ...base, path: path ?? doc.uri, skipped: 'not a Python, JavaScript or TypeScript file' };
    } else if (!settings.enable) {
      result = { ...base, path, skipped: 'disabled by the exitLens.enable setting' };
    } else if (doc.getText().length > settings.maxFileSize) {
      const size = doc.getText().length;
      result = { ...base, path, skipped: `too large: ${size} characters, over exitLens.maxFileSize (${settings.maxFileSize} characters)`, tooLarge: { size, limit: settings.maxFileSize } };
      // Once per document, not at every keystroke; again only after it was analyzed in between.
      if (!this.tooLarge.has(doc.uri)) {
        this.tooLarge.add(doc.uri);
        this.deps.log(`${path}: not analyzed, ${result.skipped}`);
      }
    } else if (isIgnored(this.deps.configOf(path), path)) {
      result = { ...base, path, skipped: `ignored by ${this.deps.configOf(path).file}` };
    } else {
      this.tooLarge.delete(doc.uri);
      const config = this.deps.configOf(path);
      const text = doc.getText();
      const started = Date.now();
      try {
        const model = this.deps.analyzer.analyze(path, text, this.deps.workspace.host, analyzeOptionsOf(config));
        let diagnostics: Diagnostic[] = [];
        try {
          diagnostics = runRulesOn({ model, text, host: this.deps.workspace.host, config, severities: settings.rules });
        } catch (e) {
          this.deps.logError(`${path}: rules failed: ${(e as Error)?.stack ?? String(e)}`);
        }
        result = { ...base, path, model, diagnostics };
      } catch (e) {
        // One file's failure stays with it: its diagnostics are cleared, the server goes on.
        this.deps.logError(`${path}: analysis failed: ${(e as Error)?.stack ?? String(e)}`);
        result = { ...base, path, skipped: `analysis failed: ${(e as Error)?.message ?? String(e)}` };
      }
      const ms = Date.now() - started;
      if (ms > 500) this.deps.log(`${path}: analysis took ${ms} ms`);
    }
    const old = this.cache.get(doc.uri);
    if (old && old !== result) old.model?.dispose();
    // Only open documents are cached (closed ones would leak parser memory).
    if (this.deps.document(doc.uri)) this.cache.set(doc.uri, result);
    return result;
  }
}
