// Expands the PATH arguments of `exit-lens check` into source files: folders are walked honouring
// .gitignore files (from the folder up to the repository root) and the configuration's `ignore`
// globs, and skipping dependency, virtual-environment and build-output folders.
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { languageOf } from '../core/model';
import { describeFsError } from '../host/node';

/** Folders never walked: dependencies, virtual environments, caches, VCS data and build output. */
export const SKIPPED_DIRS = new Set([
  'node_modules', 'bower_components', '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', '__pycache__', '.mypy_cache',
  '.pytest_cache', '.ruff_cache', 'site-packages', 'dist', 'build', 'out', '.next', '.nuxt', 'coverage', '.cache', '.turbo', '.yarn',
]);

interface GitIgnore {
  dir: string;
  ig: Ignore;
}

export interface WalkOptions {
  /** Whether a file (absolute path) is excluded by the configuration's ignore globs. */
  isIgnoredByConfig?: (absFile: string) => boolean;
}

export interface WalkResult {
  /** Paths as the user would write them: relative to the working directory when inside it. */
  files: string[];
  /**
   * One line per path or folder that could not be walked ("what: why"); the walk goes on
   * without it, and the caller reports them.
   */
  errors: string[];
}

function display(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : abs;
}

function readGitignore(dir: string): GitIgnore | undefined {
  const p = join(dir, '.gitignore');
  if (!existsSync(p)) return undefined;
  try {
    return { dir, ig: ignore().add(readFileSync(p, 'utf8')) };
  } catch {
    return undefined;
  }
}

/** .gitignore files of the folders above `dir`, up to the repository root (the folder with .git). */
function parentIgnores(dir: string): GitIgnore[] {
  const out: GitIgnore[] = [];
  let d = dirname(dir);
  let cur = dir;
  if (existsSync(join(cur, '.git'))) return out;
  while (d !== cur) {
    const g = readGitignore(d);
    if (g) out.unshift(g);
    if (existsSync(join(d, '.git'))) break;
    cur = d;
    d = dirname(d);
  }
  return out;
}

function ignoredBy(stack: GitIgnore[], abs: string, isDir: boolean): boolean {
  for (const g of stack) {
    const rel = relative(g.dir, abs).split(sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (g.ig.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

export function isSourceFile(name: string): boolean {
  return !!languageOf(name) && !/\.d\.[mc]?ts$/.test(name);
}

export function walkPaths(paths: string[], options: WalkOptions = {}): WalkResult {
  const seen = new Set<string>();
  const files: string[] = [];
  const errors: string[] = [];
  const add = (abs: string) => {
    if (seen.has(abs)) return;
    seen.add(abs);
    files.push(display(abs));
  };
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      // Follows a symbolic link named on the command line (a loop fails here with ELOOP).
      st = statSync(abs);
    } catch (e) {
      errors.push(`${p}: ${describeFsError(e)}`);
      continue;
    }
    if (st.isFile()) {
      // A file named on the command line is checked even when ignored, as ESLint and ruff do.
      if (!languageOf(abs)) errors.push(`${p}: unsupported file type (expected .py .pyw .pyi .js .mjs .cjs .jsx .ts .mts .cts .tsx)`);
      else add(abs);
      continue;
    }
    if (!st.isDirectory()) {
      errors.push(`${p}: not a file or folder`);
      continue;
    }
    const stack = parentIgnores(abs);
    const walk = (dir: string, ignores: GitIgnore[]) => {
      const own = readGitignore(dir);
      const here = own ? [...ignores, own] : ignores;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        // Unreadable (or deleted meanwhile): named, and the rest of the walk goes on.
        errors.push(`${display(dir)}: cannot read folder: ${describeFsError(e)}`);
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const full = join(dir, e.name);
        // Symbolic links inside a folder are not followed (as git and ripgrep do): no loops, and
        // no file checked twice under two names. Dirent reports the link itself, so they fall
        // through both branches.
        if (e.isDirectory()) {
          if (SKIPPED_DIRS.has(e.name) || existsSync(join(full, 'pyvenv.cfg'))) continue;
          if (ignoredBy(here, full, true) || options.isIgnoredByConfig?.(full + sep)) continue;
          walk(full, here);
        } else if (e.isFile() && isSourceFile(e.name)) {
          if (ignoredBy(here, full, false) || options.isIgnoredByConfig?.(full)) continue;
          add(full);
        }
      }
    };
    walk(abs, stack);
  }
  return { files, errors };
}

/** A matcher for `ignore` globs relative to the configuration's folder. */
export function globMatcher(dir: string, globs: string[]): (absFile: string) => boolean {
  if (globs.length === 0) return () => false;
  const match = picomatch(globs, { dot: true });
  return (abs) => {
    const rel = relative(dir, abs).split(sep).join('/');
    if (!rel || rel.startsWith('..')) return false;
    const trimmed = rel.replace(/\/$/, '');
    return match(trimmed) || (rel.endsWith('/') && match(rel + '**')) || (rel.endsWith('/') && match(trimmed + '/'));
  };
}
