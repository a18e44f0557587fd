// One in-process benchmark measurement in a fresh process (scripts/bench.ts runs it in its timing
// wrapper): `bench-worker.ts MODE LISTFILE [ARGS]` prints one JSON line with `work` (seconds of the
// measured loop alone) and `rssMb` (process.resourceUsage().maxRSS).
//
// Floors, with the product's own parser versions and settings:
//   read        readFileSync(utf8) of every file
//   ts-parse    typescript createSourceFile, JSDoc ParseNone, no parent pointers (as the JS front end)
//   ts-walk     ts-parse + one forEachChild walk of every node
//   tsp-parse   web-tree-sitter + tree-sitter-python wasm parse (as the Python front end)
//   tsp-walk    tsp-parse + one TreeCursor walk of every node
// The product in-process (no CLI start-up, no output):
//   analyze     the analysis and every rule per file, as `exit-lens check` runs them
//   registering prints the files of the list in which the analysis finds a registration
//   scale       LISTFILE is one file: analysis+rules (and the floor walk) repeated, per-run seconds
import { readFileSync } from 'node:fs';
import type * as TS from 'typescript';
import type { PythonParser } from '../server/src/core/python';
import { median } from './bench-util';

// Loaded on demand so that a mode pays only for the modules it uses (`read` loads no parser).
let ts: typeof TS;
const loadTs = async () => {
  const m = await import('typescript');
  ts = (m as unknown as { default?: typeof TS }).default ?? m;
};
const product = async () => ({
  ...(await import('../server/src/core/analyze')),
  ...(await import('../server/src/core/check')),
  ...(await import('../server/src/core/model')),
  ...(await import('../server/src/core/python')),
  ...(await import('../server/src/host/node')),
});

type PyParser = PythonParser['parser'];

function tsWalk(file: string, text: string): number {
  const sf = ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
  let nodes = 0;
  const visit = (n: TS.Node): void => {
    nodes++;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return nodes;
}

function tspWalk(parser: PyParser, text: string): number {
  const tree = parser.parse(text);
  if (!tree) return 0;
  let nodes = 0;
  const c = tree.walk();
  // Pre-order over every node (named and anonymous), the way an analyzer's visitor would.
  for (;;) {
    nodes++;
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) {
        c.delete();
        tree.delete();
        return nodes;
      }
    }
  }
}

