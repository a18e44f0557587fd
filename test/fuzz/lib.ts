// Shared by the bounded fuzz suite (test/fuzz/*.test.ts) and the large runner (scripts/fuzz.ts):
// the input corpus, the case generators (fast-check arbitraries) and the property every case must
// satisfy. A case is plain data (file name, text, sibling files) so the runner can rebuild it in a
// worker from (seed, index) and report it reproducibly.
import { readdirSync, readFileSync, statSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { createAnalyzer, type Analyzer } from '../../server/src/core/analyze';
import { runRules } from '../../server/src/core/check';
import { memoryHost } from '../../server/src/core/host';
import { languageOf, SCENARIOS, type ExitModel, type Language, type Location, type Position, type Range } from '../../server/src/core/model';
import { planToJson, planToText } from '../../server/src/core/planFormat';
import { decodeSource, InputError, loadWasm, readSourceFile } from '../../server/src/host/node';

export const ROOT = join(__dirname, '..', '..');

// ---------------------------------------------------------------- corpus

export interface CorpusFile {
  /** Repository-relative path, used as the analyzed file name. */
  path: string;
  text: string;
  lang: 'python' | 'js';
}

const CORPUS_DIRS = ['test/oracle/python/programs', 'test/oracle/node/programs', 'examples/seed', 'test/rules/fixtures'];

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

let corpusCache: CorpusFile[] | undefined;

/** Every Python/JS/TS source of the fixture corpus (oracle programs, seed examples, rule fixtures). */
export function corpus(): CorpusFile[] {
  if (corpusCache) return corpusCache;
  const out: CorpusFile[] = [];
  for (const d of CORPUS_DIRS) {
    for (const p of walk(join(ROOT, d), [])) {
      const lang = languageOf(p);
      if (!lang) continue;
      out.push({ path: relative(ROOT, p), text: readFileSync(p, 'utf8'), lang: lang === 'python' ? 'python' : 'js' });
    }
  }
  return (corpusCache = out);
}

/** Files next to `path` (same folder and below): what its imports may read. */
function siblings(path: string): Record<string, string> {
  const dir = dirname(path);
  const files: Record<string, string> = {};
  for (const f of corpus()) if (f.path.startsWith(dir + '/') && f.path !== path) files[f.path] = f.text;
  return files;
}

// ---------------------------------------------------------------- cases

export interface FuzzCase {
  /** Generator family, for the report. */
  kind: string;
  file: string;
  text: string;
  /** Other files the host can read (imports of the entry). */
  files?: Record<string, string>;
  /** Raw bytes to go through the CLI's decoding path first (readSourceFile / decodeSource). */
  bytes?: Uint8Array;
}

export type Lang = 'python' | 'js';

const PY_TOKENS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '\n', '\n    ', '    ', '\t', '\\', '\\\n', '"', "'", '"""', "'''", 'f"{', '#',
  'def ', 'class ', 'lambda: ', 'if x:', 'else:', 'elif ', 'for i in range(3):', 'while True:', 'try:', 'except:', 'finally:',
  'with ', 'as ', 'return', 'yield', 'await ', 'async ', 'import ', 'from . import ', 'import atexit\n', 'atexit.register(', 'atexit.unregister(',
  'signal.signal(signal.SIGTERM, ', 'sys.exit(', 'os._exit(0)', 'raise SystemExit', 'weakref.finalize(', 'ExitStack()', '@atexit.register\n',
  'self', '*', '**', '@', ';', 'None', '0', '-1', '1e309', '\r', '\r\n', '\u2028', '\uFEFF', '\uD800', '\uDC00', '😀', 'é', '中文', 'e\u0301', '\0',
];

