// Fast pre-scan: which files soundly cannot matter, decided from the text alone (no parse, no I/O of
// its own; imported files are read through the SourceHost like the front ends read them).
//
// A file "mentions an exit mechanism" when its text contains a token through which the front ends
// can reach one (python/extract.ts, js/extract.ts, js/bindings.ts, js/libraries.ts):
//   Python  atexit (every function of it registers, removes or runs handlers), __import__ (a module
//           by a computed name), the suppression marker exit-lens; and pairs that must both occur
//           somewhere in the import closure (a module object can be handed from one file to the
//           code of another, so the pair is judged over the closure, not per file, see PY_PAIRS):
//           weakref + finalize, signal + a use of the function signal.signal, contextlib +
//           ExitStack/AsyncExitStack, importlib + import_module, builtins/__builtins__ + getattr,
//           and getattr with any of those modules (getattr(weakref, 'fin' 'alize') names the
//           function by a string the analysis folds).
//   JS/TS   `process` (the global, 'process'/'node:process', globalThis.process) except uses that
//           cannot give the process object away (`process.env`, `typeof process`, `process === x`...);
//           the libraries' module names (exit-hook, async-exit-hook, signal-exit, close-with-grace,
//           node-cleanup, 'death'); `using` declarations; DisposableStack/AsyncDisposableStack;
//           exit-lens. Backslash escapes are decoded first (`'\u0070rocess'` is 'process').
// Every registration and removal the front ends record is reached through one of these, every rule
// (rules/*.ts) reports only on a registration or a removal, except exit-truncates-output (a
// process.exit call: `process`) and unused-suppression (a comment: exit-lens). Exit calls alone
// (sys.exit, raise, os._exit, throw) make no finding and no plan entry without a registration.
//
// A file analyzed as an entry also executes what it imports, so `canSkip` requires that no module in
// its import closure mentions a mechanism. Imports are over-approximated: every `import`/`from`
// statement (and names after `import`, as possible submodules) in Python, every quoted string that
// starts with `.` or `/` in JS/TS, resolved to every candidate file the front ends could pick.
import type { SourceHost } from './host';
import { languageOf, type Language } from './model';
import { dirnameOf as pyDirname, joinPath as pyJoin } from './python/imports';

// ---------------------------------------------------------------- the token scan

// One pass of one regex per language; each hit is then checked in its context.
const PY_TOKENS = /atexit|weakref|signal|contextlib|importlib|__import__|builtins|exit-lens|finalize|ExitStack|import_module|getattr/g;

// Python token bits. DECISIVE alone makes a file (and every importer of it) matter; a module bit
// matters only together with one of its uses somewhere in the same import closure.
const PY = {
  DECISIVE: 1,
  WEAKREF: 2,
  SIGNAL_MODULE: 4,
  CONTEXTLIB: 8,
  IMPORTLIB: 16,
  BUILTINS: 32,
  FINALIZE: 64,
  SIGNAL_FN: 128,
  EXIT_STACK: 256,
  IMPORT_MODULE: 512,
  GETATTR: 1024,
} as const;
// What the front end reaches through each module (python/extract.ts callStd, getAttr): a module
// and no use of it (weakref.ref, signal.SIGTERM, contextlib.suppress) registers nothing.
const PY_PAIRS: Array<[number, number]> = [
  [PY.WEAKREF, PY.FINALIZE | PY.GETATTR],
  [PY.SIGNAL_MODULE, PY.SIGNAL_FN | PY.GETATTR],
  [PY.CONTEXTLIB, PY.EXIT_STACK | PY.GETATTR],
  [PY.IMPORTLIB, PY.IMPORT_MODULE | PY.GETATTR],
  [PY.BUILTINS, PY.GETATTR],
];
/** Bits of a whole closure (or one file, either language): whether code with these tokens can register or remove a handler. */
function matters(bits: number): boolean {
  if (bits & PY.DECISIVE) return true;
  for (const [mod, use] of PY_PAIRS) if (bits & mod && bits & use) return true;
  return false;
}
/** Bits of a file that mentions nothing of the exit machinery. JS uses DECISIVE only. */
const NONE = 0;
const JS_TOKENS = /process|using|DisposableStack|exit-hook|signal-exit|close-with-grace|node-cleanup|death|exit-lens/g;

