// Abstract execution of a program's top-level code: modules are evaluated in Node's order
// (ESM imports depth-first before the importer's body, CommonJS at the require call), helper
// functions and constructors called from top level are followed, known loops are unrolled, and
// every registration, removal, exit call and disposal is recorded in execution order. Nothing
// is ever executed for real; what cannot be seen becomes an `Unknown`.
import ts from 'typescript';
import type { SourceHost } from '../host';
import type {
  Certainty,
  ExitCall,
  ExitKind,
  HandlerRef,
  Location,
  ParseError,
  Registration,
  Removal,
  Scope,
  Unknown,
  ExecutionRecords,
} from '../model';
import {
  Env,
  PROCESS,
  isPlain,
  writeClock,
  UNKNOWN,
  builtinModule,
  globalValue,
  isFunctionNode,
  member,
  propName,
  skipOuter,
  staticNumber,
  staticString,
  type FunctionNode,
  type ModuleRef,
  type Value,
} from './bindings';
import { LIBRARIES, isProcessModule, libraryOf, type LibName } from './libraries';
import { locationOf, positionAt, shortText } from './positions';
import { exitBehaviour, type ExitBehaviour } from './handlerBody';
import { parse, parseCached } from './cache';
import { flattenDeepNesting } from './nesting';

/** Bracket depth kept when a file nests too deep for the parser (see load). */
const MAX_PARSE_NESTING = 256;

// The bundle reaches `ts.X` through export getters: looked up once here, not at every node.
const SyntaxKind = ts.SyntaxKind;
const {
  isArrayLiteralExpression,
  isArrowFunction,
  isAwaitExpression,
  isBinaryExpression,
  isBlock,
  isBreakStatement,
  isCallExpression,
  isCaseClause,
  isClassDeclaration,
  isClassLike,
  isClassStaticBlockDeclaration,
  isComputedPropertyName,
  isConditionalExpression,
  isConstructorDeclaration,
  isContinueStatement,
  isDoStatement,
  isElementAccessExpression,
  isEmptyStatement,
  isEnumDeclaration,
  isExportAssignment,
  isExportDeclaration,
  isExpressionStatement,
  isExternalModuleReference,
  isForInStatement,
  isForOfStatement,
  isForStatement,
  isFunctionDeclaration,
  isFunctionExpression,
  isGetAccessorDeclaration,
  isIdentifier,
  isIfStatement,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isInterfaceDeclaration,
  isIterationStatement,
  isJsxExpression,
  isLabeledStatement,
  isMethodDeclaration,
  isModuleDeclaration,
  isNamedExports,
  isNamespaceImport,
  isObjectBindingPattern,
  isObjectLiteralExpression,
  isOmittedExpression,
  isPostfixUnaryExpression,
  isPrefixUnaryExpression,
  isPropertyAccessExpression,
  isPropertyAssignment,
  isPropertyDeclaration,
  isReturnStatement,
  isShorthandPropertyAssignment,
  isSpreadAssignment,
  isSpreadElement,
  isSwitchStatement,
  isThrowStatement,
  isTryStatement,
  isTypeAliasDeclaration,
  isVariableDeclarationList,
  isVariableStatement,
  isWhileStatement,
} = ts;

/** Process events whose listeners are exit handlers. Other events ('warning', 'message') are not. */
export function isExitEvent(ev: string): boolean {
  return ev === 'exit' || ev === 'beforeExit' || ev === 'uncaughtException' || ev === 'unhandledRejection' || /^SIG[A-Z0-9]+$/.test(ev);
}

const LISTEN_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const REMOVE_METHODS = new Set(['off', 'removeListener', 'removeAllListeners']);
/** Own properties of `process`, exported by `node:process` and safe to call detached (node 20: checked). */
const PROCESS_OWN = new Set(['exit', 'abort', 'kill', 'reallyExit', 'nextTick', 'exitCode', 'stdin', 'stdout', 'stderr', 'argv', 'env', 'pid', 'platform', 'cwd', 'hrtime', 'memoryUsage', 'uptime']);

/** An operation on the exit machinery, in execution order. runtime.ts replays these. */
export type Op =
  | { kind: 'reg'; id: number }
  | { kind: 'rem'; id: number }
  /** Disposal of scoped cleanups during top-level execution (a block, a function, a module, stack.dispose()). */
  | { kind: 'dispose'; regs: number[]; certainty: Certainty };

export interface Extraction extends ExecutionRecords {
  syntax: Map<string, ts.SourceFile>;
  runsUntilStopped: boolean;
  runsUntilStoppedAt?: Location;
  ops: Op[];
  /** The stopping point E: the first unconditional top-level exit call or throw. */
  stop?: ExitCall;
  /** A promise rejected on every path with no handler: the program ends by it after the script (unless it stops earlier). */
  rejection?: ExitCall;
  /** Exit calls and throws on some paths of the top-level flow (the program may end there instead). */
  conditionalEnds: ExitCall[];
  /** Scoped cleanups open at the stopping point (the entry module's own `using`s included), in the order unwinding disposes them. */
  unwind: number[];
  /** The entry file is an ES module (its top-level await can keep its scope open). */
  entryIsEsm: boolean;
  /** How each registered handler ends the process, by registration id. */
  behaviour: Map<number, ExitBehaviour>;
  /** signal-exit `alwaysLast` registrations. */
  alwaysLast: Set<number>;
  /** death registrations: the events its listener was installed on. */
  deathEvents: Map<number, string[]>;
  /** Registrations made in callbacks that run later (timers, listen callbacks, promises). */
  deferredRegs: Set<number>;
  /** exit-hook asyncExitHook registrations (run only on gracefulExit, signals, natural end). */
  asyncHooks: Set<number>;
}

interface ModuleRec extends ModuleRef {
  esm: boolean;
  env: Env;
  /** CommonJS `module` object; its `exports` prop is what require returns. */
  moduleObj: Value & { k: 'object' };
  /** ESM export name → local binding name (or a value for `export default expr`). */
  esmExports: Map<string, string | Value>;
  state: 'evaluating' | 'done';
}

interface OpenScope {
  scope: Scope;
  /** Registration ids (using) and stacks, in declaration order. */
  items: Array<number | (Value & { k: 'dstack' })>;
  certainty: Certainty;
}

interface Ctx {
  mod: ModuleRec;
  env: Env;
  cond: Certainty;
  thisVal?: Value;
  /** Inside a function called from top level (not directly top-level code). */
  fnDepth: number;
  /** Inside a try block: a throw is caught (not the program's end). */
  inTry: boolean;
  /** Inside an async function: a throw rejects its promise instead of unwinding the caller. */
  async?: { threw: boolean };
  /** A callback that runs later (timer, listen callback, promise), or may never run. */
  deferred: boolean;
  loop?: { variables: string[]; tripCount?: number };
  /** Set when a `return` happened (value of the first one). */
  ret?: { value: Value };
}

type Completion = 'normal' | 'return' | 'break' | 'continue' | 'halt';

const MAX_TRIP = 64;
/** Callbacks walked after the main module (timers, promise reactions, listen callbacks). */
const MAX_DEFERRED_RUNS = 500;
/** Runs of one callback function that changed nothing, after which it is not walked again. */
const MAX_IDLE_RUNS = 4;
const MAX_CALL_DEPTH = 24;
const STEP_BUDGET = 3_000_000;
const MAX_NESTING = 400;
const PRIO_TICK = 0;
const PRIO_MICROTASK = 1;
const PRIO_MACROTASK = 2;

export function extract(entryFile: string, entryText: string, host: SourceHost): Extraction {
  return new Extractor(host).run(entryFile, entryText);
}

export { parse, scriptKindOf } from './cache';


export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i);
}

