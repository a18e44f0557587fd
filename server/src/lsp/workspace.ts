// The workspace as the core sees it: a SourceHost that reads open editor buffers first, then
// disk (cached, invalidated by file events), and a background index of the workspace's Python
// and JS/TS files. The index records, for every program in the workspace, which files it reads
// and which handlers it registers, so a file's hover can show how another program uses it.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { SourceHost } from '../core/host';
import type { FastScan } from '../core/scan';
import { languageOf, type ExitModel } from '../core/model';
import { readSourceFile } from '../host/node';
import { LruCache } from './lru';

/** Folders never walked: dependencies, virtual environments, VCS data, build output, caches. */
const SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', '.venv', 'venv', 'env', '.env', '__pycache__', '.tox', '.nox',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'site-packages', 'dist', 'build', 'out', 'coverage', '.next',
  '.cache', '.e2e', '.idea', '.vscode-test',
]);

/** Stop walking after this many source files (a huge monorepo gets a partial index, not a hang). */
export const MAX_INDEXED_FILES = 20000;
/** At most this many programs are analyzed in the background (the rest when they are opened). */
export const MAX_BACKGROUND_PROGRAMS = 2000;
/**
 * Texts of files read from disk, kept for the next analysis that imports them: at most this many
 * files and characters (least recently used out first), so memory does not grow with the workspace.
 */
export const DISK_CACHE_FILES = 1000;
export const DISK_CACHE_CHARS = 8 * 1024 * 1024;

export interface OpenBuffers {
  /** Text of the open document at `path`, if one is open. */
  textOf(path: string): string | undefined;
}

/** What the index knows about one program (a workspace file analyzed as an entry). */
export interface IndexedProgram {
  entry: string;
  /** Files that define handlers this program registers (only names are kept: no models, no texts). */
  handlerFiles: string[];
}

/** What the index keeps of a program's model: the files that define the handlers it registers. */
export function programOf(entry: string, model: ExitModel): IndexedProgram {
  return { entry, handlerFiles: [...new Set(model.registrations.flatMap((r) => (r.handler.definition ? [r.handler.definition.file] : [])))] };
}

export class WorkspaceFiles {
  /** Disk texts by path; `null` remembers an unreadable, binary or oversized file. */
  private readonly disk = new LruCache<string, string | null>(DISK_CACHE_FILES, DISK_CACHE_CHARS, (t) => 64 + (t?.length ?? 0));
  private readonly folders = new Map<string, string>(); // uri -> path
  private readonly indexed = new Set<string>();
  private readonly programs = new Map<string, IndexedProgram>();
  private epoch = 0;

  constructor(
    private readonly buffers: OpenBuffers,
    private readonly maxFileSize: number,
  ) {}

  /** Open buffers first, then disk; unreadable, binary and oversized files are absent. */
  readonly host: SourceHost = {
    readFile: (path) => {
      const open = this.buffers.textOf(path);
      if (open !== undefined) return open;
      const hit = this.disk.get(path);
      if (hit !== undefined) return hit ?? undefined;
      let text: string | null;
      try {
        text = readSourceFile(path);
        if (text.length > this.maxFileSize) text = null;
      } catch {
        text = null;
      }
      this.disk.set(path, text);
      return text ?? undefined;
    },
  };

  setFolders(folders: { uri: string; path: string }[]): void {
    this.folders.clear();
    for (const f of folders) this.folders.set(f.uri, f.path);
  }

  addFolder(uri: string, path: string): void {
    this.folders.set(uri, path);
  }

  removeFolder(uri: string): void {
    this.folders.delete(uri);
  }

  folderPaths(): string[] {
    return [...this.folders.values()];
  }

  /** A file changed, appeared or disappeared on disk. */
  invalidate(path: string, exists: boolean): void {
    this.disk.delete(path);
    if (languageOf(path)) {
      if (exists) this.indexed.add(path);
      else {
        this.indexed.delete(path);
        this.programs.delete(path);
      }
    }
  }

  clearDiskCache(): void {
    this.disk.clear();
  }

  /** What the disk cache holds (for tests and the log). */
  diskCacheStats(): { files: number; chars: number } {
    return { files: this.disk.size, chars: this.disk.weight };
  }

  files(): string[] {
    return [...this.indexed];
  }

  /** Walks every workspace folder (async, yielding between folders); returns the number of files found. */
  async scan(): Promise<number> {
    const epoch = ++this.epoch;
    const found = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      if (found.size >= MAX_INDEXED_FILES || epoch !== this.epoch) return;
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fsp.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (found.size >= MAX_INDEXED_FILES) return;
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await walk(p);
        } else if (e.isFile() && languageOf(e.name)) found.add(p);
      }
    };
    for (const root of this.folderPaths()) await walk(root);
    if (epoch !== this.epoch) return this.indexed.size;
    this.indexed.clear();
    for (const f of found) this.indexed.add(f);
    for (const p of [...this.programs.keys()]) if (!found.has(p)) this.programs.delete(p);
    return found.size;
  }

  /** True while a newer scan has not replaced the one that started at `epoch`. */
  currentEpoch(): number {
    return this.epoch;
  }

  recordProgram(p: IndexedProgram): void {
    this.programs.set(p.entry, p);
  }

  forgetProgram(entry: string): void {
    this.programs.delete(entry);
  }

  hasProgram(entry: string): boolean {
    return this.programs.has(entry);
  }

  /** Programs (other than `path` itself) that register a handler defined in `path`. */
  programsRegisteringHandlersOf(path: string): string[] {
    const out: string[] = [];
    for (const p of this.programs.values()) {
      if (p.entry !== path && p.handlerFiles.includes(path)) out.push(p.entry);
    }
    return out.sort();
  }

}

/**
 * What the background index does with one workspace file (the in-thread index and the index
 * worker share it): its text to analyze, or why it is passed over. A file over `maxChars` is
 * generated or vendored code, analyzed when opened rather than while the user types elsewhere.
 */
export function indexCandidate(host: SourceHost, scan: FastScan, file: string, maxChars: number): { text: string } | 'unreadable' | 'too-large' | 'skipped' {
  const text = host.readFile(file);
  if (text === undefined) return 'unreadable';
  if (text.length > maxChars) return 'too-large';
  if (scan.canSkip(file, text)) return 'skipped';
  return { text };
}