/** Property reads of `process` that give neither the process object nor a method that registers, removes or exits. */
const SAFE_PROCESS_PROPS = new Set([
  'env', 'argv', 'argv0', 'platform', 'version', 'versions', 'arch', 'cwd', 'pid', 'ppid', 'stdout', 'stderr', 'stdin',
  'hrtime', 'memoryUsage', 'uptime', 'execPath', 'execArgv', 'title', 'release', 'config', 'features', 'emitWarning',
  'umask', 'getuid', 'getgid', 'geteuid', 'getegid', 'exitCode', 'browser', 'chdir', 'cpuUsage', 'resourceUsage',
  'allowedNodeEnvironmentFlags', 'debugPort', 'noDeprecation', 'throwDeprecation', 'traceDeprecation', 'type', 'nextTick',
]);

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;

/** `text` has a whole identifier of length `len` at `i` (no identifier character on either side). */
function wholeWordAt(text: string, i: number, len: number): boolean {
  return !(i > 0 && isWordChar(text.charCodeAt(i - 1))) && !(i + len < text.length && isWordChar(text.charCodeAt(i + len)));
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/**
 * One occurrence of the identifier `process` at `i` that cannot hand the process object (or a
 * registering method) to the analysis: a read of a safe property, `typeof process`, a comparison,
 * or the left of `&&` (its value is the right operand: process is truthy).
 */
function harmlessProcessUse(text: string, i: number): boolean {
  const j = skipSpace(text, i + 7);
  const c = text.charCodeAt(j);
  if (c === 46 /* . */) {
    const k = skipSpace(text, j + 1);
    let e = k;
    while (e < text.length && isWordChar(text.charCodeAt(e))) e++;
    return SAFE_PROCESS_PROPS.has(text.slice(k, e));
  }
  // `process === x`, `process != null`: a boolean either way.
  const two = text.slice(j, j + 2);
  if (two === '==' || two === '!=') return true;
  if (two === '&&' && text[j + 2] !== '=') return true;
  // typeof process (not typeof process.x / process(...) / process[...] / process`...`: those continue the operand).
  if (j < text.length && c !== 91 /* [ */ && c !== 40 /* ( */ && c !== 96 /* ` */ && !(c === 63 && text.charCodeAt(j + 1) === 46) /* ?. */) {
    let b = i - 1;
    while (b >= 0 && (text[b] === ' ' || text[b] === '\t' || text[b] === '\n' || text[b] === '\r')) b--;
    if (b >= 5 && text.slice(b - 5, b + 1) === 'typeof' && !(b >= 6 && isWordChar(text.charCodeAt(b - 6)))) return true;
  }
  return false;
}

// `using x = ...`, `await using x = ...`, `for (using x of xs)`.
const USING_DECL = /^\s*(?:\/\*[^\n]*?\*\/[ \t]*)*[A-Za-z_$\u0080-\uffff\\][\w$\u0080-\uffff\\]*(?:\s|\/\*[\s\S]*?\*\/)*(?:=|:|of\b)/;

/** `loose`: text decoded from escapes, where a `using` anywhere counts (its context may be cut off). */
function jsMentions(text: string, loose: boolean): boolean {
  const re = new RegExp(JS_TOKENS.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const i = m.index;
    switch (m[0]) {
      case 'process':
        if (wholeWordAt(text, i, 7) && !harmlessProcessUse(text, i)) return true;
        break;
      case 'using':
        if (wholeWordAt(text, i, 5) && (loose || USING_DECL.test(text.slice(i + 5, i + 400)))) return true;
        break;
      case 'death': {
        // Only the module specifier 'death' reaches the library.
        const q = text[i - 1];
        if ((q === "'" || q === '"' || q === '`') && text[i + 5] === q) return true;
        break;
      }
      default:
        return true;
    }
  }
  return false;
}

/** JS string and identifier escapes decoded (`\u0070`, `\u{70}`, `\x70`, octal, `\c` → c, line continuations). */
export function decodeJsEscapes(text: string): string {
  return text.replace(/\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\r\n|[\s\S]))/g, (_m, cp, u4, x2, oct, other) => {
    if (cp || u4 || x2) {
      const n = parseInt(cp ?? u4 ?? x2, 16);
      return n <= 0x10ffff ? String.fromCodePoint(n) : '';
    }
    if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    return other === '\n' || other === '\r\n' || other === '\r' || other === '\u2028' || other === '\u2029' ? '' : other;
  });
}