async function main() {
  const [mode, listFile, ...rest] = process.argv.slice(2);
  const files = readFileSync(listFile!, 'utf8').split('\n').filter(Boolean);
  const out: Record<string, unknown> = { files: files.length };
  if (mode === 'read') {
    const t0 = performance.now();
    let bytes = 0;
    for (const f of files) bytes += readFileSync(f, 'utf8').length;
    out.work = (performance.now() - t0) / 1000;
    out.chars = bytes;
  } else if (mode === 'ts-parse' || mode === 'ts-walk') {
    await loadTs();
    // Reading is inside the loop as for every tool measured (it is ~1-3 % of the time).
    const t0 = performance.now();
    let nodes = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (mode === 'ts-walk') nodes += tsWalk(f, text);
      else ts.createSourceFile(f, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
    }
    out.work = (performance.now() - t0) / 1000;
    if (mode === 'ts-walk') out.nodes = nodes;
  } else if (mode === 'tsp-parse' || mode === 'tsp-walk') {
    const { loadWasm, createPythonParser } = await product();
    const wasm = loadWasm();
    const { parser } = await createPythonParser(wasm.treeSitter, wasm.python);
    const t0 = performance.now();
    let nodes = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (mode === 'tsp-walk') nodes += tspWalk(parser, text);
      else parser.parse(text)?.delete();
    }
    out.work = (performance.now() - t0) / 1000;
    if (mode === 'tsp-walk') out.nodes = nodes;
  } else if (mode === 'analyze' || mode === 'registering') {
    const { createAnalyzer, loadWasm, diskHost, MAX_FILE_BYTES, languageOf, runRules } = await product();
    const analyzer = await createAnalyzer(loadWasm());
    const host = diskHost();
    let findings = 0;
    let failures = 0;
    let registrations = 0;
    const registering: string[] = [];
    const t0 = performance.now();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      // The CLI skips files over its size cap; so does the benchmark.
      if (text.length > MAX_FILE_BYTES || !languageOf(f)) continue;
      try {
        const model = analyzer.analyze(f, text, host);
        try {
          const own = model.registrations.filter((r) => r.location.file === f).length;
          registrations += own;
          if (own > 0) registering.push(f);
          if (mode === 'analyze') findings += runRules(model, (p) => (p === f ? text : host.readFile(p))).length;
        } finally {
          model.dispose();
        }
      } catch {
        failures++;
      }
    }
    out.work = (performance.now() - t0) / 1000;
    Object.assign(out, { findings, failures, registrations });
    if (mode === 'registering') out.registering = registering;
  } else if (mode === 'breakdown') {
    // Where `check`'s time goes, entry by entry, the way the CLI runs it (fast scan, then the
    // analysis and the rules of each entry it keeps): how much CPU the entries that end with a
    // handler take against those that end with none, and how much text the analyses parse.
    const { createAnalyzer, loadWasm, diskHost, MAX_FILE_BYTES, languageOf, runRules } = await product();
    const { FastScan } = await import('../server/src/core/scan');
    const { scanHost } = await import('../server/src/cli/check');
    const disk = diskHost();
    const texts = new Map<string, string>();
    const scan = new FastScan(scanHost(texts, disk));
    const host = { readFile: (p: string) => texts.get(p) ?? disk.readFile(p) };
    const analyzer = await createAnalyzer(loadWasm());
    const cpu = () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1e6;
    };
    const b = { corpusChars: 0, skipped: 0, analyzed: 0, withHandlers: 0, scanCpu: 0, cpuWithHandlers: 0, cpuWithout: 0, entryChars: 0, parsedChars: 0, slowest: [] as { file: string; cpu: number; files: number }[] };
    const parsed = new Set<string>();
    const t0 = performance.now();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (text.length > MAX_FILE_BYTES || !languageOf(f)) continue;
      b.corpusChars += text.length;
      texts.set(f, text);
      const c0 = cpu();
      const skip = scan.canSkip(f, text);
      b.scanCpu += cpu() - c0;
      if (skip) {
        b.skipped++;
        continue;
      }
      const c1 = cpu();
      const model = analyzer.analyze(f, text, host);
      let handlers = false;
      try {
        handlers = model.registrations.length + model.removals.length > 0;
        runRules(model, (p) => (p === f ? text : host.readFile(p)));
        for (const p of model.files) {
          if (parsed.has(p)) continue;
          parsed.add(p);
          b.parsedChars += (p === f ? text : host.readFile(p))?.length ?? 0;
        }
      } finally {
        model.dispose();
      }
      const spent = cpu() - c1;
      b.analyzed++;
      b.entryChars += text.length;
      if (handlers) {
        b.withHandlers++;
        b.cpuWithHandlers += spent;
      } else b.cpuWithout += spent;
      b.slowest.push({ file: f, cpu: spent, files: model.files.length });
      b.slowest.sort((x, y) => y.cpu - x.cpu);
      b.slowest.length = Math.min(b.slowest.length, 5);
    }
    out.work = (performance.now() - t0) / 1000;
    // The distinct files the analyses parsed: the bench measures their parse+walk as a floor.
    Object.assign(out, b, { parsedFiles: [...parsed] });
  } else if (mode === 'scale') {
    // One file, analysed `reps` times after one warm-up run (JIT), per-run wall and CPU seconds;
    // the floor walk of the same parser likewise, so both curves come from the same process. Each
    // run gets a different text (a trailing comment with the run number) at a different path: the
    // front ends cache parsed trees per (path, text) and re-parse an edited text at a cached path
    // incrementally, and either would leave the parse out of what is measured.
    const reps = Number(rest[0] ?? '5');
    const { createAnalyzer, loadWasm, diskHost, languageOf, runRules, createPythonParser } = await product();
    await loadTs();
    const file = files[0]!;
    const base = readFileSync(file, 'utf8');
    const analyzer = await createAnalyzer(loadWasm());
    const host = diskHost();
    const py = languageOf(file) === 'python';
    const wasm = loadWasm();
    const parser = py ? (await createPythonParser(wasm.treeSitter, wasm.python)).parser : undefined;
    const variant = (i: number) => `${base}${py ? '#' : '//'} run ${i}\n`;
    let registrations = 0;
    let run = 0;
    const analyzeOnce = (text: string) => {
      const at = file.replace(/(\.[^./]+)$/, `.run${run++}$1`);
      const model = analyzer.analyze(at, text, host);
      try {
        registrations = model.registrations.length;
        return runRules(model, (p) => (p === at ? text : host.readFile(p))).length;
      } finally {
        model.dispose();
      }
    };
    const floorOnce = (text: string) => (py ? tspWalk(parser!, text) : tsWalk(file, text));
    const time = (fn: (text: string) => unknown, salt: number) => {
      fn(variant(salt));
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < reps; i++) {
        const text = variant(salt + 1 + i);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        fn(text);
        wall.push((performance.now() - t0) / 1000);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1e6);
      }
      return { wall, cpu };
    };
    const analysis = time(analyzeOnce, 0);
    const floor = time(floorOnce, 1000);
    Object.assign(out, {
      analysis: analysis.wall, analysisCpu: analysis.cpu, floor: floor.wall, floorCpu: floor.cpu,
      work: median(analysis.wall), cpuWork: median(analysis.cpu), floorWork: median(floor.wall), floorCpuWork: median(floor.cpu),
      registrations, lines: base.split('\n').length - 1, chars: base.length,
    });
  } else if (mode === 'edits') {
    // The language server's edit loop without the protocol: one file at one path, a comment line
    // inserted in the middle and deleted again, each version analysed (incremental parse) with every
    // rule while the previous model stays alive until the new one is built, as in the server. Each
    // edit's wall time and the garbage-collection pauses inside it (PerformanceObserver 'gc').
    const count = Number(rest[0] ?? '60');
    const { createAnalyzer, loadWasm, diskHost, runRules } = await product();
    const { PerformanceObserver } = await import('node:perf_hooks');
    const file = files[0]!;
    const base = readFileSync(file, 'utf8');
    const lines = base.split('\n');
    const mid = Math.floor(lines.length / 2);
    const edited = [...lines.slice(0, mid), file.endsWith('.py') ? '# edited' : '// edited', ...lines.slice(mid)].join('\n');
    const analyzer = await createAnalyzer(loadWasm());
    const host = diskHost();
    const pauses: { start: number; end: number }[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    obs.observe({ entryTypes: ['gc'] });
    let previous = analyzer.analyze(file, base, host);
    runRules(previous, (p) => (p === file ? base : host.readFile(p)));
    const windows: { start: number; end: number }[] = [];
    for (let i = 0; i < count; i++) {
      const text = i % 2 === 0 ? edited : base;
      const start = performance.now();
      const model = analyzer.analyze(file, text, host);
      runRules(model, (p) => (p === file ? text : host.readFile(p)));
      windows.push({ start, end: performance.now() });
      previous.dispose();
      previous = model;
    }
    previous.dispose();
    await new Promise((r) => setTimeout(r, 50));
    obs.disconnect();
    const overlap = (w: { start: number; end: number }) => pauses.reduce((sum, p) => sum + Math.max(0, Math.min(w.end, p.end) - Math.max(w.start, p.start)), 0);
    Object.assign(out, { editMs: windows.map((w) => w.end - w.start), gcMs: windows.map(overlap), lines: lines.length });
  } else throw new Error(`unknown mode ${mode}`);
  out.rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
