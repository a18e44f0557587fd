// The language server re-parses an edited file incrementally (tree-sitter's edit + parse with the
// old tree for Python, ts.updateSourceFile for JS/TS), the edit recovered from the previous text
// of the same path in the core's tree caches. Property: after any chain of random edits, the
// incremental tree, the model and the diagnostics equal those of a fresh parse of the same text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import ts from 'typescript';
import type { Node as TsNode, Tree } from 'web-tree-sitter';
import { runRules } from '../../server/src/core/check';
import { memoryHost } from '../../server/src/core/host';
import { analyzeJs, clearJsCaches } from '../../server/src/core/js';
import { parse as parseJs, parseCached as parseJsCached } from '../../server/src/core/js/cache';
import type { ExitModel } from '../../server/src/core/model';
import { analyzePython, createPythonParser, parseCached as parsePyCached, type PythonParser } from '../../server/src/core/python';
import { loadWasm } from '../../server/src/host/node';
import { syntheticSource } from '../../scripts/bench-util';

const ROOT = join(__dirname, '..', '..');
const RUNS = Number(process.env.EXIT_LENS_INCREMENTAL_RUNS ?? 100);

function programs(dir: string, ext: RegExp): string[] {
  const d = join(ROOT, dir);
  return readdirSync(d)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => readFileSync(join(d, f), 'utf8'));
}

/** Snippets an edit inserts: whole statements, registrations, unbalanced brackets, half tokens. */
const PY_SNIPPETS = ['\n', '# c\n', 'atexit.register(f)\n', 'def g():\n    pass\n', '    ', 'if x:\n', '(', ')', ':', '"', "'''", 'sys.exit(0)\n', 'import atexit\n', 'x = 1', '\r\n', '\r', 'é', '😀', 'lambda: 0', 'with open(p) as f:\n    atexit.register(f.close)\n'];
const JS_SNIPPETS = ['\n', '// c\n', "process.on('exit', f);\n", 'function g() {}\n', '{', '}', '(', ')', ';', '`', '"', '/*', '*/', 'process.exit(1);\n', "const p = require('process');\n", 'x = 1', '\r\n', '\r', 'é', '😀', '() => 0', 'using d = x;\n', '<div>', 'async '];

interface Edit {
  at: number; // fraction of the text
  del: number;
  ins: number;
}
const editArb = fc.record({ at: fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000), del: fc.nat(24), ins: fc.nat(PY_SNIPPETS.length * 4) });

function apply(text: string, e: Edit, snippets: string[]): string {
  const start = Math.min(text.length, Math.floor(e.at * text.length));
  const end = Math.min(text.length, start + e.del);
  const ins = e.ins < snippets.length ? snippets[e.ins]! : '';
  return text.slice(0, start) + ins + text.slice(end);
}

/** The model without its syntax handles, the entry's path replaced (fresh analyses use their own). */
function plain(m: ExitModel, path: string): string {
  return JSON.stringify(m, (k, v) => (k === 'node' || k === 'syntax' || typeof v === 'function' ? undefined : v)).split(path).join('<entry>');
}

function pyTreeShape(tree: Tree): string {
  const out: string[] = [];
  const c = tree.walk();
  for (;;) {
    const n: TsNode = c.currentNode;
    out.push(`${n.type}:${n.startIndex}-${n.endIndex}:${n.startPosition.row}.${n.startPosition.column}${n.isMissing ? '!' : ''}${n.hasError ? 'E' : ''}`);
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return out.join(' ');
  }
}

// Internal NodeFlags the core never reads (it reads only Let/Const/Using/AwaitUsing): caches of
// lazily computed facts (HasAggregatedChildData and the ThisNodeOrAnySubNodesHasError it
// validates), which the incremental parser fills in, and PossiblyContainsDynamicImport /
// ImportMeta, hints for the compiler's import collection that it keeps from the old tree.
const JS_CACHE_FLAGS = (1 << 20) | (1 << 21) | (1 << 22) | (1 << 23);