/**
 * The parts of `text` where an escape could spell a token: runs of lines that contain a backslash,
 * plus the line after each run (a token spelled with an escape lies on lines joined by `\`
 * continuations, so within such a run), decoded.
 */
function escapedSegments(text: string): string[] {
  const out: string[] = [];
  let i = text.indexOf('\\');
  while (i >= 0) {
    const start = text.lastIndexOf('\n', i) + 1;
    let end = text.indexOf('\n', i);
    // Extend over following lines with a backslash, then one more line.
    for (;;) {
      if (end < 0) {
        end = text.length;
        break;
      }
      const next = text.indexOf('\n', end + 1);
      const lineEnd = next < 0 ? text.length : next;
      const bs = text.indexOf('\\', end + 1);
      if (bs >= 0 && bs < lineEnd) {
        end = lineEnd === text.length ? -1 : lineEnd;
        continue;
      }
      end = lineEnd;
      break;
    }
    out.push(decodeJsEscapes(text.slice(start, end)));
    i = end >= text.length ? -1 : text.indexOf('\\', end);
  }
  return out;
}

/**
 * `signal` at `i` is the module only: `signal.X` with X other than signal, the module of
 * `from signal import ...`, or a name in a plain `import` statement on its own line. Anything else
 * (`signal.signal`, `from signal import signal`, `signal(...)` after a star import, a comment)
 * may be the function that registers.
 */
function signalModuleOnly(text: string, i: number): boolean {
  const j = skipSpace(text, i + 6);
  if (text.charCodeAt(j) === 46 /* . */) {
    const k = skipSpace(text, j + 1);
    let e = k;
    while (e < text.length && isWordChar(text.charCodeAt(e))) e++;
    return e > k && text.slice(k, e) !== 'signal';
  }
  const line = text.slice(text.lastIndexOf('\n', i - 1) + 1, i);
  return /^[ \t]*from[ \t]+$/.test(line) || /^[ \t]*import[ \t]+[\w. \t,]*$/.test(line);
}

/** The Python token bits of `text` (see PY). */
export function pythonBits(text: string): number {
  let bits = 0;
  const re = new RegExp(PY_TOKENS.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const t = m[0];
    // builtins also as __builtins__, ExitStack also as AsyncExitStack, exit-lens in any comment;
    // the other names as whole words.
    if (t !== 'builtins' && t !== 'exit-lens' && t !== 'ExitStack' && !wholeWordAt(text, m.index, t.length)) continue;
    switch (t) {
      case 'atexit':
      case '__import__':
      case 'exit-lens':
        return PY.DECISIVE;
      case 'weakref': bits |= PY.WEAKREF; break;
      case 'contextlib': bits |= PY.CONTEXTLIB; break;
      case 'importlib': bits |= PY.IMPORTLIB; break;
      case 'builtins': bits |= PY.BUILTINS; break;
      case 'finalize': bits |= PY.FINALIZE; break;
      case 'ExitStack': bits |= PY.EXIT_STACK; break;
      case 'import_module': bits |= PY.IMPORT_MODULE; break;
      case 'getattr': bits |= PY.GETATTR; break;
      case 'signal':
        bits |= PY.SIGNAL_MODULE;
        if (!signalModuleOnly(text, m.index)) bits |= PY.SIGNAL_FN;
        break;
    }
  }
  return bits;
}

/** The scan bits of one file: Python's PY bits, JS/TS DECISIVE or nothing. */
function bitsOf(text: string, language: Language): number {
  if (language === 'python') return pythonBits(text);
  if (jsMentions(text, false)) return PY.DECISIVE;
  if (!text.includes('\\')) return NONE;
  for (const seg of escapedSegments(text)) if (jsMentions(seg, true)) return PY.DECISIVE;
  return NONE;
}

