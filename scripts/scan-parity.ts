// Fast-scan parity on real code: `exit-lens check --format json` with the scan on and off over a
// sample of the corpora (../shared/corpus/*.sh) must print the same thing. Also times both.
//
//   npx tsx scripts/scan-parity.ts [--every N] [--offset K] [--jobs J] [CORPUS_DIR...]
//
// A corpus is cut into units (JS: each package under node_modules, scoped ones too; Python: each
// top-level entry of stdlib/ and each package of debian/; otherwise each top-level entry) and every
// Nth unit is checked (default 10). Prints one JSON object; exit status 1 when the outputs differ.
// The bench harness imports `scanParity`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
export const DEFAULT_CORPORA = ['/tmp/exit-handler-corpus/js/node_modules', '/tmp/exit-handler-corpus/python'];

export interface ParityResult {
  corpus: string;
  units: number;
  files: number;
  diagnostics: number;
  identical: boolean;
  skipped?: string;
  seconds: { scanOn: number; scanOff: number };
  firstDifference?: string;
}

/** The units a corpus is cut into, sorted. */
export function corpusUnits(dir: string): string[] {
  const entries = (d: string) => readdirSync(d).sort().filter((n) => !n.startsWith('.')).map((n) => join(d, n));
  const out: string[] = [];
  if (existsSync(join(dir, 'stdlib')) || existsSync(join(dir, 'debian'))) {
    for (const sub of ['stdlib', 'debian']) if (existsSync(join(dir, sub))) out.push(...entries(join(dir, sub)));
    return out;
  }
  for (const e of entries(dir)) {
    if (e.split('/').pop()!.startsWith('@') && statSync(e).isDirectory()) out.push(...entries(e));
    else out.push(e);
  }
  return out;
}

function runCheck(paths: string[], extra: string[], jobs: number) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'check', ...paths, '--format', 'json', '--fail-on', 'never', '--jobs', String(jobs), ...extra], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', EXIT_LENS_SCAN_STATS: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) if (la[i] !== lb[i]) return `line ${i + 1}: scan on ${JSON.stringify(la[i])} / off ${JSON.stringify(lb[i])}`;
  return '';
}

/** Checks every `every`th unit (starting at `offset`) of `corpus` with the scan on, then off. */
export function scanParity(corpus: string, every = 10, offset = 0, jobs = 1): ParityResult {
  const units = corpusUnits(corpus).filter((_, i) => i % every === offset);
  const on = runCheck(units, [], jobs);
  const off = runCheck(units, ['--no-fast-scan'], jobs);
  const identical = on.code === off.code && on.stdout === off.stdout;
  let files = 0;
  let diagnostics = 0;
  try {
    const j = JSON.parse(on.stdout);
    files = j.files;
    diagnostics = j.diagnostics.length;
  } catch {
    // reported through `identical` / the status below
  }
  const skipped = /fast scan: (.*)/.exec(on.stderr)?.[1];
  return {
    corpus, units: units.length, files, diagnostics, identical, skipped,
    seconds: { scanOn: Math.round(on.seconds * 10) / 10, scanOff: Math.round(off.seconds * 10) / 10 },
    ...(identical ? {} : { firstDifference: on.code !== off.code ? `exit status ${on.code} / ${off.code}` : firstDifference(on.stdout, off.stdout) }),
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  let every = 10;
  let offset = 0;
  let jobs = 1;
  const corpora: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--every') every = Number(args[++i]);
    else if (args[i] === '--offset') offset = Number(args[++i]);
    else if (args[i] === '--jobs') jobs = Number(args[++i]);
    else corpora.push(args[i]!);
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const results = (corpora.length ? corpora : DEFAULT_CORPORA.filter((c) => existsSync(c))).map((c) => scanParity(c, every, offset, jobs));
  console.log(JSON.stringify(results, null, 2));
  process.exitCode = results.every((r) => r.identical) ? 0 : 1;
}