function jsTreeShape(sf: ts.SourceFile): string {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    out.push(`${n.kind}:${n.pos}-${n.end}:${n.flags & ~JS_CACHE_FLAGS}`);
    ts.forEachChild(n, visit, (ns) => {
      out.push(`[${ns.pos}-${ns.end}`);
      ns.forEach(visit);
      out.push(']');
    });
  };
  visit(sf);
  return out.join(' ') + ` parseDiagnostics:${JSON.stringify((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => [d.start, d.length, d.code]))}`;
}

test(`python: ${RUNS} chains of random edits: incremental tree, model and diagnostics equal a fresh parse`, async () => {
  const wasm = loadWasm();
  const inc: PythonParser = await createPythonParser(wasm.treeSitter, wasm.python);
  const fresh: PythonParser = await createPythonParser(wasm.treeSitter, wasm.python);
  const bases = [syntheticSource('python', 300), ...programs('test/oracle/python/programs', /\.py$/)];
  let step = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(bases.length - 1), fc.array(editArb, { minLength: 1, maxLength: 25 }), async (b, edits) => {
      const path = '/w/edited.py';
      inc.trees.clear();
      let text = bases[b]!;
      parsePyCached(inc, path, text)?.tree.delete();
      for (const e of edits) {
        text = apply(text, e, PY_SNIPPETS);
        const freshPath = `/w/fresh${step++}.py`;
        const mi = analyzePython(inc, path, text, memoryHost({ [path]: text }), {});
        const mf = analyzePython(fresh, freshPath, text, memoryHost({ [freshPath]: text }), {});
        try {
          const ti = parsePyCached(inc, path, text)!;
          const tf = fresh.parser.parse(text.replace(/\r(?!\n)/g, '\n'))!;
          assert.equal(pyTreeShape(ti.tree), pyTreeShape(tf), `tree after edits ${JSON.stringify(edits)} of base ${b}`);
          ti.tree.delete();
          tf.delete();
          assert.equal(plain(mi, path), plain(mf, freshPath).split('<entry>').join('<entry>'), 'model');
          const di = runRules(mi, () => text).map((d) => ({ ...d, file: '' }));
          const df = runRules(mf, () => text).map((d) => ({ ...d, file: '' }));
          assert.equal(JSON.stringify(di).split(path).join('<entry>'), JSON.stringify(df).split(freshPath).join('<entry>'), 'diagnostics');
        } finally {
          mi.dispose();
          mf.dispose();
        }
      }
    }),
    { seed: 6061, numRuns: RUNS, endOnFailure: true },
  );
});

test(`javascript: ${RUNS} chains of random edits: incremental tree, model and diagnostics equal a fresh parse`, async () => {
  const bases = [syntheticSource('javascript', 300), ...programs('test/oracle/node/programs', /\.(c|m)?js$/)];
  let step = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.array(editArb, { minLength: 1, maxLength: 25 }), fc.boolean(), async (b, edits, tsx) => {
        const path = tsx ? '/w/edited.tsx' : '/w/edited.js';
        const ext = tsx ? '.tsx' : '.js';
        clearJsCaches();
        let text = bases[b]!;
        parseJsCached(path, text);
        for (const e of edits) {
          text = apply(text, e, JS_SNIPPETS);
          const freshPath = `/w/fresh${step++}${ext}`;
          const lang = tsx ? 'typescript' : 'javascript';
          const mi = analyzeJs(path, text, memoryHost({ [path]: text }), {}, lang);
          const mf = analyzeJs(freshPath, text, memoryHost({ [freshPath]: text }), {}, lang);
          assert.equal(jsTreeShape(parseJsCached(path, text)), jsTreeShape(parseJs(freshPath, text)), `tree after edits ${JSON.stringify(edits)} of base ${b}`);
          assert.equal(plain(mi, path), plain(mf, freshPath), 'model');
          const di = runRules(mi, () => text);
          const df = runRules(mf, () => text);
          assert.equal(JSON.stringify(di).split(path).join('<entry>'), JSON.stringify(df).split(freshPath).join('<entry>'), 'diagnostics');
        }
      }),
      { seed: 6062, numRuns: RUNS, endOnFailure: true },
    );
  } finally {
    clearJsCaches();
  }
});
