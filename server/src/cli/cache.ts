// `check --cache`: the result of an entry whose inputs are unchanged is taken from the last run.
//
// An entry's result is a function of the tool, its path and text, its analyze options and
// configuration, and the answers the core got from SourceHost.readFile (its only window on the
// disk) while analyzing it and running the rules, misses included: a file created where an import
// probed changes the result. All of these are recorded with the result, by content hash, and
// compared before a result is reused. Nothing else is trusted: no timestamps.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SourceHost } from '../core/host';
import type { CheckResult, CheckTask } from './pool';

const SCHEMA = 'exit-lens/check-cache@1';

/** What an entry's analysis read: each path once, with the hash of its text (null: no such file). */
export type Deps = [path: string, hash: string | null][];

interface Entry {
  /** Hash of the entry's path, text, options and configuration. */
  key: string;
  /** The paths its analysis read, in the order asked. */
  deps: string[];
  /** One hash over the hashes of `deps` (a missing file counts as such). */
  depsHash: string;
  result: Omit<CheckResult, 'deps'>;
}

/** On disk, paths are written once and entries name them by index (entries share most of them). */
interface CacheFile {
  schema: typeof SCHEMA;
  /** The tool that wrote it (version and bundle hash): another build may analyze differently. */
  tool: string;
  paths: string[];
  entries: Record<string, Omit<Entry, 'deps'> & { deps: number[] }>;
}

function depsHash(hashes: (string | null)[]): string {
  return hashText(hashes.map((h) => h ?? '-').join('\n'));
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Content hashes by path for one run (the run reads one snapshot of the files: see memoHost). */
export function hashMemo(host: SourceHost): (path: string) => string | null {
  const memo = new Map<string, string | null>();
  return (path) => {
    let h = memo.get(path);
    if (h === undefined) {
      const text = host.readFile(path);
      h = text === undefined ? null : hashText(text);
      memo.set(path, h);
    }
    return h;
  };
}

/** `host`, remembering every path asked for; `deps()` gives them with their hashes. */
export function recordingHost(host: SourceHost, hashOf: (path: string) => string | null): { host: SourceHost; deps(): Deps } {
  const asked = new Set<string>();
  return {
    host: {
      readFile(path) {
        asked.add(path);
        return host.readFile(path);
      },
    },
    deps: () => [...asked].map((p): [string, string | null] => [p, hashOf(p)]),
  };
}

function taskKey(task: CheckTask): string {
  return hashText(JSON.stringify([task.file, hashText(task.text), task.options, task.config]));
}

/** The identity of the running tool: its version and the hash of the bundle it runs from. */
export function toolFingerprint(version: string, file: string = __filename): string {
  let code = '';
  try {
    code = createHash('sha1').update(readFileSync(file)).digest('base64');
  } catch {
    code = 'unknown';
  }
  return `${version}+${code}`;
}

export class ResultCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;

  /** `note` gets one line when an existing cache file cannot be used (it is then rebuilt). */
  constructor(
    readonly path: string,
    private readonly tool: string,
    note: (line: string) => void,
  ) {
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch {
      return; // no cache yet
    }
    try {
      const f = JSON.parse(raw) as CacheFile;
      if (f?.schema !== SCHEMA || typeof f.entries !== 'object' || f.entries === null || !Array.isArray(f.paths)) throw new Error('not an Exit Lens check cache');
      if (f.tool !== this.tool) return; // another build: every result may differ
      const entries: Record<string, Entry> = {};
      for (const [file, e] of Object.entries(f.entries)) {
        if (!Array.isArray(e?.deps) || !Array.isArray(e.result?.diagnostics) || !Array.isArray(e.result.parseErrors)) throw new Error(`the entry of ${file} is damaged`);
        const deps = e.deps.map((i) => f.paths[i]);
        if (deps.some((p) => typeof p !== 'string')) throw new Error(`the entry of ${file} is damaged`);
        entries[file] = { ...e, deps: deps as string[] };
      }
      this.entries = entries;
    } catch (e) {
      note(`exit-lens: ${path}: cache ignored (${(e as Error).message}); it is written anew`);
    }
  }

  /** The stored result of `task` if nothing it read has changed since. */
  lookup(task: CheckTask, hashOf: (path: string) => string | null): CheckResult | undefined {
    const e = this.entries[task.file];
    if (!e || e.key !== taskKey(task) || e.depsHash !== depsHash(e.deps.map(hashOf))) return undefined;
    return e.result;
  }

  /** Keeps the result of an analysis made with `record` on (results of internal errors are not kept). */
  store(task: CheckTask, result: CheckResult): void {
    if (!result.deps || result.error !== undefined) return;
    const { deps, ...rest } = result;
    this.entries[task.file] = { key: taskKey(task), deps: deps.map(([p]) => p), depsHash: depsHash(deps.map(([, h]) => h)), result: rest };
    this.dirty = true;
  }

  /**
   * Written whole to a temporary file, then renamed over the old one: a reader never sees half a
   * cache. Entries of files that no longer exist are dropped (`exists` is asked only for those not
   * checked in this run).
   */
  save(checked: ReadonlySet<string>, exists: (file: string) => boolean): void {
    for (const f of Object.keys(this.entries)) {
      if (checked.has(f) || exists(f)) continue;
      delete this.entries[f];
      this.dirty = true;
    }
    if (!this.dirty) return;
    const index = new Map<string, number>();
    const entries: CacheFile['entries'] = {};
    for (const [f, e] of Object.entries(this.entries)) {
      entries[f] = {
        ...e,
        deps: e.deps.map((p) => {
          let i = index.get(p);
          if (i === undefined) index.set(p, (i = index.size));
          return i;
        }),
      };
    }
    const file: CacheFile = { schema: SCHEMA, tool: this.tool, paths: [...index.keys()], entries };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(file));
    renameSync(tmp, this.path);
    this.dirty = false;
  }
}