/** Joins and normalizes `.`/`..` without touching the file system (the core does no I/O). */
export function joinPath(dir: string, rel: string): string {
  const abs = rel.startsWith('/');
  const parts = (abs ? rel : dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript's output-extension mapping: `import './x.js'` in a .ts project means x.ts. */
const TS_MAPPING: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

class Extractor {
  private readonly modules = new Map<string, ModuleRec>();
  private readonly registrations: Registration[] = [];
  private readonly removals: Removal[] = [];
  private readonly exitCalls: ExitCall[] = [];
  private readonly scopes: Scope[] = [];
  private readonly unknowns: Unknown[] = [];
  private readonly parseErrors: ParseError[] = [];
  private readonly files: string[] = [];
  private readonly syntax = new Map<string, ts.SourceFile>();
  private readonly ops: Op[] = [];
  private readonly conditionalEnds: ExitCall[] = [];
  private readonly behaviour = new Map<number, ExitBehaviour>();
  private readonly alwaysLast = new Set<number>();
  private readonly deathEvents = new Map<number, string[]>();
  private readonly deferredRegs = new Set<number>();
  private readonly asyncHooks = new Set<number>();
  private readonly scopeStack: OpenScope[] = [];
  /** Callbacks that run after the script: node runs nextTick callbacks, then promise reactions, then timers/IO. */
  private readonly deferredQueue: Array<{ prio: number; seq: number; run: () => void; key?: () => string }> = [];
  /** Per callback (its function and what its closure and arguments hold): how many of its runs changed nothing (-1: one did). */
  private readonly idleRuns = new Map<string, number>();
  /** Identities of mutable values, for callback fingerprints. */
  private readonly ids = new WeakMap<object, number>();
  private idSerial = 0;
  /** Bindings a fingerprint may still print (a bundle's IIFE scope holds thousands). */
  private printBudget = 0;
  /** Decisions on literal values and writes to mutable state the write clock does not see. */
  private mut = 0;
  private readonly distinct = new Set<string>();
  private exitsSeen = 0;
  private unknownsSeen = 0;
  private deferSeq = 0;
  private readonly fnStack: ts.Node[] = [];
  private readonly libRegs = new Map<LibName, number[]>();
  private readonly deathConfig: Record<string, boolean> = { uncaughtException: false, SIGINT: true, SIGTERM: true, SIGQUIT: true };
  private runsUntilStopped = false;
  private runsUntilStoppedAt?: Location;
  private stop?: ExitCall;
  private rejectionEnd?: ExitCall;
  /** The call directly under an `await` being evaluated. */
  private awaitedCall?: ts.Node;
  private halted = false;
  /** The top-level flow blocks forever here (while (true)): later statements never run. */
  private blocked = false;
  private unwind: number[] = [];
  private steps = 0;
  private depth = 0;
  private budgetExceeded = false;
  private serial = 0;
  private stackSerial = 0;

  /** One snapshot of the workspace per analysis: resolution probes and loads read each path once. */
  private readonly texts = new Map<string, string | undefined>();

  constructor(private readonly host: SourceHost) {}

  /**
   * Grows with everything a walk can record or change that a later walk could observe. Exit calls
   * and unknowns count once per distinct record: a callback that re-runs and meets the same throw
   * again adds nothing new.
   */
  private effects(): number {
    for (; this.exitsSeen < this.exitCalls.length; this.exitsSeen++) {
      const x = this.exitCalls[this.exitsSeen];
      this.distinct.add(`x ${x.location.file} ${x.location.range.start.offset} ${x.kind} ${x.certainty} ${x.context} ${x.handlerOf ?? ''}`);
    }
    for (; this.unknownsSeen < this.unknowns.length; this.unknownsSeen++) {
      const u = this.unknowns[this.unknownsSeen];
      this.distinct.add(`u ${u.location.file} ${u.location.range.start.offset} ${u.reason}`);
    }
    return (
      this.registrations.length + this.removals.length + this.distinct.size + this.scopes.length + this.ops.length +
      this.files.length + this.parseErrors.length + this.mut + writeClock.writes + (this.budgetExceeded ? 1 : 0)
    );
  }

  private touch(): void {
    this.mut++;
  }

  private readText(path: string): string | undefined {
    if (this.texts.has(path)) return this.texts.get(path);
    const t = this.host.readFile(path);
    this.texts.set(path, t);
    return t;
  }

  run(entryFile: string, entryText: string): Extraction {
    const entry = this.load(entryFile, entryText);
    this.evaluate(entry, true);
    // Callbacks (timers, listen callbacks, promise reactions) run after the main module.
    for (let i = 0, idle = 0; i < MAX_DEFERRED_RUNS && idle < 100 * MAX_DEFERRED_RUNS && this.deferredQueue.length > 0 && !this.halted; ) {
      let best = 0;
      for (let j = 1; j < this.deferredQueue.length; j++) {
        const a = this.deferredQueue[j];
        const b = this.deferredQueue[best];
        if (a.prio < b.prio || (a.prio === b.prio && a.seq < b.seq)) best = j;
      }
      const item = this.deferredQueue.splice(best, 1)[0];
      // A callback chain that re-schedules itself (a flush loop, a retry, stream plumbing) would be
      // walked again and again: once the same function has run MAX_IDLE_RUNS times as a callback
      // without recording anything or writing state a later run could read, further runs see the
      // same state and record nothing either.
      this.printBudget = 256;
      const key = item.key?.();
      const idleSoFar = key !== undefined ? (this.idleRuns.get(key) ?? 0) : -1;
      if (idleSoFar >= MAX_IDLE_RUNS) {
        idle++;
        continue;
      }
      i++;
      const before = this.effects();
      const floor = writeClock.floor;
      writeClock.floor = writeClock.envs; // writes to scopes the callback creates are its own
      try {
        item.run();
      } finally {
        writeClock.floor = floor;
      }
      if (key !== undefined && idleSoFar >= 0) this.idleRuns.set(key, this.effects() === before ? idleSoFar + 1 : -1);
    }
    if (this.budgetExceeded) {
      this.unknowns.push({ location: this.wholeFile(entry), reason: 'the program is too large to follow completely; the plan may miss handlers' });
    }
    return {
      registrations: this.registrations,
      removals: this.removals,
      exitCalls: this.exitCalls,
      scopes: this.scopes,
      unknowns: this.unknowns,
      parseErrors: this.parseErrors,
      files: this.files,
      syntax: this.syntax,
      runsUntilStopped: this.runsUntilStopped,
      runsUntilStoppedAt: this.runsUntilStoppedAt,
      ops: this.ops,
      stop: this.stop,
      rejection: this.stop ? undefined : this.rejectionEnd,
      conditionalEnds: this.conditionalEnds,
      unwind: this.unwind,
      entryIsEsm: this.modules.get(entryFile)?.esm ?? false,
      behaviour: this.behaviour,
      alwaysLast: this.alwaysLast,
      deathEvents: this.deathEvents,
      deferredRegs: this.deferredRegs,
      asyncHooks: this.asyncHooks,
    };
  }

  // ---------------------------------------------------------------- modules

  private wholeFile(m: ModuleRef): Location {
    return { file: m.file, range: { start: positionAt(m.sf, 0), end: positionAt(m.sf, 0) } };
  }

  private load(file: string, text: string): ModuleRec {
    let sf: ts.SourceFile;
    try {
      sf = parseCached(file, text);
    } catch (e) {
      // The TypeScript parser recurses: hundreds of nested brackets exhaust the stack. The file is
      // parsed again without what lies deeper than MAX_PARSE_NESTING (blanked: positions stay), and the
      // user learns from where on it was left out; if even that fails, the file reads as empty.
      const flat = flattenDeepNesting(text, MAX_PARSE_NESTING);
      let reparsed: ts.SourceFile | undefined;
      try {
        reparsed = flat ? parse(file, flat.text) : undefined;
      } catch {
        reparsed = undefined;
      }
      sf = reparsed ?? parse(file, '');
      const at = reparsed ? positionAt(reparsed, reparsed.getPositionOfLineAndCharacter(flat!.line - 1, 0)) : { line: 1, column: 1, offset: 0 };
      const why = (e as Error).message;
      this.parseErrors.push({
        location: { file, range: { start: at, end: at } },
        message: reparsed ? `code nested deeper than ${MAX_PARSE_NESTING} brackets, from line ${at.line}, was left out of the analysis (the parser ran out of stack: ${why})` : `cannot parse this file (${why})`,
        ...(reparsed ? { limit: true } : {}),
      });
    }
    this.files.push(file);
    this.syntax.set(file, sf);
    const diags = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    for (const d of diags) {
      const start = d.start ?? 0;
      this.parseErrors.push({
        location: { file, range: { start: positionAt(sf, start), end: positionAt(sf, start + (d.length ?? 0)) } },
        message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      });
    }
    const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
    const esm = ext === 'mjs' || ext === 'mts' ? true : ext === 'cjs' || ext === 'cts' ? false : sf.statements.some((s) => isImportDeclaration(s) || isExportDeclaration(s) || isExportAssignment(s) || hasExportModifier(s));
    const env = new Env();
    const exportsObj: Value & { k: 'object' } = { k: 'object', props: new Map() };
    const moduleObj: Value & { k: 'object' } = { k: 'object', props: new Map([['exports', exportsObj as Value]]) };
    if (!esm) {
      env.declare('module', moduleObj);
      env.declare('exports', exportsObj);
    }
    const rec: ModuleRec = { file, sf, esm, env, moduleObj, esmExports: new Map(), state: 'evaluating' };
    this.modules.set(file, rec);
    return rec;
  }

  private resolve(from: string, spec: string): string | undefined {
    const base = joinPath(dirname(from), spec);
    const candidates = [base];
    const ext = /\.[a-z]+$/i.exec(base)?.[0]?.toLowerCase();
    if (ext && TS_MAPPING[ext]) for (const to of TS_MAPPING[ext]) candidates.push(base.slice(0, -ext.length) + to);
    for (const e of EXTENSIONS) candidates.push(base + e);
    for (const e of EXTENSIONS) candidates.push(`${base}/index${e}`);
    for (const c of candidates) {
      if (this.modules.has(c)) return c;
      if (!EXTENSIONS.some((e) => c.endsWith(e))) continue;
      if (this.readText(c) !== undefined) return c;
    }
    return undefined;
  }

  /** Loads (first import) and evaluates a relative module; returns its record or undefined. */
  private importModule(from: ModuleRec, spec: string, at: ts.Node, ctx?: Ctx): ModuleRec | undefined {
    // Data and native modules hold no exit handlers.
    if (/\.(json|node|wasm|css|txt|html|svg)$/i.test(spec)) return undefined;
    const file = this.resolve(from.file, spec);
    if (!file) {
      this.unknowns.push({ location: locationOf(from.file, from.sf, at), reason: `cannot resolve '${spec}': handlers it registers are not in the plan` });
      return undefined;
    }
    const existing = this.modules.get(file);
    if (existing) return existing; // evaluated once (a cycle sees the partly evaluated module)
    const text = this.readText(file);
    if (text === undefined) return undefined;
    const rec = this.load(file, text);
    this.evaluate(rec, false, ctx);
    return rec;
  }

  /** What `require(spec)` / the default import gives. */
  private moduleValue(from: ModuleRec, spec: string, at: ts.Node, ctx?: Ctx): Value {
    if (isProcessModule(spec)) return PROCESS;
    const lib = libraryOf(spec);
    if (lib) return { k: 'lib', lib: lib.name, exp: lib.moduleShape === 'callable' ? 'default' : '*' };
    const b = builtinModule(spec);
    if (b) return b;
    if (spec.startsWith('.') || spec.startsWith('/')) {
      const rec = this.importModule(from, spec, at, ctx);
      if (!rec) return UNKNOWN;
      return this.exportsOf(rec, true);
    }
    return UNKNOWN;
  }

  /** Exports as an object; `asDefault`: what a CJS require / default import of it returns. */
  private exportsOf(rec: ModuleRec, asDefault: boolean): Value {
    if (!rec.esm) return rec.moduleObj.props.get('exports') ?? UNKNOWN;
    const props = new Map<string, Value>();
    for (const [name] of rec.esmExports) props.set(name, this.esmExport(rec, name));
    if (asDefault) return { k: 'object', props };
    return { k: 'object', props };
  }

  private esmExport(rec: ModuleRec, name: string): Value {
    if (!rec.esm) {
      const ex = rec.moduleObj.props.get('exports') ?? UNKNOWN;
      if (name === 'default') return ex;
      return member(ex, name);
    }
    const b = rec.esmExports.get(name);
    if (b === undefined) return UNKNOWN;
    if (typeof b === 'string') return rec.env.lookup(b) ?? UNKNOWN;
    return b;
  }

  private evaluate(rec: ModuleRec, isEntry: boolean, parentCtx?: Ctx): void {
    const ctx: Ctx = {
      mod: rec,
      env: rec.env,
      cond: parentCtx?.cond ?? 'definite',
      fnDepth: 0,
      inTry: false,
      deferred: parentCtx?.deferred ?? false,
      loop: parentCtx?.loop,
    };
    // ESM: every static import is linked and evaluated (depth-first, in order) before the body.
    if (rec.esm) {
      for (const s of rec.sf.statements) {
        if (this.halted) return;
        if (isImportDeclaration(s)) this.linkImport(rec, s, ctx);
        else if (isExportDeclaration(s) && s.moduleSpecifier) this.linkReexport(rec, s, ctx);
      }
    }
    this.collectExports(rec);
    const completion = this.walkBlock(rec.sf.statements, ctx, { kind: 'module', node: rec.sf, isEntry });
    void completion;
    rec.state = 'done';
  }

  private linkImport(rec: ModuleRec, s: ts.ImportDeclaration, ctx: Ctx): void {
    const spec = staticString(s.moduleSpecifier);
    if (spec === undefined) return;
    const clause = s.importClause;
    if (clause?.isTypeOnly) return;
    let target: ModuleRec | undefined;
    let special: Value | undefined;
    if (isProcessModule(spec)) special = PROCESS;
    else if (libraryOf(spec)) special = { k: 'lib', lib: libraryOf(spec)!.name, exp: 'default' };
    else if (builtinModule(spec)) special = builtinModule(spec);
    else if (spec.startsWith('.') || spec.startsWith('/')) target = this.importModule(rec, spec, s, ctx);
    if (!clause) return; // side-effect import: evaluated above
    const get = (name: string): Value => {
      if (special?.k === 'process') {
        if (name === 'default') return PROCESS;
        if (!PROCESS_OWN.has(name)) {
          // node:process exports only its own properties; EventEmitter methods are inherited, so
          // linking fails with a SyntaxError and no module of the program runs (node 20/24: checked).
          if (!this.halted) {
            const call: ExitCall = { location: locationOf(rec.file, rec.sf, s), kind: 'throw', callee: `import { ${name} } from '${spec}'`, certainty: 'definite', context: 'main', node: s };
            this.exitCalls.push(call);
            this.stop = call;
            this.halted = true;
          }
          return UNKNOWN;
        }
        return { k: 'processMethod', name };
      }
      if (special?.k === 'lib') {
        if (name === 'default' && !LIBRARIES[special.lib].esmDefault) {
          // No default export: linking fails and no module of the program runs.
          if (!this.halted) {
            const call: ExitCall = { location: locationOf(rec.file, rec.sf, s), kind: 'throw', callee: `import ... from '${spec}' (no default export)`, certainty: 'definite', context: 'main', node: s };
            this.exitCalls.push(call);
            this.stop = call;
            this.halted = true;
          }
          return UNKNOWN;
        }
        return name === 'default' ? special : { k: 'lib', lib: special.lib, exp: name };
      }
      if (special) return name === 'default' ? special : member(special, name);
      if (target) return this.esmExport(target, name);
      return UNKNOWN;
    };
    if (clause.name) rec.env.declare(clause.name.text, get('default'));
    const nb = clause.namedBindings;
    if (nb && isNamespaceImport(nb)) {
      let v: Value = UNKNOWN;
      if (special?.k === 'lib') v = { k: 'lib', lib: special.lib, exp: '*' };
      else if (special) v = special;
      else if (target) v = this.exportsOf(target, false);
      rec.env.declare(nb.name.text, v);
    } else if (nb) {
      for (const el of nb.elements) {
        if (el.isTypeOnly) continue;
        rec.env.declare(el.name.text, get((el.propertyName && propName(el.propertyName)) ?? el.name.text));
      }
    }
  }

  private linkReexport(rec: ModuleRec, s: ts.ExportDeclaration, ctx: Ctx): void {
    const spec = staticString(s.moduleSpecifier);
    if (spec === undefined || !(spec.startsWith('.') || spec.startsWith('/'))) return;
    const target = this.importModule(rec, spec, s, ctx);
    if (!target) return;
    if (s.exportClause && isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) rec.esmExports.set(el.name.text, this.esmExport(target, (el.propertyName && propName(el.propertyName)) ?? el.name.text));
    } else if (!s.exportClause) {
      for (const [name] of target.esmExports) if (name !== 'default') rec.esmExports.set(name, this.esmExport(target, name));
    }
  }

  /** ESM export names → local names (values are looked up when imported, after evaluation). */
  private collectExports(rec: ModuleRec): void {
    if (!rec.esm) return;
    for (const s of rec.sf.statements) {
      if (isExportDeclaration(s) && !s.moduleSpecifier && s.exportClause && isNamedExports(s.exportClause)) {
        for (const el of s.exportClause.elements) rec.esmExports.set(el.name.text, (el.propertyName && propName(el.propertyName)) ?? el.name.text);
      } else if (hasExportModifier(s)) {
        const isDefault = ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === SyntaxKind.DefaultKeyword);
        if ((isFunctionDeclaration(s) || isClassDeclaration(s)) && s.name) rec.esmExports.set(isDefault ? 'default' : s.name.text, s.name.text);
        else if (isVariableStatement(s)) {
          for (const d of s.declarationList.declarations) for (const n of bindingNames(d.name)) rec.esmExports.set(n, n);
        }
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private tick(): boolean {
    if (++this.steps > STEP_BUDGET) {
      this.budgetExceeded = true;
      return false;
    }
    return true;
  }

  private walkBlock(
    stmts: ts.NodeArray<ts.Statement> | readonly ts.Statement[],
    ctx: Ctx,
    scopeInfo: { kind: Scope['kind']; node: ts.Node; isEntry?: boolean },
  ): Completion {
    this.hoist(stmts, ctx);
    let open: OpenScope | undefined;
    let completion: Completion = 'normal';
    let local = ctx;
    for (const s of stmts) {
      if (this.halted || this.blocked || !this.tick()) break;
      if (isVariableStatement(s) && (s.declarationList.flags & ts.NodeFlags.Using) !== 0) {
        // The block's scope opens at its first `using` (no closure per block: keepNames names each one).
        if (!open) open = this.openScope(ctx, scopeInfo);
        this.walkUsing(s, local, open);
        continue;
      }
      const c = this.walkStmt(s, local);
      if (c === 'return' && local.cond !== 'definite' && local !== ctx) {
        // keep going: the return was on some path only (handled inside walkStmt)
      }
      if (c !== 'normal') {
        completion = c;
        break;
      }
      if (local.cond !== ctx.cond && local === ctx) local = { ...ctx };
    }
    if (open && scopeInfo.kind === 'module' && scopeInfo.isEntry) {
      // The entry module's own scope is where the program ends (the oracle's injected ending runs at
      // the end of the body, still inside it): it is disposed by the ending, see runtime.ts.
      open.scope.enclosesEnd = true;
    } else if (open) {
      if (this.halted || this.blocked) {
        // The program ends inside this scope: unwinding (throw) would dispose these, exit/signals do not.
        open.scope.enclosesEnd = true;
      } else {
        this.scopeStack.pop();
        const regs = this.disposeItems(open.items);
        if (regs.length) this.ops.push({ kind: 'dispose', regs, certainty: open.certainty });
      }
    }
    if (scopeInfo.kind === 'module' && scopeInfo.isEntry) this.computeUnwind();
    return completion;
  }

  private openScope(ctx: Ctx, scopeInfo: { kind: Scope['kind']; node: ts.Node }): OpenScope {
    const scope: Scope = { id: this.scopes.length + 1, location: locationOf(ctx.mod.file, ctx.mod.sf, scopeInfo.node), kind: scopeInfo.kind, enclosesEnd: false };
    this.scopes.push(scope);
    const open: OpenScope = { scope, items: [], certainty: ctx.cond };
    this.scopeStack.push(open);
    return open;
  }

  /** LIFO disposal order of a scope's items (a DisposableStack disposes its own callbacks LIFO). */
  private disposeItems(items: OpenScope['items']): number[] {
    const out: number[] = [];
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i];
      if (typeof it === 'number') out.push(it);
      else if (!it.disposed) {
        it.disposed = true;
        for (let j = it.regs.length - 1; j >= 0; j--) out.push(it.regs[j]);
      }
    }
    return out;
  }

  private computeUnwind(): void {
    const out: number[] = [];
    for (let i = this.scopeStack.length - 1; i >= 0; i--) {
      this.scopeStack[i].scope.enclosesEnd = true;
      out.push(...this.disposeItems(this.scopeStack[i].items));
    }
    this.unwind = out;
  }

  private hoist(stmts: readonly ts.Statement[], ctx: Ctx): void {
    for (const s of stmts) {
      if (isFunctionDeclaration(s) && s.name && s.body) ctx.env.declare(s.name.text, this.fnValue(s, s.name.text, ctx));
      else if (isClassDeclaration(s) && s.name) ctx.env.declare(s.name.text, { k: 'class', node: s, mod: ctx.mod, env: ctx.env, name: s.name.text, key: this.nodeKey(ctx.mod, s) });
    }
  }

  private nodeKey(mod: ModuleRef, n: ts.Node): string {
    return `${mod.file}#${n.pos}`;
  }

  private fnValue(node: FunctionNode, name: string, ctx: Ctx, thisVal?: Value): Value {
    // A function created inside a called function is a fresh object per call.
    const key = this.nodeKey(ctx.mod, node) + (ctx.fnDepth > 0 ? `@${++this.serial}` : '');
    return { k: 'fn', node, mod: ctx.mod, env: ctx.env, name, thisVal: isArrowFunction(node) ? ctx.thisVal : thisVal, key };
  }

  private walkStmt(s: ts.Statement, ctx: Ctx): Completion {
    if (this.depth > MAX_NESTING) return 'normal';
    this.depth++;
    try {
      return this.walkStmtInner(s, ctx);
    } finally {
      this.depth--;
    }
  }

  private walkStmtInner(s: ts.Statement, ctx: Ctx): Completion {
    if (isExpressionStatement(s)) {
      const v = this.evalExpr(s.expression, ctx);
      // A promise rejected with nobody to handle it: node reports it after the current script
      // (unhandledRejection listeners, else fatal like an uncaught exception; node 20: checked).
      if (v.k === 'rejected' && ctx.async && isAwaitExpression(skipOuter(s.expression))) {
        // awaiting a rejection inside an async function throws there
        if (ctx.cond === 'definite' && !ctx.inTry) {
          ctx.async.threw = true;
          this.touch();
        }
        if (!ctx.inTry) return 'return';
      } else if (v.k === 'rejected' && isAwaitExpression(skipOuter(s.expression))) {
        // top-level await of a rejection: an uncaught exception right here
        this.exitCall(ctx, s, 'throw', `await ${v.what}`, undefined);
        return this.halted ? 'halt' : 'normal';
      } else if (v.k === 'rejected' && !ctx.async) this.rejection(ctx, s, v.what);
      return 'normal';
    }
    if (isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const v = d.initializer ? this.evalExpr(d.initializer, ctx, isIdentifier(d.name) ? d.name.text : undefined) : { k: 'literal' as const, value: undefined };
        this.bindPattern(d.name, v, ctx);
      }
      return 'normal';
    }
    if (isFunctionDeclaration(s) || isInterfaceDeclaration(s) || isTypeAliasDeclaration(s) || isImportDeclaration(s) || isEmptyStatement(s)) return 'normal';
    if (isClassDeclaration(s)) {
      if (s.name) ctx.env.declare(s.name.text, { k: 'class', node: s, mod: ctx.mod, env: ctx.env, name: s.name.text, key: this.nodeKey(ctx.mod, s) });
      this.runStaticBlocks(s, ctx);
      return 'normal';
    }
    if (isImportEqualsDeclaration(s)) {
      const r = s.moduleReference;
      if (isExternalModuleReference(r)) {
        const spec = staticString(r.expression);
        if (spec !== undefined) ctx.env.declare(s.name.text, this.moduleValue(ctx.mod, spec, s, ctx));
      }
      return 'normal';
    }
    if (isExportDeclaration(s)) return 'normal';
    if (isExportAssignment(s)) {
      const v = this.evalExpr(s.expression, ctx);
      if (ctx.mod.esm) ctx.mod.esmExports.set('default', v);
      else {
        ctx.mod.moduleObj.props.set('exports', v);
        this.touch();
      }
      return 'normal';
    }
    if (isBlock(s)) return this.walkBlock(s.statements, { ...ctx, env: new Env(ctx.env) }, { kind: 'block', node: s });
    if (isIfStatement(s)) return this.walkIf(s, ctx);
    if (isTryStatement(s)) {
      // With a catch, anything in the try block may throw and skip the rest of it: conditional.
      const c = this.walkBlock(s.tryBlock.statements, { ...ctx, env: new Env(ctx.env), inTry: ctx.inTry || !!s.catchClause, cond: s.catchClause ? weaker(ctx.cond) : ctx.cond }, { kind: 'block', node: s.tryBlock });
      if (s.catchClause) {
        const env = new Env(ctx.env);
        if (s.catchClause.variableDeclaration) this.bindPattern(s.catchClause.variableDeclaration.name, UNKNOWN, { ...ctx, env });
        this.walkBlock(s.catchClause.block.statements, { ...ctx, env, cond: weaker(ctx.cond) }, { kind: 'block', node: s.catchClause.block });
      }
      let fc: Completion = 'normal';
      if (s.finallyBlock) fc = this.walkBlock(s.finallyBlock.statements, { ...ctx, env: new Env(ctx.env) }, { kind: 'block', node: s.finallyBlock });
      if (fc !== 'normal') return fc;
      if (c === 'return' && !s.catchClause) return c;
      if (c !== 'normal') this.weakenRest(ctx);
      return 'normal';
    }
    if (isReturnStatement(s)) {
      const v = s.expression ? this.evalExpr(s.expression, ctx) : UNKNOWN;
      if (!ctx.ret) ctx.ret = { value: v };
      return 'return';
    }
    if (isThrowStatement(s)) {
      if (s.expression) this.evalExpr(s.expression, ctx);
      if (ctx.async && !ctx.inTry) {
        if (ctx.cond === 'definite') {
          ctx.async.threw = true;
          this.touch();
        }
        return 'return';
      }
      this.exitCall(ctx, s, 'throw', 'throw', undefined);
      return ctx.inTry ? 'break' : this.halted ? 'halt' : 'return';
    }
    if (isBreakStatement(s)) return 'break';
    if (isContinueStatement(s)) return 'continue';
    if (isLabeledStatement(s)) {
      const c = this.walkStmt(s.statement, ctx);
      return c === 'break' ? 'normal' : c;
    }
    if (isForStatement(s) || isForOfStatement(s) || isForInStatement(s) || isWhileStatement(s) || isDoStatement(s)) return this.walkLoop(s, ctx);
    if (isSwitchStatement(s)) {
      this.evalExpr(s.expression, ctx);
      for (const clause of s.caseBlock.clauses) {
        if (isCaseClause(clause)) this.evalExpr(clause.expression, { ...ctx, cond: weaker(ctx.cond) });
        const c = this.walkBlock(clause.statements, { ...ctx, env: new Env(ctx.env), cond: weaker(ctx.cond) }, { kind: 'block', node: clause });
        if (c === 'halt') return c;
      }
      return 'normal';
    }
    if (isModuleDeclaration(s) || isEnumDeclaration(s)) return 'normal';
    return 'normal';
  }

  /** After a statement that ends the function/block on some paths, the rest runs only on some paths. */
  private weakenRest(ctx: Ctx): void {
    ctx.cond = weaker(ctx.cond);
  }

  private walkIf(s: ts.IfStatement, ctx: Ctx): Completion {
    const truth = this.staticTruth(s.expression, ctx);
    if (truth === undefined) this.evalExpr(s.expression, ctx);
    if (truth === true) return this.walkBranch(s.thenStatement, ctx, ctx.cond);
    if (truth === false) return s.elseStatement ? this.walkBranch(s.elseStatement, ctx, ctx.cond) : 'normal';
    const cond = weaker(ctx.cond);
    const a = this.walkBranch(s.thenStatement, ctx, cond);
    const b = s.elseStatement ? this.walkBranch(s.elseStatement, ctx, cond) : 'normal';
    if (this.halted) return 'halt';
    if (a !== 'normal' && b !== 'normal' && s.elseStatement) {
      // both branches leave: the statements after the if never run on this path
      return a === b ? a : 'return';
    }
    if (a !== 'normal' || b !== 'normal') this.weakenRest(ctx);
    return 'normal';
  }

  /** A method, not a closure per `if`: the bundle names every closure it creates (keepNames). */
  private walkBranch(st: ts.Statement, ctx: Ctx, cond: Certainty): Completion {
    return this.walkStmt(st, { ...ctx, env: new Env(ctx.env), cond, ret: undefined });
  }

  /** `if (require.main === module)`, `if (true)`, `if (import.meta.main)`: decided without running. */
  private staticTruth(e: ts.Expression, ctx: Ctx): boolean | undefined {
    e = skipOuter(e);
    if (e.kind === SyntaxKind.TrueKeyword) return true;
    if (e.kind === SyntaxKind.FalseKeyword) return false;
    if (isPrefixUnaryExpression(e) && e.operator === SyntaxKind.ExclamationToken) {
      const t = this.staticTruth(e.operand, ctx);
      return t === undefined ? undefined : !t;
    }
    if (isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      const isEq = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
      const isNe = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
      if (isEq || isNe) {
        const l = e.left.getText(ctx.mod.sf).replace(/\s/g, '');
        const r = e.right.getText(ctx.mod.sf).replace(/\s/g, '');
        if ((l === 'require.main' && r === 'module') || (r === 'require.main' && l === 'module')) {
          // true only in the entry module
          const isMain = this.files[0] === ctx.mod.file;
          return isEq ? isMain : !isMain;
        }
      }
    }
    return undefined;
  }

  private walkLoop(s: ts.IterationStatement, ctx: Ctx): Completion {
    const body = s.statement;
    let trips: number | undefined;
    let vars: string[] = [];
    let items: Value[] | undefined;
    let bindVar: ts.BindingName | undefined;
    let init: (env: Env, i: number) => void = () => {};
    if (isForStatement(s)) {
      const env = new Env(ctx.env);
      if (s.initializer && isVariableDeclarationList(s.initializer)) {
        for (const d of s.initializer.declarations) vars.push(...bindingNames(d.name));
      }
      trips = countedTrips(s);
      if (s.initializer && !isVariableDeclarationList(s.initializer)) this.evalExpr(s.initializer, ctx);
      init = (e, i) => {
        for (const v of vars) e.declare(v, trips !== undefined ? { k: 'literal', value: i } : UNKNOWN);
      };
      void env;
      if (!s.condition && !hasBreak(body)) return this.forever(s, ctx);
    } else if (isForOfStatement(s) || isForInStatement(s)) {
      const iter = this.evalExpr(s.expression, ctx);
      if (isVariableDeclarationList(s.initializer)) {
        for (const d of s.initializer.declarations) {
          vars.push(...bindingNames(d.name));
          bindVar = d.name;
        }
      }
      if (isForOfStatement(s) && iter.k === 'array') {
        items = iter.items;
        trips = items.length;
      }
      init = (e, i) => {
        if (bindVar) this.bindPattern(bindVar, items ? items[i] : UNKNOWN, { ...ctx, env: e });
      };
    } else if (isWhileStatement(s) || isDoStatement(s)) {
      const t = this.staticTruth(s.expression, ctx);
      if (t === true && !hasBreak(body)) return this.forever(s, ctx);
      if (t === false && isWhileStatement(s)) return 'normal';
      if (t === false) trips = 1;
    }
    if (trips !== undefined && trips <= MAX_TRIP) {
      for (let i = 0; i < trips && !this.halted; i++) {
        const env = new Env(ctx.env);
        init(env, i);
        const c = this.walkStmt(body, { ...ctx, env, loop: { variables: vars, tripCount: trips } });
        if (c === 'break') break;
        if (c === 'return' || c === 'halt') return c;
      }
      return 'normal';
    }
    // Unknown trip count: the body may run any number of times (zero included).
    const env = new Env(ctx.env);
    init(env, 0);
    const c = this.walkStmt(body, { ...ctx, env, cond: weaker(ctx.cond), loop: { variables: vars } });
    return c === 'halt' ? c : 'normal';
  }

  /** `while (true)` / `for (;;)` without a break: the program runs until it is stopped. */
  private forever(s: ts.IterationStatement, ctx: Ctx): Completion {
    const env = new Env(ctx.env);
    const c = this.walkStmt(s.statement, { ...ctx, env, loop: { variables: [] } });
    if (c === 'halt' || this.halted) return 'halt';
    if (!ctx.deferred) {
      this.markRunsUntilStopped(ctx, s);
      if (ctx.fnDepth === 0 || ctx.cond === 'definite') {
        this.blocked = true;
        this.touch();
      }
    }
    return 'normal';
  }

  private markRunsUntilStopped(ctx: Ctx, at: ts.Node): void {
    if (!this.runsUntilStopped) {
      this.runsUntilStopped = true;
      this.touch();
      this.runsUntilStoppedAt = locationOf(ctx.mod.file, ctx.mod.sf, at);
    }
  }

  private runStaticBlocks(c: ts.ClassLikeDeclaration, ctx: Ctx): void {
    for (const m of c.members) {
      if (isClassStaticBlockDeclaration(m)) this.walkBlock(m.body.statements, { ...ctx, env: new Env(ctx.env) }, { kind: 'block', node: m });
    }
  }

  private bindPattern(name: ts.BindingName, v: Value, ctx: Ctx): void {
    if (isIdentifier(name)) {
      ctx.env.declare(name.text, v);
      return;
    }
    if (isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.propertyName ? propName(el.propertyName) : isIdentifier(el.name) ? el.name.text : undefined;
        let sub: Value = el.dotDotDotToken || key === undefined ? UNKNOWN : this.getMember(v, key);
        if (v.k === 'process' && key && !PROCESS_OWN.has(key) && isIdentifier(el.name)) sub = { k: 'processMethod', name: key };
        this.bindPattern(el.name, sub, ctx);
      }
      return;
    }
    name.elements.forEach((el, i) => {
      if (isOmittedExpression(el)) return;
      this.bindPattern(el.name, v.k === 'array' && !el.dotDotDotToken ? (v.items[i] ?? UNKNOWN) : UNKNOWN, ctx);
    });
  }

  // ---------------------------------------------------------------- using / DisposableStack

  private walkUsing(s: ts.VariableStatement, ctx: Ctx, open: OpenScope): void {
    const isAwait = (s.declarationList.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing;
    for (const d of s.declarationList.declarations) {
      const v = d.initializer ? this.evalExpr(d.initializer, ctx) : UNKNOWN;
      this.bindPattern(d.name, v, ctx);
      if (v.k === 'literal' && (v.value === null || v.value === undefined)) {
        this.touch(); // decided on a literal value
        continue; // `using x = null` disposes nothing
      }
      if (v.k === 'dstack') {
        // The stack's own dispose is library code; the user code it runs is its deferred callbacks.
        open.items.push(v);
        for (const id of v.regs) this.registrations[id - 1].scope = open.scope.id;
        continue;
      }
      const name = isIdentifier(d.name) ? d.name.text : shortText(ctx.mod.sf, d.name);
      let definition: Location | undefined;
      let node: unknown;
      if (v.k === 'instance') {
        const m = this.findMethod(v.cls, isAwait ? 'Symbol.asyncDispose' : 'Symbol.dispose') ?? this.findMethod(v.cls, 'Symbol.dispose');
        if (m) {
          definition = locationOf(m.mod.file, m.mod.sf, m.node);
          node = m.node;
        }
      }
      const handler: HandlerRef = { name, form: 'disposable', definition, isAsync: isAwait, node };
      const id = this.addRegistration(s, ctx, isAwait ? 'await using' : 'using', undefined, handler, undefined);
      this.registrations[id - 1].scope = open.scope.id;
      open.items.push(id);
    }
  }

  private stackCall(st: Value & { k: 'dstack' }, method: string, call: ts.CallExpression, ctx: Ctx): Value {
    this.touch(); // stacks are mutable state
    const mech = st.async ? 'AsyncDisposableStack' : 'DisposableStack';
    const args = call.arguments;
    const scopeOf = () => this.scopeStack.find((o) => o.items.includes(st))?.scope.id;
    if (method === 'defer' || method === 'adopt' || method === 'use') {
      const handlerExpr = method === 'defer' ? args[0] : method === 'adopt' ? args[1] : args[0];
      const first = args[0] ? this.evalExpr(args[0], ctx) : UNKNOWN;
      if (method === 'adopt' && args[1]) this.evalExpr(args[1], ctx);
      if (!handlerExpr) return UNKNOWN;
      let handler: HandlerRef;
      if (method === 'use') {
        handler = { name: shortText(ctx.mod.sf, handlerExpr), form: 'disposable', isAsync: st.async };
        if (first.k === 'instance') {
          const m = this.findMethod(first.cls, 'Symbol.dispose') ?? this.findMethod(first.cls, 'Symbol.asyncDispose');
          if (m) {
            handler.definition = locationOf(m.mod.file, m.mod.sf, m.node);
            handler.node = m.node;
          }
        }
      } else handler = this.handlerRef(handlerExpr, ctx).ref;
      const id = this.addRegistration(call, ctx, mech, undefined, handler, method === 'use' ? undefined : handlerExpr);
      this.registrations[id - 1].scope = scopeOf();
      st.regs.push(id);
      return method === 'use' ? first : UNKNOWN;
    }
    if (method === 'dispose' || method === 'disposeAsync' || method === 'Symbol.dispose') {
      if (!st.disposed) {
        const regs = [...st.regs].reverse();
        if (ctx.cond === 'definite' && !ctx.deferred) st.disposed = true;
        if (regs.length) this.ops.push({ kind: 'dispose', regs, certainty: ctx.deferred ? 'conditional' : ctx.cond });
      }
      return UNKNOWN;
    }
    if (method === 'move') {
      const moved: Value & { k: 'dstack' } = { k: 'dstack', id: ++this.stackSerial, async: st.async, regs: st.regs.splice(0), disposed: false, name: st.name };
      st.disposed = true;
      return moved;
    }
    for (const a of args) this.evalExpr(a, ctx);
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- expressions

  private getMember(v: Value, name: string): Value {
    if (v.k === 'instance') {
      const own = v.props.get(name);
      if (own) return own;
      const m = this.findMethod(v.cls, name);
      if (m) return { k: 'fn', node: m.node, mod: m.mod, env: m.env, name, thisVal: v, key: this.nodeKey(m.mod, m.node) };
      return UNKNOWN;
    }
    if (v.k === 'class') {
      const m = this.findMethod(v, name, true);
      if (m) return { k: 'fn', node: m.node, mod: m.mod, env: m.env, name, thisVal: v, key: this.nodeKey(m.mod, m.node) };
      return UNKNOWN;
    }
    if (v.k === 'fn' && name === 'bind') return { k: 'builtinModule', name: 'bind' };
    return member(v, name);
  }

  /** A method of a class (or its base classes), by name; `Symbol.dispose` for `[Symbol.dispose]()`. */
  private findMethod(cls: Value & { k: 'class' }, name: string, isStatic = false, depth = 0): { node: FunctionNode; mod: ModuleRef; env: Env } | undefined {
    for (const m of cls.node.members) {
      const st = ts.canHaveModifiers(m) && !!ts.getModifiers(m)?.some((x) => x.kind === SyntaxKind.StaticKeyword);
      if (st !== isStatic) continue;
      if (!(isMethodDeclaration(m) || isGetAccessorDeclaration(m))) continue;
      const n = m.name;
      const mname = isComputedPropertyName(n) ? n.expression.getText(cls.mod.sf) : propName(n);
      if (mname === name && m.body) return { node: m, mod: cls.mod, env: cls.env };
    }
    const ext = cls.node.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (ext && depth < 8) {
      const base = isIdentifier(ext) ? cls.env.lookup(ext.text) : undefined;
      if (base?.k === 'class') return this.findMethod(base, name, isStatic, depth + 1);
    }
    return undefined;
  }

  private evalExpr(e: ts.Expression, ctx: Ctx, nameHint?: string): Value {
    if (!this.tick() || this.halted) return UNKNOWN;
    // Machine-generated code nests thousands deep (long `+` chains, nested arrays): stay off the stack limit.
    if (this.depth > MAX_NESTING) return UNKNOWN;
    this.depth++;
    try {
      return this.evalExprInner(e, ctx, nameHint);
    } finally {
      this.depth--;
    }
  }

  private evalExprInner(e: ts.Expression, ctx: Ctx, nameHint?: string): Value {
    e = skipOuter(e);
    switch (e.kind) {
      case SyntaxKind.Identifier: {
        const name = (e as ts.Identifier).text;
        if (name === 'undefined') return { k: 'literal', value: undefined };
        return ctx.env.lookup(name) ?? globalValue(name) ?? UNKNOWN;
      }
      case SyntaxKind.ThisKeyword:
        return ctx.thisVal ?? UNKNOWN;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return { k: 'literal', value: (e as ts.StringLiteral).text };
      case SyntaxKind.NumericLiteral:
        return { k: 'literal', value: Number((e as ts.NumericLiteral).text) };
      case SyntaxKind.TrueKeyword:
        return { k: 'literal', value: true };
      case SyntaxKind.FalseKeyword:
        return { k: 'literal', value: false };
      case SyntaxKind.NullKeyword:
        return { k: 'literal', value: null };
      case SyntaxKind.PropertyAccessExpression: {
        const pa = e as ts.PropertyAccessExpression;
        const obj = this.evalExpr(pa.expression, ctx);
        return this.getMember(obj, pa.name.text);
      }
      case SyntaxKind.ElementAccessExpression: {
        const ea = e as ts.ElementAccessExpression;
        const obj = this.evalExpr(ea.expression, ctx);
        const key = staticString(ea.argumentExpression) ?? symbolKey(ea.argumentExpression, ctx.mod.sf);
        if (key !== undefined) return this.getMember(obj, key);
        this.evalExpr(ea.argumentExpression, ctx);
        if (obj.k === 'process') {
          this.unknowns.push({ location: locationOf(ctx.mod.file, ctx.mod.sf, e), reason: 'a computed member of process: the analysis cannot tell which method it is' });
          return { k: 'processMethod', name: '?' };
        }
        return UNKNOWN;
      }
      case SyntaxKind.CallExpression:
        return this.evalCall(e as ts.CallExpression, ctx);
      case SyntaxKind.NewExpression:
        return this.evalNew(e as ts.NewExpression, ctx);
      case SyntaxKind.ArrowFunction:
      case SyntaxKind.FunctionExpression: {
        const f = e as ts.ArrowFunction | ts.FunctionExpression;
        const name = (isFunctionExpression(f) && f.name?.text) || nameHint || (isArrowFunction(f) ? '<arrow>' : '<function>');
        return this.fnValue(f, name, ctx, undefined);
      }
      case SyntaxKind.ClassExpression: {
        const c = e as ts.ClassExpression;
        return { k: 'class', node: c, mod: ctx.mod, env: ctx.env, name: c.name?.text ?? nameHint ?? '<class>', key: this.nodeKey(ctx.mod, c) };
      }
      case SyntaxKind.ObjectLiteralExpression: {
        const obj: Value & { k: 'object' } = { k: 'object', props: new Map() };
        for (const p of (e as ts.ObjectLiteralExpression).properties) {
          if (isPropertyAssignment(p)) {
            const k = propName(p.name);
            const v = this.evalExpr(p.initializer, ctx, k);
            if (k !== undefined) obj.props.set(k, v);
          } else if (isShorthandPropertyAssignment(p)) {
            obj.props.set(p.name.text, ctx.env.lookup(p.name.text) ?? globalValue(p.name.text) ?? UNKNOWN);
          } else if (isMethodDeclaration(p) || isGetAccessorDeclaration(p)) {
            const k = propName(p.name) ?? (isComputedPropertyName(p.name) ? p.name.expression.getText(ctx.mod.sf) : undefined);
            if (k !== undefined && p.body) obj.props.set(k, this.fnValue(p, k, ctx, obj));
          } else if (isSpreadAssignment(p)) {
            const v = this.evalExpr(p.expression, ctx);
            if (v.k === 'object') for (const [k, x] of v.props) obj.props.set(k, x);
          }
        }
        return obj;
      }
      case SyntaxKind.ArrayLiteralExpression: {
        const items: Value[] = [];
        let spread = false;
        for (const el of (e as ts.ArrayLiteralExpression).elements) {
          if (isSpreadElement(el)) {
            const v = this.evalExpr(el.expression, ctx);
            if (v.k === 'array') items.push(...v.items);
            else spread = true;
          } else items.push(this.evalExpr(el, ctx));
        }
        return spread ? UNKNOWN : { k: 'array', items };
      }
      case SyntaxKind.BinaryExpression:
        return this.evalBinary(e as ts.BinaryExpression, ctx, nameHint);
      case SyntaxKind.ConditionalExpression: {
        const c = e as ts.ConditionalExpression;
        this.evalExpr(c.condition, ctx);
        const sub = { ...ctx, cond: weaker(ctx.cond) };
        this.evalExpr(c.whenTrue, sub);
        this.evalExpr(c.whenFalse, sub);
        return UNKNOWN;
      }
      case SyntaxKind.AwaitExpression: {
        // `await f()`: the caller waits for all of f, so f's body is followed without a continuation.
        const operand = skipOuter((e as ts.AwaitExpression).expression);
        const saved = this.awaitedCall;
        if (isCallExpression(operand)) this.awaitedCall = operand;
        const v = this.evalExpr(operand, ctx);
        this.awaitedCall = saved;
        // `await import('./x')` gives the namespace; awaiting a plain value gives the value.
        return v;
      }
      case SyntaxKind.TemplateExpression:
        for (const span of (e as ts.TemplateExpression).templateSpans) this.evalExpr(span.expression, ctx);
        return UNKNOWN;
      case SyntaxKind.TaggedTemplateExpression:
        this.evalExpr((e as ts.TaggedTemplateExpression).tag, ctx);
        return UNKNOWN;
      case SyntaxKind.PrefixUnaryExpression:
      case SyntaxKind.PostfixUnaryExpression:
        this.evalExpr((e as ts.PrefixUnaryExpression).operand, ctx);
        return UNKNOWN;
      case SyntaxKind.VoidExpression: {
        const v = this.evalExpr((e as ts.VoidExpression).expression, ctx);
        return v.k === 'rejected' ? v : UNKNOWN;
      }
      case SyntaxKind.TypeOfExpression:
      case SyntaxKind.DeleteExpression:
        this.evalExpr((e as ts.VoidExpression).expression, ctx);
        return UNKNOWN;
      case SyntaxKind.SpreadElement:
        return this.evalExpr((e as ts.SpreadElement).expression, ctx);
      case SyntaxKind.YieldExpression:
        if ((e as ts.YieldExpression).expression) this.evalExpr((e as ts.YieldExpression).expression!, ctx);
        return UNKNOWN;
      case SyntaxKind.JsxElement:
      case SyntaxKind.JsxSelfClosingElement:
      case SyntaxKind.JsxFragment:
        this.walkJsx(e, ctx);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  /** JSX attribute expressions run when the element is created (callbacks inside them later, if ever). */
  private walkJsx(n: ts.Node, ctx: Ctx): void {
    const visit = (c: ts.Node): void => {
      if (isJsxExpression(c)) {
        if (c.expression) {
          const v = this.evalExpr(c.expression, ctx);
          if (v.k === 'fn') this.defer(v, [], ctx);
        }
        return;
      }
      ts.forEachChild(c, visit);
    };
    ts.forEachChild(n, visit);
  }

  private evalBinary(b: ts.BinaryExpression, ctx: Ctx, nameHint?: string): Value {
    const op = b.operatorToken.kind;
    if (op === SyntaxKind.EqualsToken) {
      const left = skipOuter(b.left);
      const hint = isIdentifier(left) ? left.text : isPropertyAccessExpression(left) ? left.name.text : nameHint;
      const v = this.evalExpr(b.right, ctx, hint);
      if (isIdentifier(left)) ctx.env.assign(left.text, v);
      else if (isPropertyAccessExpression(left) || isElementAccessExpression(left)) {
        const obj = this.evalExpr(left.expression, ctx);
        const key = isPropertyAccessExpression(left) ? left.name.text : staticString(left.argumentExpression);
        if (key !== undefined && (obj.k === 'object' || obj.k === 'instance')) {
          const old = obj.props.get(key);
          if (!(isPlain(v) && isPlain(old))) this.touch();
          obj.props.set(key, v);
        }
        // `module.exports = x` / `exports.f = g` fall out of the object model above.
      } else if (isObjectLiteralExpression(left) || isArrayLiteralExpression(left)) {
        // destructuring assignment: values unknown
      }
      return v;
    }
    if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) {
      const l = this.evalExpr(b.left, ctx);
      const r = this.evalExpr(b.right, { ...ctx, cond: weaker(ctx.cond) });
      if (op === SyntaxKind.AmpersandAmpersandToken) return UNKNOWN;
      // Decided on a literal value; it matters only if the other side is something to follow.
      if (l.k === 'literal' && !isPlain(r)) this.touch();
      return l.k === 'unknown' || (l.k === 'literal' && !l.value) ? r : l;
    }
    if (op === SyntaxKind.CommaToken) {
      this.evalExpr(b.left, ctx);
      return this.evalExpr(b.right, ctx);
    }
    if (op >= SyntaxKind.FirstCompoundAssignment && op <= SyntaxKind.LastCompoundAssignment) {
      this.evalExpr(b.right, op === SyntaxKind.BarBarEqualsToken || op === SyntaxKind.AmpersandAmpersandEqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken ? { ...ctx, cond: weaker(ctx.cond) } : ctx);
      return UNKNOWN;
    }
    this.evalExpr(b.left, ctx);
    this.evalExpr(b.right, ctx);
    return UNKNOWN;
  }

  private evalNew(n: ts.NewExpression, ctx: Ctx): Value {
    const callee = skipOuter(n.expression);
    const args = n.arguments ?? [];
    const argv = args.map((a) => this.evalExpr(a, ctx));
    if (isIdentifier(callee) && !ctx.env.has(callee.text)) {
      if (callee.text === 'DisposableStack' || callee.text === 'AsyncDisposableStack') {
        return { k: 'dstack', id: ++this.stackSerial, async: callee.text === 'AsyncDisposableStack', regs: [], disposed: false, name: callee.text };
      }
      if (callee.text === 'Map' && argv.length === 0) return { k: 'object', props: new Map(), isMap: true };
      if (callee.text === 'Promise' && argv[0]?.k === 'fn') {
        // the executor runs synchronously
        this.callFunction(argv[0], [UNKNOWN, UNKNOWN], ctx, n);
        return UNKNOWN;
      }
      if (callee.text === 'Function') this.unknowns.push({ location: locationOf(ctx.mod.file, ctx.mod.sf, n), reason: 'new Function(...) runs code the analysis cannot see' });
    }
    const cls = this.evalExpr(callee, ctx);
    if (cls.k === 'class') return this.construct(cls, argv, ctx, n);
    for (const a of argv) if (a.k === 'fn') this.defer(a, [], ctx);
    return UNKNOWN;
  }

  private construct(cls: Value & { k: 'class' }, argv: Value[], ctx: Ctx, at: ts.Node): Value {
    const inst: Value & { k: 'instance' } = { k: 'instance', cls, props: new Map() };
    const chain: Array<Value & { k: 'class' }> = [];
    for (let c: (Value & { k: 'class' }) | undefined = cls; c && chain.length < 8; ) {
      chain.unshift(c);
      const ext = c.node.heritageClauses?.find((h) => h.token === SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      const base: Value | undefined = ext && isIdentifier(ext) ? c.env.lookup(ext.text) : undefined;
      c = base?.k === 'class' ? base : undefined;
    }
    // Field initializers run (base first), then the constructor body; approximate `super()` ordering.
    for (const c of chain) {
      const fctx: Ctx = { ...ctx, mod: this.modules.get(c.mod.file) ?? ctx.mod, env: new Env(c.env), thisVal: inst, fnDepth: ctx.fnDepth + 1, ret: undefined };
      for (const m of c.node.members) {
        if (isPropertyDeclaration(m) && m.initializer && !m.modifiers?.some((x) => x.kind === SyntaxKind.StaticKeyword)) {
          const k = propName(m.name);
          const v = this.evalExpr(m.initializer, fctx, k);
          if (k !== undefined) inst.props.set(k, v);
        }
      }
    }
    const ctor = chain
      .slice()
      .reverse()
      .map((c) => ({ c, m: c.node.members.find((m): m is ts.ConstructorDeclaration => isConstructorDeclaration(m) && !!m.body) }))
      .find((x) => x.m);
    if (ctor?.m) {
      const fv: Value = { k: 'fn', node: ctor.m, mod: ctor.c.mod, env: ctor.c.env, name: `${cls.name}.constructor`, thisVal: inst, key: this.nodeKey(ctor.c.mod, ctor.m) };
      this.callFunction(fv, argv, ctx, at);
      // Parameter properties (`constructor(private server: Server)`).
      ctor.m.parameters.forEach((p, i) => {
        if (p.modifiers?.length && isIdentifier(p.name)) inst.props.set(p.name.text, argv[i] ?? UNKNOWN);
      });
    }
    return inst;
  }

  /** Calls a user function: its body runs now, in the caller's certainty. */
  private callFunction(f: Value, argv: Value[], ctx: Ctx, at: ts.Node, thisVal?: Value): Value {
    if (f.k === 'bound') return this.callFunction(f.target, argv, ctx, at);
    if (f.k !== 'fn') return UNKNOWN;
    const node = f.node;
    if (!node.body || this.fnStack.includes(node) || this.fnStack.length >= MAX_CALL_DEPTH) return UNKNOWN;
    if ((node as ts.FunctionDeclaration).asteriskToken) return UNKNOWN; // a generator's body runs when iterated
    const mod = this.modules.get(f.mod.file) ?? ctx.mod;
    const env = new Env(f.env);
    // bindPattern reads only the context's env: one context serves every parameter.
    const pctx: Ctx = { ...ctx, env };
    const params = node.parameters;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const v = p.dotDotDotToken ? { k: 'array' as const, items: argv.slice(i) } : (argv[i] ?? UNKNOWN);
      this.bindPattern(p.name, v, pctx);
    }
    const isAsync = !!node.modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword);
    const fctx: Ctx = { ...ctx, mod, env, thisVal: thisVal ?? f.thisVal, fnDepth: ctx.fnDepth + 1, ret: undefined, inTry: isAsync ? false : ctx.inTry, async: isAsync ? { threw: false } : ctx.async };
    this.fnStack.push(node);
    try {
      if (isBlock(node.body)) {
        const stmts = node.body.statements;
        const k = isAsync && at !== this.awaitedCall ? stmts.findIndex((st) => containsAwait(st)) : -1;
        // Not split when a `using` before the await would be disposed only after the continuation.
        if (k >= 0 && k < stmts.length - 1 && !stmts.slice(0, k + 1).some((st) => isVariableStatement(st) && (st.declarationList.flags & ts.NodeFlags.Using) !== 0)) {
          // An async function returns at its first await; the rest of its body runs later, as a
          // continuation after the caller's synchronous code (and maybe not before the program ends).
          this.hoist(stmts, fctx);
          this.walkBlock(stmts.slice(0, k + 1), fctx, { kind: 'function', node });
          if (!this.halted && !fctx.ret) {
            const later: Ctx = { ...fctx, deferred: true, cond: weaker(fctx.cond) };
            const rest = stmts.slice(k + 1);
            this.enqueue(
              PRIO_MICROTASK,
              () => {
                this.fnStack.push(node);
                try {
                  this.walkBlock(rest, later, { kind: 'function', node });
                } finally {
                  this.fnStack.pop();
                }
              },
              () => `c${rest[0].pos}@${this.envPrint(env, 2)}`,
            );
          }
          return fctx.async?.threw ? { k: 'rejected', what: `${f.name}()` } : UNKNOWN;
        }
        this.walkBlock(stmts, fctx, { kind: 'function', node });
        if (isAsync && fctx.async?.threw) return { k: 'rejected', what: `${f.name}()` };
        return isAsync ? UNKNOWN : (fctx.ret?.value ?? UNKNOWN);
      }
      const v = this.evalExpr(node.body as ts.Expression, fctx);
      return isAsync ? UNKNOWN : v;
    } finally {
      this.fnStack.pop();
    }
  }

  /** A callback that runs later (or maybe never): walked after the main module, conditionally. */
  private enqueue(prio: number, run: () => void, key?: () => string): void {
    this.deferredQueue.push({ prio, seq: ++this.deferSeq, run, key });
  }

  private defer(f: Value, argv: Value[], ctx: Ctx, prio = PRIO_MACROTASK): void {
    if (f.k !== 'fn' && f.k !== 'bound') return;
    const snapshot: Ctx = { ...ctx, deferred: true, cond: weaker(ctx.cond), ret: undefined };
    this.enqueue(
      prio,
      () => {
        this.callFunction(f, argv, snapshot, f.k === 'fn' ? f.node : f.node);
      },
      () => `${this.valuePrint(f, 3)}(${argv.map((a) => this.valuePrint(a, 1)).join(',')})`,
    );
  }

  /**
   * A callback's fingerprint: its function, and what its closure and arguments hold, compared by
   * structure to a small depth (a callback re-created by each run of a loop of callbacks prints the
   * same) and by identity for mutable values.
   */
  private valuePrint(v: Value, depth: number): string {
    switch (v.k) {
      case 'literal':
        return `L${typeof v.value}:${String(v.value)}`;
      case 'unknown':
      case 'process':
      case 'global':
      case 'server':
      case 'processStdin':
        return v.k;
      case 'processMethod':
        return `pm:${v.name}:${v.bound ?? false}`;
      case 'lib':
        return `lib:${v.lib}:${v.exp}`;
      case 'builtinModule':
        return `bm:${v.name}`;
      case 'fn':
        // Past the depth, only which function (a closure that refers to itself never bottoms out).
        if (depth <= 0) return `F${v.mod.file}#${v.node.pos}`;
        return `F${v.mod.file}#${v.node.pos}{${this.envPrint(v.env, depth - 1)}}${v.thisVal ? `this=${this.valuePrint(v.thisVal, depth - 1)}` : ''}`;
      case 'bound':
        return `B(${this.valuePrint(v.target, depth)})`;
      case 'rejected':
        return `R:${v.what}`;
      default:
        return `#${this.idOf(v)}`;
    }
  }

  private envPrint(env: Env, depth: number): string {
    const parts: string[] = [];
    // Up to the module scope (no parent), which is shared: its identity is enough.
    for (let e: Env | undefined = env; e; e = e.parent) {
      if (!e.parent || (this.printBudget -= e.own().size) < 0) {
        // Past the budget, identity: never equal to a fresh scope, so such a callback is never skipped.
        parts.push(`M${this.idOf(e)}`);
        break;
      }
      for (const [k, v] of e.own()) parts.push(`${k}=${this.valuePrint(v, depth - 1)}`);
      parts.push('|');
    }
    return parts.join(' ');
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = ++this.idSerial));
    return id;
  }

  private evalArgs(call: ts.CallExpression, ctx: Ctx): Value[] {
    return call.arguments.map((a) => this.evalExpr(a, ctx));
  }

  private evalCall(call: ts.CallExpression, ctx: Ctx): Value {
    const calleeExpr = skipOuter(call.expression);
    const sf = ctx.mod.sf;
    // import('./x'): the module is evaluated later (a promise), so its registrations are conditional.
    if (calleeExpr.kind === SyntaxKind.ImportKeyword) {
      const spec = staticString(call.arguments[0]);
      if (spec === undefined) {
        this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'import() of a computed path: the analysis cannot see what it loads' });
        return UNKNOWN;
      }
      if ((spec.startsWith('.') || spec.startsWith('/')) && call === this.awaitedCall) {
        // `await import('./x')`: the module is evaluated before the code after the await runs.
        return this.moduleValue(ctx.mod, spec, call, ctx);
      }
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const from = ctx.mod;
        const sub = { ...ctx, deferred: true, cond: weaker(ctx.cond) };
        this.enqueue(PRIO_MICROTASK, () => void this.moduleValue(from, spec, call, sub));
      }
      return UNKNOWN;
    }
    if (isIdentifier(calleeExpr)) {
      const name = calleeExpr.text;
      const bound = ctx.env.lookup(name);
      if (!bound) {
        if (name === 'require') {
          const spec = staticString(call.arguments[0]);
          if (spec === undefined) {
            this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'require() of a computed path: the analysis cannot see what it loads' });
            return UNKNOWN;
          }
          return this.moduleValue(ctx.mod, spec, call, ctx);
        }
        if (name === 'eval') {
          this.evalArgs(call, ctx);
          this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'eval() runs code the analysis cannot see' });
          return UNKNOWN;
        }
        if (name === 'Function') this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'Function(...) runs code the analysis cannot see' });
        if (name === 'setTimeout' || name === 'setImmediate' || name === 'queueMicrotask' || name === 'setInterval') {
          const argv = this.evalArgs(call, ctx);
          if (name === 'setInterval' && !ctx.deferred) this.markRunsUntilStopped(ctx, call);
          if (argv[0]) this.defer(argv[0], argv.slice(2), ctx, name === 'queueMicrotask' ? PRIO_MICROTASK : PRIO_MACROTASK);
          return UNKNOWN;
        }
      }
    }
    // Receiver-based calls: process.on(...), stack.defer(...), server.listen(...), f.bind(...).
    if (isPropertyAccessExpression(calleeExpr) && isIdentifier(calleeExpr.expression) && calleeExpr.expression.text === 'Object' && !ctx.env.has('Object') && /^(entries|keys|values)$/.test(calleeExpr.name.text)) {
      // Object.entries({ exit() {}, SIGINT() {} }): keys and values of a known object, in order.
      const o = call.arguments[0] ? this.evalExpr(call.arguments[0], ctx) : UNKNOWN;
      if (o.k !== 'object' || o.isMap) return UNKNOWN;
      const m = calleeExpr.name.text;
      const items: Value[] = [...o.props].map(([k, v]) => (m === 'keys' ? { k: 'literal', value: k } : m === 'values' ? v : { k: 'array', items: [{ k: 'literal', value: k }, v] }));
      return { k: 'array', items };
    }
    if (isPropertyAccessExpression(calleeExpr) && isIdentifier(calleeExpr.expression) && calleeExpr.expression.text === 'Promise' && calleeExpr.name.text === 'reject' && !ctx.env.has('Promise')) {
      this.evalArgs(call, ctx);
      return { k: 'rejected', what: 'Promise.reject()' };
    }
    if (isPropertyAccessExpression(calleeExpr) || isElementAccessExpression(calleeExpr)) {
      const recv = this.evalExpr(calleeExpr.expression, ctx);
      const mname = isPropertyAccessExpression(calleeExpr) ? calleeExpr.name.text : (staticString(calleeExpr.argumentExpression) ?? symbolKey(calleeExpr.argumentExpression, sf));
      if (mname === undefined) {
        if (recv.k === 'process') {
          this.evalArgs(call, ctx);
          this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'a computed method of process: the analysis cannot tell what it registers or ends' });
        } else this.deferFnArgs(call, ctx);
        return UNKNOWN;
      }
      return this.methodCall(recv, mname, call, ctx);
    }
    const callee = this.evalExpr(calleeExpr, ctx);
    return this.callValue(callee, call, ctx);
  }

  /** Arguments of an unknown call: function arguments may be called now or later, or never. */
  private deferFnArgs(call: ts.CallExpression, ctx: Ctx): void {
    for (const v of this.evalArgs(call, ctx)) if (v.k === 'fn') this.defer(v, [], ctx);
  }

  private callValue(callee: Value, call: ts.CallExpression, ctx: Ctx): Value {
    switch (callee.k) {
      case 'processMethod':
        return this.processCall(callee.name, call, ctx, !callee.bound);
      case 'lib':
        return this.libCall(callee, call, ctx);
      case 'fn':
      case 'bound':
        return this.callFunction(callee, this.evalArgs(call, ctx), ctx, call);
      case 'remover':
        this.evalArgs(call, ctx);
        this.removerCall(callee, call, ctx);
        return UNKNOWN;
      default:
        this.deferFnArgs(call, ctx);
        return UNKNOWN;
    }
  }

  private methodCall(recv: Value, name: string, call: ts.CallExpression, ctx: Ctx): Value {
    switch (recv.k) {
      case 'process':
        return this.processCall(name, call, ctx, false);
      case 'processStdin':
        this.evalArgs(call, ctx);
        if ((name === 'resume' || name === 'on' || name === 'addListener') && !ctx.deferred) this.markRunsUntilStopped(ctx, call);
        return UNKNOWN;
      case 'dstack':
        return this.stackCall(recv, name, call, ctx);
      case 'lib':
        return this.libCall(this.getMember(recv, name) as Value & { k: 'lib' }, call, ctx);
      case 'builtinModule': {
        const argv = this.evalArgs(call, ctx);
        if (name === 'createServer' || name === 'Server') {
          if (argv[0]?.k === 'fn') this.defer(argv[0], [], ctx);
          if (argv[1]?.k === 'fn') this.defer(argv[1], [], ctx);
          return { k: 'server' };
        }
        if (name === 'createInterface' && (recv.name === 'readline' || recv.name === 'readline/promises')) {
          if (!ctx.deferred) this.markRunsUntilStopped(ctx, call);
          return UNKNOWN;
        }
        for (const a of argv) if (a.k === 'fn') this.defer(a, [], ctx);
        return UNKNOWN;
      }
      case 'rejected':
        if (name === 'catch' || name === 'then') {
          this.deferFnArgs(call, ctx);
          return name === 'then' && call.arguments.length < 2 ? recv : UNKNOWN;
        }
        if (name === 'finally') {
          this.deferFnArgs(call, ctx);
          return recv;
        }
        break;
      case 'fn':
        if (name === 'bind') {
          this.evalArgs(call, ctx);
          return { k: 'bound', target: recv, node: call };
        }
        if (name === 'call' || name === 'apply') {
          const argv = this.evalArgs(call, ctx);
          return this.callFunction(recv, name === 'call' ? argv.slice(1) : [], ctx, call, argv[0]);
        }
        break;
      case 'array':
        if (name === 'forEach' || name === 'map' || name === 'flatMap' || name === 'filter' || name === 'some' || name === 'every') {
          const argv = this.evalArgs(call, ctx);
          const f = argv[0];
          if (f && (f.k === 'fn' || f.k === 'bound')) {
            recv.items.slice(0, MAX_TRIP).forEach((item, i) => {
              this.callFunction(f, [item, { k: 'literal', value: i }, recv], { ...ctx, loop: { variables: f.k === 'fn' ? f.node.parameters.flatMap((p) => bindingNames(p.name)) : [], tripCount: recv.items.length } }, call);
            });
          }
          return UNKNOWN;
        }
        break;
      case 'object':
        if (recv.isMap && (name === 'set' || name === 'get' || name === 'delete')) {
          this.touch(); // decided on literal keys, and a Map is mutable state
          // A Map keyed by literals (removers kept by resource name).
          const argv = this.evalArgs(call, ctx);
          const key = argv[0]?.k === 'literal' ? String(argv[0].value) : undefined;
          if (name === 'set') {
            if (key !== undefined) recv.props.set(key, argv[1] ?? UNKNOWN);
            return recv;
          }
          if (name === 'get') return key !== undefined ? (recv.props.get(key) ?? UNKNOWN) : UNKNOWN;
          if (key !== undefined) recv.props.delete(key);
          return UNKNOWN;
        }
        {
          const m = this.getMember(recv, name);
          if (m.k !== 'unknown') return this.callValue(m, call, ctx);
        }
        break;
      case 'instance': {
        const m = this.getMember(recv, name);
        if (m.k !== 'unknown') return this.callValue(m, call, ctx);
        break;
      }
      case 'class': {
        const m = this.getMember(recv, name);
        if (m.k !== 'unknown') return this.callValue(m, call, ctx);
        break;
      }
      case 'remover':
        break;
      default:
        break;
    }
    if (recv.k === 'server' && name === 'close' && !ctx.deferred && ctx.cond === 'definite') {
      // The top-level code closes its own server: it no longer keeps the process alive.
      this.deferFnArgs(call, ctx);
      this.runsUntilStopped = false;
      this.touch();
      this.runsUntilStoppedAt = undefined;
      return UNKNOWN;
    }
    if (recv.k === 'processMethod' && (name === 'bind' || name === 'call') && call.arguments[0]) {
      const self = this.evalExpr(call.arguments[0], ctx);
      if (self.k === 'process') {
        // process.on.bind(process) / addListener.call(process, ...): the method with process as this.
        if (name === 'bind') return { k: 'processMethod', name: recv.name, bound: true };
        return this.processCall(recv.name, call, ctx, false, call.arguments.slice(1));
      }
    }
    // Servers and anything else listening on a port: the program runs until it is stopped.
    if (name === 'listen') {
      const argv = this.evalArgs(call, ctx);
      const looksLikePort = recv.k === 'server' || (call.arguments.length > 0 && (staticNumber(call.arguments[0]) !== undefined || argv.some((a) => a.k === 'fn') || isIdentifier(call.arguments[0]) || isPropertyAccessExpression(call.arguments[0])));
      if (looksLikePort && !ctx.deferred) this.markRunsUntilStopped(ctx, call);
      for (const a of argv) if (a.k === 'fn') this.defer(a, [], ctx);
      return recv.k === 'server' ? recv : UNKNOWN;
    }
    if (name === 'then' || name === 'catch' || name === 'finally') {
      for (const v of this.evalArgs(call, ctx)) if (v.k === 'fn') this.defer(v, [], ctx, PRIO_MICROTASK);
      return UNKNOWN;
    }
    this.deferFnArgs(call, ctx);
    return UNKNOWN;
  }

  // ---------------------------------------------------------------- process

  private processCall(name: string, call: ts.CallExpression, ctx: Ctx, detached: boolean, argsOverride?: readonly ts.Expression[]): Value {
    const args = argsOverride ?? call.arguments;
    const sf = ctx.mod.sf;
    if (name === '?') {
      this.evalArgs(call, ctx);
      return UNKNOWN;
    }
    if (LISTEN_METHODS.has(name) || REMOVE_METHODS.has(name)) {
      if (detached) {
        // EventEmitter methods need `this`; a destructured `on(...)` throws a TypeError (node 20: checked).
        this.evalArgs(call, ctx);
        this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: `${name}() called without process as its receiver throws a TypeError; nothing is registered` });
        return UNKNOWN;
      }
      // The event name as computed (a literal, or a variable bound to one: forEach over ['SIGINT', 'SIGTERM']).
      const evVal = args[0] ? this.evalExpr(args[0], ctx) : undefined;
      let ev = staticString(args[0]);
      if (ev === undefined && evVal?.k === 'literal') {
        this.touch(); // decided on a literal value
        if (typeof evVal.value === 'string') ev = evVal.value;
      }
      if (LISTEN_METHODS.has(name) && ev === undefined && args[0] && args[1]) {
        // `cond ? 'SIGBREAK' : 'SIGTERM'`: one conditional registration per possible event.
        const e0 = skipOuter(args[0]);
        const alts = isConditionalExpression(e0) ? [staticString(e0.whenTrue), staticString(e0.whenFalse)] : [];
        if (alts.length === 2 && alts.every((a) => a !== undefined)) {
          for (const alt of alts) {
            if (!isExitEvent(alt!)) continue;
            const { ref, value } = this.handlerRef(args[1], ctx);
            this.addRegistration(call, { ...ctx, cond: weaker(ctx.cond) }, `process:${alt}`, alt, ref, args[1], { prepend: name.startsWith('prepend'), once: name.endsWith('nce') || name === 'prependOnceListener', env: closureEnv(value) });
          }
          return PROCESS;
        }
      }
      if (args[0] && ev === undefined) {
        for (const a of args.slice(1)) this.evalExpr(a, ctx);
        this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: `process.${name}() with an event name the analysis cannot compute` });
        return PROCESS;
      }
      if (LISTEN_METHODS.has(name)) {
        if (!ev || !isExitEvent(ev) || !args[1]) {
          this.deferFnArgs(call, ctx);
          return PROCESS;
        }
        const { ref, value } = this.handlerRef(args[1], ctx);
        this.addRegistration(call, ctx, `process:${ev}`, ev, ref, args[1], { prepend: name.startsWith('prepend'), once: name.endsWith('nce') || name === 'prependOnceListener', env: closureEnv(value) });
        return PROCESS;
      }
      // Removals.
      if (name === 'removeAllListeners') {
        this.addRemoval(call, ctx, ev ? `process:${ev}` : 'process:*', ev, 'all', false, this.liveRegs((r) => r.mechanism.startsWith('process:') && (!ev || r.event === ev)));
        return PROCESS;
      }
      if (!ev || !args[1]) return PROCESS;
      const { ref } = this.handlerRef(args[1], ctx);
      const removes = ref.identity === undefined ? [] : this.liveRegs((r) => r.mechanism === `process:${ev}` && r.handler.identity === ref.identity);
      this.addRemoval(call, ctx, `process:${ev}`, ev, ref, false, removes.length ? [removes[removes.length - 1]] : []);
      return PROCESS;
    }
    switch (name) {
      case 'exit': {
        this.evalArgs(call, ctx);
        this.exitCall(ctx, call, 'exit', 'process.exit', staticNumber(args[0]));
        return UNKNOWN;
      }
      case 'abort':
        this.exitCall(ctx, call, 'hard-exit', 'process.abort', undefined);
        return UNKNOWN;
      case 'reallyExit':
        this.evalArgs(call, ctx);
        this.exitCall(ctx, call, 'hard-exit', 'process.reallyExit', staticNumber(args[0]));
        return UNKNOWN;
      case 'kill': {
        this.evalArgs(call, ctx);
        const self = args[0] && /^(process\.pid|pid)$/.test(args[0].getText(sf).replace(/\s/g, ''));
        const sig = staticString(args[1]) ?? staticNumber(args[1]);
        if (self && (sig === 'SIGKILL' || sig === 9)) this.exitCall(ctx, call, 'hard-exit', 'process.kill', undefined);
        else if (self) this.unknowns.push({ location: locationOf(ctx.mod.file, sf, call), reason: 'the process signals itself: which handlers run depends on when the signal arrives' });
        return UNKNOWN;
      }
      case 'nextTick': {
        const argv = this.evalArgs(call, ctx);
        if (argv[0]) this.defer(argv[0], argv.slice(1), ctx, PRIO_TICK);
        return UNKNOWN;
      }
      default:
        this.deferFnArgs(call, ctx);
        return UNKNOWN;
    }
  }

  /** Registrations in effect now (executed, not removed on every path) matching `pred`. */
  private liveRegs(pred: (r: Registration) => boolean): number[] {
    const removed = new Set<number>();
    for (const r of this.removals) if (r.certainty === 'definite') for (const id of r.removes) removed.add(id);
    return this.registrations.filter((r) => pred(r) && !removed.has(r.id)).map((r) => r.id);
  }

  private exitCall(ctx: Ctx, at: ts.Node, kind: ExitKind, callee: string, code: number | undefined): void {
    const certainty: Certainty = ctx.deferred ? 'conditional' : ctx.cond;
    const call: ExitCall = {
      location: locationOf(ctx.mod.file, ctx.mod.sf, at),
      kind,
      callee,
      code,
      certainty,
      context: ctx.fnDepth > 0 || ctx.deferred ? 'function' : 'main',
      node: at,
    };
    this.exitCalls.push(call);
    if (kind === 'throw' && ctx.inTry) return; // caught
    if (certainty === 'definite') {
      this.stop = call;
      this.halted = true;
      this.computeUnwind();
    } else if (!ctx.deferred || kind !== 'throw') this.conditionalEnds.push(call);
  }

  private rejection(ctx: Ctx, at: ts.Node, what: string): void {
    const certainty: Certainty = ctx.deferred ? 'conditional' : ctx.cond;
    const call: ExitCall = { location: locationOf(ctx.mod.file, ctx.mod.sf, at), kind: 'throw', callee: `unhandled rejection of ${what}`, certainty, context: ctx.fnDepth > 0 || ctx.deferred ? 'function' : 'main', node: at };
    this.exitCalls.push(call);
    // The rest of the script still runs: the rejection is reported after it.
    if (certainty === 'definite' && !this.rejectionEnd) this.rejectionEnd = call;
    else this.conditionalEnds.push(call);
  }

  // ---------------------------------------------------------------- libraries

  private libCall(f: Value & { k: 'lib' }, call: ts.CallExpression, ctx: Ctx): Value {
    if (f.k !== 'lib') {
      this.deferFnArgs(call, ctx);
      return UNKNOWN;
    }
    const info = LIBRARIES[f.lib];
    const exp = f.exp;
    const kind = info.exports[exp];
    const args = call.arguments;
    if (exp === '*') {
      this.evalArgs(call, ctx);
      this.unknowns.push({ location: locationOf(ctx.mod.file, ctx.mod.sf, call), reason: `${f.lib} exports an object, not a function: this call throws a TypeError (use its named export)` });
      return UNKNOWN;
    }
    if (!kind) {
      this.deferFnArgs(call, ctx);
      return UNKNOWN;
    }
    switch (kind) {
      case 'ignore':
        this.evalArgs(call, ctx);
        return UNKNOWN;
      case 'graceful-exit':
        this.evalArgs(call, ctx);
        this.exitCall(ctx, call, 'exit', 'gracefulExit', staticNumber(args[0]));
        return UNKNOWN;
      case 'uninstall-all': {
        const regs = this.liveRegs((r) => r.mechanism === f.lib);
        this.addRemoval(call, ctx, f.lib, undefined, 'all', true, regs);
        return UNKNOWN;
      }
      default:
        break;
    }
    // death(options) returns the registrar, and changes the module's one default config: every
    // later call, through any reference, listens on those events (death@1.1.0 lib/death.js).
    if (f.lib === 'death' && args[0] && isObjectLiteralExpression(skipOuter(args[0]))) {
      const obj = this.evalExpr(args[0], ctx);
      if (obj.k === 'object') for (const [k, v] of obj.props) if (v.k === 'literal' && k !== 'debug' && k !== 'DEBUG') this.deathConfig[k] = !!v.value;
      return { k: 'lib', lib: 'death', exp: 'default' };
    }
    // The handler is the function argument (close-with-grace takes options first).
    let hIdx = f.lib === 'close-with-grace' ? args.length - 1 : 0;
    if (hIdx < 0 || !args[hIdx]) {
      this.evalArgs(call, ctx);
      return UNKNOWN;
    }
    const argv = this.evalArgs(call, ctx);
    const { ref, value } = this.handlerRef(args[hIdx], ctx, argv[hIdx]);
    const opts = f.lib === 'close-with-grace' ? argv[0] : argv[1];
    const id = this.addRegistration(call, ctx, f.lib, undefined, ref, args[hIdx], { env: closureEnv(value) });
    const reg = this.registrations[id - 1];
    if (kind === 'hook-async') this.asyncHooks.add(id);
    if (kind === 'error-hook') reg.event = 'uncaughtException';
    if (kind === 'rejection-hook') reg.event = 'unhandledRejection';
    if (f.lib === 'signal-exit' && opts?.k === 'object') {
      const al = opts.props.get('alwaysLast');
      if (al?.k === 'literal' && al.value) this.alwaysLast.add(id);
      else if (al && al.k !== 'literal') this.unknowns.push({ location: locationOf(ctx.mod.file, ctx.mod.sf, call), reason: 'onExit alwaysLast is not a constant' });
    }
    if (f.lib === 'death') {
      this.deathEvents.set(id, Object.entries(this.deathConfig).filter(([, on]) => on).map(([k]) => k));
    }
    if (f.lib === 'close-with-grace') {
      return { k: 'object', props: new Map<string, Value>([['uninstall', { k: 'remover', regs: [id], lib: f.lib }]]) };
    }
    if (f.lib === 'exit-hook' || f.lib === 'signal-exit' || f.lib === 'death') return { k: 'remover', regs: [id], lib: f.lib };
    return UNKNOWN;
  }

  private removerCall(r: Value & { k: 'remover' }, call: ts.CallExpression, ctx: Ctx): void {
    const regs = this.liveRegs((x) => r.regs.includes(x.id));
    const target = r.regs.length === 1 ? this.registrations[r.regs[0] - 1].handler : 'all';
    this.addRemoval(call, ctx, r.lib === 'process' ? 'process:*' : r.lib, undefined, target, true, regs);
  }

  // ---------------------------------------------------------------- records

  /** What was passed as a handler: its display name, form, definition and identity. */
  private handlerRef(expr: ts.Expression, ctx: Ctx, pre?: Value): { ref: HandlerRef; value: Value } {
    const e = skipOuter(expr);
    const sf = ctx.mod.sf;
    const v = pre ?? this.evalExpr(e, ctx);
    const defOf = (f: Value & { k: 'fn' }): Partial<HandlerRef> => ({
      definition: locationOf(f.mod.file, f.mod.sf, f.node),
      isAsync: !!f.node.modifiers?.some((m) => m.kind === SyntaxKind.AsyncKeyword),
      arity: fnLength(f.node),
      node: f.node,
    });
    if (isArrowFunction(e) || isFunctionExpression(e)) {
      const f = v as Value & { k: 'fn' };
      const name = isFunctionExpression(e) && e.name ? e.name.text : isArrowFunction(e) ? '<arrow>' : '<function>';
      return { ref: { name, form: 'arrow', isAsync: false, ...defOf(f) }, value: v };
    }
    const text = shortText(sf, e);
    if (v.k === 'bound') {
      const t = v.target;
      return { ref: { name: text, form: 'bound', isAsync: false, ...(t.k === 'fn' ? defOf(t) : {}) }, value: v };
    }
    if (v.k === 'fn') {
      const form = isPropertyAccessExpression(e) || isElementAccessExpression(e) ? 'method' : 'function';
      return { ref: { name: text, form, isAsync: false, ...defOf(v), identity: v.key }, value: v };
    }
    if (isPropertyAccessExpression(e) && /^(console|process\.(stdout|stderr))\./.test(text)) {
      return { ref: { name: text, form: 'builtin', isAsync: false, identity: `builtin:${text}` }, value: v };
    }
    // Unresolved: still the same object every time this name is read.
    const identity = isIdentifier(e) || isPropertyAccessExpression(e) ? `name:${ctx.mod.file}:${text}` : undefined;
    return { ref: { name: text, form: 'unknown', isAsync: false, identity, endsProcess: { when: 'unknown' } }, value: v };
  }

  private addRegistration(
    at: ts.Node,
    ctx: Ctx,
    mechanism: string,
    event: string | undefined,
    handler: HandlerRef,
    handlerExpr: ts.Expression | undefined,
    extra: { prepend?: boolean; once?: boolean; env?: Env } = {},
  ): number {
    const id = this.registrations.length + 1;
    const certainty: Certainty = ctx.deferred ? weaker(ctx.cond) : ctx.cond;
    const reg: Registration = {
      id,
      location: locationOf(ctx.mod.file, ctx.mod.sf, at),
      mechanism,
      event,
      handler,
      certainty,
      context: 'main',
      node: at,
    };
    if (extra.prepend) reg.prepend = true;
    if (extra.once) reg.once = true;
    if (ctx.loop) {
      const vars = ctx.loop.variables;
      const captures = !!handlerExpr && vars.length > 0 && (isArrowFunction(skipOuter(handlerExpr)) || isFunctionExpression(skipOuter(handlerExpr))) && mentions(skipOuter(handlerExpr), vars);
      reg.loop = { variables: vars, tripCount: ctx.loop.tripCount, capturesLoopVariable: captures, boundByDefault: false };
    }
    if (ctx.deferred) this.deferredRegs.add(id);
    this.registrations.push(reg);
    this.ops.push({ kind: 'reg', id });
    if (mechanism in LIBRARIES) {
      const list = this.libRegs.get(mechanism as LibName) ?? [];
      list.push(id);
      this.libRegs.set(mechanism as LibName, list);
    }
    // How the handler ends the process (signal semantics hang on it), and the exits inside it.
    const node = handler.node as FunctionNode | undefined;
    if (node && isFunctionNode(node)) {
      const fval = handler.form === 'arrow' ? undefined : undefined;
      void fval;
      const b = exitBehaviour(node, handler.definition?.file ?? ctx.mod.file, this.syntax.get(handler.definition?.file ?? ctx.mod.file) ?? ctx.mod.sf, extra.env ?? ctx.env);
      this.behaviour.set(id, b);
      handler.endsProcess = b.when === 'never' ? { when: 'never' } : { when: b.when, kind: b.kind };
      for (const x of b.exits) this.exitCalls.push({ ...x, context: 'handler', handlerOf: id });
    } else if (!handler.endsProcess && handler.form !== 'disposable') {
      handler.endsProcess = { when: handler.form === 'builtin' ? 'never' : 'unknown' };
    }
    return id;
  }

  private addRemoval(at: ts.Node, ctx: Ctx, mechanism: string, event: string | undefined, target: HandlerRef | 'all', viaReturnedRemover: boolean, removes: number[]): void {
    const id = this.removals.length + 1;
    const rem: Removal = {
      id,
      location: locationOf(ctx.mod.file, ctx.mod.sf, at),
      mechanism,
      event,
      target,
      certainty: ctx.deferred ? weaker(ctx.cond) : ctx.cond,
      removes,
      node: at,
    };
    if (viaReturnedRemover) rem.viaReturnedRemover = true;
    this.removals.push(rem);
    this.ops.push({ kind: 'rem', id });
  }
}

