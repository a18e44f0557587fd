// Language-server measurements of the benchmark, one session per process (scripts/bench.ts runs it):
//
//   bench-lsp.ts latency SERVER DIR EDITS HOVERS   DIR holds synthetic files bench-1k.*, bench-5k.*,
//       bench-20k.* of one language. Measures: spawn → first diagnostics of the 1k file (opened
//       right after initialize); then per file: edit → diagnostics of that version (an edit in the
//       middle of the file, alternately inserting and deleting a comment line), and hover on a
//       registration. The debounce is set to 0: it is a deliberate wait, not analysis latency.
//   bench-lsp.ts workspace SERVER FOLDER [LIMIT_MS]  opens FOLDER as the workspace, waits until the
//       server logs that its background index is done (at most LIMIT_MS), then reads the server's RSS (/proc).
//
// Prints one JSON line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspDriver } from './lib/lspDriver';

const MB = 1024 * 1024;

async function latency(server: string, dir: string, edits: number, hovers: number) {
  const files = readdirSync(dir)
    .filter((f) => /^bench-\d+k\./.test(f))
    .sort((a, b) => parseInt(a.slice(6)) - parseInt(b.slice(6)));
  // The server keeps a V8 code cache of TypeScript in the folder its client names (VS Code: the
  // extension's storage). Every start after the first finds it; the first start ever is measured
  // once, in a session of its own, and reported apart.
  const codeCacheDir = join(dir, '.code-cache');
  const out: Record<string, unknown> = {};
  if (!existsSync(codeCacheDir)) {
    const cold = await LspDriver.start({ serverPath: server, workspaceFolders: [dir], settings: { debounceMs: 0 }, initializationOptions: { codeCacheDir } });
    try {
      const path = join(dir, files[0]!);
      const { uri } = await cold.open(path, readFileSync(path, 'utf8'));
      out.coldFirstDiagnosticsMs = (await cold.waitForDiagnostics(uri, 1, 120_000)).at - cold.spawnedAt;
    } finally {
      await cold.stop();
    }
  }
  const d = await LspDriver.start({ serverPath: server, workspaceFolders: [dir], settings: { debounceMs: 0 }, initializationOptions: { codeCacheDir } });
  try {
    const perFile: Record<string, unknown>[] = [];
    for (const [i, name] of files.entries()) {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n').length - 1;
      const openedAt = performance.now();
      const { uri } = await d.open(path, text);
      const first = await d.waitForDiagnostics(uri, 1, 120_000);
      if (i === 0) {
        out.firstDiagnosticsMs = first.at - d.spawnedAt;
        out.initializeMs = d.initializedAt - d.spawnedAt;
      }
      const openMs = first.at - openedAt;
      // Edits in the middle of the file: a comment line inserted, then deleted again.
      const mid = Math.floor(lines / 2);
      const comment = /\.py$/.test(name) ? '# edited\n' : '// edited\n';
      const editMs: number[] = [];
      for (let e = 0; e < edits; e++) {
        const range = e % 2 === 0 ? { start: { line: mid, character: 0 }, end: { line: mid, character: 0 } } : { start: { line: mid, character: 0 }, end: { line: mid + 1, character: 0 } };
        const r = await d.editAndWait(uri, range, e % 2 === 0 ? comment : '', 120_000);
        editMs.push(r.ms);
      }
      // Hover on the first registration (the analysis of the current version is cached by now).
      const lineTexts = d.text(uri).split('\n');
      const at = lineTexts.findIndex((l) => /atexit\.register\(|process\.on\('exit'/.test(l));
      const col = at >= 0 ? lineTexts[at]!.search(/register|\.on\(/) + 1 : 0;
      const hoverMs: number[] = [];
      let hoverHit = false;
      for (let h = 0; h < hovers && at >= 0; h++) {
        const r = await d.hover(uri, at, col);
        hoverMs.push(r.ms);
        if (r.result) hoverHit = true;
      }
      perFile.push({ file: name, lines, openMs, editMs, hoverMs, hoverHit, diagnostics: first.params.diagnostics.length });
      await d.close(uri);
    }
    out.files = perFile;
    const { rssBytes, hwmBytes } = d.rss();
    out.rssMb = rssBytes / MB;
    out.hwmMb = hwmBytes / MB;
  } finally {
    await d.stop();
  }
  return out;
}

async function workspace(server: string, folder: string, limitMs: number) {
  const d = await LspDriver.start({ serverPath: server, workspaceFolders: [folder], settings: {} });
  try {
    // Bounded: on a loaded machine the background index of a large corpus can take very long; then
    // the RSS is read at the limit and reported as such.
    const deadline = performance.now() + limitMs;
    let done: string | undefined;
    let maxRss = 0;
    while (!(done = d.logs.find((l) => /analyzed \d+ workspace programs/.test(l) || /indexing failed/.test(l)))) {
      if (performance.now() > deadline) break;
      if (d.proc.exitCode !== null) throw new Error(`the server exited (${d.proc.exitCode}): ${d.stderr.join('').slice(-2000)}`);
      maxRss = Math.max(maxRss, d.rss().rssBytes);
      await new Promise((r) => setTimeout(r, 200));
    }
    const indexMs = performance.now() - d.initializedAt;
    const { rssBytes, hwmBytes } = d.rss();
    const found = /indexed (\d+)/.exec(d.logs.find((l) => /indexed \d+/.test(l)) ?? '')?.[1];
    const programs = done ? /analyzed (\d+) workspace programs/.exec(done)?.[1] : undefined;
    return { indexMs, rssMb: rssBytes / MB, hwmMb: hwmBytes / MB, filesFound: Number(found ?? NaN), programs: Number(programs ?? NaN), failed: !!done && /indexing failed/.test(done), finished: !!done };
  } finally {
    await d.stop();
  }
}

async function main() {
  const [mode, server, ...rest] = process.argv.slice(2);
  let out: unknown;
  if (mode === 'latency') out = await latency(server!, rest[0]!, Number(rest[1] ?? 40), Number(rest[2] ?? 30));
  else if (mode === 'workspace') out = await workspace(server!, rest[0]!, Number(rest[1] ?? 20 * 60_000));
  else throw new Error(`unknown mode ${mode}`);
  console.log(JSON.stringify(out));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
