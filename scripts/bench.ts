// `npm run bench`: Exit Lens measured side by side with the floors of its own parsers and with the
// tools users run today, on real corpora, in one run (issue 6; ../shared/bench/ANCHORS.md for the
// method). Every measurement is a child process of its own (fresh memory; wall, CPU and peak RSS
// taken around it); the anchors of a table run round-robin (round 1 runs each once, then round 2,
// ...), tables show medians with min–max, and ratios are medians of same-round ratios, because
// single runs on shared 2-core machines land up to 40 % off.
//
//   npm run bench -- [--runs 3] [--sample N] [--only js,py,linters,handlers,lsp,scaling]
//                    [--js DIR] [--python DIR] [--corpus-scripts DIR] [--no-build] [--write]
//                    [--edits 40] [--hovers 30] [--section-runs lsp=1,scaling=1] [--workspace-limit SECONDS] [--out DIR]
//
// --sample N keeps every Nth corpus file (a quick look). A run of every section with every file
// and at least 3 rounds writes BENCHMARKS.md and bench/results.json; other runs write them to
// bench/out/ (gitignored) unless --write is given.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fitExponent, measure, median, percentile, PYTHON_FOR_TIMING, syntheticSource, type Measured } from './bench-util';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);
const runs = Number(opt('runs', '3'));
const sample = Number(opt('sample', '1'));
// Sections can take their own round counts when time is short: --section-runs linters=1,scaling=1.
const sectionRuns: Record<string, number> = Object.fromEntries(
  (opt('section-runs') ?? '').split(',').filter(Boolean).map((kv) => [kv.split('=')[0]!.trim(), Number(kv.split('=')[1])]),
);
const runsOf = (section: string) => sectionRuns[section] ?? runs;
const lspRuns = runsOf('lsp');
const scalingRuns = runsOf('scaling');
/** The section being measured (its round count applies to its tables). */
let currentSection = '';
const SECTIONS = ['js', 'py', 'linters', 'handlers', 'lsp', 'scaling'] as const;
type Section = (typeof SECTIONS)[number];
const only = new Set((opt('only') ?? SECTIONS.join(',')).split(',').map((s) => s.trim()) as Section[]);
for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section '${s}' (${SECTIONS.join(', ')})`);
const edits = Number(opt('edits', sample > 1 ? '20' : '40'));
const hovers = Number(opt('hovers', sample > 1 ? '10' : '30'));
const workspaceLimitS = Number(opt('workspace-limit', '1200'));
const complete = only.size === SECTIONS.length && sample === 1 && Math.min(...SECTIONS.map(runsOf)) >= 3;
const outDir = resolve(opt('out') ?? (complete || flag('write') ? root : join(root, 'bench', 'out')));
const work = join(tmpdir(), 'exit-lens-bench');
const started = Date.now();
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s] ${s}\n`);

// ---- Setup: the product's bundles, the in-process worker bundle, the corpora, the rival tools ------

function sh(cmd: string, argv: string[], cwd = root): string {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function build(): void {
  if (!flag('no-build')) {
    log('building dist/ (npm run build)');
    sh(process.execPath, [join(root, 'scripts', 'build.mjs')]);
  }
  // The in-process measurements run as a bundle built like the product's (no tsx start-up cost).
  const out = join(root, 'bench', '.build');
  mkdirSync(out, { recursive: true });
  const script = `
    const esbuild = require('esbuild');
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', keepNames: true,
      logOverride: { 'require-resolve-not-external': 'silent' }, external: ['vscode'],
      define: { 'import.meta.url': '__u' }, banner: { js: "const __u = require('url').pathToFileURL(__filename).href;" } };
    Promise.all([
      esbuild.build({ ...common, entryPoints: [${JSON.stringify(join(root, 'scripts', 'bench-worker.ts'))}], outfile: ${JSON.stringify(join(out, 'worker.js'))} }),
      ${only.has('lsp') ? `esbuild.build({ ...common, entryPoints: [${JSON.stringify(join(root, 'scripts', 'bench-lsp.ts'))}], outfile: ${JSON.stringify(join(out, 'lsp.js'))} }),` : ''}
    ]).catch((e) => { console.error(e); process.exit(1); });`;
  sh(process.execPath, ['-e', script]);
  for (const w of ['tree-sitter.wasm', 'tree-sitter-python.wasm']) copyFileSync(join(root, 'dist', w), join(out, w));
}

function corpusScriptsDir(): string {
  const given = opt('corpus-scripts') ?? process.env.EXIT_LENS_CORPUS_SCRIPTS;
  for (const d of [given, join(root, '..', 'shared', 'corpus'), '/work/shared/corpus']) {
    if (d && existsSync(join(d, 'fetch-corpus.sh'))) return resolve(d);
  }
  throw new Error('the corpus scripts (fetch-corpus.sh, python-corpus.sh) were not found: pass --corpus-scripts DIR, or --js DIR and --python DIR');
}

const corpusLog: Record<string, string> = {};
/** Installs (or checks) the corpora with the shared scripts, both at once; returns their roots. */
function corpora(needJs: boolean, needPy: boolean): { js?: string; python?: string } {
  const out: { js?: string; python?: string } = {};
  const jobs: string[] = [];
  for (const kind of ['js', 'python'] as const) {
    if (!(kind === 'js' ? needJs : needPy)) continue;
    const given = opt(kind);
    if (given) {
      out[kind] = resolve(given);
      continue;
    }
    const script = join(corpusScriptsDir(), kind === 'js' ? 'fetch-corpus.sh' : 'python-corpus.sh');
    const dest = join(tmpdir(), 'exit-handler-corpus', kind);
    log(`corpus ${kind}: ${script} ${dest}`);
    jobs.push(`bash ${JSON.stringify(script)} ${JSON.stringify(dest)} > ${JSON.stringify(join(work, `corpus-${kind}.out`))} & `);
    out[kind] = kind === 'js' ? join(dest, 'node_modules') : dest;
  }
  if (jobs.length) {
    // Each script's status is checked: `wait PID` returns it.
    const cmd = jobs.map((j, i) => `${j} p${i}=$!;`).join(' ') + ' ' + jobs.map((_, i) => `wait $p${i} || exit 1;`).join(' ');
    const r = spawnSync('bash', ['-c', cmd], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error('a corpus script failed (see above)');
    for (const kind of ['js', 'python']) {
      const f = join(work, `corpus-${kind}.out`);
      if (existsSync(f)) corpusLog[kind] = readFileSync(f, 'utf8');
    }
  }
  return out;
}

const EXT = { js: /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/, python: /\.py$/ };

function list(dir: string, re: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    let st;
    try {
      st = lstatSync(p); // as `find -type f` (the corpus scripts' counts): symlinks are not followed
    } catch {
      continue;
    }
    if (st.isDirectory()) list(p, re, out);
    else if (st.isFile() && re.test(name)) out.push(p);
  }
  return out;
}

/** Options of `exit-lens check` that the harness uses when the CLI has them (probed, not assumed). */
interface CliCaps {
  jobs?: string;
  noScan?: string[];
  /** `--cache`: results reused while the inputs are unchanged. */
  cache?: boolean;
}
function cliCaps(): CliCaps {
  const probeFile = join(work, 'probe.py');
  writeFileSync(probeFile, 'import atexit\natexit.register(print)\n');
  const accepts = (extra: string[]) =>
    spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', '--format', 'json', '--fail-on', 'never', ...extra, probeFile], { encoding: 'utf8' }).status === 0;
  const caps: CliCaps = {};
  caps.jobs = ['--jobs', '--threads', '--workers', '--concurrency'].find((f) => accepts([f, '1']));
  caps.noScan = [['--no-fast-scan'], ['--no-scan'], ['--no-prescan'], ['--fast-scan', 'off'], ['--scan', 'off']].find((f) => accepts(f));
  caps.cache = accepts(['--cache', '--cache-location', join(work, 'probe.cache')]);
  return caps;
}

// ---- Measurements ----------------------------------------------------------------------------------

interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
  /** Seconds of the measured loop alone (in-process workers). */
  work?: number;
  findings?: number;
  /** sha256 of the sorted findings (file, line, column, rule): equal results across variants. */
  fingerprint?: string;
  extra?: Record<string, unknown>;
}