const JS_TOKENS = [
  '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '=>', ';', '\n', '"', "'", '`', '${', '/*', '*/', '//', '/', '\\', '#', '<', '>', '</', '?.', '...',
  'function ', 'async ', 'await ', 'class ', 'new ', 'if (x) ', 'else ', 'for (let i = 0; i < 3; i++) ', 'while (true) ', 'try {', '} catch (e) {', 'finally ',
  'return ', 'throw ', 'yield ', 'import ', 'export ', 'from ', 'require(', "require('exit-hook')", "import exitHook from 'exit-hook';\n",
  "process.on('exit', ", "process.once('SIGTERM', ", "process.off('exit', ", 'process.exit(1)', 'process.abort()', 'using x = ', 'await using ',
  'new DisposableStack()', '() => {}', 'function () {}', 'let ', 'const ', 'var ', ': string', 'as any', '<T>', 'enum E {}', 'namespace N {}',
  'null', 'undefined', '0', '1n', '\r', '\r\n', '\u2028', '\u2029', '\uFEFF', '\uD800', '\uDC00', '😀', 'é', '中文', 'e\u0301', '\0',
];

const tokensOf = (lang: Lang) => (lang === 'python' ? PY_TOKENS : JS_TOKENS);

type Edit =
  | { op: 'delete'; at: number; len: number }
  | { op: 'insert'; at: number; s: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; len: number; to: number }
  | { op: 'replace'; at: number; len: number; s: string };

/** `at` and `len` are fractions of the current length, so an edit fits any text. */
function applyEdit(text: string, e: Edit, frac: (x: number) => number): string {
  const n = text.length;
  const at = Math.min(n, Math.floor(frac(e.at) * (n + 1)));
  switch (e.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(Math.min(n, at + e.len));
    case 'insert':
      return text.slice(0, at) + e.s + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate': {
      const to = Math.min(n, Math.floor(frac(e.to) * (n + 1)));
      return text.slice(0, to) + text.slice(at, at + e.len) + text.slice(to);
    }
    case 'replace':
      return text.slice(0, at) + e.s + text.slice(Math.min(n, at + e.len));
  }
}

function editArb(lang: Lang): fc.Arbitrary<Edit> {
  const pos = fc.double({ min: 0, max: 1, noNaN: true });
  const token = fc.constantFrom(...tokensOf(lang));
  const insertion = fc.oneof(
    { weight: 5, arbitrary: token },
    { weight: 2, arbitrary: fc.array(token, { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
    // Random code units: lone surrogates, controls, anything.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }) },
  );
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), at: pos, s: insertion }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: pos }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: pos, len: fc.integer({ min: 1, max: 200 }), to: pos }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: pos, len: fc.integer({ min: 1, max: 10 }), s: insertion }) },
  );
}

/** A corpus file with 1–12 random edits (deletions, insertions of tokens/bytes, truncation, duplication). */
export function mutationArb(lang: Lang): fc.Arbitrary<FuzzCase> {
  const files = corpus().filter((f) => f.lang === lang);
  return fc.record({ i: fc.nat({ max: files.length - 1 }), edits: fc.array(editArb(lang), { minLength: 1, maxLength: 12 }) }).map(({ i, edits }) => {
    const f = files[i]!;
    let text = f.text;
    for (const e of edits) text = applyEdit(text, e, (x) => x);
    return { kind: `${lang}:mutation`, file: f.path, text, files: siblings(f.path) };
  });
}

// Deep nesting. Each generator yields a (prefix, middle, suffix) shape repeated `depth` times, so
// the text is linear in depth (Python blocks need indentation, so their text is quadratic: they get
// a smaller depth).
type Nest = (depth: number) => string;

export const PY_NESTS: Record<string, Nest> = {
  parens: (d) => 'import atexit\nx = ' + '('.repeat(d) + '1' + ')'.repeat(d) + '\natexit.register(print)\n',
  lists: (d) => 'x = ' + '['.repeat(d) + ']'.repeat(d) + '\nimport atexit\natexit.register(print)\n',
  dicts: (d) => 'x = ' + '{1: '.repeat(d) + '1' + '}'.repeat(d) + '\n',
  calls: (d) => 'import atexit\natexit.register(' + 'f('.repeat(d) + ')'.repeat(d) + ')\n',
  registerCalls: (d) => 'import atexit\n' + 'atexit.register('.repeat(d) + 'print' + ')'.repeat(d) + '\n',
  exitCalls: (d) => 'import sys, os\ndef h():\n    ' + 'sys.exit('.repeat(d) + 'os._exit(0)' + ')'.repeat(d) + '\n',
  attributes: (d) => 'import atexit\nx = a' + '.b'.repeat(d) + '\natexit.register(x' + '.c'.repeat(d) + ')\n',
  subscripts: (d) => 'x = a' + '[0]'.repeat(d) + '\n',
  binops: (d) => 'x = ' + Array(d).fill('1').join(' + ') + '\n',
  nots: (d) => 'import atexit\nif ' + 'not '.repeat(d) + 'x:\n    atexit.register(print)\n',
  unary: (d) => 'x = ' + '-'.repeat(d) + '1\n',
  lambdas: (d) => 'import atexit\natexit.register(' + 'lambda: '.repeat(d) + '1)\n',
  conditional: (d) => 'x = ' + '1 if y else '.repeat(d) + '0\n',
  strings: (d) => 'x = ' + Array(d).fill('"a"').join(' ') + '\n',
  fstrings: (d) => 'x = ' + 'f"{'.repeat(Math.min(d, 200)) + '1' + '}"'.repeat(Math.min(d, 200)) + '\n',
  unclosed: (d) => 'import atexit\natexit.register(print)\nx = ' + '(['.repeat(d) + '\n',
  ifs: (d) => 'import atexit\n' + Array.from({ length: d }, (_, i) => ' '.repeat(i) + 'if x:').join('\n') + '\n' + ' '.repeat(d) + 'atexit.register(print)\n',
  defs: (d) => 'import atexit\n' + Array.from({ length: d }, (_, i) => ' '.repeat(i) + `def f${i}():`).join('\n') + '\n' + ' '.repeat(d) + 'atexit.register(print)\n',
  withs: (d) => 'from contextlib import ExitStack\n' + Array.from({ length: d }, (_, i) => ' '.repeat(i) + `with ExitStack() as s${i}:`).join('\n') + '\n' + ' '.repeat(d) + 's0.callback(print)\n',
  calledDefs: (d) => 'import atexit\n' + Array.from({ length: d }, (_, i) => `def f${i}():\n    f${i + 1}()\n`).join('') + `def f${d}():\n    atexit.register(print)\nf0()\n`,
  classes: (d) => Array.from({ length: d }, (_, i) => ' '.repeat(i) + `class C${i}:`).join('\n') + '\n' + ' '.repeat(d) + 'pass\n',
};

export const JS_NESTS: Record<string, Nest> = {
  parens: (d) => 'x = ' + '('.repeat(d) + '1' + ')'.repeat(d) + ";\nprocess.on('exit', () => {});\n",
  arrays: (d) => 'x = ' + '['.repeat(d) + ']'.repeat(d) + ";\nprocess.on('exit', () => {});\n",
  objects: (d) => 'x = ' + '{a: '.repeat(d) + '1' + '}'.repeat(d) + ';\n',
  blocks: (d) => '{'.repeat(d) + "process.on('exit', () => {});" + '}'.repeat(d),
  calls: (d) => "process.on('exit', " + 'f('.repeat(d) + ')'.repeat(d) + ');\n',
  onCalls: (d) => "process.on('exit', ".repeat(d) + '() => {}' + ')'.repeat(d) + ';\n',
  ifs: (d) => 'if (x) '.repeat(d) + "process.on('exit', () => {});\n",
  ifBlocks: (d) => 'if (x) {'.repeat(d) + "process.on('exit', () => {});" + '}'.repeat(d),
  functions: (d) => 'function f(){'.repeat(d) + "process.on('exit', () => {});" + '}'.repeat(d),
  iifes: (d) => '(() => {'.repeat(d) + "process.on('exit', () => {});" + '})();'.repeat(d),
  arrows: (d) => "process.on('exit', " + '() => '.repeat(d) + '1);\n',
  members: (d) => 'x = a' + '.b'.repeat(d) + ";\nprocess.on('exit', y" + '.c'.repeat(d) + ');\n',
  binops: (d) => 'x = ' + Array(d).fill('1').join(' + ') + ";\nprocess.on('exit', () => {});\n",
  ternaries: (d) => 'x = ' + 'y ? 1 : '.repeat(d) + '0;\n',
  templates: (d) => 'x = ' + '`${'.repeat(d) + '1' + '}`'.repeat(d) + ';\n',
  unary: (d) => 'x = ' + '!'.repeat(d) + '1;\n',
  unclosed: (d) => "process.on('exit', () => {});\nx = " + '({['.repeat(d) + '\n',
  calledFns: (d) => Array.from({ length: d }, (_, i) => `function f${i}() { f${i + 1}(); }\n`).join('') + `function f${d}() { process.on('exit', () => {}); }\nf0();\n`,
  tsGenerics: (d) => 'let x: ' + 'A<'.repeat(d) + 'B' + '>'.repeat(d) + ";\nprocess.on('exit', () => {});\n",
  classes: (d) => 'x = ' + 'class { m() { return '.repeat(d) + '1' + ' } }'.repeat(d) + ';\n',
};

/** Python block nesting needs indentation (quadratic text): cap it where CPython itself stops (100 levels) ×10. */
const QUADRATIC = new Set(['ifs', 'defs', 'withs', 'classes']);

export function nestArb(lang: Lang, maxDepth: number): fc.Arbitrary<FuzzCase> {
  const table = lang === 'python' ? PY_NESTS : JS_NESTS;
  const file = lang === 'python' ? 'deep.py' : 'deep.ts';
  return fc.record({ name: fc.constantFrom(...Object.keys(table)), depth: fc.integer({ min: 1, max: maxDepth }) }).map(({ name, depth }) => {
    const d = QUADRATIC.has(name) ? Math.min(depth, 1000) : depth;
    return { kind: `${lang}:nest:${name}`, file, text: table[name]!(d) };
  });
}

/** Encodings and line ends: BOM, CRLF, lone CR, U+2028, lone surrogates, invalid UTF-8 (through decodeSource). */
export function encodingArb(lang: Lang): fc.Arbitrary<FuzzCase> {
  const files = corpus().filter((f) => f.lang === lang);
  const transform = fc.constantFrom('bom', 'crlf', 'cr', 'ls', 'surrogates', 'invalid-utf8', 'utf16le', 'utf16be', 'nul', 'latin1');
  return fc.record({ i: fc.nat({ max: files.length - 1 }), t: transform, at: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ i, t, at }) => {
    const f = files[i]!;
    const cut = Math.floor(at * f.text.length);
    let bytes: Buffer | undefined;
    let text = f.text;
    switch (t) {
      case 'bom':
        bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(f.text, 'utf8')]);
        break;
      case 'crlf':
        text = f.text.replace(/\n/g, '\r\n');
        break;
      case 'cr':
        text = f.text.replace(/\n/g, '\r');
        break;
      case 'ls':
        text = f.text.slice(0, cut) + '\u2028\u2029' + f.text.slice(cut);
        break;
      case 'surrogates':
        text = f.text.slice(0, cut) + '\uD83D' + f.text.slice(cut, cut + 5) + '\uDE00\uDC00\uD800' + f.text.slice(cut + 5);
        break;
      case 'invalid-utf8': {
        const b = Buffer.from(f.text, 'utf8');
        const k = Math.floor(at * b.length);
        bytes = Buffer.concat([b.subarray(0, k), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0xf0, 0x9f]), b.subarray(k)]);
        break;
      }
      case 'utf16le':
        bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(f.text, 'utf16le')]);
        break;
      case 'utf16be': {
        const b = Buffer.from(f.text, 'utf16le');
        b.swap16();
        bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), b]);
        break;
      }
      case 'nul':
        bytes = Buffer.from(f.text.slice(0, cut) + '\0' + f.text.slice(cut), 'utf8');
        break;
      case 'latin1':
        bytes = Buffer.from(f.text.slice(0, cut) + 'café ÿ' + f.text.slice(cut), 'latin1');
        break;
    }
    return { kind: `${lang}:encoding:${t}`, file: f.path, text, files: siblings(f.path), bytes };
  });
}

/** Random bytes (binary files), optionally after a real source prefix. */
export function binaryArb(lang: Lang): fc.Arbitrary<FuzzCase> {
  const files = corpus().filter((f) => f.lang === lang);
  return fc.record({
    i: fc.nat({ max: files.length - 1 }), prefix: fc.boolean(), bytes: fc.uint8Array({ minLength: 0, maxLength: 4096 }),
  }).map(({ i, prefix, bytes }) => {
    const f = files[i]!;
    const b = prefix ? Buffer.concat([Buffer.from(f.text.slice(0, 300), 'utf8'), Buffer.from(bytes)]) : Buffer.from(bytes);
    return { kind: `${lang}:binary`, file: lang === 'python' ? 'blob.py' : 'blob.js', text: '', bytes: b };
  });
}

/** Token soup: random sequences of the language's tokens (no corpus). */
export function soupArb(lang: Lang): fc.Arbitrary<FuzzCase> {
  return fc.array(fc.constantFrom(...tokensOf(lang)), { maxLength: 300 }).map((toks) => ({
    kind: `${lang}:soup`, file: lang === 'python' ? 'soup.py' : 'soup.tsx', text: toks.join(''),
  }));
}

/** The mix used by both the bounded suite and the large runner. */
export function caseArb(lang: Lang, opts: { maxDepth: number }): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 10, arbitrary: mutationArb(lang) },
    { weight: 2, arbitrary: soupArb(lang) },
    { weight: 2, arbitrary: encodingArb(lang) },
    { weight: 1, arbitrary: binaryArb(lang) },
    { weight: 1, arbitrary: nestArb(lang, opts.maxDepth) },
  );
}

// ---------------------------------------------------------------- big inputs

/** A realistic file of about `bytes` characters: corpus programs repeated with renamed functions. */
export function bigFile(lang: Lang, bytes: number): FuzzCase {
  const parts = corpus().filter((f) => f.lang === lang && (lang === 'python' || /\.(js|cjs)$/.test(f.path)) && !/^\s*(import|export)\b/m.test(f.text));
  const chunks: string[] = [];
  let n = 0;
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const c = parts[i % parts.length]!.text.replace(/\b(def|function) (\w+)/g, (_m, kw, name) => `${kw} ${name}_${i}`) + '\n';
    chunks.push(c);
    size += c.length;
    n++;
  }
  return { kind: `${lang}:big`, file: lang === 'python' ? 'big.py' : 'big.js', text: chunks.join('').slice(0, bytes) };
}

/** A minified bundle: typescript.js minified by esbuild (one ~3 MB line), or a prefix of it. */
let minified: string | undefined;
export function minifiedBundle(): string {
  if (minified !== undefined) return minified;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const src = readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8');
  minified = esbuild.transformSync(src, { minify: true, loader: 'js' }).code;
  return minified;
}

// ---------------------------------------------------------------- the property

export interface Outcome {
  /** Violations of the property (empty: the case passed). */
  problems: string[];
  /** Analysis time (ms), without rules and formatting. */
  analyzeMs: number;
  totalMs: number;
  /** The CLI's decoding rejected the bytes with a clear InputError (a valid outcome). */
  rejected?: string;
  /** The analysis gave up on part of the input by design (nesting limits): the reason. */
  degraded?: string;
}

let analyzerPromise: Promise<Analyzer> | undefined;
export function analyzer(): Promise<Analyzer> {
  analyzerPromise ??= createAnalyzer(loadWasm());
  return analyzerPromise;
}

/** Line starts under the LSP's line ends (LF, CRLF, lone CR). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

class PositionChecker {
  private starts = new Map<string, number[]>();
  constructor(private readonly texts: (file: string) => string | undefined, private readonly problems: string[], private readonly strict: boolean) {}

  pos(p: Position, file: string, what: string): void {
    const text = this.texts(file);
    if (text === undefined) return;
    const bad = (why: string): void => {
      this.problems.push(`${what}: position ${JSON.stringify(p)} in ${file} (${text.length} chars): ${why}`);
    };
    if (!Number.isInteger(p.offset) || p.offset < 0 || p.offset > text.length) return bad('offset out of the text');
    let starts = this.starts.get(file);
    if (!starts) this.starts.set(file, (starts = lineStarts(text)));
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > starts.length) return bad('line out of the text');
    if (!Number.isInteger(p.column) || p.column < 1) return bad('column < 1');
    if (this.strict) {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= p.offset) lo = mid;
        else hi = mid - 1;
      }
      if (p.line !== lo + 1 || p.column !== p.offset - starts[lo]! + 1) bad(`line/column disagree with the offset (expected ${lo + 1}:${p.offset - starts[lo]! + 1})`);
    }
  }

  lineCount(file: string): number | undefined {
    const text = this.texts(file);
    if (text === undefined) return undefined;
    let starts = this.starts.get(file);
    if (!starts) this.starts.set(file, (starts = lineStarts(text)));
    return starts.length;
  }

  range(r: Range, file: string, what: string): void {
    this.pos(r.start, file, what);
    this.pos(r.end, file, what);
    if (r.end.offset < r.start.offset) this.problems.push(`${what}: range ends before it starts in ${file}`);
  }

  loc(l: Location, what: string): void {
    this.range(l.range, l.file, what);
  }
}

export interface CheckOptions {
  /** Check that line/column agree with the offset exactly (LSP line ends). */
  strictPositions?: boolean;
  /** Also run the rules (diagnostics, fixes). Default true. */
  rules?: boolean;
  /** Directory for the readSourceFile path of byte cases. */
  tmp?: string;
}

/**
 * The property: analysis returns a model (never throws, no internal error), every position lies in
 * its file's text, the plan's JSON round-trips and names only known scenarios, and the rules run
 * with every diagnostic and fix edit inside the text.
 */
export function checkCase(a: Analyzer, c: FuzzCase, opts: CheckOptions = {}): Outcome {
  const t0 = performance.now();
  const problems: string[] = [];
  let text = c.text;
  if (c.bytes) {
    // The CLI's path: bytes on disk -> readSourceFile (size, binary and encoding checks) -> text.
    let viaDisk: string | undefined;
    let diskError: unknown;
    let viaBuf: string | undefined;
    let bufError: unknown;
    if (opts.tmp) {
      const p = join(opts.tmp, c.file.replace(/[\\/]/g, '_'));
      writeFileSync(p, c.bytes);
      try {
        viaDisk = readSourceFile(p);
      } catch (e) {
        diskError = e;
      }
    }
    try {
      viaBuf = decodeSource(Buffer.from(c.bytes), c.file);
    } catch (e) {
      bufError = e;
    }
    for (const e of [diskError, bufError]) {
      if (e !== undefined && !(e instanceof InputError)) problems.push(`decoding threw a non-InputError: ${String(e)}`);
      else if (e instanceof InputError && !e.message.includes(c.file.replace(/[\\/]/g, '_')) && !e.message.includes(c.file)) problems.push(`decoding error does not name the file: ${e.message}`);
    }
    if (opts.tmp && viaDisk !== viaBuf) problems.push('readSourceFile and decodeSource disagree');
    if (viaBuf === undefined) return { problems, analyzeMs: 0, totalMs: performance.now() - t0, rejected: (bufError as Error | undefined)?.message ?? 'rejected' };
    text = viaBuf;
  }
  const files = { ...(c.files ?? {}), [c.file]: text };
  const getText = (f: string) => (Object.prototype.hasOwnProperty.call(files, f) ? files[f] : undefined);
  let model: ExitModel;
  const ta = performance.now();
  try {
    model = a.analyze(c.file, text, memoryHost(files));
  } catch (e) {
    problems.push(`analyze threw: ${(e as Error)?.stack ?? String(e)}`);
    return { problems, analyzeMs: performance.now() - ta, totalMs: performance.now() - t0 };
  }
  const analyzeMs = performance.now() - ta;
  const degraded: string[] = [];
  try {
    checkModel(model, c, getText, problems, degraded, opts);
  } catch (e) {
    problems.push(`checking the model threw: ${(e as Error)?.stack ?? String(e)}`);
  } finally {
    try {
      model.dispose();
    } catch (e) {
      problems.push(`dispose threw: ${String(e)}`);
    }
  }
  return { problems, analyzeMs, totalMs: performance.now() - t0, degraded: degraded[0] };
}

function checkModel(m: ExitModel, c: FuzzCase, getText: (f: string) => string | undefined, problems: string[], degraded: string[], opts: CheckOptions): void {
  for (const u of m.unknowns) if (/internal error/i.test(u.reason)) problems.push(`internal error: ${u.reason}`);
  for (const e of m.parseErrors) {
    // The TypeScript parser recurses: past several hundred nested brackets it exhausts the stack;
    // the JS front end then analyzes the file without what lies deeper than 256 brackets (or, if
    // even that fails, reports it as unparsable), plan incomplete. That is the accepted degradation.
    if (m.language !== 'python' && /^(cannot parse this file \(Maximum call stack size exceeded\)|code nested deeper than \d+ brackets, from line \d+, was left out of the analysis \(the parser ran out of stack: Maximum call stack size exceeded\))$/.test(e.message)) {
      degraded.push(e.message);
      if (SCENARIOS.some((s) => m.plan.scenarios[s]?.complete)) problems.push('a file analyzed in part has a complete plan');
    } else if (/Maximum call stack|internal error/i.test(e.message)) problems.push(`parse error hides a crash: ${e.message}`);
  }
  for (const u of m.unknowns) if (/nested more than \d+ levels/.test(u.reason)) degraded.push(u.reason);
  const lang: Language | undefined = languageOf(c.file);
  if (m.language !== lang) problems.push(`model language ${m.language}, expected ${lang}`);
  if (m.file !== c.file) problems.push(`model file ${m.file}`);
  const pc = new PositionChecker(getText, problems, opts.strictPositions ?? false);
  for (const r of m.registrations) pc.loc(r.location, `registration ${r.id}`);
  for (const r of m.removals) pc.loc(r.location, `removal ${r.id}`);
  for (const x of m.exitCalls) pc.loc(x.location, `exit call ${x.callee}`);
  for (const s of m.scopes) pc.loc(s.location, `scope ${s.id}`);
  for (const u of m.unknowns) pc.loc(u.location, `unknown "${u.reason.slice(0, 60)}"`);
  for (const e of m.parseErrors) pc.loc(e.location, 'parse error');
  if (m.runsUntilStoppedAt) pc.loc(m.runsUntilStoppedAt, 'runsUntilStoppedAt');
  for (const t of m.threads ?? []) pc.loc(t.location, 'thread');
  if (m.parseErrors.length > 0 && SCENARIOS.some((s) => m.plan.scenarios[s]?.complete)) problems.push('a model with parse errors has a complete plan');
  const ids = new Set(m.registrations.map((r) => r.id));
  for (const s of SCENARIOS) {
    const sp = m.plan.scenarios[s];
    if (!sp) {
      problems.push(`plan has no scenario ${s}`);
      continue;
    }
    for (const h of [...sp.handlers, ...sp.skipped]) {
      if (!ids.has(h.registration)) problems.push(`plan ${s} names registration ${h.registration} that the model does not have`);
      const lines = pc.lineCount(h.file);
      if (lines !== undefined && (h.line < 1 || h.line > lines || h.column < 1)) problems.push(`plan ${s} entry at ${h.file}:${h.line}:${h.column} is outside the text`);
    }
  }
  const json = planToJson(m.plan);
  const str = JSON.stringify(json);
  if (typeof str !== 'string') problems.push('planToJson is not serializable');
  else {
    const back = JSON.parse(str) as { schema?: string; scenarios?: Record<string, unknown> };
    if (back.schema !== 'exit-lens/plan@1') problems.push(`plan JSON schema ${back.schema}`);
    for (const s of SCENARIOS) if (!back.scenarios?.[s]) problems.push(`plan JSON lacks scenario ${s}`);
  }
  planToText(m.plan, m.unknowns);
  if (opts.rules === false) return;
  const diags = runRules(m, getText);
  for (const d of diags) {
    if (/internal error/i.test(d.message)) problems.push(`rule ${d.rule}: ${d.message}`);
    pc.range(d.range, d.file, `diagnostic ${d.rule}`);
    for (const r of d.related) pc.loc(r.location, `related info of ${d.rule}`);
    for (const f of d.fixes) for (const e of f.edits) pc.range(e.range, e.file, `fix edit of ${d.rule}`);
  }
}

export function makeTmp(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'exit-lens-fuzz-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One line describing a case (for reports). */
export function describeCase(c: FuzzCase): string {
  return `${c.kind} ${c.file} (${c.bytes ? c.bytes.length + ' bytes' : c.text.length + ' chars'})`;
}

// ---------------------------------------------------------------- fixed pathological cases

let specials: FuzzCase[] | undefined;

/**
 * The big and deep inputs, once each: 10 MB files in both languages, a minified bundle, a large
 * real library file, 10 MB of random bytes, 10 MB one-line and lone-CR files, and every nesting
 * generator at 10,000 levels (Python block nesting at 1,000: its text is quadratic).
 */
export function specialCases(): FuzzCase[] {
  if (specials) return specials;
  const MB10 = 10 * 1024 * 1024;
  const out: FuzzCase[] = [];
  out.push(bigFile('python', MB10), bigFile('js', MB10));
  out.push({ kind: 'js:bundle', file: 'typescript.min.js', text: minifiedBundle() });
  out.push({ kind: 'js:library', file: 'typescript.js', text: readFileSync(require.resolve('typescript/lib/typescript.js'), 'utf8') });
  out.push({ kind: 'ts:declarations', file: 'lib.dom.d.ts', text: readFileSync(require.resolve('typescript/lib/lib.dom.d.ts'), 'utf8') });
  // A deterministic 10 MB of noise (xorshift): over the CLI's size limit, and binary.
  const noise = Buffer.alloc(MB10);
  let x = 0x9e3779b9;
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  out.push({ kind: 'python:binary10MB', file: 'noise.py', text: '', bytes: noise });
  out.push({ kind: 'js:binary10MB', file: 'noise.js', text: '', bytes: noise });
  out.push({ kind: 'python:text-noise', file: 'noise.py', text: noise.subarray(0, 1024 * 1024).toString('latin1') });
  out.push({ kind: 'js:text-noise', file: 'noise.js', text: noise.subarray(0, 1024 * 1024).toString('latin1') });
  out.push({ kind: 'python:oneline', file: 'oneline.py', text: 'import atexit; atexit.register(print); ' + 'x = 1; '.repeat(MB10 / 7) });
  out.push({ kind: 'js:oneline', file: 'oneline.js', text: "process.on('exit', () => {}); " + 'x = 1; '.repeat(MB10 / 7) });
  out.push({ kind: 'python:lone-cr', file: 'cr.py', text: bigFile('python', MB10 / 4).text.replace(/\n/g, '\r') });
  out.push({ kind: 'js:lone-cr', file: 'cr.js', text: bigFile('js', MB10 / 4).text.replace(/\n/g, '\r') });
  for (const [name, gen] of Object.entries(PY_NESTS)) out.push({ kind: `python:nest:${name}`, file: 'deep.py', text: gen(QUADRATIC.has(name) ? 1000 : 10_000) });
  for (const [name, gen] of Object.entries(JS_NESTS)) out.push({ kind: `js:nest:${name}`, file: 'deep.ts', text: gen(10_000) });
  return (specials = out);
}
