// Benchmark: Exit Lens (analysis + rules) against the parse-and-walk floor of the same parsers,
// measured side by side in one run, round-robin, medians and same-round ratios
// (see ../shared/bench/ANCHORS.md for why: single runs on these machines land up to 40 % off).
//
//   npm run bench -- [--runs 3] [--sample N] [--js DIR] [--python DIR]
//
// Without --js/--python it installs the shared corpora (npm registry / Debian archive only) with
// ../shared/corpus/*.sh. --sample N keeps every Nth file (a quick look; the default is all).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const runs = Number(opt('runs', '3'));
const sample = Number(opt('sample', '1'));

function corpus(kind: 'js' | 'python', given: string | undefined): string {
  if (given) return resolve(given);
  const script = join(root, '..', 'shared', 'corpus', kind === 'js' ? 'fetch-corpus.sh' : 'python-corpus.sh');
  const dest = join(tmpdir(), 'exit-handler-corpus', kind);
  if (!existsSync(script)) throw new Error(`no --${kind} DIR given and ${script} is missing`);
  const r = spawnSync('bash', [script, dest], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} failed`);
  return kind === 'js' ? join(dest, 'node_modules') : dest;
}

const EXT = { js: /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/, python: /\.py$/ };

function list(dir: string, re: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) list(p, re, out);
    else if (re.test(name)) out.push(p);
  }
  return out;
}

interface Result {
  wall: number;
  work: number;
  files: number;
  bytes: number;
  rssMb: number;
  findings?: number;
  failures?: number;
}

function runWorker(mode: string, listFile: string): Result {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench-worker.ts'), mode, listFile], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return { wall, ...JSON.parse(r.stdout.trim().split('\n').pop()!) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function table(title: string, files: string[], modes: string[], baseline: string) {
  const listFile = join(tmpdir(), `exit-lens-bench-${process.pid}-${title.replace(/\W/g, '')}.txt`);
  writeFileSync(listFile, files.join('\n'));
  const results: Record<string, Result[]> = Object.fromEntries(modes.map((m) => [m, []]));
  for (let round = 0; round < runs; round++) {
    for (const m of modes) results[m]!.push(runWorker(m, listFile));
    process.stderr.write(`${title}: round ${round + 1}/${runs} done\n`);
  }
  const mb = results[modes[0]!]![0]!.bytes / 1e6;
  console.log(`\n### ${title}: ${files.length} files, ${mb.toFixed(1)} MB, ${runs} rounds (round-robin)\n`);
  console.log('| anchor | wall s median (min-max) | work s median | files/s | MB/s | peak RSS MB | × baseline (median of same-round ratios) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const m of modes) {
    const rs = results[m]!;
    const walls = rs.map((r) => r.wall);
    const work = median(rs.map((r) => r.work));
    const ratios = rs.map((r, i) => r.work / results[baseline]![i]!.work);
    const extra = rs[0]!.findings !== undefined ? ` (${rs[0]!.findings} findings, ${rs[0]!.failures} files not analyzed)` : '';
    console.log(
      `| ${m}${m === baseline ? ' (baseline)' : ''}${extra} | ${median(walls).toFixed(2)} (${Math.min(...walls).toFixed(2)}-${Math.max(...walls).toFixed(2)}) | ${work.toFixed(2)} | ${Math.round(files.length / work)} | ${(mb / work).toFixed(2)} | ${Math.round(median(rs.map((r) => r.rssMb)))} | ${median(ratios).toFixed(2)} |`,
    );
  }
}

const js = list(corpus('js', opt('js')), EXT.js).filter((_, i) => i % sample === 0);
const py = list(corpus('python', opt('python')), EXT.python).filter((_, i) => i % sample === 0);
console.log(`Exit Lens benchmark, ${new Date().toISOString()}, node ${process.version}`);
table('JS/TS corpus', js, ['ts-walk', 'exit-lens'], 'ts-walk');
table('Python corpus', py, ['tree-sitter-parse', 'exit-lens'], 'tree-sitter-parse');