/** CPU seconds of every measured child so far (for the log: estimating a full run from a sampled one). */
let cpuSpent = 0;

function checkStatus(m: Measured, what: string, ok: (s: number) => boolean): void {
  cpuSpent += m.cpu;
  if (!ok(m.status)) throw new Error(`${what} failed with status ${m.status}:\n${m.stderr.slice(-3000)}\n${m.stdout.slice(-1000)}`);
}

function worker(mode: string, listFile: string, ...rest: string[]): Sample {
  const m = measure([process.execPath, join(root, 'bench', '.build', 'worker.js'), mode, listFile, ...rest]);
  checkStatus(m, `worker ${mode}`, (s) => s === 0);
  const j = JSON.parse(m.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  return { wall: m.wall, cpu: m.cpu, rssMb: m.rssMb, work: j.work as number, findings: j.findings as number | undefined, extra: j };
}

const fingerprint = (keys: string[]) => createHash('sha256').update(keys.sort().join('\n')).digest('hex').slice(0, 16);

/** `exit-lens check` as a user runs it: the bundled CLI, JSON to a file, exit code ignored (--fail-on never). */
function check(cwd: string, relFiles: string[], extraArgs: string[]): Sample {
  const m = measure([process.execPath, join(root, 'dist', 'cli.js'), 'check', '--format', 'json', '--fail-on', 'never', ...extraArgs, '--', ...relFiles], { cwd });
  checkStatus(m, `exit-lens check ${extraArgs.join(' ')}`, (s) => s === 0);
  const j = JSON.parse(m.stdout) as { files: number; diagnostics: { file: string; line: number; column: number; rule: string }[] };
  return {
    wall: m.wall, cpu: m.cpu, rssMb: m.rssMb, findings: j.diagnostics.length,
    fingerprint: fingerprint(j.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}:${d.rule}`)),
    extra: { filesAnalyzed: j.files, syntaxErrors: (m.stderr.match(/syntax error/g) ?? []).length },
  };
}

const TOOLS = join(root, 'bench', 'tools');
function ensureEslint(): string | undefined {
  const bin = join(TOOLS, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const stamp = join(TOOLS, 'node_modules', '.bench-stamp');
  const want = createHash('sha256').update(readFileSync(join(TOOLS, 'package-lock.json'))).digest('hex');
  if (!existsSync(bin) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    log('installing ESLint and its plugins into bench/tools (npm ci)');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOLS, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) return `npm ci in bench/tools failed (${r.status})`;
    writeFileSync(stamp, want);
  }
  return undefined;
}

function eslint(cwd: string, relFiles: string[]): Sample {
  const m = measure([process.execPath, join(TOOLS, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(TOOLS, 'eslint.config.mjs'), '--format', 'json', '--no-warn-ignored', ...relFiles], { cwd });
  // 1 = problems reported (parse errors are fatal problems); 2 = ESLint itself failed.
  checkStatus(m, 'eslint', (s) => s === 0 || s === 1);
  const results = JSON.parse(m.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; fatal?: boolean }[] }[];
  const byRule: Record<string, number> = {};
  let fatal = 0;
  const keys: string[] = [];
  for (const r of results) {
    for (const msg of r.messages) {
      if (msg.fatal) fatal++;
      const id = msg.ruleId ?? (msg.fatal ? 'parse-error' : 'other');
      byRule[id] = (byRule[id] ?? 0) + 1;
      if (msg.ruleId) keys.push(`${r.filePath}:${msg.line}:${msg.column}:${msg.ruleId}`);
    }
  }
  return { wall: m.wall, cpu: m.cpu, rssMb: m.rssMb, findings: keys.length, fingerprint: fingerprint(keys), extra: { byRule, parseErrors: fatal, filesLinted: results.length } };
}

function which(cmd: string): string | undefined {
  const r = spawnSync('bash', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** flake8 and pylint from Debian's packages (installed when missing and running as root). */
function ensurePythonLinters(): { flake8?: string; pylint?: string; reason?: string } {
  let flake8 = existsSync('/usr/bin/flake8') ? '/usr/bin/flake8' : which('flake8');
  let pylint = existsSync('/usr/bin/pylint') ? '/usr/bin/pylint' : which('pylint');
  if ((!flake8 || !pylint) && process.getuid?.() === 0 && which('apt-get')) {
    log('installing flake8 and pylint (apt-get install)');
    spawnSync('apt-get', ['install', '-y', '-qq', 'flake8', 'pylint'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    flake8 = existsSync('/usr/bin/flake8') ? '/usr/bin/flake8' : which('flake8');
    pylint = existsSync('/usr/bin/pylint') ? '/usr/bin/pylint' : which('pylint');
  }
  const reason = !flake8 || !pylint ? `not installed (${[!flake8 && 'flake8', !pylint && 'pylint'].filter(Boolean).join(', ')}); run as root or \`apt-get install flake8 pylint\`` : undefined;
  return { flake8, pylint, reason };
}

function flake8(bin: string, files: string[]): Sample {
  const m = measure([bin, '--isolated', '--select=F', '-j', '1', ...files]);
  checkStatus(m, 'flake8', (s) => s === 0 || s === 1);
  const lines = m.stdout.split('\n').filter(Boolean);
  return { wall: m.wall, cpu: m.cpu, rssMb: m.rssMb, findings: lines.length };
}

function pylint(bin: string, files: string[]): Sample {
  const m = measure([bin, '--rcfile=/dev/null', '--persistent=n', '--score=n', '--disable=all', '--enable=E,W', '-j', '1', ...files], { cwd: work });
  // pylint's status is a bit mask of the message categories found; 32 = usage error.
  checkStatus(m, 'pylint', (s) => (s & 32) === 0);
  const n = m.stdout.split('\n').filter((l) => /^[^ *].*:\d+:\d+: [EW]\d{4}/.test(l)).length;
  return { wall: m.wall, cpu: m.cpu, rssMb: m.rssMb, findings: n };
}

// ---- Tables --------------------------------------------------------------------------------------

interface Anchor {
  id: string;
  label: string;
  run: () => Sample;
}

interface TableResult {
  title: string;
  files: number;
  bytes: number;
  lines?: number;
  runs: number;
  baseline: string;
  metric: 'wall' | 'work';
  anchors: { id: string; label: string; samples: Sample[] }[];
  notes: string[];
}

const results: Record<string, unknown> = {};
const tables: TableResult[] = [];

function bytesOf(files: string[]): number {
  let n = 0;
  for (const f of files) n += statSync(f).size;
  return n;
}

function runTable(title: string, files: string[], anchors: Anchor[], baseline: string, metric: 'wall' | 'work' = 'wall', notes: string[] = []): TableResult {
  const runs = runsOf(currentSection);
  const t: TableResult = { title, files: files.length, bytes: bytesOf(files), runs, baseline, metric, anchors: anchors.map((a) => ({ id: a.id, label: a.label, samples: [] })), notes };
  for (let round = 0; round < runs; round++) {
    for (const [i, a] of anchors.entries()) {
      const s = a.run();
      t.anchors[i]!.samples.push(s);
      log(`${title}: round ${round + 1}/${runs}: ${a.id} ${s.wall.toFixed(2)} s wall${s.work !== undefined ? `, ${s.work.toFixed(2)} s work` : ''}, ${s.rssMb.toFixed(0)} MB${s.findings !== undefined ? `, ${s.findings} findings` : ''}`);
    }
  }
  tables.push(t);
  return t;
}

/** Median over rounds of anchor/baseline in the same round. */
function ratio(t: TableResult, id: string, base = t.baseline, metric: 'wall' | 'work' | 'cpu' = t.metric): number {
  const a = t.anchors.find((x) => x.id === id);
  const b = t.anchors.find((x) => x.id === base);
  if (!a || !b) return NaN;
  return median(a.samples.map((s, i) => (s[metric] ?? s.wall) / (b.samples[i]![metric] ?? b.samples[i]!.wall)));
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');

function tableMd(t: TableResult): string {
  const mb = t.bytes / 1e6;
  const rows = [
    `### ${t.title}`,
    '',
    `${t.files.toLocaleString('en-US')} files, ${mb.toFixed(1)} MB; ${t.runs} round${t.runs === 1 ? '' : 's'}, round-robin. Ratios: median of same-round ratios of ${t.metric === 'wall' ? 'wall time' : 'work time (the measured loop alone, in-process)'} against **${t.anchors.find((a) => a.id === t.baseline)?.label}**.`,
    '',
    `| anchor | wall s median (min–max) | work s | CPU s | files/s | MB/s | peak RSS MB | findings | × baseline | × baseline (CPU s) |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const a of t.anchors) {
    const walls = a.samples.map((s) => s.wall);
    const w = median(walls);
    const wk = median(a.samples.map((s) => s.work ?? NaN).filter(Number.isFinite));
    const per = t.metric === 'work' && Number.isFinite(wk) ? wk : w;
    rows.push(
      `| ${a.id === t.baseline ? `**${a.label}** (baseline)` : a.label} | ${f2(w)} (${f2(Math.min(...walls))}–${f2(Math.max(...walls))}) | ${f2(wk)} | ${f2(median(a.samples.map((s) => s.cpu)))} | ${f0(t.files / per)} | ${f2(mb / per)} | ${f0(median(a.samples.map((s) => s.rssMb)))} | ${a.samples[0]!.findings ?? ''} | ${f2(ratio(t, a.id))} | ${f2(ratio(t, a.id, t.baseline, 'cpu'))} |`,
    );
  }
  for (const n of t.notes) rows.push('', n);
  return rows.join('\n');
}

// ---- Sections ------------------------------------------------------------------------------------

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | undefined;
  gap?: string;
}
const targets: Target[] = [];
const skipped: string[] = [];

/** `why`: a measured reason for a gap, appended to it. */
function ratioTarget(name: string, value: number, max: number, what: string, cpu?: number, why?: string): void {
  const met = Number.isFinite(value) ? value <= max : undefined;
  targets.push({ name, target: `≤ ${max}×`, measured: `${f2(value)}× ${what}${cpu !== undefined ? ` (CPU time: ${f2(cpu)}×)` : ''}`, met, gap: met === false ? `${f2(value / max)}× over the goal${why ? `; ${why}` : ''}` : undefined });
}

function writeList(name: string, files: string[]): string {
  const p = join(work, `${name}.txt`);
  writeFileSync(p, files.join('\n') + '\n');
  return p;
}

const oneThread = (caps: CliCaps) => (caps.jobs ? [caps.jobs, '1'] : []);

interface CheckVariant {
  id: string;
  label: string;
  args: string[];
}

/** `cacheFile`: where the `--cache` variant keeps its results (removed first: a run starts cold). */
function checkVariants(caps: CliCaps, cacheFile: string): CheckVariant[] {
  const n = cpus().length;
  const v: CheckVariant[] = [{ id: 'check', label: '`exit-lens check` (1 thread)', args: oneThread(caps) }];
  if (caps.jobs) v.push({ id: 'check-pool', label: `\`exit-lens check ${caps.jobs} ${n}\` (worker pool, all cores)`, args: [caps.jobs, String(n)] });
  if (caps.noScan) v.push({ id: 'check-noscan', label: `\`exit-lens check ${caps.noScan.join(' ')}\` (fast scan off, 1 thread)`, args: [...caps.noScan, ...oneThread(caps)] });
  if (caps.cache) {
    rmSync(cacheFile, { force: true });
    v.push({ id: 'check-cache', label: '`exit-lens check --cache`, files unchanged since its last run (warm cache, 1 thread)', args: [...oneThread(caps), '--cache', '--cache-location', cacheFile] });
  }
  return v;
}

/** One run of a `check` variant; the `--cache` one is primed by an unmeasured run the first time. */
function runVariant(v: CheckVariant, cwd: string, rel: string[], cacheFile: string): Sample {
  if (v.id === 'check-cache' && !existsSync(cacheFile)) check(cwd, rel, v.args);
  return check(cwd, rel, v.args);
}

/** The `--cache` row against the same target: reported apart, it is not a cold run. */
function cacheTarget(t: TableResult, lang: string): void {
  if (!t.anchors.some((a) => a.id === 'check-cache')) return;
  ratioTarget(`${lang}: \`exit-lens check --cache\`, unchanged files (warm) / parse+walk`, ratio(t, 'check-cache'), 0.3, 'of parse+walk', ratio(t, 'check-cache', t.baseline, 'cpu'));
}

function sameResults(t: TableResult, ids: string[]): string {
  const fps = ids.map((id) => t.anchors.find((a) => a.id === id)).filter((a) => a).map((a) => ({ id: a!.id, fp: new Set(a!.samples.map((s) => s.fingerprint)) }));
  if (fps.length < 2) return '';
  const all = new Set(fps.flatMap((f) => [...f.fp]));
  return all.size === 1
    ? `The findings of ${fps.map((f) => `\`${f.id}\``).join(', ')} are identical in every round (same files, lines, columns and rules; sha256 ${[...all][0]}).`
    : `**The findings differ** between ${fps.map((f) => `\`${f.id}\` (${[...f.fp].join(', ')})`).join(', ')}.`;
}

interface Breakdown {
  corpusChars: number; skipped: number; analyzed: number; withHandlers: number; scanCpu: number; cpuWithHandlers: number; cpuWithout: number;
  entryChars: number; parsedChars: number; slowest: { file: string; cpu: number; files: number }[];
  /** The list file of the distinct files the analyses parsed (kept entries and their import closures). */
  neededList: string; neededCount: number;
}

/**
 * Where `check`'s time goes on one corpus (one in-process run, CPU time): the entries that end with
 * a handler against those that end with none, and how much text the analyses parse. It runs before
 * the table: the files the analyses parse become a floor row of their own.
 */
function breakdown(listFile: string, name: string): Breakdown {
  const s = worker('breakdown', listFile);
  const { parsedFiles, ...b } = s.extra as Omit<Breakdown, 'neededList' | 'neededCount'> & { parsedFiles: string[] };
  return { ...b, neededList: writeList(`needed-${name}`, parsedFiles), neededCount: parsedFiles.length };
}

/** The anchor of the files a sound whole-program analysis must parse, once each (see breakdown). */
function neededAnchor(b: Breakdown, mode: 'ts-walk' | 'tsp-walk'): Anchor {
  return { id: 'needed-walk', label: `parse + walk of only the ${f0(b.neededCount)} files the analyses parse (kept entries and their import closures, once each)`, run: () => worker(mode, b.neededList) };
}

/** It explains the ratio of the targets, so it is measured, not written by hand. */
function breakdownNote(t: TableResult, b: Breakdown, corpusRoot: string): string | undefined {
  results[`breakdown:${t.title}`] = { ...b, neededList: undefined };
  const total = b.scanCpu + b.cpuWithHandlers + b.cpuWithout;
  const pct = (x: number) => `${((100 * x) / (total || 1)).toFixed(0)} %`;
  t.notes.push(
    `**Where the time goes** (one in-process run of the same work as \`check\`, CPU time): the fast scan lets ${f0(b.skipped)} of ${f0(b.skipped + b.analyzed)} files go unparsed (${f1(b.scanCpu)} s, ${pct(b.scanCpu)}). ` +
      `The ${f0(b.analyzed)} entries it keeps (${f1(b.entryChars / 1e6)} MB of ${f1(b.corpusChars / 1e6)} MB) take ${f1(b.cpuWithHandlers + b.cpuWithout)} s; ` +
      `only ${f0(b.withHandlers)} of them end with a registration or removal, and they take ${f1(b.cpuWithHandlers)} s (${pct(b.cpuWithHandlers)}): ` +
      `${pct(b.cpuWithout)} of the time goes to entries that register nothing, because each entry runs its whole import closure again (the analyses parse ${f1(b.parsedChars / 1e6)} MB of distinct files). ` +
      `Slowest entries: ${b.slowest.map((e) => `\`${relative(corpusRoot, e.file)}\` ${f1(e.cpu)} s (${e.files} modules)`).join(', ')}.`,
  );
  const needed = ratio(t, 'needed-walk');
  const check = ratio(t, 'check');
  if (Number.isFinite(needed) && Number.isFinite(check)) {
    t.notes.push(
      `**The gap, measured**: \`check\` executes each kept entry's import closure (cross-file order needs it), so it must at least parse those files once: that alone is ${f2(needed)}× parse+walk in this run ` +
        `(${needed > 0.3 ? 'above' : 'below'} the 0.3× goal). \`check\` takes ${f2(check)}×: the difference is running the closures again for each entry that imports them, and the abstract execution itself. A warm \`--cache\` run skips both.`,
    );
    return `parsing only the files it must parse already takes ${f2(needed)}×`;
  }
  return undefined;
}

