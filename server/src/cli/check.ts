// `exit-lens check PATH...`: walk, analyze each file, run the rules, print text/JSON/SARIF, and
// return the exit code of cli-contract.md (0 clean, 1 findings at or above --fail-on, 2 errors).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer } from '../core/analyze';
import { compareDiagnostics, runRules, type CheckConfig } from '../core/check';
import type { Diagnostic, Severity } from '../core/diagnostics';
import type { AnalyzeOptions, SourceHost } from '../core/host';
import { RULES } from '../core/rules';
import { createConfigResolver, readConfigFile, type LoadedConfig } from '../config/load';
import { defaultConfig } from '../config/schema';
import { diskHost, InputError, loadWasm, readSourceFile } from '../host/node';
import { makeBaseline, newFindings, parseBaseline } from './emit/baseline';
import { checkToJson } from './emit/json';
import { checkToSarif } from './emit/sarif';
import { checkToText } from './emit/text';
import { parseArgs, UsageError } from './main';
import { globMatcher, walkPaths } from './walk';

declare const EXIT_LENS_VERSION: string | undefined;
const VERSION = typeof EXIT_LENS_VERSION === 'string' ? EXIT_LENS_VERSION : '0.0.0-dev';

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
  const { positionals, flags } = parseArgs(argv, ['format', 'fail-on', 'baseline', 'config'], ['update-baseline', 'no-color', 'color']);
  const format = (flags.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = (flags['fail-on'] as string | undefined) ?? 'warning';
  if (!['error', 'warning', 'info', 'never'].includes(failOn)) throw new UsageError(`--fail-on must be error, warning, info or never, not '${failOn}'`);
  if (positionals.length === 0) throw new UsageError('check needs at least one PATH (a file or a folder)');

  const ruleIds = RULES.map((r) => r.id);
  const disk = diskHost();
  const configHost = { readFile: (p: string) => disk.readFile(p) };
  let resolveConfig = createConfigResolver(configHost, ruleIds);
  if (typeof flags.config === 'string') {
    const file = resolve(flags.config);
    if (!existsSync(file)) throw new InputError(`${flags.config}: configuration file not found`);
    const fixed: LoadedConfig = readConfigFile(file, configHost, ruleIds) ?? { config: defaultConfig(), file, dir: dirname(file), errors: [] };
    resolveConfig = () => fixed;
  }

  const reported = new Set<string>();
  const reportConfigErrors = (c: LoadedConfig) => {
    if (!c.file || reported.has(c.file)) return;
    reported.add(c.file);
    for (const e of c.errors) io.stderr(`exit-lens: ${e.file}: ${e.key}: ${e.message} (using the default for it)\n`);
  };

  const { files } = walkPaths(positionals, {
    isIgnoredByConfig: (abs) => {
      const c = resolveConfig(abs.endsWith('/') ? abs + 'x' : abs);
      return !!c.dir && globMatcher(c.dir, c.config.ignore)(abs);
    },
  });

  const analyzer = await createAnalyzer(loadWasm());
  const texts = new Map<string, string>();
  const host: SourceHost = {
    readFile(p) {
      const hit = texts.get(p);
      return hit ?? disk.readFile(p);
    },
  };
  const checked = new Set(files);
  const explicit = new Set(positionals.map((p) => resolve(p)));
  const all: Diagnostic[] = [];
  const seen = new Set<string>();
  let analyzed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readSourceFile(file);
    } catch (e) {
      if (explicit.has(resolve(file))) throw e;
      io.stderr(`exit-lens: ${(e as Error).message} (skipped)\n`);
      continue;
    }
    texts.set(file, text);
    const loaded = resolveConfig(resolve(file));
    reportConfigErrors(loaded);
    const config: CheckConfig = loaded.config;
    const model = analyzer.analyze(file, text, host, analyzeOptionsOf(loaded));
    analyzed++;
    try {
      for (const e of model.parseErrors) {
        if (e.location.file === file) io.stderr(`${e.location.file}:${e.location.range.start.line}:${e.location.range.start.column}: syntax error: ${e.message} (checked the code that parsed)\n`);
      }
      for (const d of runRules(model, (f) => (f === file ? text : host.readFile(f)), config)) {
        // Findings in imported modules are reported when those modules are checked themselves.
        if (!checked.has(d.file)) continue;
        const k = `${d.file}\0${d.range.start.offset}\0${d.rule}\0${d.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        all.push(d);
      }
    } finally {
      model.dispose();
    }
  }
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
