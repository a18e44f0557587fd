// `exit-lens check PATH...`: walk, analyze each file, run the rules, print text/JSON/SARIF, and
// return the exit code of cli-contract.md (0 clean, 1 findings at or above --fail-on, 2 errors).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { availableParallelism } from 'node:os';
import { createAnalyzer } from '../core/analyze';
import { compareDiagnostics } from '../core/check';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { AnalyzeOptions, SourceHost } from '../core/host';
import { languageOf } from '../core/model';
import { RULES } from '../core/rules';
import { FastScan, type ScanHost } from '../core/scan';
import { createConfigResolver, readConfigFile, type LoadedConfig } from '../config/load';
import { defaultConfig } from '../config/schema';
import { diskHost, InputError, loadWasm, readSourceFile } from '../host/node';
import { makeBaseline, newFindings, parseBaseline } from './emit/baseline';
import { checkToJson } from './emit/json';
import { checkToSarif } from './emit/sarif';
import { checkToText } from './emit/text';
import { parseArgs, UsageError } from './main';
import { hashMemo, ResultCache, toolFingerprint } from './cache';
import { checkOne, memoHost, runPool, widenTreeCacheForCheck, workerScript, type CheckResult, type CheckTask } from './pool';
import { globMatcher, walkPaths } from './walk';

declare const EXIT_LENS_VERSION: string | undefined;
const VERSION = typeof EXIT_LENS_VERSION === 'string' ? EXIT_LENS_VERSION : '0.0.0-dev';

/** Where `--cache` keeps results unless `--cache-location` says otherwise (like ESLint's .eslintcache). */
const DEFAULT_CACHE = '.exit-lens-cache';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface CheckIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
}

const defaultIo = (): CheckIo => ({
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: !!process.stdout.isTTY && !process.env.NO_COLOR,
});

export function analyzeOptionsOf(config: LoadedConfig): AnalyzeOptions {
  const c = config.config;
  return {
    python: { ...(c.python.version ? { version: c.python.version } : {}), ...(c.python.startMethod ? { startMethod: c.python.startMethod } : {}) },
    node: { ...(c.node.version ? { version: c.node.version } : {}) },
  };
}