function sectionJs(caps: CliCaps, jsRoot: string, js: string[]): void {
  const listFile = writeList('js', js);
  const rel = js.map((f) => relative(jsRoot, f));
  const cacheFile = join(work, 'js.exit-lens-cache');
  const variants = checkVariants(caps, cacheFile);
  const b = breakdown(listFile, 'js');
  const anchors: Anchor[] = [
    { id: 'read', label: 'read every file (node, utf8)', run: () => worker('read', listFile) },
    { id: 'ts-parse', label: 'typescript 6.0.3 parse (ParseNone, no parents)', run: () => worker('ts-parse', listFile) },
    { id: 'ts-walk', label: 'parse + forEachChild walk', run: () => worker('ts-walk', listFile) },
    neededAnchor(b, 'ts-walk'),
    ...variants.map((v) => ({ id: v.id, label: v.label, run: () => runVariant(v, jsRoot, rel, cacheFile) })),
  ];
  const eslintSkip = ensureEslint();
  if (eslintSkip) skipped.push(`ESLint: ${eslintSkip}`);
  else anchors.push({ id: 'eslint', label: 'ESLint 9.39.5, `n/no-process-exit` + `unicorn/no-process-exit` (1 thread)', run: () => eslint(jsRoot, rel) });
  const t = runTable('JS/TS corpus', js, anchors, 'ts-walk', 'wall', [
    'Every row reads the files itself; wall time includes process start-up and module loading. `exit-lens check` gets the file list on its command line (the corpus lives under `node_modules/`, which a folder walk skips), with `--format json` into a file.',
  ]);
  const same = sameResults(t, variants.map((v) => v.id));
  if (same) t.notes.push(same);
  const why = breakdownNote(t, b, jsRoot);
  ratioTarget('JS/TS: `exit-lens check` (1 thread) / parse+walk', ratio(t, 'check'), 0.3, 'of parse+walk', ratio(t, 'check', t.baseline, 'cpu'), why);
  if (caps.jobs) ratioTarget('JS/TS: `exit-lens check` (worker pool) / parse+walk', ratio(t, 'check-pool'), 0.3, 'of parse+walk', ratio(t, 'check-pool', t.baseline, 'cpu'), why);
  cacheTarget(t, 'JS/TS');
  if (!eslintSkip) {
    for (const id of ['check', ...(caps.jobs ? ['check-pool'] : [])]) {
      const x = ratio(t, 'eslint', id);
      // 30× faster than ESLint is a ratio to parse+walk too: compare it with the floor of what check must parse.
      const goal = ratio(t, 'eslint') / 30;
      const needed = ratio(t, 'needed-walk');
      const why = Number.isFinite(goal) && Number.isFinite(needed) ? `; 30× faster than ESLint is ${f2(goal)}× parse+walk, and parsing only the files \`check\` must parse takes ${f2(needed)}×` : '';
      targets.push({ name: `JS/TS: ESLint / \`exit-lens check\`${id === 'check-pool' ? ' (worker pool)' : ' (1 thread)'}`, target: '≥ 30× faster', measured: `${x >= 1 ? `${f1(x)}× faster` : `${f1(1 / x)}× slower`} (ESLint / exit-lens CPU time: ${f2(ratio(t, 'eslint', id, 'cpu'))})`, met: Number.isFinite(x) ? x >= 30 : undefined, gap: x < 30 ? `${f2(30 / x)}× short${why}` : undefined });
    }
  }
  if (variants.length > 1 && !/identical/.test(same)) targets.push({ name: 'JS/TS: same findings with the fast scan off / the pool / the cache', target: 'identical', measured: 'differ', met: false });
  else if (caps.noScan) targets.push({ name: 'JS/TS: same findings with the fast scan off', target: 'identical', measured: 'identical', met: true });
}