// ---------------------------------------------------------------- helpers

/** The scope a handler's body resolves its names in (its closure), when known. */
function closureEnv(v: Value): Env | undefined {
  if (v.k === 'fn') return v.env;
  if (v.k === 'bound' && v.target.k === 'fn') return v.target.env;
  return undefined;
}

export function weaker(c: Certainty): Certainty {
  return c === 'definite' ? 'conditional' : c;
}

function hasExportModifier(s: ts.Statement): boolean {
  return !!(ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === SyntaxKind.ExportKeyword));
}

export function bindingNames(n: ts.BindingName): string[] {
  if (isIdentifier(n)) return [n.text];
  const out: string[] = [];
  for (const el of n.elements) if (!isOmittedExpression(el)) out.push(...bindingNames(el.name));
  return out;
}

/** `Function.length`: parameters before the first default or rest parameter. */
function fnLength(f: FunctionNode): number {
  let n = 0;
  for (const p of f.parameters) {
    if (p.initializer || p.dotDotDotToken) break;
    if (isIdentifier(p.name) && p.name.text === 'this') continue;
    n++;
  }
  return n;
}

/** `[Symbol.dispose]` as a key. */
function symbolKey(e: ts.Expression, sf: ts.SourceFile): string | undefined {
  const t = e.getText(sf).replace(/\s/g, '');
  return t === 'Symbol.dispose' || t === 'Symbol.asyncDispose' ? t : undefined;
}

