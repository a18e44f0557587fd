// Loads the server bundle's own dist/typescript.js with a V8 code cache. Compiling TypeScript's
// 3.5 MB at every start takes ~200 ms, on the path to a JS/TS document's first diagnostics;
// deserializing the cache takes ~70 ms. The cache lives in a folder the client names (VS Code:
// the extension's global storage), never anywhere else; without one the file is simply required.
// The code compiled is the bundle file next to this one, never anything a user or a document gave.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

let cacheDir: string | undefined;
let onEvent: ((message: string) => void) | undefined;

/** The folder set by setCodeCacheDir (the index worker gets it from the server). */
export function codeCacheDir(): string | undefined {
  return cacheDir;
}

/** The folder for code caches (created when first written), and where to report what happened. */
export function setCodeCacheDir(dir: string | undefined, log?: (message: string) => void): void {
  cacheDir = dir;
  onEvent = log;
}

/**
 * `require(file)` for a file of the bundle (a plain CommonJS module), through the code cache when
 * a cache folder is set. A missing, stale or rejected cache is written afresh by
 * `writePendingCodeCache`; any failure before the module ran falls back to `req`, so the cache
 * can only make loading faster.
 */
export function requireWithCodeCache(req: NodeJS.Require, file: string): unknown {
  const dir = cacheDir;
  if (!dir) return req(file);
  let source: string;
  let script: Script;
  let cached: Buffer | undefined;
  let cacheFile: string;
  const prefix = `${basename(file).replace(/\W/g, '_')}-`;
  try {
    const bytes = readFileSync(file);
    // esbuild writes ASCII: decoding it as Latin-1 gives the same string several times faster.
    source = typeof isAscii === 'function' && isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    const st = statSync(file);
    // V8 checks the source and its own version and flags too; the name keeps caches of other builds apart.
    const key = createHash('sha256').update(`${st.size}:${st.mtimeMs}:${process.versions.v8}:${process.arch}:${file}`).digest('hex').slice(0, 16);
    cacheFile = join(dir, `${prefix}${key}.v8cache`);
    try {
      cached = readFileSync(cacheFile);
    } catch {
      cached = undefined;
    }
    // The CommonJS wrapper Node itself puts around a module.
    script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData: cached });
  } catch (e) {
    onEvent?.(`code cache: not used (${(e as Error)?.message ?? String(e)})`);
    return req(file);
  }
  const mod = { exports: {} as unknown };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(mod.exports, mod.exports, req, mod, file, dirname(file));
  if (!cached || script.cachedDataRejected) pending = { script, dir, cacheFile, prefix, rejected: !!cached };
  return mod.exports;
}

/** A cache to write: V8 puts the functions compiled so far into it, so it is written after the first analysis. */
let pending: { script: Script; dir: string; cacheFile: string; prefix: string; rejected: boolean } | undefined;

/**
 * Writes the code cache that `requireWithCodeCache` could not use (none yet, or rejected by V8).
 * Called once the first analysis has run: the parser's functions are compiled by then, and the
 * next start finds their bytecode in the cache instead of compiling them on its first document.
 */
export function writePendingCodeCache(): void {
  const p = pending;
  pending = undefined;
  if (!p) return;
  try {
    mkdirSync(p.dir, { recursive: true });
    const tmp = `${p.cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, p.script.createCachedData());
    renameSync(tmp, p.cacheFile);
    // Caches of earlier builds of the same file are dead weight.
    for (const name of readdirSync(p.dir)) {
      if (name.startsWith(p.prefix) && name.endsWith('.v8cache') && join(p.dir, name) !== p.cacheFile) unlinkSync(join(p.dir, name));
    }
    onEvent?.(`code cache: ${p.rejected ? 'rejected by V8, rewritten' : 'written'} (${p.cacheFile})`);
  } catch (e) {
    onEvent?.(`code cache: cannot write ${p.cacheFile}: ${(e as Error)?.message ?? String(e)}`);
  }
}