function sectionPy(caps: CliCaps, pyRoot: string, py: string[]): void {
  const listFile = writeList('py', py);
  const rel = py.map((f) => relative(pyRoot, f));
  const cacheFile = join(work, 'py.exit-lens-cache');
  const variants = checkVariants(caps, cacheFile);
  const b = breakdown(listFile, 'py');
  const t = runTable('Python corpus', py, [
    { id: 'read', label: 'read every file (node, utf8)', run: () => worker('read', listFile) },
    { id: 'tsp-parse', label: 'web-tree-sitter 0.25.10 + tree-sitter-python parse', run: () => worker('tsp-parse', listFile) },
    { id: 'tsp-walk', label: 'parse + TreeCursor walk', run: () => worker('tsp-walk', listFile) },
    neededAnchor(b, 'tsp-walk'),
    ...variants.map((v) => ({ id: v.id, label: v.label, run: () => runVariant(v, pyRoot, rel, cacheFile) })),
  ], 'tsp-walk', 'wall', ['Every row reads the files itself; wall time includes process start-up and module loading.']);
  const same = sameResults(t, variants.map((v) => v.id));
  if (same) t.notes.push(same);
  const why = breakdownNote(t, b, pyRoot);
  ratioTarget('Python: `exit-lens check` (1 thread) / parse+walk', ratio(t, 'check'), 0.3, 'of parse+walk', ratio(t, 'check', t.baseline, 'cpu'), why);
  if (caps.jobs) ratioTarget('Python: `exit-lens check` (worker pool) / parse+walk', ratio(t, 'check-pool'), 0.3, 'of parse+walk', ratio(t, 'check-pool', t.baseline, 'cpu'), why);
  cacheTarget(t, 'Python');
  if (variants.length > 1 && !/identical/.test(same)) targets.push({ name: 'Python: same findings with the fast scan off / the pool / the cache', target: 'identical', measured: 'differ', met: false });
  else if (caps.noScan) targets.push({ name: 'Python: same findings with the fast scan off', target: 'identical', measured: 'identical', met: true });
}

