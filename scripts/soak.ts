// npm run soak [-- --edits N] [--json FILE]: a long scripted edit session against the built
// language server (dist/server.js over stdio, through scripts/lib/lspDriver.ts). Thousands of
// incremental edits to Python and JS files (single keystrokes, typing bursts, pastes, deletions,
// half-typed code), with hovers, code lenses and code actions in between. Prints RSS over time
// and latency percentiles (edit→diagnostics, hover, code lens, code action), and checks at the end
// that each file's diagnostics equal a fresh analysis of its final text.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspDriver, REPO_ROOT, summarize, syntheticSource, type LspDiagnostic, type Range } from './lib/lspDriver';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const EDITS = Number(arg('edits') ?? 3000);
const JSON_OUT = arg('json');
const LINES = Number(arg('lines') ?? 5000);

/** Deterministic pseudo-random numbers: the same session every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });
const MB = (b: number) => Math.round(b / 2 ** 20);
const fmt = (s: Record<string, number>) =>
  `n=${s.n} p50=${s.p50?.toFixed(1)} p95=${s.p95?.toFixed(1)} p99=${s.p99?.toFixed(1)} max=${s.max?.toFixed(1)} ms`;
const key = (d: LspDiagnostic) => JSON.stringify([d.range, d.severity, d.code, d.message]);

async function main(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'server.js'))) {
    const b = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (b.status !== 0) process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-soak-'));
  try {
    // The workspace: two large synthetic files and the seed examples (real registrations to hover).
    const files: string[] = [];
    const add = (name: string, text?: string, from?: string) => {
      const p = join(dir, name);
      if (from) copyFileSync(from, p);
      else writeFileSync(p, text!);
      files.push(p);
    };
    add('big.py', syntheticSource('python', LINES));
    add('big.js', syntheticSource('javascript', LINES));
    const seed = join(REPO_ROOT, 'examples', 'seed');
    for (const f of readdirSync(seed).filter((f) => /\.py$/.test(f)).slice(0, 4)) add(f, undefined, join(seed, f));

    const d = await LspDriver.start({ workspaceFolders: [dir] });
    const rss: { t: number; rss: number; edits: number }[] = [];
    let edits = 0;
    const t0 = performance.now();
    const sampler = setInterval(() => rss.push({ t: (performance.now() - t0) / 1000, rss: d.rss().rssBytes, edits }), 500);

    const uris: string[] = [];
    let firstDiagnostics = 0;
    let firstCpu = 0;
    for (const f of files) {
      const { uri } = await d.open(f, readFileSync(f, 'utf8'));
      uris.push(uri);
      const r = await d.waitForDiagnostics(uri, 1);
      if (!firstDiagnostics) {
        firstDiagnostics = r.at - d.spawnedAt;
        firstCpu = d.cpuMs();
      }
    }
    const cpuBefore = d.cpuMs();

    const single: number[] = [];
    const burst: number[] = [];
    const hover: number[] = [];
    const lens: number[] = [];
    const actions: number[] = [];
    const random = rng(42);
    const lineCount = (uri: string) => d.text(uri).split('\n').length;
    const python = (uri: string) => uri.endsWith('.py');
    /** One scripted edit of `uri`: mostly keystrokes, some pastes, deletions and half-typed code. */
    const oneEdit = async (uri: string): Promise<number> => {
      edits++;
      const n = lineCount(uri);
      const line = Math.floor(random() * Math.max(1, n - 2));
      const r = random();
      if (r < 0.55) return d.insert(uri, line, 0, python(uri) ? '#' : '/');
      if (r < 0.7) return d.insert(uri, line, 0, python(uri) ? `# note ${edits}\n` : `// note ${edits}\n`);
      if (r < 0.85) return d.change(uri, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
      if (r < 0.93)
        return d.insert(uri, n - 1, 0, python(uri) ? `def added_${edits}():\n    raise ValueError('x')\natexit.register(added_${edits})\n` : `process.on('exit', () => { throw new Error('x${edits}'); });\n`);
      return d.insert(uri, line, 0, python(uri) ? 'def broken(:\n' : 'function broken( {\n');
    };

    const big = uris.slice(0, 2);
    let step = 0;
    let lastReport = performance.now();
    while (edits < EDITS) {
      step++;
      const uri = big[step % 2]!;
      if (step % 3 === 0) {
        // A typing burst: edits sent back to back, the diagnostics of the last one timed.
        const n = 5 + Math.floor(random() * 20);
        let v = 0;
        let sent = 0;
        for (let i = 0; i < n; i++) {
          sent = performance.now();
          v = await oneEdit(uri);
        }
        burst.push((await d.waitForDiagnostics(uri, v)).at - sent);
      } else {
        const sent = performance.now();
        const v = await oneEdit(uri);
        single.push((await d.waitForDiagnostics(uri, v)).at - sent);
      }
      if (step % 5 === 0) {
        // Requests at a registration of a seed file and of the large file.
        const target = uris[2 + (step % (uris.length - 2))]!;
        const text = d.text(target).split('\n');
        const reg = Math.max(0, text.findIndex((l) => /atexit\.register\(|process\.on\(/.test(l)));
        hover.push((await d.hover(target, reg, Math.max(0, text[reg]!.indexOf('register') + 2))).ms);
        lens.push((await d.codeLens(uri)).ms);
        const diags = (await d.waitForDiagnostics(uri)).params.diagnostics;
        const dg = diags[Math.floor(random() * Math.max(1, diags.length))];
        actions.push((await d.codeActions(uri, dg?.range ?? at(0), dg ? [dg] : [])).ms);
      }
      if (performance.now() - lastReport > 10000) {
        lastReport = performance.now();
        process.stderr.write(`  ${edits}/${EDITS} edits, RSS ${MB(d.rss().rssBytes)} MB\n`);
      }
    }
    clearInterval(sampler);
    const sessionCpu = d.cpuMs() - cpuBefore;

    // The end state: each edited file's diagnostics equal a fresh analysis of its final text.
    const mismatches: string[] = [];
    for (const uri of big) {
      const final = await d.waitForDiagnostics(uri, d.version(uri));
      const text = d.text(uri);
      await d.close(uri);
      await d.openUri(uri, text, python(uri) ? 'python' : 'javascript');
      const fresh = await d.waitForDiagnostics(uri, 1);
      const a = final.params.diagnostics.map(key).sort();
      const b = fresh.params.diagnostics.map(key).sort();
      if (JSON.stringify(a) !== JSON.stringify(b)) mismatches.push(`${uri}: ${a.length} diagnostics after the session, ${b.length} from a fresh analysis`);
    }
    const end = d.rss();
    await d.stop();

    const result = {
      edits,
      lines: LINES,
      seconds: (performance.now() - t0) / 1000,
      firstDiagnosticsMs: firstDiagnostics,
      firstDiagnosticsServerCpuMs: firstCpu,
      serverCpuMsPerEdit: sessionCpu / edits,
      editToDiagnostics: summarize(single),
      burstToDiagnostics: summarize(burst),
      hover: summarize(hover),
      codeLens: summarize(lens),
      codeAction: summarize(actions),
      rss: rss.map((s) => ({ t: Number(s.t.toFixed(1)), mb: MB(s.rss), edits: s.edits })),
      rssEndMb: MB(end.rssBytes),
      rssPeakMb: MB(end.hwmBytes),
      mismatches,
    };
    console.log(`Exit Lens soak: ${edits} edits on a ${LINES}-line Python and a ${LINES}-line JS file, ${result.seconds.toFixed(0)} s, Node ${process.version}`);
    console.log(`first diagnostics after spawn: ${firstDiagnostics.toFixed(0)} ms (server CPU until then: ${firstCpu} ms)`);
    console.log(`server CPU over the session: ${(sessionCpu / edits).toFixed(1)} ms per edit (all requests included)`);
    console.log(`edit → diagnostics (one edit):     ${fmt(result.editToDiagnostics)}`);
    console.log(`burst → diagnostics (last edit):   ${fmt(result.burstToDiagnostics)}`);
    console.log(`hover:                             ${fmt(result.hover)}`);
    console.log(`code lens:                         ${fmt(result.codeLens)}`);
    console.log(`code action:                       ${fmt(result.codeAction)}`);
    console.log('RSS over time (s: MB, edits so far):');
    const every = Math.max(1, Math.ceil(rss.length / 20));
    console.log(
      '  ' +
        rss
          .filter((_, i) => i % every === 0 || i === rss.length - 1)
          .map((s) => `${s.t.toFixed(0)}s: ${MB(s.rss)} (${s.edits})`)
          .join(', '),
    );
    console.log(`RSS at the end ${result.rssEndMb} MB, peak ${result.rssPeakMb} MB`);
    console.log(mismatches.length ? `MISMATCH: ${mismatches.join('; ')}` : 'final diagnostics = a fresh analysis of the final text, for every file');
    if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(result, null, 2) + '\n');
    if (mismatches.length) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
