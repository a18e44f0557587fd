// Import resolution: which file a Python import statement loads, without touching the disk
// (everything goes through SourceHost.readFile).
//
// Runtime facts this rests on (CPython import system, "The import system" in the reference):
// - absolute imports search sys.path, whose first entry is the entry script's directory;
// - `from . import x` / `from .m import f` resolve against the importing module's package,
//   i.e. the importing file's directory (one more leading dot = one directory up);
// - a module `x` is the file `x.py` or the package `x/__init__.py`; importing `a.b` imports `a` first.
import type { SourceHost } from '../host';
import { isStdlib } from './stdlib';

/** Directory part of a path ('' for a bare file name). Handles / and \ separators. */
export function dirnameOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

/** Joins and normalizes `.`/`..` segments, keeping the style of the input (relative stays relative). */
export function joinPath(dir: string, ...parts: string[]): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const absolute = dir.startsWith('/') || dir.startsWith('\\');
  const segs: string[] = [];
  for (const raw of [dir, ...parts].join('/').split(/[\\/]+/)) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..' && segs.length > 0 && segs[segs.length - 1] !== '..') segs.pop();
    else segs.push(raw);
  }
  return (absolute ? sep : '') + segs.join(sep);
}

export interface ResolvedModule {
  /** Dotted module name as Python would name it (relative to the search root). */
  name: string;
  file: string;
  text: string;
  isPackage: boolean;
}

/** Finds `dotted` (e.g. `pkg.mod`) under `root`: `pkg/mod.py` or `pkg/mod/__init__.py`. */
function findUnder(host: SourceHost, root: string, dotted: string): ResolvedModule | undefined {
  const rel = dotted.split('.').filter(Boolean);
  if (rel.length === 0) {
    const init = joinPath(root, '__init__.py');
    const text = safeRead(host, init);
    return text === undefined ? undefined : { name: '', file: init, text, isPackage: true };
  }
  const asFile = joinPath(root, ...rel.slice(0, -1), rel[rel.length - 1] + '.py');
  const fileText = safeRead(host, asFile);
  if (fileText !== undefined) return { name: dotted, file: asFile, text: fileText, isPackage: false };
  const asPkg = joinPath(root, ...rel, '__init__.py');
  const pkgText = safeRead(host, asPkg);
  if (pkgText !== undefined) return { name: dotted, file: asPkg, text: pkgText, isPackage: true };
  return undefined;
}

function safeRead(host: SourceHost, path: string): string | undefined {
  try {
    return host.readFile(path);
  } catch {
    return undefined;
  }
}

/**
 * The host seen through a memo for one analysis: every module probes the same candidate paths
 * (`import os` from each file), and one analysis should see one snapshot of the workspace anyway.
 */
function memoHost(host: SourceHost): SourceHost {
  const seen = new Map<string, string | undefined>();
  return {
    readFile(path: string): string | undefined {
      if (seen.has(path)) return seen.get(path);
      const text = safeRead(host, path);
      seen.set(path, text);
      return text;
    },
  };
}

export class ModuleResolver {
  private readonly host: SourceHost;

  constructor(
    host: SourceHost,
    /** sys.path[0]: the entry script's directory. */
    private readonly entryDir: string,
  ) {
    this.host = memoHost(host);
  }

  /**
   * Resolves `import dotted` (level 0) or `from <dots>dotted import ...` (level > 0) seen in `fromFile`.
   * Returns undefined when no workspace file matches (stdlib, site-packages, or missing).
   */
  resolve(dotted: string, level: number, fromFile: string): ResolvedModule | undefined {
    if (level > 0) {
      let dir = dirnameOf(fromFile);
      for (let i = 1; i < level; i++) dir = joinPath(dir, '..');
      return findUnder(this.host, dir, dotted);
    }
    // The standard library shadows nothing in the workspace only when no local file exists;
    // CPython itself would pick the script directory first (sys.path[0]), so do the same.
    const fromEntry = findUnder(this.host, this.entryDir, dotted);
    if (fromEntry) return fromEntry;
    const importerDir = dirnameOf(fromFile);
    if (importerDir !== this.entryDir && !isStdlib(dotted)) return findUnder(this.host, importerDir, dotted);
    return undefined;
  }
}