/** The stdlib subset of ANCHORS.md's pylint table: the stdlib's heaviest users of atexit/signal/finalizers. */
function lintSubset(pyRoot: string): string[] {
  const std = join(pyRoot, 'stdlib');
  const dirs = ['asyncio', 'concurrent', 'logging', 'multiprocessing'].map((d) => join(std, d)).filter(existsSync);
  const files = dirs.flatMap((d) => list(d, EXT.python));
  for (const m of ['threading', 'subprocess', 'weakref', 'signal', 'tempfile', 'shutil']) if (existsSync(join(std, `${m}.py`))) files.push(join(std, `${m}.py`));
  return files;
}

function sectionLinters(caps: CliCaps, pyRoot: string): void {
  const files = lintSubset(pyRoot);
  if (files.length === 0) {
    skipped.push('Python linters: no stdlib/ in the Python corpus');
    return;
  }
  const listFile = writeList('lint-subset', files);
  const tools = ensurePythonLinters();
  const anchors: Anchor[] = [
    { id: 'tsp-walk', label: 'tree-sitter parse + walk', run: () => worker('tsp-walk', listFile) },
    { id: 'check', label: '`exit-lens check` (1 thread)', run: () => check(pyRoot, files.map((f) => relative(pyRoot, f)), oneThread(caps)) },
  ];
  if (tools.flake8) anchors.push({ id: 'flake8', label: 'flake8 5.0.4 `--select=F -j 1` (pyflakes)', run: () => flake8(tools.flake8!, files) });
  if (tools.pylint) anchors.push({ id: 'pylint', label: 'pylint 2.16.2 `--disable=all --enable=E,W -j 1`', run: () => pylint(tools.pylint!, files) });
  if (tools.reason) skipped.push(`Python linters: ${tools.reason}`);
  const t = runTable('Python linters on a stdlib subset', files, anchors, 'tsp-walk', 'wall', [
    'The subset of ANCHORS.md: stdlib `asyncio/`, `concurrent/`, `logging/`, `multiprocessing/` and `threading`, `subprocess`, `weakref`, `signal`, `tempfile`, `shutil` (the stdlib\'s heaviest users of atexit, signals and finalizers). flake8/pylint run the Debian packages on `/usr/bin/python3`.',
  ]);
  for (const id of ['flake8', 'pylint']) {
    const x = ratio(t, id, 'check');
    if (Number.isFinite(x)) t.notes.push(`${id} takes ${f1(x)}× the time of \`exit-lens check\` on these files (median of same-round ratios).`);
  }
}

