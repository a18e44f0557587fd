// One benchmark measurement in a fresh process: `bench-worker.ts MODE LISTFILE` prints one JSON line.
// Modes: ts-walk (TypeScript parse without JSDoc or parent pointers + forEachChild walk: the floor),
// tree-sitter-parse (web-tree-sitter parse of each file: the Python floor),
// exit-lens (the real analysis and every rule, as `exit-lens check` runs them per file).
import { readFileSync } from 'node:fs';
import * as ts from 'typescript';
import { createAnalyzer } from '../server/src/core/analyze';
import { runRules } from '../server/src/core/check';
import { createPythonParser } from '../server/src/core/python';
import { diskHost, loadWasm, MAX_FILE_BYTES } from '../server/src/host/node';

async function main() {
  const [mode, listFile] = process.argv.slice(2);
  const files = readFileSync(listFile!, 'utf8').split('\n').filter(Boolean);
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  let findings = 0;
  let failures = 0;
  let work = 0;
  if (mode === 'ts-walk') {
    const t0 = performance.now();
    let nodes = 0;
    const visit = (n: ts.Node): void => {
      nodes++;
      ts.forEachChild(n, visit);
    };
    files.forEach((f, i) => {
      const sf = ts.createSourceFile(f, texts[i]!, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false);
      visit(sf);
    });
    work = (performance.now() - t0) / 1000;
    if (nodes === 0) throw new Error('walked nothing');
  } else if (mode === 'tree-sitter-parse') {
    const wasm = loadWasm();
    const { parser } = await createPythonParser(wasm.treeSitter, wasm.python);
    const t0 = performance.now();
    for (const t of texts) parser.parse(t)?.delete();
    work = (performance.now() - t0) / 1000;
  } else if (mode === 'exit-lens') {
    const analyzer = await createAnalyzer(loadWasm());
    const host = diskHost();
    const t0 = performance.now();
    files.forEach((f, i) => {
      // The CLI skips files over its size cap; so does the benchmark.
      if (texts[i]!.length > MAX_FILE_BYTES) return;
      try {
        const model = analyzer.analyze(f, texts[i]!, host);
        try {
          findings += runRules(model, (p) => (p === f ? texts[i] : host.readFile(p))).length;
        } finally {
          model.dispose();
        }
      } catch {
        failures++;
      }
    });
    work = (performance.now() - t0) / 1000;
  } else throw new Error(`unknown mode ${mode}`);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ work, files: files.length, bytes, rssMb, ...(mode === 'exit-lens' ? { findings, failures } : {}) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