export async function runCheck(argv: string[], io: CheckIo = defaultIo()): Promise<number> {
  const { positionals, flags } = parseArgs(argv, ['format', 'fail-on', 'baseline', 'config', 'jobs', 'cache-location'], ['update-baseline', 'no-color', 'color', 'no-fast-scan', 'cache']);
  const format = (flags.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = (flags['fail-on'] as string | undefined) ?? 'warning';
  if (!['error', 'warning', 'info', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or never, not '${failOn}'`);
  if (positionals.length === 0) throw new UsageError('check needs at least one PATH (a file or a folder)');
  const jobsFlag = flags.jobs === undefined ? undefined : Number(flags.jobs);
  if (jobsFlag !== undefined && (!Number.isInteger(jobsFlag) || jobsFlag < 1)) throw new UsageError(`--jobs must be a whole number of at least 1, not '${String(flags.jobs)}'`);
  const fastScan = flags['no-fast-scan'] !== true && process.env.EXIT_LENS_FAST_SCAN !== '0';
  if (typeof flags['cache-location'] === 'string' && flags.cache !== true) throw new UsageError('--cache-location needs --cache');
  const cache = flags.cache === true ? new ResultCache(resolve((flags['cache-location'] as string | undefined) ?? DEFAULT_CACHE), toolFingerprint(VERSION), (l) => io.stderr(l + '\n')) : undefined;

  const ruleIds = RULES.map((r) => r.id);
  const disk = diskHost();
  const configHost = { readFile: (p: string) => disk.readFile(p) };
  let resolveConfig = createConfigResolver(configHost, ruleIds);
  if (typeof flags.config === 'string') {
    const file = resolve(flags.config);
    if (!existsSync(file)) throw new InputError(`${flags.config}: configuration file not found`);
    try {
      readSourceFile(file); // the precise reason when it is a folder, unreadable or binary
    } catch (e) {
      throw new InputError(`${(e as Error).message.replace(file, flags.config)} (--config)`);
    }
    const found = readConfigFile(file, configHost, ruleIds);
    if (!found) io.stderr(`exit-lens: ${flags.config}: no Exit Lens configuration in it (using the defaults)\n`);
    const fixed: LoadedConfig = found ?? { config: defaultConfig(), file, dir: dirname(file), errors: [] };
    resolveConfig = () => fixed;
  }

  const reported = new Set<string>();
  const reportConfigErrors = (c: LoadedConfig) => {
    if (!c.file || reported.has(c.file)) return;
    reported.add(c.file);
    for (const e of c.errors) io.stderr(`exit-lens: ${e.file}: ${e.key}: ${e.message} (using the default for it)\n`);
  };

  const { files, errors } = walkPaths(positionals, {
    isIgnoredByConfig: (abs) => {
      const c = resolveConfig(abs.endsWith('/') ? abs + 'x' : abs);
      return !!c.dir && globMatcher(c.dir, c.config.ignore)(abs);
    },
  });
  // Paths that cannot be read are named and skipped; the run fails (2) only if nothing was analyzed.
  for (const e of errors) io.stderr(`exit-lens: ${e}\n`);
  let problems = errors.length;

  const texts = new Map<string, string>();
  const diskOnce = memoHost(disk);
  const host: SourceHost = {
    readFile(p) {
      const hit = texts.get(p);
      return hit ?? diskOnce.readFile(p);
    },
  };
  const checked = new Set(files);
  const all: Diagnostic[] = [];
  const seen = new Set<string>();
  let analyzed = 0;
  // The fast scan (core/scan.ts) lets go of files that soundly cannot matter: analyzed as entries,
  // neither they nor what they import could register a handler or carry a finding.
  const scan = fastScan ? new FastScan(scanHost(texts, diskOnce)) : undefined;
  // With --cache, an entry whose inputs are all unchanged since the last run is not analyzed
  // again. Its stored result is what the analysis gives, so it needs no fast scan either, unless it
  // names syntax errors: a skipped file prints none, and stderr stays as a run without the cache.
  const hashOf = hashMemo(host);
  const tasks: CheckTask[] = [];
  const reused: (CheckResult | undefined)[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = texts.get(file) ?? readSourceFile(file);
    } catch (e) {
      problems++;
      io.stderr(`exit-lens: ${(e as Error).message} (skipped)\n`);
      continue;
    }
    texts.set(file, text);
    const loaded = resolveConfig(resolve(file));
    reportConfigErrors(loaded);
    const task: CheckTask = { file, text, options: analyzeOptionsOf(loaded), config: loaded.config };
    const hit = cache?.lookup(task, hashOf);
    if (hit && hit.parseErrors.length === 0) {
      tasks.push(task);
      reused.push(hit);
      continue;
    }
    if (scan?.canSkip(file, text)) {
      analyzed++;
      continue;
    }
    tasks.push(task);
    reused.push(hit);
  }
  const todo = tasks.filter((_, i) => !reused[i]);
  if (cache) for (const t of todo) t.record = true;
  // EXIT_LENS_TEST_POOL=1 (tests): the pool even for a few files, to compare it with one thread.
  if (scan && process.env.EXIT_LENS_SCAN_STATS === '1') io.stderr(`exit-lens: fast scan: ${scan.stats.skipped} of ${files.length} files skipped unparsed, ${tasks.length} to analyze (${scan.stats.scanned} scanned)\n`);
  if (cache && process.env.EXIT_LENS_SCAN_STATS === '1') io.stderr(`exit-lens: cache: ${tasks.length - todo.length} of ${tasks.length} results reused\n`);
  const jobs = jobsFlag ?? defaultJobs(todo);
  const script = jobs > 1 && (usePool(todo) || (process.env.EXIT_LENS_TEST_POOL === '1' && todo.length > 1)) ? workerScript() : undefined;
  let fresh: CheckResult[];
  if (script) fresh = await runPool(todo, jobs, script);
  else {
    const analyzer = todo.length ? await createAnalyzer(loadWasm()) : undefined;
    widenTreeCacheForCheck();
    fresh = todo.map((t) => checkOne(analyzer!, t, host, hashOf));
  }
  if (cache) {
    todo.forEach((t, i) => cache.store(t, fresh[i]!));
    try {
      cache.save(checked, existsSync);
    } catch (e) {
      io.stderr(`exit-lens: ${cache.path}: the cache could not be written (${(e as Error).message})\n`);
    }
  }
  let next = 0;
  const results = reused.map((r) => r ?? fresh[next++]!);
  // Merged in file order, whichever thread analyzed what: the output does not depend on --jobs.
  for (const r of results) {
    for (const line of r.parseErrors) io.stderr(line);
    if (r.error !== undefined) {
      problems++;
      io.stderr(`exit-lens: ${r.file}: internal error: ${r.error.split('\n')[0]} (skipped)\n`);
      continue;
    }
    for (const d of r.diagnostics) {
      // Findings in imported modules are reported when those modules are checked themselves.
      if (!checked.has(d.file)) continue;
      const k = `${d.file}\0${d.range.start.offset}\0${d.rule}\0${d.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      all.push(d);
    }
    analyzed++;
  }
  if (analyzed === 0 && problems > 0) return 2;
  all.sort(compareDiagnostics);

  const textOf = (f: string) => texts.get(f) ?? host.readFile(f);
  let shown = all;
  if (typeof flags.baseline === 'string') {
    const path = flags.baseline;
    if (!existsSync(path) || flags['update-baseline']) {
      writeFileSync(path, JSON.stringify(makeBaseline(all, textOf), null, 2) + '\n');
      io.stderr(`exit-lens: wrote ${all.length} finding${all.length === 1 ? '' : 's'} to the baseline ${path}\n`);
      shown = [];
    } else {
      let baseline;
      try {
        baseline = parseBaseline(readFileSync(path, 'utf8'), path);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      shown = newFindings(all, baseline, textOf);
    }
  }

  if (format === 'json') io.stdout(JSON.stringify(checkToJson(analyzed, shown), null, 2) + '\n');
  else if (format === 'sarif') io.stdout(JSON.stringify(checkToSarif(shown, RULES, VERSION, pathToFileURL(process.cwd()).href), null, 2) + '\n');
  else io.stdout(checkToText(analyzed, shown, { color: flags.color === true || (io.isTTY && flags['no-color'] !== true), text: textOf }));

  if (failOn === 'never') return 0;
  const threshold = RANK[failOn as Severity];
  return shown.some((d) => RANK[d.severity] >= threshold) ? 1 : 0;
}

/**
 * One worker per CPU; on two CPUs or fewer, only for a large run. There one thread's garbage
 * collection and compilation already use the second core, and each worker parses the modules
 * its entries share again, so the pool pays only once there is enough work to spread (measured on
 * the corpora, `--jobs 1` against `--jobs 2`: slower on 120 and 470 JS/TS entries, faster on
 * 1,160 and 4,733; about even on 77 Python entries, faster on 142, 281 and all; a Python entry costs
 * several times a JS one).
 */
export function defaultJobs(tasks: readonly Pick<CheckTask, 'file'>[], cpus: number = availableParallelism()): number {
  if (cpus > 2) return cpus;
  let work = 0;
  for (const t of tasks) work += languageOf(t.file) === 'python' ? 1 / 128 : 1 / 1024;
  return work >= 1 ? cpus : 1;
}

/** Worker threads pay off only past a few files: each one starts the analyzer (wasm, bundle) anew. */
function usePool(tasks: CheckTask[]): boolean {
  if (tasks.length < 16) return false;
  let chars = 0;
  for (const t of tasks) chars += t.text.length;
  return chars >= 256 * 1024;
}

/**
 * The scan reads imported modules once (kept in `texts` for the analysis and the output) and
 * answers "does this candidate path exist" from cached folder listings instead of failed reads.
 */
export function scanHost(texts: Map<string, string>, disk: SourceHost): ScanHost {
  // Names are compared lowercased: on a case-insensitive disk `foo.py` opens `Foo.py`, and a
  // superset of the existing paths is what soundness needs.
  const dirs = new Map<string, Set<string> | null>();
  const split = (p: string): [string, string] | undefined => {
    const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    if (i < 0) return ['.', p];
    return [i === 0 ? p[0]! : p.slice(0, i), p.slice(i + 1)];
  };
  const list = (d: string): Set<string> | null => {
    let m = dirs.get(d);
    if (m !== undefined) return m;
    m = null;
    const parts = split(d);
    // A folder is listed only when its parent lists it (most candidate folders do not exist).
    const root = !parts || d === '.' || d === '/' || parts[1] === '' || parts[1] === '.' || parts[1] === '..' || /^[a-z]:$/i.test(d) || (parts[0] === '.' && !d.includes('/'));
    if (root || (list(parts![0])?.has(parts![1].toLowerCase()) ?? false)) {
      try {
        m = new Set(readdirSync(d || '.').map((n) => n.toLowerCase()));
      } catch {
        m = null;
      }
    }
    dirs.set(d, m);
    return m;
  };
  return {
    exists(p) {
      if (texts.has(p)) return true;
      const [d, name] = split(p)!;
      return list(d)?.has(name.toLowerCase()) ?? false;
    },
    readFile(p) {
      const hit = texts.get(p);
      if (hit !== undefined) return hit;
      const t = disk.readFile(p);
      if (t !== undefined) texts.set(p, t);
      return t;
    },
  };
}