/** Text that names a registration mechanism (the regexes of the corpus scripts, a little wider). */
const REGISTERS = {
  js: /process\.(on|once|addListener|prependListener|prependOnceListener)\(|['"`](signal-exit|exit-hook|async-exit-hook|close-with-grace|node-cleanup|death)['"`/]|DisposableStack/,
  python: /\batexit\b|signal\.signal\(|\bfinalize\b|\bFinalize\(|ExitStack/,
};

function sectionHandlers(caps: CliCaps, jsRoot: string, pyRoot: string): void {
  // Which files register handlers, by the product's own analysis, among the files whose text names
  // a registration mechanism. Always over the whole corpus (--sample does not apply): these are few.
  for (const [lang, rootDir, re] of [['JS/TS', jsRoot, REGISTERS.js], ['Python', pyRoot, REGISTERS.python]] as const) {
    const all = list(rootDir, lang === 'Python' ? EXT.python : EXT.js);
    const cands = all.filter((f) => statSync(f).size < 5 * 1024 * 1024 && re.test(readFileSync(f, 'utf8')));
    const s = worker('registering', writeList(`cands-${lang === 'Python' ? 'py' : 'js'}`, cands));
    const reg = (s.extra!.registering as string[]) ?? [];
    log(`${lang}: ${reg.length} files register handlers (of ${cands.length} candidates, ${all.length} files)`);
    if (reg.length === 0) {
      skipped.push(`${lang} registering files: none found`);
      continue;
    }
    const listFile = writeList(`reg-${lang === 'Python' ? 'py' : 'js'}`, reg);
    const floor = lang === 'Python' ? 'tsp-walk' : 'ts-walk';
    const b = breakdown(listFile, `reg-${lang === 'Python' ? 'py' : 'js'}`);
    const t = runTable(`${lang}: the files that register handlers`, reg, [
      { id: floor, label: 'parse + walk (in-process)', run: () => worker(floor, listFile) },
      { ...neededAnchor(b, floor), label: `parse + walk of these files and their import closures (${f0(b.neededCount)} files, in-process)` },
      { id: 'analyze', label: 'full analysis + every rule (in-process)', run: () => worker('analyze', listFile) },
      { id: 'check', label: '`exit-lens check` over these files (CLI, 1 thread)', run: () => check(rootDir, reg.map((f) => relative(rootDir, f)), oneThread(caps)) },
    ], floor, 'work', [
      `The files of the whole corpus in which the analysis finds a registration: ${reg.length} of the ${cands.length} files whose text names a registration mechanism (${s.extra!.registrations} registrations). The ratio compares the measured loops in-process; the CLI row's ratio uses its wall time, start-up included. The analysis also reads and parses what these files import.`,
    ]);
    const needed = ratio(t, 'needed-walk');
    ratioTarget(`${lang}: full analysis / parse+walk on the files that register handlers`, ratio(t, 'analyze'), 1.3, 'of parse+walk (work time)', undefined,
      Number.isFinite(needed) ? `parsing what they import, once, already takes ${f2(needed)}×` : undefined);
  }
}

// Log-spaced sizes: the fit weighs each decade alike.
const SIZES = [1000, 3000, 10000, 30000, 100000];
interface ScaleRow {
  lines: number;
  chars: number;
  registrations: number;
  /** Per round: the median of that process's runs, seconds (wall / CPU). */
  analysis: number[];
  analysisCpu: number[];
  floor: number[];
  floorCpu: number[];
}
const scaling: Record<string, ScaleRow[]> = {};
/** Sizes the linearity target is fitted on: from 10k lines, where fixed per-analysis costs no longer dominate. */
const LINEAR_FROM = 10000;

function sectionScaling(): void {
  const dir = join(work, 'scaling');
  mkdirSync(dir, { recursive: true });
  for (const lang of ['python', 'javascript'] as const) {
    const files = SIZES.map((n) => {
      const p = join(dir, `scale-${n}.${lang === 'python' ? 'py' : 'js'}`);
      writeFileSync(p, syntheticSource(lang, n));
      return p;
    });
    const rows: ScaleRow[] = SIZES.map((n) => ({ lines: n, chars: 0, registrations: 0, analysis: [], analysisCpu: [], floor: [], floorCpu: [] }));
    for (let round = 0; round < scalingRuns; round++) {
      for (const [i, f] of files.entries()) {
        // Enough repetitions for a stable median without letting 100k-line files dominate the run.
        const reps = SIZES[i]! <= 3000 ? 5 : SIZES[i]! <= 30000 ? 3 : 2;
        const s = worker('scale', writeList(`scale-${i}`, [f]), String(reps));
        const x = s.extra!;
        Object.assign(rows[i]!, { chars: x.chars, registrations: x.registrations });
        rows[i]!.analysis.push(x.work as number);
        rows[i]!.analysisCpu.push(x.cpuWork as number);
        rows[i]!.floor.push(x.floorWork as number);
        rows[i]!.floorCpu.push(x.floorCpuWork as number);
      }
      log(`scaling ${lang}: round ${round + 1}/${scalingRuns}: ${rows.map((r) => `${r.lines / 1000}k ${(r.analysisCpu.at(-1)! * 1000).toFixed(0)} ms CPU`).join(', ')}`);
    }
    scaling[lang] = rows;
    const big = rows.filter((r) => r.lines >= LINEAR_FROM);
    const e = fitExponent(big.map((r) => r.lines), big.map((r) => median(r.analysisCpu)));
    const perLine = (r: ScaleRow) => median(r.analysisCpu) / r.lines;
    const growth = perLine(rows.at(-1)!) / perLine(big[0]!);
    targets.push({
      name: `Linear time (${lang === 'python' ? 'Python' : 'JavaScript'}, ${LINEAR_FROM / 1000}k–${SIZES.at(-1)! / 1000}k lines)`,
      target: 'exponent ≤ 1.10',
      measured: `CPU time ∝ lines^${e.toFixed(2)}; per-line cost at ${SIZES.at(-1)! / 1000}k = ${f2(growth)}× that at ${LINEAR_FROM / 1000}k`,
      met: e <= 1.1,
      gap: e > 1.1 ? `exponent ${e.toFixed(2)}` : undefined,
    });
  }
}

function scalingMd(): string {
  const out = ['### Scaling: time against file size', '',
    `One synthetic module per size (classes, functions, loops, \`try\`, a registration every ~250 lines: \`atexit.register\`/\`signal.signal\` in Python, \`process.on('exit')\`/\`process.once('SIGTERM')\` in JavaScript), analysed in-process (analysis + every rule) in a fresh process per size: one warm-up run, then 2–5 runs, each on a different text (a trailing comment with the run number, so no parse cache hits), median per process, median over rounds. CPU time is the process's (\`process.cpuUsage\`), robust to the other load on a shared machine; wall time is shown too. The floor is the same parser's parse + walk of the same texts. The exponent is a least-squares fit of log time on log lines; the target uses ${LINEAR_FROM / 1000}k lines and up, where the fixed cost of an analysis no longer dominates.`, ''];
  for (const [lang, rows] of Object.entries(scaling)) {
    const a = rows.map((r) => median(r.analysisCpu));
    const aw = rows.map((r) => median(r.analysis));
    const fl = rows.map((r) => median(r.floorCpu));
    const xs = rows.map((r) => r.lines);
    const big = rows.map((_, i) => i).filter((i) => xs[i]! >= LINEAR_FROM);
    const fit = (ys: number[], idx: number[]) => fitExponent(idx.map((i) => xs[i]!), idx.map((i) => ys[i]!)).toFixed(2);
    const allIdx = rows.map((_, i) => i);
    out.push(`**${lang === 'python' ? 'Python' : 'JavaScript'}**: analysis CPU time ∝ lines^**${fit(a, big)}** over ${LINEAR_FROM / 1000}k–${xs.at(-1)! / 1000}k (^${fit(a, allIdx)} over all sizes; wall ^${fit(aw, big)}); floor ∝ lines^${fit(fl, big)}.`, '');
    out.push('| lines | KB | registrations | analysis + rules, CPU ms | µs per line | wall ms | floor (parse + walk), CPU ms | µs per line | analysis × floor |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    rows.forEach((r, i) => out.push(`| ${r.lines.toLocaleString('en-US')} | ${f0(r.chars / 1000)} | ${r.registrations} | ${f1(a[i]! * 1000)} | ${f2((a[i]! * 1e6) / r.lines)} | ${f1(aw[i]! * 1000)} | ${f1(fl[i]! * 1000)} | ${f2((fl[i]! * 1e6) / r.lines)} | ${f2(a[i]! / fl[i]!)} |`));
    out.push('');
  }
  return out.join('\n');
}

interface LspRound {
  [lang: string]: { firstDiagnosticsMs: number; coldFirstDiagnosticsMs?: number; initializeMs: number; rssMb: number; files: { file: string; lines: number; openMs: number; editMs: number[]; hoverMs: number[]; hoverHit: boolean }[] };
}
const lspRounds: LspRound[] = [];
/** Per language and round: the in-process edit loop (bench-worker `edits`), each edit's time and its GC pauses. */
const inProcessEdits: Record<string, { editMs: number[]; gcMs: number[] }[]> = {};
const lspWorkspace: Record<string, { indexMs: number; rssMb: number; hwmMb: number; filesFound: number; programs: number; failed: boolean; finished: boolean }[]> = {};

function lspRun(argv: string[]): Record<string, unknown> {
  const m = measure([process.execPath, join(root, 'bench', '.build', 'lsp.js'), ...argv]);
  checkStatus(m, `lsp ${argv[0]}`, (s) => s === 0);
  return JSON.parse(m.stdout.trim().split('\n').pop()!);
}

function sectionLsp(jsRoot: string | undefined, pyRoot: string | undefined): void {
  const server = join(root, 'dist', 'server.js');
  const dirs: Record<string, string> = {};
  for (const lang of ['python', 'javascript'] as const) {
    const d = join(work, `lsp-${lang}`);
    // No code cache from an earlier run or build: the first round measures the first start ever.
    rmSync(join(d, '.code-cache'), { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    for (const n of [1000, 5000, 20000]) writeFileSync(join(d, `bench-${n / 1000}k.${lang === 'python' ? 'py' : 'js'}`), syntheticSource(lang, n));
    dirs[lang] = d;
  }
  const folders = Object.entries({ 'JS/TS': jsRoot, Python: pyRoot }).filter(([, v]) => v) as [string, string][];
  for (let round = 0; round < lspRuns; round++) {
    const r: LspRound = {};
    for (const lang of ['python', 'javascript']) {
      r[lang] = lspRun(['latency', server, dirs[lang]!, String(edits), String(hovers)]) as LspRound[string];
      log(`lsp ${lang}: round ${round + 1}/${lspRuns}: first diagnostics ${r[lang]!.firstDiagnosticsMs.toFixed(0)} ms; edit p95 ${r[lang]!.files.map((f) => `${f.file} ${percentile(f.editMs, 95).toFixed(1)} ms`).join(', ')}`);
    }
    lspRounds.push(r);
    // The same 5k-line edits in-process, without the protocol, with the GC pauses inside each one.
    for (const lang of ['python', 'javascript']) {
      const s = worker('edits', writeList(`edits-${lang}`, [join(dirs[lang]!, `bench-5k.${lang === 'python' ? 'py' : 'js'}`)]), String(Math.max(edits, 60)));
      (inProcessEdits[lang] ??= []).push({ editMs: s.extra!.editMs as number[], gcMs: s.extra!.gcMs as number[] });
    }
    // RSS after indexing hardly depends on the machine's load; one round of it is enough (it is the
    // slowest part of the section on a large corpus).
    if (round > 0) continue;
    for (const [name, folder] of folders) {
      const w = lspRun(['workspace', server, folder, String(workspaceLimitS * 1000)]) as (typeof lspWorkspace)[string][number];
      (lspWorkspace[name] ??= []).push(w);
      log(`lsp workspace ${name}: ${w.finished ? 'indexed' : 'index NOT finished'} in ${(w.indexMs / 1000).toFixed(1)} s, RSS ${w.rssMb.toFixed(0)} MB (peak ${w.hwmMb.toFixed(0)} MB)`);
    }
  }
  for (const lang of ['python', 'javascript']) {
    const L = lang === 'python' ? 'Python' : 'JavaScript';
    const first = median(lspRounds.map((r) => r[lang]!.firstDiagnosticsMs));
    const cold = lspRounds.flatMap((r) => r[lang]!.coldFirstDiagnosticsMs ?? []);
    const coldNote = lang === 'javascript' && cold.length ? ` (first start ever, code cache still empty: ${f0(median(cold))} ms)` : '';
    targets.push({ name: `LSP (${L}): spawn → first diagnostics (1k-line file)`, target: '≤ 500 ms', measured: `${f0(first)} ms${coldNote}`, met: first <= 500, gap: first > 500 ? `${f0(first - 500)} ms over` : undefined });
    const e5 = lspRounds.flatMap((r) => r[lang]!.files.find((f) => f.lines >= 4000 && f.lines < 10000)?.editMs ?? []);
    const p95 = percentile(e5, 95);
    // The same edits without the first ten of each round (a server that just opened the file is
    // still growing its heap and compiling): shown beside the target, which counts every edit.
    const settled = lspRounds.flatMap((r) => r[lang]!.files.find((f) => f.lines >= 4000 && f.lines < 10000)?.editMs.slice(10) ?? []);
    const p95Settled = percentile(settled, 95);
    const detail = settled.length ? ` (p50 ${f1(percentile(e5, 50))} ms; without the first 10 edits of each round: p95 ${f1(p95Settled)} ms)` : '';
    targets.push({ name: `LSP (${L}): edit → diagnostics p95, 5k-line file`, target: '≤ 30 ms', measured: `${f1(p95)} ms${detail}`, met: p95 <= 30, gap: p95 > 30 ? `${f1(p95 - 30)} ms over${gcWhy(lang)}` : undefined });
  }
  for (const [name, ws] of Object.entries(lspWorkspace)) {
    const rss = median(ws.map((w) => w.rssMb));
    const unfinished = ws.some((w) => !w.finished) ? ` (index not finished after ${workspaceLimitS} s)` : '';
    targets.push({ name: `LSP: RSS after indexing the ${name} corpus as the workspace`, target: '≤ 150 MB', measured: `${f0(rss)} MB${unfinished}`, met: rss <= 150, gap: rss > 150 ? `${f0(rss - 150)} MB over` : undefined });
  }
}

/** What the in-process edit loop says about the tail: its p95, and the GC pauses of the edits that have one. */
function gcWhy(lang: string): string {
  const runs = inProcessEdits[lang];
  if (!runs?.length) return '';
  // The first 10 edits of each run warm up (JIT, heap growth), as in the settled figure.
  const edits = runs.flatMap((r) => r.editMs.slice(10));
  const gc = runs.flatMap((r) => r.gcMs.slice(10));
  const paused = gc.filter((g) => g > 0);
  const without = edits.filter((_, i) => gc[i] === 0);
  return `; in-process, without the protocol and the first 10 edits: p50 ${f1(percentile(edits, 50))} ms, p95 ${f1(percentile(edits, 95))} ms, p95 of the edits without a GC pause ${f1(percentile(without, 95))} ms; ${paused.length ? `${f0((100 * paused.length) / gc.length)} % of the edits contain a GC pause, median ${f1(percentile(paused, 50))} ms` : 'no edit contains a GC pause'}`;
}

function lspMd(): string {
  if (lspRounds.length === 0) return '';
  const out = ['### Language server (stdio)', '',
    `\`node dist/server.js --stdio\` driven by \`scripts/lib/lspDriver.ts\`, a fresh server per language and round; \`exitLens.debounceMs\` = 0 (the debounce is a deliberate wait, not latency). The client names a folder for the server's V8 code cache of TypeScript, as VS Code does (the extension's storage): spawn → first diagnostics is a start with that cache in place, as on every start after the first; the first start ever is measured once per language in a session of its own and named beside the JavaScript target. Edits: ${edits} per file and round, in the middle of the file, alternately inserting and deleting a comment line; latency from sending \`didChange\` to the \`publishDiagnostics\` of that version. Hovers: ${hovers} per file and round on the first registration. Percentiles (nearest rank) over the samples of all rounds.`, '',
    '| language | file | spawn → first diagnostics ms | open → diagnostics ms | edit → diagnostics p50 / p95 / p99 ms | hover p50 / p95 ms | hover answered |', '|---|---|---:|---:|---:|---:|---|'];
  for (const lang of ['python', 'javascript']) {
    const files = lspRounds[0]![lang]!.files.map((f) => f.file);
    for (const [i, file] of files.entries()) {
      const all = lspRounds.map((r) => r[lang]!.files[i]!);
      const ed = all.flatMap((f) => f.editMs);
      const hv = all.flatMap((f) => f.hoverMs);
      out.push(`| ${lang} | ${file} (${all[0]!.lines.toLocaleString('en-US')} lines) | ${i === 0 ? f0(median(lspRounds.map((r) => r[lang]!.firstDiagnosticsMs))) : ''} | ${f1(median(all.map((f) => f.openMs)))} | ${f1(percentile(ed, 50))} / ${f1(percentile(ed, 95))} / ${f1(percentile(ed, 99))} | ${f2(percentile(hv, 50))} / ${f2(percentile(hv, 95))} | ${all.every((f) => f.hoverHit) ? 'yes' : 'no'} |`);
    }
  }
  if (Object.keys(lspWorkspace).length) {
    out.push('', 'Each corpus opened as the workspace folder (first round only): the server walks it (skipping `node_modules`, `dist`, `build` & co below the root, at most 20,000 files) and analyses up to 2,000 programs in the background; RSS is read from `/proc/PID/status` once it logs that the index is done.', '',
      '| workspace | files found | programs analysed | index time s median (min–max) | RSS MB median (min–max) | peak RSS MB |', '|---|---:|---:|---|---|---:|');
    for (const [name, ws] of Object.entries(lspWorkspace)) {
      const t = ws.map((w) => w.indexMs / 1000);
      const r = ws.map((w) => w.rssMb);
      out.push(`| ${name} | ${f0(ws[0]!.filesFound)} | ${ws.every((w) => w.finished) ? f0(ws[0]!.programs) : `not finished within the ${workspaceLimitS} s limit (RSS read then)`}${ws.some((w) => w.failed) ? ' (indexing failed)' : ''} | ${f1(median(t))} (${f1(Math.min(...t))}–${f1(Math.max(...t))}) | ${f0(median(r))} (${f0(Math.min(...r))}–${f0(Math.max(...r))}) | ${f0(median(ws.map((w) => w.hwmMb)))} |`);
    }
  }
  return out.join('\n');
}

// ---- The machine and the report -------------------------------------------------------------------

function machine(): Record<string, unknown> {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpu)?.[1] ?? cpus()[0]?.model;
  const osr = existsSync('/etc/os-release') ? /PRETTY_NAME="?([^"\n]*)/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
  const ver = (cmd: string, a: string[]) => {
    const r = spawnSync(cmd, a, { encoding: 'utf8' });
    return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0] : undefined;
  };
  return {
    cpu: model, cores: cpus().length, memoryGiB: +(totalmem() / 2 ** 30).toFixed(1), freeGiB: +(freemem() / 2 ** 30).toFixed(1),
    os: `${osr ?? 'Linux'} (kernel ${release()})`, node: process.version, python3: ver('python3', ['--version']), systemPython: ver(PYTHON_FOR_TIMING, ['--version']),
    npm: ver('npm', ['--version']),
  };
}

function gitInfo(): { commit: string; dirty: boolean } {
  const c = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const d = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return { commit: c, dirty: d.length > 0 };
}

function report(m: Record<string, unknown>, git: { commit: string; dirty: boolean }, load: { start: number[]; end: number[] }, counts: Record<string, number>, caps: CliCaps): string {
  const mins = (Date.now() - started) / 60000;
  const cmd = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const out = [
    '# Benchmarks',
    '',
    `Generated by \`${cmd}\` (\`scripts/bench.ts\`) on ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC in ${mins.toFixed(0)} min, at commit \`${git.commit.slice(0, 12)}\`${git.dirty ? ' (with uncommitted changes)' : ''}. Do not edit by hand: run it again.`,
    sample > 1 ? `\n**Sampled run: every ${sample}th corpus file** (${counts.js ?? 0} JS/TS, ${counts.py ?? 0} Python files of the corpora; the language server still opens each whole corpus as its workspace).` : '',
    `\nRounds: ${SECTIONS.filter((x) => only.has(x)).map((x) => `${x} ${runsOf(x)}`).join(', ')}.`,
    '',
    '## Targets of issue 6',
    '',
    'Each is a ratio or figure taken in this run.',
    '',
    '| target | goal | measured | met |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${t.met === undefined ? '–' : t.met ? 'yes' : `**no**: ${t.gap ?? ''}`} |`),
    '',
    '## Machine',
    '',
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM; ${m.os}; Node ${m.node}, npm ${m.npm}; ${m.python3} (\`python3\` on PATH, its stdlib is the corpus's stdlib part), ${m.systemPython} (${PYTHON_FOR_TIMING}: flake8, pylint, the timing wrapper). Load average (1/5/15 min) at the start ${load.start.map((x) => x.toFixed(2)).join(' / ')}, at the end ${load.end.map((x) => x.toFixed(2)).join(' / ')}: the machine is shared, so compare ratios within this run, not seconds across runs.`,
    '',
    `\`exit-lens check\` options found (probed): ${caps.jobs ? `worker pool \`${caps.jobs} N\`` : 'no worker-pool option'}; ${caps.noScan ? `fast scan off: \`${caps.noScan.join(' ')}\`` : 'no switch for the fast scan'}.`,
    '',
    '## Results',
    '',
    ...tables.map((t) => tableMd(t) + '\n'),
    lspMd(),
    '',
    Object.keys(scaling).length ? scalingMd() : '',
    skipped.length ? `## Skipped\n\n${skipped.map((s) => `- ${s}`).join('\n')}\n` : '',
    '## How it is measured',
    '',
    '- Every measurement is a child process of its own, started through a small Python wrapper that takes the wall time around it and `getrusage(RUSAGE_CHILDREN)` afterwards (CPU time, and peak RSS of the largest process: what `/usr/bin/time` reports). In-process rows (`read`, parse, walk, analysis) also report the seconds of their measured loop ("work"); their code is `scripts/bench-worker.ts`, bundled with esbuild like the product so no transpiler runs at start-up.',
    '- The floors use the product\'s parser versions and settings: `typescript` 6.0.3 `createSourceFile` with `jsDocParsingMode: ParseNone` and no parent pointers, then one `forEachChild` walk of every node; web-tree-sitter 0.25.10 with tree-sitter-python 0.25.0\'s wasm, then one `TreeCursor` walk of every node (named and anonymous).',
    '- `exit-lens check` is the built CLI (`node dist/cli.js check --format json --fail-on never -- FILES`, output to a file), run in the corpus root with the corpus file list as arguments; findings are counted from its JSON, and the sorted (file, line, column, rule) list is hashed so that variants (worker pool, scan off) can be compared.',
    '- ESLint runs from `bench/tools/` (its own `package.json` and lockfile: eslint 9.39.5, eslint-plugin-n 18.5.0, eslint-plugin-unicorn 65.0.1, @typescript-eslint/parser 8.74.0 for `.ts`/`.mts`/`.cts`/`.tsx`), `bench/tools/eslint.config.mjs`: the two rules only, `node_modules` not ignored, inline configuration off (so the corpus\'s own `eslint-disable` comments cannot skip work).',
    '- Rounds: all anchors of a table once, then again, `--runs` times; medians with min–max; ratios are medians of the same-round ratios.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm ci                    # builds dist/ too',
    'npm run bench             # all sections, all files, 3 rounds: writes BENCHMARKS.md and bench/results.json',
    'npm run bench -- --sample 10 --runs 1 --only js,lsp   # a quick look (written to bench/out/)',
    '```',
    '',
    'The corpora are installed by `../shared/corpus/fetch-corpus.sh` (24 npm packages pinned by a lockfile) and `../shared/corpus/python-corpus.sh` (the stdlib of `python3` on PATH and 35 pinned Debian 12 packages, with `apt-get download`), into `$TMPDIR/exit-handler-corpus/`; `--js DIR` / `--python DIR` use other folders. ESLint is installed into `bench/tools/` with `npm ci`; flake8 and pylint are Debian\'s packages (`apt-get install flake8 pylint`, done by the harness when running as root; otherwise their rows are skipped with the reason). Sections: `--only js,py,linters,handlers,lsp,scaling`.',
    '',
  ];
  return out.filter((l) => l !== undefined).join('\n');
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const loadStart = loadavg();
  build();
  const caps = cliCaps();
  log(`exit-lens check options: jobs=${caps.jobs ?? '(none)'} scan-off=${caps.noScan?.join(' ') ?? '(none)'}`);
  const needJs = only.has('js') || only.has('handlers') || only.has('lsp');
  const needPy = only.has('py') || only.has('linters') || only.has('handlers') || only.has('lsp');
  const { js: jsRoot, python: pyRoot } = corpora(needJs, needPy);
  const js = jsRoot ? list(jsRoot, EXT.js).filter((_, i) => i % sample === 0) : [];
  const py = pyRoot ? list(pyRoot, EXT.python).filter((_, i) => i % sample === 0) : [];
  log(`files: ${js.length} JS/TS, ${py.length} Python; ${runs} rounds`);
  const times: Record<string, number> = {};
  const timed = (name: Section, fn: () => void) => {
    if (!only.has(name)) return;
    const t0 = Date.now();
    const c0 = cpuSpent;
    currentSection = name;
    try {
      fn();
    } catch (e) {
      // One failing section must not lose the others' figures: it is reported as skipped.
      skipped.push(`section \`${name}\` failed: ${String((e as Error)?.message ?? e).split('\n').slice(0, 3).join(' ')}`);
      log(`section ${name} FAILED: ${(e as Error)?.stack ?? e}`);
    }
    times[name] = (Date.now() - t0) / 1000;
    log(`section ${name} took ${times[name]!.toFixed(0)} s wall, ${(cpuSpent - c0).toFixed(0)} s CPU in measured children; load average ${loadavg()[0]!.toFixed(1)}`);
  };
  timed('js', () => sectionJs(caps, jsRoot!, js));
  timed('py', () => sectionPy(caps, pyRoot!, py));
  timed('linters', () => sectionLinters(caps, pyRoot!));
  timed('handlers', () => sectionHandlers(caps, jsRoot!, pyRoot!));
  timed('lsp', () => sectionLsp(only.has('lsp') ? jsRoot : undefined, only.has('lsp') ? pyRoot : undefined));
  timed('scaling', () => sectionScaling());

  const m = machine();
  const git = gitInfo();
  const load = { start: loadStart, end: loadavg() };
  const md = report(m, git, load, { js: js.length, py: py.length }, caps);
  Object.assign(results, {
    schema: 'exit-lens/bench@1', date: new Date(started).toISOString(), durationSeconds: (Date.now() - started) / 1000, sectionSeconds: times,
    command: args, runs, sample, sections: [...only], git, machine: m, loadavg: load, cli: { jobs: caps.jobs, noScan: caps.noScan },
    corpora: { js: jsRoot && { root: jsRoot, files: js.length, bytes: bytesOf(js), counts: corpusLog.js }, python: pyRoot && { root: pyRoot, files: py.length, bytes: bytesOf(py), counts: corpusLog.python } },
    targets, skipped,
    tables: tables.map((t) => ({ ...t, anchors: t.anchors.map((a) => ({ ...a, samples: a.samples.map((s) => ({ ...s, extra: s.extra && Object.fromEntries(Object.entries(s.extra).filter(([k]) => k !== 'registering')) })) })) })),
    lsp: { rounds: lspRounds, workspace: lspWorkspace, edits, hovers },
    scaling,
  });
  const mdPath = join(outDir, 'BENCHMARKS.md');
  const jsonPath = outDir === root ? join(root, 'bench', 'results.json') : join(outDir, 'results.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(mdPath, md);
  writeFileSync(jsonPath, JSON.stringify(results, null, 1) + '\n');
  process.stdout.write(md);
  log(`wrote ${relative(process.cwd(), mdPath)} and ${relative(process.cwd(), jsonPath)} (${((Date.now() - started) / 60000).toFixed(1)} min)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