/** `for (let i = 0; i < N; i++)` with literal bounds: its trip count. */
function countedTrips(s: ts.ForStatement): number | undefined {
  const init = s.initializer;
  if (!init || !isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const d = init.declarations[0];
  if (!isIdentifier(d.name)) return undefined;
  const start = staticNumber(d.initializer);
  const cond = s.condition && skipOuter(s.condition);
  if (start === undefined || !cond || !isBinaryExpression(cond) || !isIdentifier(cond.left) || cond.left.text !== d.name.text) return undefined;
  const end = staticNumber(cond.right);
  if (end === undefined) return undefined;
  const inc = s.incrementor && skipOuter(s.incrementor);
  if (!inc) return undefined;
  const isInc = (isPostfixUnaryExpression(inc) || isPrefixUnaryExpression(inc)) && inc.operator === SyntaxKind.PlusPlusToken;
  if (!isInc) return undefined;
  const op = cond.operatorToken.kind;
  const n = op === SyntaxKind.LessThanToken ? end - start : op === SyntaxKind.LessThanEqualsToken ? end - start + 1 : undefined;
  if (n === undefined || !Number.isInteger(n)) return undefined;
  if (hasBreak(s.statement)) return undefined;
  return Math.max(0, n);
}

/** A break/return/throw that can leave this loop body (not counting nested functions or inner loops' breaks). */
function hasBreak(body: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node, inInnerLoop: boolean): void => {
    if (found || isFunctionNode(n) || isClassLike(n)) return;
    if (isBreakStatement(n) && (!inInnerLoop || n.label)) found = true;
    else if (isReturnStatement(n)) found = true;
    else if (isIterationStatement(n, false) || isSwitchStatement(n)) ts.forEachChild(n, (c) => visit(c, true));
    else ts.forEachChild(n, (c) => visit(c, inInnerLoop));
  };
  visit(body, false);
  return found;
}

/** An `await` in this statement itself (not in a function nested in it). */
function containsAwait(n: ts.Node): boolean {
  let hit = false;
  const visit = (c: ts.Node): void => {
    if (hit || isFunctionNode(c) || isClassLike(c)) return;
    if (isAwaitExpression(c) || (isForOfStatement(c) && !!c.awaitModifier)) hit = true;
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return hit;
}

function mentions(n: ts.Node, names: string[]): boolean {
  let hit = false;
  const visit = (c: ts.Node): void => {
    if (hit) return;
    if (isIdentifier(c) && names.includes(c.text)) hit = true;
    else ts.forEachChild(c, visit);
  };
  visit(n);
  return hit;
}