/**
 * Whether `text`, analyzed alone, could register or remove a handler, exit the process (JS), or
 * carry a suppression comment. False means: analyzed alone, the file registers and removes nothing
 * (what it imports may still hand it a mechanism: FastScan judges the closure).
 */
export function mentionsExitMechanism(text: string, language: Language): boolean {
  return matters(bitsOf(text, language));
}


// ---------------------------------------------------------------- imports (over-approximated)

export interface PyImportRef {
  /** Dotted module name as written (whitespace removed). */
  dotted: string;
  /** Leading dots of a relative import. */
  level: number;
  /** Names after `import` in `from X import a, b`: possible submodules. */
  names: string[];
}

// Identifier characters widened to every non-ASCII character (more candidates, never fewer).
const PY_NAME = /[\w\u0080-\uffff]+/g;
const PY_DOTTED = /[\w\u0080-\uffff]+(?:\.[\w\u0080-\uffff]+)*/g;

/** End of the Python statement that starts at `i` (a newline not continued by `\` or inside parentheses). */
function pyStatementEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '(') depth++;
    else if (c === ')') {
      if (--depth <= 0) return j + 1;
    } else if (c === '\\' && (text[j + 1] === '\n' || text[j + 1] === '\r')) j++;
    else if (c === '#') {
      if (depth === 0) return j;
      // A comment inside the parentheses: its text cannot close them.
      while (j < text.length && text[j] !== '\n') j++;
    } else if ((c === '\n' || c === ';') && depth === 0) return j;
  }
  return text.length;
}

/** Every import a Python file could execute (import / from-import statements, anywhere in the text). */
export function pythonImports(text: string): PyImportRef[] {
  const out: PyImportRef[] = [];
  // `from . . pkg import x` is level 2: dots may be spaced, and lines continued with `\`.
  const fromRe = /\bfrom\b((?:[ \t.]|\\\r?\n)*)((?:[\w\u0080-\uffff. \t]|\\\r?\n)*?)\bimport\b/g;
  let m: RegExpExecArray | null;
  while ((m = fromRe.exec(text))) {
    const dotted = m[2]!.replace(/[\s\\]+/g, '');
    const level = m[1]!.replace(/[^.]/g, '').length;
    const end = pyStatementEnd(text, fromRe.lastIndex);
    const names = text.slice(fromRe.lastIndex, end).match(PY_NAME) ?? [];
    out.push({ dotted, level, names: names.filter((n) => n !== 'as') });
  }
  const importRe = /\bimport\b/g;
  while ((m = importRe.exec(text))) {
    const end = pyStatementEnd(text, importRe.lastIndex);
    const span = text.slice(importRe.lastIndex, end).replace(/\s*\.\s*/g, '.').replace(/\\\r?\n/g, ' ');
    for (const d of span.match(PY_DOTTED) ?? []) if (d !== 'as') out.push({ dotted: d, level: 0, names: [] });
  }
  return out;
}

/** A folder path that joinPath would leave as it is: `root + '/' + name` is its own normal form. */
function plainDir(root: string): boolean {
  return !root.includes('\\') && !root.endsWith('/') && !/(^|\/)\.\.?(\/|$)/.test(root);
}

/** `findUnder` of python/imports.ts, every candidate: `root/a/b.py` and `root/a/b/__init__.py`. */
function pyUnder(root: string, dotted: string, out: string[]): void {
  const rel = dotted.split('.').filter(Boolean);
  if (rel.length === 0) {
    out.push(pyJoin(root, '__init__.py'));
    return;
  }
  // joinPath's result, built directly when nothing needs normalizing (the common case; it is hot).
  if (plainDir(root) && rel.every((r) => r !== '..')) {
    const stem = (root ? root + '/' : '') + rel.join('/');
    out.push(stem + '.py', stem + '/__init__.py');
    return;
  }
  out.push(pyJoin(root, ...rel.slice(0, -1), rel[rel.length - 1] + '.py'), pyJoin(root, ...rel, '__init__.py'));
}

/** Files a Python import in `fromFile` may load when `entryDir` is sys.path[0] (ModuleResolver.resolve, widened). */
export function pythonCandidates(ref: PyImportRef, fromFile: string, entryDir: string): string[] {
  const out: string[] = [];
  const modules = [ref.dotted, ...ref.names.map((n) => (ref.dotted ? `${ref.dotted}.${n}` : n))];
  const importerDir = pyDirname(fromFile);
  for (const mod of modules) {
    if (ref.level > 0) {
      let dir = importerDir;
      for (let i = 1; i < ref.level; i++) dir = pyJoin(dir, '..');
      pyUnder(dir, mod, out);
      continue;
    }
    // `import a.b.c` imports a, then a.b, then a.b.c.
    const parts = mod.split('.').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      pyUnder(entryDir, prefix, out);
      if (importerDir !== entryDir) pyUnder(importerDir, prefix, out);
    }
  }
  return out;
}

/**
 * Every quoted string in a JS/TS file that starts with `.` or `/` (escapes decoded): a superset of
 * the relative specifiers of import / export-from / require() / import() the JS front end follows,
 * wherever comments, parentheses or casts put them.
 */
export function jsRelativeSpecifiers(text: string): string[] {
  const out = new Set<string>();
  const starts = /['"`][./]/g;
  for (let s = starts.exec(text); s; s = starts.exec(text)) {
    const i = s.index;
    const q = text.charCodeAt(i);
    let j = i + 1;
    let escaped = false;
    for (; j < text.length && j - i < 1024; j++) {
      const c = text.charCodeAt(j);
      if (c === 92) {
        escaped = true;
        j++;
        continue;
      }
      if (c === q || c === 10 || (q === 96 && c === 36 && text.charCodeAt(j + 1) === 123)) break;
    }
    starts.lastIndex = i + 1;
    if (text.charCodeAt(j) !== q) continue;
    const raw = text.slice(i + 1, j);
    const spec = escaped ? decodeJsEscapes(raw) : raw;
    // Data and native modules hold no exit handlers (js/extract.ts importModule).
    if ((spec.startsWith('.') || spec.startsWith('/')) && !/\.(json|node|wasm|css|txt|html|svg)$/i.test(spec)) out.add(spec);
  }
  return [...out];
}

// The JS front end's resolution (js/extract.ts resolve/joinPath), every candidate.
const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TS_MAPPING: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

// One path arithmetic for the scan and the front end, so their candidates cannot drift apart.
export { joinPath as jsJoinPath } from './js/extract';
import { dirname as jsDirname, joinPath as jsJoinPath } from './js/extract';

export function jsCandidates(spec: string, fromFile: string): string[] {
  const base = jsJoinPath(jsDirname(fromFile), spec);
  const out: string[] = [];
  const ext = /\.[a-z]+$/i.exec(base)?.[0]?.toLowerCase();
  if (ext && JS_EXTENSIONS.some((e) => base.endsWith(e))) out.push(base);
  if (ext && JS_TS_MAPPING[ext]) for (const to of JS_TS_MAPPING[ext]) out.push(base.slice(0, -ext.length) + to);
  for (const e of JS_EXTENSIONS) out.push(base + e);
  for (const e of JS_EXTENSIONS) out.push(`${base}/index${e}`);
  return out;
}

// ---------------------------------------------------------------- the closure

interface FileScan {
  language: Language;
  /** Token bits (PY; JS uses DECISIVE only). */
  bits: number;
  /** Python: import references; JS: relative specifiers. */
  py?: PyImportRef[];
  js?: string[];
}

/** A Python file's imports, grouped the way resolution needs them (computed once per file). */
interface PyModules {
  /** Relative imports: [level, dotted] (names after import included as submodules). */
  relative: Array<[number, string]>;
  /** Absolute imports by top-level name: every dotted prefix to load (`a`, `a.b`, `a.b.c`). */
  absolute: Map<string, string[]>;
}

function groupPythonImports(refs: PyImportRef[]): PyModules {
  const relative = new Map<string, [number, string]>();
  const absolute = new Map<string, Set<string>>();
  for (const ref of refs) {
    const modules = [ref.dotted, ...ref.names.map((n) => (ref.dotted ? `${ref.dotted}.${n}` : n))];
    for (const mod of modules) {
      if (ref.level > 0) {
        relative.set(`${ref.level}:${mod}`, [ref.level, mod]);
        continue;
      }
      const parts = mod.split('.').filter(Boolean);
      if (parts.length === 0) continue;
      let set = absolute.get(parts[0]!);
      if (!set) absolute.set(parts[0]!, (set = new Set()));
      for (let i = 1; i <= parts.length; i++) set.add(parts.slice(0, i).join('.'));
    }
  }
  return { relative: [...relative.values()], absolute: new Map([...absolute].map(([k, v]) => [k, [...v]])) };
}

export interface ScanStats {
  /** Files whose text was scanned. */
  scanned: number;
  /** Entries `canSkip` let go. */
  skipped: number;
}

/** The host the scan reads imported files through; `exists` lets it skip absent candidates cheaply. */
export interface ScanHost extends SourceHost {
  exists?(path: string): boolean;
}

/**
 * The fast scan over one run (a `check`, a workspace index): per-path results are cached, so the
 * host must give the same text for a path throughout (the CLI's disk, a snapshot of buffers).
 */
export class FastScan {
  private readonly files = new Map<string, FileScan | null>();
  /** Per Python entry directory ('\0js' for JS): the token bits of each visited file's import closure. */
  private readonly closures = new Map<string, Map<string, number>>();
  readonly stats: ScanStats = { scanned: 0, skipped: 0 };

  constructor(private readonly host: ScanHost) {}

  /** The scan of one file (`text` when the caller has it; otherwise read through the host); null if unreadable. */
  fileScan(path: string, text?: string): FileScan | null {
    const hit = this.files.get(path);
    if (hit !== undefined) return hit;
    const language = languageOf(path);
    let t = text;
    if (t === undefined && language && (!this.host.exists || this.host.exists(path))) {
      try {
        t = this.host.readFile(path);
      } catch {
        t = undefined;
      }
    }
    let scan: FileScan | null = null;
    if (language && t !== undefined) {
      this.stats.scanned++;
      const bits = bitsOf(t, language);
      // The imports are needed only while the closure is clean: a decisive token decides alone.
      scan = bits & PY.DECISIVE ? { language, bits } : language === 'python' ? { language, bits, py: pythonImports(t) } : { language, bits, js: jsRelativeSpecifiers(t) };
    }
    this.files.set(path, scan);
    return scan;
  }

  /**
   * True when analyzing `file` (with `text`) as an entry soundly gives no handler, no skipped entry
   * and no finding: neither it nor any module it may import mentions an exit mechanism.
   */
  canSkip(file: string, text: string): boolean {
    const language = languageOf(file);
    if (!language) return false;
    const first = this.fileScan(file, text);
    if (!first || first.bits & PY.DECISIVE) return false;
    const py = language === 'python';
    const entryDir = py ? pyDirname(file) : '';
    const done = this.memo(py ? entryDir : '\0js');
    if (!done.has(file)) this.closure(file, entryDir, done);
    if (matters(done.get(file)!)) return false;
    this.stats.skipped++;
    return true;
  }

  private readonly pyModules = new Map<string, PyModules>();
  /** Python edges that do not depend on the entry directory (relative, and from the importer's folder). */
  private readonly pyStatic = new Map<string, string[]>();

  private has(path: string): boolean {
    return !this.host.exists || this.host.exists(path);
  }

  /** Modules `path` may import (existing candidates only; the same as pythonCandidates/jsCandidates). */
  private importsOf(path: string, s: FileScan, entryDir: string): string[] {
    const out = new Set<string>();
    const add = (n: string, ext: readonly string[]) => {
      if (!out.has(n) && ext.some((e) => n.endsWith(e)) && this.has(n)) out.add(n);
    };
    if (s.js) {
      for (const spec of s.js) {
        const base = jsJoinPath(jsDirname(path), spec);
        // No candidate exists when the folder of the base does not.
        const dir = jsDirname(base);
        if (dir && dir !== '/' && dir !== '.' && !this.has(dir)) continue;
        for (const n of jsCandidates(spec, path)) add(n, JS_EXTENSIONS);
      }
      return [...out];
    }
    if (!s.py) return [];
    let mods = this.pyModules.get(path);
    if (!mods) this.pyModules.set(path, (mods = groupPythonImports(s.py)));
    const importerDir = pyDirname(path);
    let fixed = this.pyStatic.get(path);
    if (!fixed) {
      const c: string[] = [];
      for (const [level, mod] of mods.relative) {
        let dir = importerDir;
        for (let i = 1; i < level; i++) dir = pyJoin(dir, '..');
        pyUnder(dir, mod, c);
      }
      for (const [top, prefixes] of mods.absolute) if (this.pyTopExists(importerDir, top)) for (const p of prefixes) pyUnder(importerDir, p, c);
      const set = new Set<string>();
      for (const n of c) if (!set.has(n) && n.endsWith('.py') && this.has(n)) set.add(n);
      this.pyStatic.set(path, (fixed = [...set]));
    }
    for (const n of fixed) out.add(n);
    if (entryDir !== importerDir) {
      const c: string[] = [];
      for (const [top, prefixes] of mods.absolute) if (this.pyTopExists(entryDir, top)) for (const p of prefixes) pyUnder(entryDir, p, c);
      for (const n of c) add(n, ['.py']);
    }
    return [...out];
  }

  /** Whether `root` has a module or package named `top` (a cheap filter before building candidates). */
  private pyTopExists(root: string, top: string): boolean {
    if (!this.host.exists || !plainDir(root)) return true;
    const stem = root ? `${root}/${top}` : top;
    return this.host.exists(stem + '.py') || this.host.exists(stem);
  }

  /**
   * The token bits of everything reachable from `root` (its import closure), memoized in `done` for
   * every module visited: Tarjan's strongly connected components, iteratively (import cycles are
   * common); a component's bits are the union of its members' and of what they import. Once a
   * module's bits matter, the rest of its imports is not followed: more bits cannot undo that
   * (`matters` is monotone), and everything that reaches it matters too.
   */
  private closure(root: string, entryDir: string, done: Map<string, number>): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    /** Own bits, then those of finished imports: a component's union at its root. */
    const acc = new Map<string, number>();
    const sccStack: string[] = [];
    const onStack = new Set<string>();
    type Frame = { node: string; kids: string[]; i: number };
    const frames: Frame[] = [];
    const enter = (node: string): void => {
      const s = this.fileScan(node);
      if (!s) {
        // Unreadable: the front end cannot load it either.
        done.set(node, NONE);
        return;
      }
      index.set(node, index.size);
      low.set(node, index.size - 1);
      acc.set(node, s.bits);
      sccStack.push(node);
      onStack.add(node);
      frames.push({ node, kids: matters(s.bits) ? [] : this.importsOf(node, s, entryDir), i: 0 });
    };
    enter(root);
    while (frames.length) {
      const f = frames[frames.length - 1]!;
      if (f.i < f.kids.length && !matters(acc.get(f.node)!)) {
        const k = f.kids[f.i++]!;
        const finished = done.get(k);
        if (finished !== undefined) {
          acc.set(f.node, acc.get(f.node)! | finished);
          continue;
        }
        if (!index.has(k)) {
          enter(k);
          continue;
        }
        // On the stack: the same component; its bits join at the root.
        if (onStack.has(k)) low.set(f.node, Math.min(low.get(f.node)!, index.get(k)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (low.get(f.node) === index.get(f.node)) {
        // f.node roots a component: all its members share one answer.
        const members: string[] = [];
        let bits = 0;
        for (;;) {
          const m = sccStack.pop()!;
          onStack.delete(m);
          members.push(m);
          bits |= acc.get(m)!;
          if (m === f.node) break;
        }
        for (const m of members) done.set(m, bits);
        if (parent) acc.set(parent.node, acc.get(parent.node)! | bits);
      } else if (parent) {
        low.set(parent.node, Math.min(low.get(parent.node)!, low.get(f.node)!));
        acc.set(parent.node, acc.get(parent.node)! | acc.get(f.node)!);
      }
    }
  }

  private memo(key: string): Map<string, number> {
    let m = this.closures.get(key);
    if (!m) this.closures.set(key, (m = new Map()));
    return m;
  }
}
