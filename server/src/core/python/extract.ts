// Abstract execution of a Python program's top-level code: walks the entry module statement by
// statement the way CPython runs it (imports executed at the import statement on first import,
// helper calls followed, classes instantiated, loops unrolled when the trip count is known) and
// records every registration, removal, exit call and scope it passes, plus the state the plan
// needs at the stopping point. It never executes user code and never throws on bad input.
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalyzeOptions, PythonStartMethod, SourceHost } from '../host';
import type {
  Certainty, ExitKind, HandlerForm, HandlerRef, Location, Registration, Removal, Scope, Unknown, ExecutionRecords,
} from '../model';
import { funcEnds, valueEnds } from './ends';
import { dirnameOf, ModuleResolver } from './imports';
import { locationOf } from './positions';
import { isStdlib } from './stdlib';
import {
  builtin, canonicalStd, children, clearSyntaxCache, exceptCatches, field, exitCallShape, intLiteral, isAsyncDef, named, parameterNames, raiseShape,
  resolveStatic, statements, stringLiteral,
} from './syntax';
import {
  classAttr, classHasStdBase, lookup, NONE, UNKNOWN, weaker, type ClassInfo, type Env, type FinState, type FuncInfo, type Instance,
  type ModuleState, type StackState, type ThreadRec, type Value,
} from './values';

/** Where the top-level code stops (the stopping point of the brief's scenario semantics). */
export interface EndPoint {
  kind: ExitKind | 'block';
  location: Location;
  callee: string;
  /** The exit call or statement as written (shortened), for messages. */
  display: string;
  code?: number;
  /** Scopes (ExitStack `with` blocks) open at the stopping point, outermost first. */
  openStacks: StackState[];
  /** For blocks: the blocking construct. `pause` returns after a signal handler runs. */
  blockKind?: 'loop' | 'pause' | 'serve';
  /** A try around the stopping point whose except clause catches KeyboardInterrupt. */
  keyboardInterruptCaughtAt?: Location;
  /** The program ended by signalling itself: this signal handler ran first. */
  viaSignal?: Registration;
}

export type AtexitSlot = { reg: Registration } | { finalizeSlot: true; certainty: Certainty; location: Location };

export interface SignalState {
  signal: string;
  /**
   * handler: a Python function; ignore/default: SIG_IGN/SIG_DFL; raise: signal.default_int_handler
   * (raises KeyboardInterrupt); external: a handler the harness does not see as a signal.signal
   * handler (asyncio loop.add_signal_handler) — it may end the program, or not.
   */
  kind: 'handler' | 'ignore' | 'default' | 'raise' | 'external';
  reg?: Registration;
  location: Location;
  certainty: Certainty;
}

/** Something that ran before the stopping point (a closed ExitStack scope, a finalizer whose object died). */
export interface EarlyRun {
  reg: Registration;
  certainty: Certainty;
}

export interface ChildInfo {
  processAt: Location;
  target: string;
  startMethod: PythonStartMethod;
}

export interface ThreadStart {
  location: Location;
  daemon: boolean | 'unknown';
  target?: string;
}

export interface Execution extends ExecutionRecords {
  trees: Map<string, Tree>;
  atexit: AtexitSlot[];
  finalizers: FinState[];
  stacks: StackState[];
  early: EarlyRun[];
  signals: Map<string, SignalState>;
  /** Signal registrations replaced by a later signal.signal for the same signal. */
  replaced: Map<number, Location>;
  /** Registrations taken away by a removal: id -> removal. */
  removedBy: Map<number, Removal>;
  children: Map<number, ChildInfo>;
  threads: ThreadStart[];
  end?: EndPoint;
  runsUntilStopped: boolean;
  runsUntilStoppedAt?: Location;
  /** Registrations whose handler the analysis cannot see through (unresolved import, dynamic). */
  incomplete: Location[];
  /** ExitStack registrations that the stack awaits (AsyncExitStack.push_async_callback & co). */
  awaited: Set<number>;
  /** atexit registrations of an ExitStack's close(): that stack's callbacks run inside them. */
  closers: Map<number, StackState>;
  /** atexit registrations dropped by atexit._run_exitfuncs()/_clear(): id -> that call. */
  cleared: Map<number, Location>;
}

interface LoopCtx {
  variables: string[];
  tripCount?: number;
}

interface Frame {
  mod: ModuleState;
  env: Env;
  certainty: Certainty;
  context: 'main' | 'child-process' | 'thread';
  child?: ChildInfo;
  fn?: FuncInfo;
  self?: Instance;
  loops: LoopCtx[];
  /** Enclosing try statements (innermost last) with what their except clauses catch. */
  tries: { node: Node; catchesKI: boolean; catchesExit: boolean; catchesOther: boolean | 'maybe' }[];
  /** Call depth, for the recursion guard. */
  depth: number;
  /** Function definitions being executed (recursion guard). */
  active: Set<Node['id']>;
}

type Flow =
  | undefined
  | { t: 'return'; value: Value }
  | { t: 'break' }
  | { t: 'continue' }
  | { t: 'raise'; kind: ExitKind } // ends this path (conditional exit/raise, or inside a child/thread)
  | { t: 'end' }; // the program stopped here on every path (Execution.end is set)

const MAX_DEPTH = 40;
const MAX_TRIP = 1000;
const MAX_STEPS = 200_000;
const MAX_FILES = 100;
const MAX_NESTING = 400;

interface Arg {
  node: Node;
  value: Value;
}

interface Args {
  pos: Arg[];
  kw: Map<string, Arg>;
  splat: boolean;
}

export class Interpreter {
  readonly out: Execution = {
    registrations: [], removals: [], exitCalls: [], scopes: [], unknowns: [], parseErrors: [], files: [], trees: new Map(),
    atexit: [], finalizers: [], stacks: [], early: [], signals: new Map(), replaced: new Map(), removedBy: new Map(),
    children: new Map(), threads: [], runsUntilStopped: false, incomplete: [], awaited: new Set(), closers: new Map(), cleared: new Map(),
  };
  private readonly modules = new Map<string, ModuleState>();
  /** Per-(path, text) facts of each loaded tree, shared with later analyses of the same text. */
  private readonly memos = new Map<string, Record<string, unknown>>();
  /** Source text of each loaded module (cheap text checks instead of tree walks). */
  private readonly texts = new Map<string, string>();
  /** The same, for modules without syntax errors (where a line's text tells its statement). */
  private readonly cleanTexts = new Map<string, string>();
  private readonly resolver: ModuleResolver;
  private startMethod: PythonStartMethod;
  private nextId = 1;
  private steps = 0;
  private openStacks: StackState[] = [];
  private finalizeSlotTaken = false;
  /** Exit calls already recorded from execution (by file:offset), so the syntactic sweep skips them. */
  private readonly seenExits = new Set<string>();
  /** Function definitions registered as handlers (def node id -> registration), for exit-call context. */
  readonly handlerDefs = new Map<string, Registration>();

  constructor(
    private readonly parse: (file: string, text: string) => { tree: Tree; memo: Record<string, unknown> } | null,
    private readonly host: SourceHost,
    options: AnalyzeOptions,
    entryFile: string,
  ) {
    this.resolver = new ModuleResolver(host, dirnameOf(entryFile));
    this.startMethod = options.python?.startMethod ?? 'fork';
  }

  run(file: string, text: string): Execution {
    clearSyntaxCache();
    try {
      const mod = this.load(file, text, '__main__', true, false);
      if (mod) this.execModule(mod, 'definite');
      this.sweepExitCalls();
    } finally {
      clearSyntaxCache();
    }
    return this.out;
  }

  // ---------------------------------------------------------------- modules

  private load(file: string, text: string, name: string, isMain: boolean, isPackage: boolean): ModuleState | undefined {
    let tree: Tree | null = null;
    try {
      const parsed = this.parse(file, text);
      if (parsed) this.memos.set(file, parsed.memo);
      tree = parsed?.tree ?? null;
    } catch {
      tree = null;
    }
    if (!tree) {
      this.out.parseErrors.push({ location: { file, range: zeroRange() }, message: 'the file could not be parsed' });
      return undefined;
    }
    this.out.files.push(file);
    this.out.trees.set(file, tree);
    this.texts.set(file, text);
    if (!tree.rootNode.hasError) this.cleanTexts.set(file, text);
    this.collectParseErrors(file, tree.rootNode);
    const mod: ModuleState = { file, name, isMain, isPackage, tree, env: { vars: new Map() }, done: false };
    mod.env.vars.set('__name__', { k: 'str', s: name });
    this.modules.set(file, mod);
    return mod;
  }

  private collectParseErrors(file: string, root: Node): void {
    if (!root.hasError) return;
    const stack: Node[] = [root];
    let count = 0;
    while (stack.length && count < 50) {
      const n = stack.pop()!;
      if (n.isMissing) {
        count++;
        this.out.parseErrors.push({ location: locationOf(file, n), message: `missing ${n.type}` });
        continue;
      }
      if (n.isError) {
        count++;
        const snippet = n.text.split('\n')[0]!.slice(0, 40);
        this.out.parseErrors.push({ location: locationOf(file, n), message: `unexpected ${JSON.stringify(snippet)}` });
        continue;
      }
      if (!n.hasError) continue;
      const kids = children(n);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }

  private execModule(mod: ModuleState, certainty: Certainty, context: Frame['context'] = 'main'): Flow {
    const frame: Frame = { mod, env: mod.env, certainty, context, loops: [], tries: [], depth: 0, active: new Set() };
    const flow = this.execBlock(statements(mod.tree.rootNode), frame);
    mod.done = true;
    return flow?.t === 'end' ? flow : undefined;
  }

  /** `import a.b.c` / `from .x import y`: loads (once) and returns the module, or undefined when not in the workspace. */
  private importModule(dotted: string, level: number, frame: Frame): { mod?: ModuleState; flow: Flow } {
    const parts = dotted.split('.').filter(Boolean);
    // Importing a.b.c imports a, then a.b, then a.b.c (each package's __init__ first).
    let mod: ModuleState | undefined;
    let flow: Flow;
    const upto = level > 0 ? [dotted] : parts.map((_, i) => parts.slice(0, i + 1).join('.'));
    for (const name of upto) {
      const res = this.resolver.resolve(name, level, frame.mod.file);
      if (!res) return { mod: undefined, flow };
      const existing = this.modules.get(res.file);
      if (existing) {
        mod = existing;
        continue;
      }
      if (this.out.files.length >= MAX_FILES) {
        // An import graph this large is not followed further (editor latency); say so.
        if (!this.filesNoted) {
          this.filesNoted = true;
          this.out.unknowns.push({ location: { file: frame.mod.file, range: zeroRange() }, reason: `more than ${MAX_FILES} workspace modules are imported; the rest are not followed` });
          this.out.incomplete.push({ file: frame.mod.file, range: zeroRange() });
        }
        return { mod: undefined, flow };
      }
      const loaded = this.load(res.file, res.text, res.name || dotted || res.file, false, res.isPackage);
      if (!loaded) return { mod: undefined, flow };
      mod = loaded;
      flow = this.execModule(loaded, frame.certainty, frame.context === 'child-process' ? 'child-process' : 'main');
      if (flow?.t === 'end') return { mod, flow };
    }
    return { mod, flow };
  }

  // ---------------------------------------------------------------- statements

  private execBlock(stmts: Node[], frame: Frame): Flow {
    for (const s of stmts) {
      const flow = this.execStmt(s, frame);
      if (flow) return flow;
    }
    return undefined;
  }

  /** Runs a piece of code that executes only on some paths; what ends there makes the rest conditional. */
  private execConditional(stmts: Node[], frame: Frame, certainty: Certainty = 'conditional'): Flow {
    const sub: Frame = { ...frame, certainty: weaker(frame.certainty, certainty) };
    const exitsBefore = this.possibleExits;
    const flow = this.execBlock(stmts, sub);
    if ((flow && flow.t !== 'end') || this.possibleExits !== exitsBefore) frame.certainty = weaker(frame.certainty, 'conditional');
    return flow?.t === 'end' ? flow : flow?.t === 'break' || flow?.t === 'continue' ? flow : undefined;
  }

  /** Exits/raises met on some paths of the main flow and not caught: what follows them is conditional. */
  private possibleExits = 0;

  /**
   * Statements and expressions nested (through calls too) deeper than this are not followed:
   * thousands of brackets would exhaust the JS stack. CPython itself refuses 200 nested brackets.
   */
  private nesting = 0;
  private nestingNoted = false;

  private tooDeep(node: Node, frame: Frame): void {
    if (this.nestingNoted) return;
    this.nestingNoted = true;
    this.markIncomplete(node, frame, `the code is nested more than ${MAX_NESTING} levels deep here; what is inside is not followed`);
  }

  private execStmt(s: Node, frame: Frame): Flow {
    if (this.nesting >= MAX_NESTING) {
      this.tooDeep(s, frame);
      return undefined;
    }
    this.nesting++;
    try {
      return this.execStmtNode(s, frame);
    } finally {
      this.nesting--;
    }
  }

  private execStmtNode(s: Node, frame: Frame): Flow {
    this.steps++;
    switch (s.type) {
      case 'expression_statement':
        if (this.simpleAssignment(s, frame)) return undefined;
        for (const e of named(s)) {
          const flow = this.evalForFlow(e, frame);
          if (flow) return flow;
        }
        return undefined;
      case 'assignment':
      case 'augmented_assignment':
        return this.execAssignment(s, frame);
      case 'import_statement':
        return this.execImport(s, frame);
      case 'import_from_statement':
        return this.execImportFrom(s, frame);
      case 'future_import_statement':
        return undefined;
      case 'function_definition':
        this.defineFunction(s, [], frame);
        return undefined;
      case 'decorated_definition':
        return this.execDecorated(s, frame);
      case 'class_definition':
        return this.defineClass(s, [], frame);
      case 'if_statement':
        return this.execIf(s, frame);
      case 'for_statement':
        return this.execFor(s, frame);
      case 'while_statement':
        return this.execWhile(s, frame);
      case 'try_statement':
        return this.execTry(s, frame);
      case 'with_statement':
        return this.execWith(s, frame);
      case 'return_statement': {
        const e = named(s)[0];
        const value = e ? this.eval(e, frame) : NONE;
        if (this.pendingEnd) return this.takeEnd();
        return { t: 'return', value };
      }
      case 'raise_statement':
        return this.execRaise(s, frame);
      case 'break_statement':
        return { t: 'break' };
      case 'continue_statement':
        return { t: 'continue' };
      case 'global_statement':
      case 'nonlocal_statement':
        if (frame.env !== frame.mod.env) {
          frame.env.globals ??= new Set();
          for (const id of named(s)) frame.env.globals.add(id.text);
        }
        return undefined;
      case 'delete_statement':
        for (const t of named(s)) this.deleteTarget(t, frame);
        return undefined;
      case 'match_statement': {
        const subject = field(s, 'subject');
        if (subject) this.eval(subject, frame);
        for (const c of named(field(s, 'body'))) {
          const body = named(c).find((x) => x.type === 'block');
          const flow = this.execConditional(statements(body), frame);
          if (flow?.t === 'end') return flow;
        }
        return undefined;
      }
      case 'ERROR':
        // A statement torn by a syntax error: what parsed inside it still runs in order.
        return this.execBlock(named(s).filter((c) => /statement|definition|^call$/.test(c.type)), frame);
      default:
        for (const e of named(s)) if (isExpression(e)) this.eval(e, frame);
        return undefined;
    }
  }

  /**
   * `NAME = <int | plain string | None | True | False>` alone on its line, read from the source
   * text: the same binding eval would make, without asking WASM for the statement's children
   * (module-level constant tables are most of the statements of some files).
   */
  private simpleAssignment(s: Node, frame: Frame): boolean {
    const text = this.cleanTexts.get(frame.mod.file);
    if (text === undefined) return false;
    SIMPLE_ASSIGNMENT.lastIndex = s.startIndex;
    const m = SIMPLE_ASSIGNMENT.exec(text);
    if (!m) return false;
    const [, name, int, str, word] = m;
    let value: Value;
    if (int !== undefined) {
      const n = Number(int);
      value = { k: 'int', n: Number.isSafeInteger(n) ? n : 0 };
    } else if (str !== undefined) value = { k: 'str', s: str.slice(1, -1) };
    else value = word === 'None' ? NONE : { k: 'bool', b: word === 'True' };
    this.bind(name!, value, frame);
    this.lastAssigned = value;
    return true;
  }

  /** An exit reached while evaluating an expression is parked here and turned into a Flow by the statement. */
  private pendingEnd: Flow;

  private takeEnd(): Flow {
    const f = this.pendingEnd;
    this.pendingEnd = undefined;
    return f;
  }

  private evalForFlow(e: Node, frame: Frame): Flow {
    this.eval(e, frame);
    return this.takeEnd();
  }

  private execAssignment(s: Node, frame: Frame): Flow {
    const left = field(s, 'left');
    const right = field(s, 'right');
    if (s.type === 'augmented_assignment') {
      if (right) this.eval(right, frame);
      // `xs += [...]` changes what the name holds: its old static value no longer applies.
      if (left?.type === 'identifier') {
        const old = lookup(frame.env, left.text);
        if (old?.k === 'seq') old.escaped = true;
        else if (old?.k === 'int' || old?.k === 'str') this.bind(left.text, UNKNOWN, frame);
      }
      return this.takeEnd();
    }
    // a = b = value: nested assignment on the right
    let value: Value = UNKNOWN;
    if (right) value = right.type === 'assignment' ? (this.execAssignment(right, frame), this.lastAssigned) : this.eval(right, frame);
    const flow = this.takeEnd();
    if (flow) return flow;
    if (left) this.assign(left, value, frame);
    this.lastAssigned = value;
    return undefined;
  }

  private lastAssigned: Value = UNKNOWN;

  private assign(target: Node, value: Value, frame: Frame): void {
    switch (target.type) {
      case 'identifier':
        this.bind(target.text, value, frame);
        return;
      case 'attribute': {
        const obj = field(target, 'object');
        const attr = field(target, 'attribute')?.text;
        if (!obj || !attr) return;
        const o = this.eval(obj, frame);
        if (o.k === 'instance') o.inst.attrs.set(attr, value);
        else if (o.k === 'class') o.cls.attrs.set(attr, value);
        else if (o.k === 'module') o.mod.env.vars.set(attr, value);
        else if (o.k === 'finalizer' && attr === 'atexit') {
          // finalize.atexit = False: the finalizer no longer runs at exit (weakref docs).
          const off = value.k === 'bool' ? !value.b : value.k === 'none' || (value.k === 'int' && value.n === 0);
          if (off) {
            o.fin.atexit = false;
            o.fin.atexitOff = locationOf(frame.mod.file, target);
          }
        } else if (o.k === 'thread' && attr === 'daemon') {
          o.th.daemon = value.k === 'bool' ? value.b : 'unknown';
        }
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list': {
        const targets = named(target);
        const items = value.k === 'seq' && value.items.length === targets.length ? value.items : undefined;
        targets.forEach((t, i) => this.assign(t, items ? items[i]! : UNKNOWN, frame));
        return;
      }
      case 'subscript':
        for (const c of named(target)) this.eval(c, frame);
        return;
      default:
        return;
    }
  }

  private bind(name: string, value: Value, frame: Frame): void {
    if (frame.env.globals?.has(name)) frame.mod.env.vars.set(name, value);
    else frame.env.vars.set(name, value);
  }

  private deleteTarget(t: Node, frame: Frame): void {
    if (t.type === 'identifier') {
      const v = lookup(frame.env, t.text);
      frame.env.vars.delete(t.text);
      // `del obj` drops the last reference CPython knows of: a finalizer on it runs now (refcounting).
      if (v?.k === 'instance') this.collectGarbage(v.inst, frame, locationOf(frame.mod.file, t));
    }
  }

  // ---------------------------------------------------------------- imports

  private execImport(s: Node, frame: Frame): Flow {
    for (const item of named(s)) {
      const dotted = item.type === 'aliased_import' ? field(item, 'name')?.text : item.text;
      const alias = item.type === 'aliased_import' ? field(item, 'alias')?.text : undefined;
      if (!dotted) continue;
      const { mod, flow } = this.importModule(dotted, 0, frame);
      if (flow?.t === 'end') return flow;
      if (!mod) this.optionalImport(dotted, frame);
      const top = dotted.split('.')[0]!;
      if (alias) {
        this.bind(alias, mod ? { k: 'module', mod } : this.externalModule(dotted), frame);
      } else {
        // `import a.b` binds `a`.
        const topMod = mod ? [...this.modules.values()].find((m) => m.name === top) : undefined;
        this.bind(top, topMod ? { k: 'module', mod: topMod } : mod && top === dotted ? { k: 'module', mod } : this.externalModule(top), frame);
        if (mod && topMod && mod !== topMod) {
          const rest = dotted.split('.').slice(1);
          let m = topMod;
          for (let i = 0; i < rest.length - 1; i++) {
            const next = m.env.vars.get(rest[i]!);
            if (next?.k !== 'module') break;
            m = next.mod;
          }
          if (!m.env.vars.has(rest[rest.length - 1]!)) m.env.vars.set(rest[rest.length - 1]!, { k: 'module', mod });
        }
      }
    }
    return undefined;
  }

  /** Certainty before the first import in the current try body that may raise ImportError. */
  private importMayFail: Certainty | undefined;

  /**
   * `import x` of a module that is neither in the workspace nor in the standard library, inside a
   * try that catches ImportError: an optional dependency. The rest of the try body is conditional.
   */
  private optionalImport(dotted: string, frame: Frame): void {
    if (isStdlib(dotted) || !frame.tries.some((t) => t.catchesOther !== false)) return;
    this.importMayFail ??= frame.certainty;
    frame.certainty = weaker(frame.certainty, 'conditional');
  }

  private externalModule(dotted: string): Value {
    return isStdlib(dotted) ? { k: 'std', path: dotted } : { k: 'unknown', fromModule: dotted };
  }

  private execImportFrom(s: Node, frame: Frame): Flow {
    const modNode = field(s, 'module_name');
    if (!modNode) return undefined;
    let level = 0;
    let dotted = modNode.text;
    if (modNode.type === 'relative_import') {
      const prefix = named(modNode).find((c) => c.type === 'import_prefix');
      level = prefix ? prefix.text.length : 0;
      dotted = named(modNode).find((c) => c.type === 'dotted_name')?.text ?? '';
    }
    const { mod, flow } = this.importModule(dotted, level, frame);
    if (flow?.t === 'end') return flow;
    if (!mod && level === 0) this.optionalImport(dotted, frame);
    const items = s.childrenForFieldName('name').filter((c): c is Node => c !== null);
    if (named(s).some((c) => c.type === 'wildcard_import')) {
      if (mod) for (const [k, v] of mod.env.vars) if (!k.startsWith('_')) this.bind(k, v, frame);
      return undefined;
    }
    for (const item of items) {
      const name = item.type === 'aliased_import' ? field(item, 'name')?.text : item.text;
      const alias = item.type === 'aliased_import' ? field(item, 'alias')?.text : undefined;
      if (!name) continue;
      let value: Value | undefined;
      if (mod) {
        value = mod.env.vars.get(name);
        if (!value && mod.isPackage) {
          // `from pkg import sub` imports the submodule pkg/sub.py when pkg has no such attribute.
          const sub = this.importModule(level > 0 ? (dotted ? `${dotted}.${name}` : name) : `${dotted}.${name}`, level, frame);
          if (sub.flow?.t === 'end') return sub.flow;
          if (sub.mod) value = { k: 'module', mod: sub.mod };
        }
        value ??= UNKNOWN;
      } else if (level > 0) {
        value = { k: 'unknown', fromModule: '.'.repeat(level) + dotted };
      } else {
        value = isStdlib(dotted) ? { k: 'std', path: `${dotted}.${name}` } : { k: 'unknown', fromModule: dotted };
      }
      this.bind(alias ?? name, value, frame);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- definitions

  private defineFunction(def: Node, decorators: Node[], frame: Frame, cls?: ClassInfo): Value {
    const name = field(def, 'name')?.text ?? '<function>';
    const fn: FuncInfo = { name, node: def, mod: frame.mod, closure: frame.env, isAsync: isAsyncDef(def), cls };
    let value: Value = { k: 'func', fn };
    // Decorators apply bottom-up; @atexit.register registers the function and returns it unchanged.
    for (let i = decorators.length - 1; i >= 0; i--) {
      const dec = decorators[i]!;
      const expr = named(dec)[0];
      if (!expr) continue;
      const dv = this.eval(expr, frame);
      if (dv.k === 'std') {
        const p = canonicalStd(dv.path);
        if (p === 'atexit.register') {
          this.registerAtexit(dec, { node: def, value }, [], frame, 'decorator');
          continue;
        }
        if (p === 'builtins.staticmethod') fn.isStatic = true;
        continue;
      }
      if (dv.k === 'method' && dv.recv.k === 'stack' && dv.name === 'callback') {
        this.stackCallback(dv.recv.st, dec, { node: def, value }, frame, 'callback', 'decorator');
        continue;
      }
      if (dv.k === 'method' && dv.recv.k === 'stack' && dv.name === 'push') {
        this.stackCallback(dv.recv.st, dec, { node: def, value }, frame, 'push', 'decorator');
        continue;
      }
      // A user decorator (or decorator factory) runs now with the function; what it registers counts.
      if (dv.k === 'func' && !dv.fn.isAsync) {
        const out = this.callFunction(dv.fn, dv.self, { pos: [{ node: def, value }], kw: new Map(), splat: false }, frame, dec);
        if (out.k === 'func' || out.k === 'lambda' || out.k === 'partial') value = out;
        continue;
      }
      // Other decorators (functools.wraps, library decorators) are assumed to keep the function.
    }
    if (!cls) this.bind(name, value, frame);
    return value;
  }

  private execDecorated(s: Node, frame: Frame): Flow {
    const def = field(s, 'definition');
    const decorators = named(s).filter((c) => c.type === 'decorator');
    if (!def) return undefined;
    if (def.type === 'class_definition') return this.defineClass(def, decorators, frame);
    this.defineFunction(def, decorators, frame);
    return this.takeEnd();
  }

  private defineClass(def: Node, _decorators: Node[], frame: Frame): Flow {
    const name = field(def, 'name')?.text ?? '<class>';
    const cls: ClassInfo = { name, node: def, mod: frame.mod, attrs: new Map(), bases: [], stdBases: [] };
    for (const b of named(field(def, 'superclasses'))) {
      if (b.type === 'keyword_argument') continue;
      const v = this.eval(b, frame);
      if (v.k === 'class') cls.bases.push(v.cls);
      else if (v.k === 'std') cls.stdBases.push(canonicalStd(v.path));
    }
    // The class body runs now, in its own namespace; methods close over the enclosing scope, not the class.
    const classEnv: Env = { vars: cls.attrs, parent: frame.env };
    const bodyFrame: Frame = { ...frame, env: classEnv };
    for (const st of statements(field(def, 'body'))) {
      if (st.type === 'function_definition') {
        const v = this.defineFunction(st, [], { ...frame }, cls);
        cls.attrs.set(v.k === 'func' ? v.fn.name : '', v);
      } else if (st.type === 'decorated_definition' && field(st, 'definition')?.type === 'function_definition') {
        const fdef = field(st, 'definition')!;
        const v = this.defineFunction(fdef, named(st).filter((c) => c.type === 'decorator'), { ...frame }, cls);
        if (v.k === 'func') cls.attrs.set(v.fn.name, v);
      } else {
        const flow = this.execStmt(st, bodyFrame);
        if (flow?.t === 'end') return flow;
      }
    }
    this.bind(name, { k: 'class', cls }, frame);
    return undefined;
  }

  // ---------------------------------------------------------------- control flow

  /** Static truth of a condition: `__name__ == "__main__"` (true only in the entry file), literals, `not`. */
  private truth(cond: Node, frame: Frame): boolean | undefined {
    if (this.nesting >= MAX_NESTING) return undefined;
    this.nesting++;
    try {
      return this.truthOf(cond, frame);
    } finally {
      this.nesting--;
    }
  }

  private truthOf(cond: Node, frame: Frame): boolean | undefined {
    switch (cond.type) {
      case 'true':
        return true;
      case 'false':
      case 'none':
        return false;
      case 'integer':
        return intLiteral(cond) !== 0;
      case 'parenthesized_expression': {
        const inner = named(cond)[0];
        return inner ? this.truth(inner, frame) : undefined;
      }
      case 'not_operator': {
        const arg = field(cond, 'argument');
        const t = arg ? this.truth(arg, frame) : undefined;
        return t === undefined ? undefined : !t;
      }
      case 'comparison_operator': {
        const ops = children(cond).filter((c) => !c.isNamed).map((c) => c.type);
        const operands = named(cond);
        if (operands.length !== 2 || ops.length !== 1 || (ops[0] !== '==' && ops[0] !== '!=')) return undefined;
        const a = this.constValue(operands[0]!, frame);
        const b = this.constValue(operands[1]!, frame);
        if (a === undefined || b === undefined) return undefined;
        return ops[0] === '==' ? a === b : a !== b;
      }
      case 'identifier': {
        if (cond.text === 'TYPE_CHECKING') return false;
        const v = lookup(frame.env, cond.text);
        if (v?.k === 'bool') return frame.certainty === 'definite' ? v.b : undefined;
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private constValue(n: Node, frame: Frame): string | number | undefined {
    if (n.type === 'identifier' && n.text === '__name__') {
      const v = frame.mod.env.vars.get('__name__');
      return v?.k === 'str' ? v.s : undefined;
    }
    const s = stringLiteral(n);
    if (s !== undefined) return s;
    return intLiteral(n);
  }

  private execIf(s: Node, frame: Frame): Flow {
    const branches: { cond?: Node; body: Node[] }[] = [
      { cond: field(s, 'condition') ?? undefined, body: statements(field(s, 'consequence')) },
    ];
    for (const alt of s.childrenForFieldName('alternative')) {
      if (!alt) continue;
      if (alt.type === 'else_clause') branches.push({ body: statements(field(alt, 'body')) });
      else branches.push({ cond: field(alt, 'condition') ?? undefined, body: statements(field(alt, 'consequence')) });
    }
    let certain = true; // every earlier condition had a known value
    for (const b of branches) {
      let t: boolean | undefined = true;
      if (b.cond) {
        t = this.truth(b.cond, frame);
        if (t === undefined) {
          this.eval(b.cond, frame);
          const f = this.takeEnd();
          if (f) return f;
        }
      }
      if (t === false) continue;
      if (t === true && certain) return this.execBlock(b.body, frame);
      const flow = this.execConditional(b.body, frame);
      if (flow?.t === 'end') return flow;
      if (flow) return flow.t === 'break' || flow.t === 'continue' ? (frame.certainty = weaker(frame.certainty, 'conditional'), undefined) : undefined;
      if (t === true) return undefined; // `else` after unknown conditions, or a true condition after unknown ones
      certain = false;
    }
    return undefined;
  }

  /** Statically known iteration values (range(n), literal lists/tuples/strings), else undefined. */
  private iterationValues(iter: Node, frame: Frame): Value[] | undefined {
    if (iter.type === 'call') {
      const fn = field(iter, 'function');
      const v = fn ? this.eval(fn, frame) : undefined;
      if (v?.k === 'std' && (v.path === 'builtins.range' || v.path === 'builtins.enumerate' || v.path === 'builtins.reversed')) {
        const args = named(field(iter, 'arguments'));
        if (v.path === 'builtins.range') {
          const nums = args.map((a) => this.intValue(a, frame));
          if (nums.some((n) => n === undefined) || nums.length === 0 || nums.length > 3) return undefined;
          const [start, stop, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
          if (step === 0) return undefined;
          const out: Value[] = [];
          for (let i = start!; step! > 0 ? i < stop! : i > stop!; i += step!) {
            out.push({ k: 'int', n: i });
            if (out.length > MAX_TRIP) return undefined;
          }
          return out;
        }
        const inner = args[0] ? this.iterationValues(args[0], frame) : undefined;
        if (!inner) return undefined;
        if (v.path === 'builtins.reversed') return [...inner].reverse();
        return inner.map((x, i) => ({ k: 'seq', items: [{ k: 'int', n: i }, x] }));
      }
      return undefined;
    }
    if (iter.type === 'list' || iter.type === 'tuple' || iter.type === 'expression_list') {
      const items = named(iter);
      if (items.some((i) => i.type === 'list_splat')) return undefined;
      return items.map((i) => this.eval(i, frame));
    }
    if (iter.type === 'identifier') {
      // Only a sequence nobody could have changed since it was written (no append, not passed on).
      const v = lookup(frame.env, iter.text);
      if (v?.k === 'seq' && !v.escaped) return v.items;
    }
    const s = stringLiteral(iter);
    if (s !== undefined && !s.includes('\\')) return [...s].map((c) => ({ k: 'str', s: c }));
    return undefined;
  }

  private intValue(n: Node, frame: Frame): number | undefined {
    const lit = intLiteral(n);
    if (lit !== undefined) return lit;
    if (n.type === 'identifier') {
      const v = lookup(frame.env, n.text);
      if (v?.k === 'int') return v.n;
    }
    if (n.type === 'call') {
      const fn = field(n, 'function');
      const v = fn ? resolveStatic(fn, frame.env) : undefined;
      const arg = named(field(n, 'arguments'))[0];
      if (v?.k === 'std' && v.path === 'builtins.len' && arg) {
        const items = this.iterationValues(arg, frame);
        return items?.length;
      }
    }
    return undefined;
  }

  private loopVariables(left: Node | null): string[] {
    if (!left) return [];
    if (left.type === 'identifier') return [left.text];
    return named(left).flatMap((c) => this.loopVariables(c));
  }

  private execFor(s: Node, frame: Frame): Flow {
    const left = field(s, 'left');
    const right = field(s, 'right');
    const body = statements(field(s, 'body'));
    const elseBody = statements(field(field(s, 'alternative'), 'body'));
    const variables = this.loopVariables(left);
    const items = right && !this.overBudget(s, frame) ? this.iterationValues(right, frame) : undefined;
    if (items) {
      const loop: LoopCtx = { variables, tripCount: items.length };
      const inner: Frame = { ...frame, loops: [...frame.loops, loop] };
      let broke = false;
      for (const item of items) {
        if (left) this.assign(left, item, inner);
        const flow = this.execBlock(body, inner);
        if (flow?.t === 'break') {
          broke = true;
          break;
        }
        if (flow?.t === 'continue') continue;
        if (flow) {
          frame.certainty = inner.certainty;
          return flow;
        }
      }
      frame.certainty = inner.certainty;
      if (!broke) return this.execBlock(elseBody, frame);
      return undefined;
    }
    // Unknown trip count: the body runs zero or more times; one conditional pass stands for all.
    if (right) this.eval(right, frame);
    const f = this.takeEnd();
    if (f) return f;
    const inner: Frame = { ...frame, loops: [...frame.loops, { variables }] };
    if (left) this.assign(left, UNKNOWN, inner);
    const flow = this.execConditional(body, inner);
    if (inner.certainty !== 'definite') frame.certainty = weaker(frame.certainty, inner.certainty === 'unknown' ? 'unknown' : 'conditional');
    if (flow?.t === 'end') return flow;
    return this.execConditional(elseBody, frame);
  }

  private execWhile(s: Node, frame: Frame): Flow {
    const cond = field(s, 'condition');
    const body = statements(field(s, 'body'));
    const always = cond ? this.truth(cond, frame) : undefined;
    if (cond && always === undefined) this.eval(cond, frame);
    const f = this.takeEnd();
    if (f) return f;
    if (always === false) return this.execConditional(statements(field(field(s, 'alternative'), 'body')), frame);
    const inner: Frame = { ...frame, loops: [...frame.loops, { variables: [] }] };
    const flow = this.execConditional(body, inner);
    if (flow?.t === 'end') return flow;
    if (always === true && !hasBreak(body)) {
      // `while True:` without break never finishes: the program runs until it is stopped here.
      return this.block(s, frame, 'loop', 'while True');
    }
    if (inner.certainty !== 'definite') frame.certainty = weaker(frame.certainty, 'conditional');
    // `while running:` / `while not stop.is_set():` — a service loop that runs until something
    // (usually a signal handler) flips the flag: the program runs until it is stopped.
    if (cond && frame.context === 'main' && isFlagCondition(cond) && !this.out.runsUntilStopped) {
      this.out.runsUntilStopped = true;
      this.out.runsUntilStoppedAt = locationOf(frame.mod.file, s);
    }
    return undefined;
  }

  private block(node: Node, frame: Frame, blockKind: EndPoint['blockKind'], callee: string): Flow {
    if (frame.context !== 'main') return { t: 'raise', kind: 'exit' };
    const location = locationOf(frame.mod.file, node);
    if (!this.out.runsUntilStopped) {
      this.out.runsUntilStopped = true;
      this.out.runsUntilStoppedAt = location;
    }
    if (frame.certainty !== 'definite') return undefined;
    const ki = [...frame.tries].reverse().find((t) => t.catchesKI);
    this.out.end = {
      kind: 'block', location, callee, display: blockKind === 'loop' ? callee : shorten(node.text), blockKind, openStacks: [...this.openStacks],
      keyboardInterruptCaughtAt: ki ? locationOf(frame.mod.file, ki.node) : undefined,
    };
    return { t: 'end' };
  }

  private execTry(s: Node, frame: Frame): Flow {
    const body = statements(field(s, 'body'));
    const clauses = named(s).filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const elseClause = named(s).find((c) => c.type === 'else_clause');
    const finallyClause = named(s).find((c) => c.type === 'finally_clause');
    const resolve = (n: Node) => resolveStatic(n, frame.env);
    let catchesKI = false;
    let catchesExit = false;
    let catchesOther: boolean | 'maybe' = false;
    for (const c of clauses) {
      const k = exceptCatches(c, resolve);
      catchesKI ||= k.keyboardInterrupt === true;
      catchesExit ||= k.systemExit === true;
      catchesOther = catchesOther === true || k.other === true ? true : catchesOther || k.other;
    }
    const info = { node: s, catchesKI, catchesExit, catchesOther };
    const inner: Frame = { ...frame, tries: [...frame.tries, info] };
    const outerImportFlag = this.importMayFail;
    this.importMayFail = undefined;
    const exitsBefore = this.possibleExits;
    const flow = this.execBlock(body, inner);
    // An optional import that fails is caught here: it makes the rest of the body conditional, not
    // what follows the try (unless something in the body may really have ended the program).
    if (this.importMayFail !== undefined && this.possibleExits === exitsBefore && !flow) frame.certainty = weaker(frame.certainty, this.importMayFail);
    else frame.certainty = inner.certainty;
    this.importMayFail = outerImportFlag ?? this.importMayFail;
    if (flow && flow.t !== 'raise') {
      if (flow.t === 'end' || !finallyClause) return flow;
    }
    // Except clauses run only when something in the body raised.
    for (const c of clauses) {
      const f = this.execConditional(statements(named(c).find((x) => x.type === 'block')), frame);
      if (f?.t === 'end') return f;
    }
    if (elseClause && !flow) {
      const f = this.execConditional(statements(field(elseClause, 'body')), frame);
      if (f?.t === 'end') return f;
    }
    if (finallyClause) {
      const f = this.execBlock(statements(named(finallyClause).find((x) => x.type === 'block')), frame);
      if (f) return f;
    }
    if (flow && flow.t !== 'raise') return flow;
    return undefined;
  }

  private execRaise(s: Node, frame: Frame): Flow {
    const e = named(s)[0];
    if (e) this.eval(e, frame);
    const pend = this.takeEnd();
    if (pend) return pend;
    const shape = raiseShape(s, (n) => resolveStatic(n, frame.env));
    return this.reachExit(s, shape.kind, shape.callee, shape.code, frame);
  }

  /** An exit call or raise reached during execution. Returns the flow it causes. */
  private reachExit(node: Node, kind: ExitKind, callee: string, code: number | undefined, frame: Frame): Flow {
    const location = locationOf(frame.mod.file, node);
    const key = `${frame.mod.file}:${node.startIndex}`;
    // A try around it that catches this exception keeps the program going.
    const caught = [...frame.tries].reverse().find((t) =>
      kind === 'exit' ? t.catchesExit : kind === 'throw' ? t.catchesOther !== false : false,
    );
    const certainty: Certainty = caught ? 'conditional' : frame.certainty;
    if (!this.seenExits.has(key)) {
      this.seenExits.add(key);
      this.out.exitCalls.push({
        location, kind, callee, code, certainty,
        context: frame.context === 'child-process' ? 'child-process' : frame.context === 'thread' ? 'function' : 'main',
        inForkedChild: kind === 'hard-exit' ? inForkedChild(node) : undefined, node,
      });
    }
    if (caught) return { t: 'raise', kind };
    if (frame.context !== 'main') return { t: 'raise', kind };
    if (frame.certainty !== 'definite') {
      this.possibleExits++;
      return { t: 'raise', kind };
    }
    this.out.end = { kind, location, callee, display: shorten(node.text), code, openStacks: [...this.openStacks] };
    return { t: 'end' };
  }

  private execWith(s: Node, frame: Frame): Flow {
    const items = named(named(s).find((c) => c.type === 'with_clause')).filter((c) => c.type === 'with_item');
    const body = statements(field(s, 'body'));
    const opened: StackState[] = [];
    for (const item of items) {
      let expr = field(item, 'value');
      let alias: Node | undefined;
      if (expr?.type === 'as_pattern') {
        alias = named(expr).find((c) => c.type === 'as_pattern_target');
        expr = named(expr)[0] ?? null;
      }
      if (!expr) continue;
      const v = this.eval(expr, frame);
      const f = this.takeEnd();
      if (f) return f;
      if (v.k === 'stack' && !v.st.closed) {
        // `with ExitStack() as stack:` — its callbacks run LIFO when the block exits (contextlib docs).
        const scope: Scope = { id: this.nextId++, location: locationOf(frame.mod.file, s), kind: 'with', enclosesEnd: false };
        v.st.scope = scope.id;
        this.out.scopes.push(scope);
        opened.push(v.st);
        this.openStacks.push(v.st);
      }
      let bound = v;
      if (v.k === 'instance') {
        const enter = classAttr(v.inst.cls, '__enter__');
        if (enter?.k === 'func') bound = this.callFunction(enter.fn, v.inst, { pos: [], kw: new Map(), splat: false }, frame, s);
      }
      const target = alias ? named(alias)[0] ?? alias : undefined;
      if (target) this.assign(target, bound, frame);
    }
    const flow = this.execBlock(body, frame);
    if (flow?.t === 'end') {
      for (const st of opened) {
        const scope = this.out.scopes.find((x) => x.id === st.scope);
        if (scope) scope.enclosesEnd = true;
      }
      return flow;
    }
    for (let i = opened.length - 1; i >= 0; i--) {
      this.closeStack(opened[i]!, frame.certainty);
      this.openStacks.splice(this.openStacks.lastIndexOf(opened[i]!), 1);
    }
    return flow;
  }

  private closeStack(st: StackState, certainty: Certainty): void {
    if (st.closed) return;
    st.closed = true;
    for (let i = st.callbacks.length - 1; i >= 0; i--) {
      const reg = st.callbacks[i]!;
      if (this.out.removedBy.has(reg.id)) continue;
      this.out.early.push({ reg, certainty: weaker(reg.certainty, certainty) });
    }
  }

  // ---------------------------------------------------------------- expressions

  private eval(e: Node, frame: Frame): Value {
    if (this.nesting >= MAX_NESTING) {
      this.tooDeep(e, frame);
      return UNKNOWN;
    }
    this.nesting++;
    try {
      return this.evalNode(e, frame);
    } finally {
      this.nesting--;
    }
  }

  private evalNode(e: Node, frame: Frame): Value {
    switch (e.type) {
      case 'identifier': {
        const v = lookup(frame.env, e.text);
        if (v) return v;
        if (e.text === '__name__') return { k: 'str', s: frame.mod.name };
        return builtin(e.text) ?? UNKNOWN;
      }
      case 'attribute':
        return this.evalAttribute(e, frame);
      case 'call':
        return this.evalCall(e, frame);
      case 'lambda':
        return { k: 'lambda', node: e, mod: frame.mod, id: this.nextId++, env: frame.env };
      case 'integer':
        return { k: 'int', n: intLiteral(e) ?? 0 };
      case 'string':
      case 'concatenated_string': {
        const s = stringLiteral(e);
        if (s === undefined) for (const c of named(e)) for (const x of named(c)) if (isExpression(x)) this.eval(x, frame);
        return s === undefined ? UNKNOWN : { k: 'str', s };
      }
      case 'true':
        return { k: 'bool', b: true };
      case 'false':
        return { k: 'bool', b: false };
      case 'none':
        return NONE;
      case 'list':
      case 'tuple':
      case 'expression_list':
        return { k: 'seq', items: named(e).map((c) => this.eval(c, frame)) };
      case 'parenthesized_expression': {
        const inner = named(e)[0];
        return inner ? this.eval(inner, frame) : UNKNOWN;
      }
      case 'await': {
        const inner = named(e)[0];
        const v = inner ? this.eval(inner, frame) : UNKNOWN;
        return v.k === 'coroutine' ? v.run() : UNKNOWN;
      }
      case 'assignment':
        this.execAssignment(e, frame);
        return this.lastAssigned;
      case 'named_expression': {
        const name = field(e, 'name');
        const value = field(e, 'value');
        const v = value ? this.eval(value, frame) : UNKNOWN;
        if (name) this.bind(name.text, v, frame);
        return v;
      }
      case 'conditional_expression':
      case 'boolean_operator': {
        const parts = named(e);
        parts.forEach((p, i) => (i === 0 ? this.eval(p, frame) : this.evalConditionally(p, frame)));
        return UNKNOWN;
      }
      case 'generator_expression':
        // Lazy: nothing in it runs until something iterates it.
        return UNKNOWN;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
        for (const c of named(e)) this.evalConditionally(c, frame);
        return UNKNOWN;
      case 'comment':
        return UNKNOWN;
      default:
        for (const c of named(e)) if (isExpression(c) || c.type === 'pair' || c.type === 'keyword_argument') this.eval(c, frame);
        return UNKNOWN;
    }
  }

  private evalConditionally(e: Node, frame: Frame): Value {
    const sub: Frame = { ...frame, certainty: weaker(frame.certainty, 'conditional') };
    const v = this.eval(e, sub);
    if (this.pendingEnd?.t === 'raise') this.pendingEnd = undefined;
    return v;
  }

  private evalAttribute(e: Node, frame: Frame): Value {
    const obj = field(e, 'object');
    const attr = field(e, 'attribute')?.text;
    if (!obj || !attr) return UNKNOWN;
    const o = this.eval(obj, frame);
    return this.getAttr(o, attr);
  }

  private getAttr(o: Value, attr: string): Value {
    switch (o.k) {
      case 'std':
        return { k: 'std', path: `${o.path}.${attr}` };
      case 'module':
        return o.mod.env.vars.get(attr) ?? UNKNOWN;
      case 'instance': {
        const own = o.inst.attrs.get(attr);
        if (own) return own;
        const c = classAttr(o.inst.cls, attr);
        if (c?.k === 'func' && !c.fn.isStatic) return { k: 'func', fn: c.fn, self: o.inst };
        if (c) return c;
        return { k: 'method', recv: o, name: attr };
      }
      case 'class':
        return classAttr(o.cls, attr) ?? UNKNOWN;
      case 'super': {
        for (const b of o.cls.bases) {
          const c = classAttr(b, attr);
          if (c?.k === 'func') return { k: 'func', fn: c.fn, self: o.inst };
          if (c) return c;
        }
        return { k: 'method', recv: o, name: attr };
      }
      case 'unknown':
        return o.fromModule ? { k: 'unknown', fromModule: `${o.fromModule}.${attr}` } : UNKNOWN;
      case 'mpcontext':
        return { k: 'std', path: `multiprocessing.${attr}@${o.method}` };
      default:
        return { k: 'method', recv: o, name: attr };
    }
  }

  private evalArgs(call: Node, frame: Frame): Args {
    const args: Args = { pos: [], kw: new Map(), splat: false };
    const list = field(call, 'arguments');
    if (!list) return args;
    if (list.type === 'generator_expression') {
      this.eval(list, frame);
      return args;
    }
    for (const a of named(list)) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = field(a, 'name')?.text;
        const value = field(a, 'value');
        if (name && value) args.kw.set(name, { node: value, value: this.eval(value, frame) });
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        args.splat = true;
        for (const c of named(a)) this.eval(c, frame);
      } else {
        args.pos.push({ node: a, value: this.eval(a, frame) });
      }
    }
    return args;
  }

  private evalCall(call: Node, frame: Frame): Value {
    const fnNode = field(call, 'function');
    if (!fnNode) return UNKNOWN;
    const callee = this.eval(fnNode, frame);
    if (this.pendingEnd) return UNKNOWN;
    const args = this.evalArgs(call, frame);
    if (this.pendingEnd) return UNKNOWN;
    // A list handed to code other than a builtin (len, print, sorted...) may be changed there.
    if (!(callee.k === 'std' && callee.path.startsWith('builtins.'))) {
      for (const a of [...args.pos, ...args.kw.values()]) if (a.value.k === 'seq') a.value.escaped = true;
    }
    return this.apply(callee, args, call, frame);
  }

  private apply(callee: Value, args: Args, call: Node, frame: Frame): Value {
    const fnNode = field(call, 'function');
    switch (callee.k) {
      case 'std':
        return this.callStd(canonicalStd(callee.path), args, call, frame);
      case 'func':
        return this.callFunction(callee.fn, callee.self, args, frame, call);
      case 'class':
        return this.instantiate(callee.cls, args, call, frame);
      case 'lambda': {
        const body = field(callee.node, 'body');
        return body ? this.eval(body, { ...frame, env: { vars: new Map(), parent: callee.env } }) : UNKNOWN;
      }
      case 'partial': {
        const inner: Args = { pos: [...(callee.bound ?? []), ...args.pos], kw: args.kw, splat: args.splat };
        return this.apply(callee.inner, inner, call, frame);
      }
      case 'finalizer':
        // Calling a finalizer runs its callback now (if still alive) and kills it.
        if (callee.fin.state === 'alive') {
          callee.fin.state = 'dead';
          this.out.early.push({ reg: callee.fin.reg, certainty: weaker(callee.fin.reg.certainty, frame.certainty) });
        }
        return UNKNOWN;
      case 'method':
        return this.callMethod(callee.recv, callee.name, args, call, frame);
      case 'mpcontext':
        return UNKNOWN;
      case 'unknown':
        if (fnNode?.type === 'attribute') this.libraryMethod(field(fnNode, 'attribute')?.text ?? '', args, call, frame);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private instantiate(cls: ClassInfo, args: Args, call: Node, frame: Frame): Value {
    const inst: Instance = { id: this.nextId++, cls, attrs: new Map(), createdAt: locationOf(frame.mod.file, call) };
    const value: Value = { k: 'instance', inst };
    const init = classAttr(cls, '__init__');
    if (init?.k === 'func') this.callFunction(init.fn, inst, args, frame, call);
    // A temporary whose value is dropped at once: a finalizer on it runs at once (refcount falls to zero).
    if (call.parent?.type === 'expression_statement') this.collectGarbage(inst, frame, locationOf(frame.mod.file, call));
    return value;
  }

  private collectGarbage(inst: Instance, frame: Frame, _at: Location): void {
    for (const fin of this.out.finalizers) {
      if (fin.state === 'alive' && this.finTarget.get(fin) === inst && !this.refersTo(fin, inst)) {
        fin.state = 'dead';
        this.out.early.push({ reg: fin.reg, certainty: weaker(fin.reg.certainty, frame.certainty) });
      }
    }
  }

  private readonly finTarget = new Map<FinState, Instance>();
  private readonly finHandlerSelf = new Map<FinState, Instance | undefined>();

  /** A finalizer whose callback is a bound method of its own object keeps that object alive forever. */
  private refersTo(fin: FinState, inst: Instance): boolean {
    return this.finHandlerSelf.get(fin) === inst;
  }

  /** Past the step budget, calls are no longer followed (top-level statements still run). */
  private overBudget(node: Node, frame: Frame): boolean {
    if (this.steps <= MAX_STEPS) return false;
    if (!this.budgetNoted) {
      this.budgetNoted = true;
      this.markIncomplete(node, frame, 'the program is too large to follow every call; calls from here on are not followed');
    }
    return true;
  }

  private budgetNoted = false;
  private filesNoted = false;

  private callFunction(fn: FuncInfo, self: Instance | undefined, args: Args, frame: Frame, call: Node): Value {
    if (frame.active.has(fn.node.id) || frame.depth >= MAX_DEPTH || this.overBudget(call, frame)) return UNKNOWN;
    const params = parameterNames(field(fn.node, 'parameters'));
    const env: Env = { vars: new Map(), parent: fn.closure };
    const names = [...params.names];
    if (self && !fn.isStatic && names.length > 0) env.vars.set(names.shift()!, { k: 'instance', inst: self });
    names.forEach((n, i) => {
      const a = args.pos[i] ?? args.kw.get(n);
      if (a) env.vars.set(n, a.value);
      else {
        const d = params.defaults.get(n);
        env.vars.set(n, d ? this.evalDefault(d, fn) : UNKNOWN);
      }
    });
    if (params.star) env.vars.set(params.star, { k: 'seq', items: args.pos.slice(names.length).map((a) => a.value) });
    if (params.starstar) env.vars.set(params.starstar, UNKNOWN);
    const run = (): Value => {
      const active = new Set(frame.active);
      active.add(fn.node.id);
      const inner: Frame = {
        mod: fn.mod, env, certainty: frame.certainty, context: frame.context, child: frame.child, fn, self, loops: [], tries: frame.tries,
        depth: frame.depth + 1, active,
      };
      const localFins = this.out.finalizers.length;
      const exitsBefore = this.possibleExits;
      const flow = this.execBlock(statements(field(fn.node, 'body')), inner);
      if (flow?.t === 'end') {
        this.pendingEnd = flow;
        return UNKNOWN;
      }
      // What may have ended the program inside makes the caller's rest conditional (a conditional
      // `return` does not: the caller goes on either way).
      if (this.possibleExits !== exitsBefore || flow?.t === 'raise') frame.certainty = weaker(frame.certainty, 'conditional');
      const ret = flow?.t === 'return' ? flow.value : NONE;
      this.dropLocals(env, ret, localFins, inner);
      return ret;
    };
    if (fn.isAsync) return { k: 'coroutine', run };
    return run();
  }

  private evalDefault(d: Node, fn: FuncInfo): Value {
    if (d.type === 'identifier' || d.type === 'attribute') return resolveStatic(d, fn.closure) ?? UNKNOWN;
    const i = intLiteral(d);
    if (i !== undefined) return { k: 'int', n: i };
    const s = stringLiteral(d);
    if (s !== undefined) return { k: 'str', s };
    if (d.type === 'true' || d.type === 'false') return { k: 'bool', b: d.type === 'true' };
    return d.type === 'none' ? NONE : UNKNOWN;
  }

  /** Locals of a returning function die with its frame: finalizers on objects only they held run now. */
  private dropLocals(env: Env, ret: Value, fromFin: number, frame: Frame): void {
    for (let i = fromFin; i < this.out.finalizers.length; i++) {
      const fin = this.out.finalizers[i]!;
      const target = this.finTarget.get(fin);
      if (!target || fin.state !== 'alive') continue;
      const local = [...env.vars.values()].some((v) => v.k === 'instance' && v.inst === target);
      const escapes = (ret.k === 'instance' && ret.inst === target) || this.reachableElsewhere(target, env);
      if (local && !escapes && !this.refersTo(fin, target)) {
        fin.state = 'dead';
        this.out.early.push({ reg: fin.reg, certainty: weaker(fin.reg.certainty, frame.certainty) });
      }
    }
  }

  /** Whether an instance is stored in a module global, an instance attribute or the self of the frame. */
  private reachableElsewhere(inst: Instance, env: Env): boolean {
    if ([...env.vars.entries()].some(([k, v]) => k === 'self' && v.k === 'instance' && v.inst === inst)) return true;
    for (const m of this.modules.values()) {
      for (const v of m.env.vars.values()) {
        if (v.k === 'instance' && (v.inst === inst || [...v.inst.attrs.values()].some((a) => a.k === 'instance' && a.inst === inst))) return true;
      }
    }
    return false;
  }

  private callMethod(recv: Value, name: string, args: Args, call: Node, frame: Frame): Value {
    if (recv.k === 'seq') {
      // xs.append(v) on every path keeps the list's contents known (a loop with a known trip count
      // that fills a list, then a loop over that list); anything else makes them unknown.
      const known = !recv.escaped && frame.certainty === 'definite' && frame.context === 'main';
      if (known && name === 'append' && args.pos.length === 1) recv.items.push(args.pos[0]!.value);
      else if (known && name === 'extend' && args.pos[0]?.value.k === 'seq' && args.pos[0].node.type !== 'identifier') recv.items.push(...args.pos[0].value.items);
      else if (name !== 'copy' && name !== 'index' && name !== 'count') recv.escaped = true;
      return UNKNOWN;
    }
    if (recv.k === 'stack') {
      const st = recv.st;
      const first = args.pos[0];
      switch (name) {
        case 'callback':
        case 'push_async_callback':
          if (first) this.stackCallback(st, call, first, frame, 'callback', undefined, name === 'push_async_callback');
          return first?.value ?? UNKNOWN;
        case 'push':
        case 'push_async_exit':
          if (first) this.stackCallback(st, call, first, frame, 'push', undefined, name === 'push_async_exit');
          return first?.value ?? UNKNOWN;
        case 'enter_context':
        case 'enter_async_context':
          if (first) {
            this.stackCallback(st, call, first, frame, 'enter_context', undefined, name === 'enter_async_context');
            if (first.value.k === 'instance') {
              const enter = classAttr(first.value.inst.cls, '__enter__');
              if (enter?.k === 'func') return this.callFunction(enter.fn, first.value.inst, { pos: [], kw: new Map(), splat: false }, frame, call);
            }
          }
          return UNKNOWN;
        case 'close':
        case 'aclose':
          this.closeStack(st, frame.certainty);
          return NONE;
        case 'pop_all': {
          // pop_all moves the callbacks to a new stack; the old one runs nothing at its end.
          const moved: StackState = { ...st, id: this.nextId++, scope: undefined, callbacks: st.callbacks, closed: false };
          st.callbacks = [];
          this.out.stacks.push(moved);
          return { k: 'stack', st: moved };
        }
        case '__enter__':
          return recv;
        default:
          return UNKNOWN;
      }
    }
    if (recv.k === 'finalizer') {
      if (name === 'detach') {
        if (recv.fin.state === 'alive' && frame.certainty === 'definite') {
          recv.fin.state = 'dead';
          recv.fin.detachedAt = locationOf(frame.mod.file, call);
        }
      }
      return UNKNOWN;
    }
    if (recv.k === 'process' && name === 'start') {
      this.startProcess(recv, call, frame);
      return NONE;
    }
    if (recv.k === 'thread' && name === 'start') {
      this.startThread(recv.th, recv.target, call, frame);
      return NONE;
    }
    if (recv.k === 'instance' && name === 'start') {
      // A user subclass of multiprocessing.Process / threading.Thread: start() runs run() elsewhere.
      const run = classAttr(recv.inst.cls, 'run');
      if (classHasStdBase(recv.inst.cls, 'multiprocessing.Process')) {
        this.startProcess(
          { k: 'process', target: run?.k === 'func' ? { k: 'func', fn: run.fn, self: recv.inst } : undefined, targetText: `${recv.inst.cls.name}.run`, location: locationOf(frame.mod.file, call) },
          call, frame,
        );
      } else if (classHasStdBase(recv.inst.cls, 'threading.Thread')) {
        const th: ThreadRec = { location: locationOf(frame.mod.file, call), daemon: recv.inst.attrs.get('daemon')?.k === 'bool' ? (recv.inst.attrs.get('daemon') as { b: boolean }).b : 'unknown', target: `${recv.inst.cls.name}.run`, started: false };
        this.startThread(th, run?.k === 'func' ? { k: 'func', fn: run.fn, self: recv.inst } : undefined, call, frame);
      }
      return NONE;
    }
    this.libraryMethod(name, args, call, frame);
    return UNKNOWN;
  }

  /** Methods of objects the analysis does not model, recognized by name. */
  private libraryMethod(name: string, args: Args, call: Node, frame: Frame): void {
    const fnNode = field(call, 'function');
    // serve_forever()/run_forever() block until the process is stopped.
    if (name === 'serve_forever' || name === 'run_forever') this.pendingEnd = this.block(call, frame, 'serve', fnNode?.text ?? name);
    if (name === 'add_signal_handler' && frame.context === 'main') {
      // asyncio's loop.add_signal_handler: the callback runs in the event loop; what it does to the
      // loop decides whether the program then ends normally.
      const sig = args.pos[0] ? signalName(args.pos[0].value) : undefined;
      if (sig) this.out.signals.set(sig, { signal: sig, kind: 'external', location: locationOf(frame.mod.file, call), certainty: frame.certainty });
    }
  }

  private startProcess(p: Extract<Value, { k: 'process' }>, call: Node, frame: Frame): void {
    if (!p.target) return;
    const startMethod = (p.startMethod as PythonStartMethod | undefined) ?? this.startMethod;
    const child: ChildInfo = { processAt: p.location, target: p.targetText, startMethod };
    const sub: Frame = { ...frame, context: 'child-process', child, certainty: weaker(frame.certainty, 'conditional') };
    this.apply(p.target, { pos: [], kw: new Map(), splat: false }, call, sub);
    if (this.pendingEnd?.t !== 'end') this.pendingEnd = undefined;
  }

  private startThread(th: ThreadRec, target: Value | undefined, call: Node, frame: Frame): void {
    th.started = true;
    this.out.threads.push({ location: th.location, daemon: th.daemon, target: th.target });
    if (!target) return;
    // The thread's code runs concurrently with the rest: what it registers happens at an unknown point.
    const sub: Frame = { ...frame, context: 'thread', certainty: weaker(frame.certainty, 'conditional') };
    this.apply(target, { pos: [], kw: new Map(), splat: false }, call, sub);
    if (this.pendingEnd?.t !== 'end') this.pendingEnd = undefined;
  }

  private callStd(path: string, args: Args, call: Node, frame: Frame): Value {
    const fnNode = field(call, 'function')!;
    switch (path) {
      case 'atexit.register': {
        const first = args.pos[0];
        if (!first) {
          this.markIncomplete(call, frame, 'atexit.register called with arguments the analysis cannot see');
          return UNKNOWN;
        }
        this.registerAtexit(call, first, args.pos.slice(1), frame, undefined);
        return first.value;
      }
      case 'atexit.unregister': {
        const first = args.pos[0];
        if (first) this.unregister(call, first, frame);
        return NONE;
      }
      case 'atexit._run_exitfuncs':
      case 'atexit._clear': {
        // _run_exitfuncs runs the pending callbacks now (LIFO) and clears them; _clear only clears.
        if (frame.context !== 'main' || frame.certainty !== 'definite') return NONE;
        if (path === 'atexit._run_exitfuncs') {
          for (let i = this.out.atexit.length - 1; i >= 0; i--) {
            const slot = this.out.atexit[i]!;
            if ('reg' in slot) {
              if (!this.out.removedBy.has(slot.reg.id)) this.out.early.push({ reg: slot.reg, certainty: slot.reg.certainty });
            } else {
              const fins = this.out.finalizers.filter((f) => f.state === 'alive' && f.atexit);
              for (let j = fins.length - 1; j >= 0; j--) {
                fins[j]!.state = 'dead';
                this.out.early.push({ reg: fins[j]!.reg, certainty: fins[j]!.reg.certainty });
              }
            }
          }
        }
        for (const slot of this.out.atexit) if ('reg' in slot) this.out.cleared.set(slot.reg.id, locationOf(frame.mod.file, call));
        this.out.atexit = this.out.atexit.filter((s) => !('reg' in s));
        return NONE;
      }
      case 'sys.exit':
      case 'os._exit':
      case 'os.abort':
      case 'os.kill': {
        const shape = exitCallShape(call, (n) => (n === fnNode ? { k: 'std', path } : this.evalQuiet(n, frame)));
        if (shape) this.pendingEnd = this.reachExit(call, shape.kind, shape.callee, shape.code, frame);
        else if (path === 'os.kill' && args.pos[0] && isGetpidCall(args.pos[0].node, (n) => this.evalQuiet(n, frame))) this.selfSignal(call, args.pos[1]?.value, frame);
        return NONE;
      }
      case 'signal.raise_signal':
        this.selfSignal(call, args.pos[0]?.value, frame);
        return NONE;
      case 'signal.signal':
        this.registerSignal(call, args, frame);
        return UNKNOWN;
      case 'signal.pause':
        this.pendingEnd = this.block(call, frame, 'pause', fnNode.text);
        return NONE;
      case 'weakref.finalize':
        return this.createFinalizer(call, args, frame);
      case 'contextlib.ExitStack':
      case 'contextlib.AsyncExitStack': {
        const st: StackState = { id: this.nextId++, createdAt: locationOf(frame.mod.file, call), callbacks: [], closed: false, async: path.endsWith('AsyncExitStack') };
        this.out.stacks.push(st);
        return { k: 'stack', st };
      }
      case 'functools.partial': {
        const first = args.pos[0];
        if (!first) return UNKNOWN;
        return { k: 'partial', inner: first.value, innerText: first.node.text, id: this.nextId++, bound: args.pos.slice(1) };
      }
      case 'multiprocessing.Process':
      case 'multiprocessing.Process@fork':
      case 'multiprocessing.Process@spawn':
      case 'multiprocessing.Process@forkserver': {
        const target = args.kw.get('target');
        const method = path.includes('@') ? path.split('@')[1] : undefined;
        return { k: 'process', target: target?.value, targetText: target?.node.text ?? '<target>', location: locationOf(frame.mod.file, call), startMethod: method };
      }
      case 'multiprocessing.get_context': {
        const m = args.pos[0]?.value;
        return { k: 'mpcontext', method: m?.k === 'str' ? m.s : this.startMethod };
      }
      case 'multiprocessing.set_start_method': {
        const m = args.pos[0]?.value;
        if (m?.k === 'str' && (m.s === 'fork' || m.s === 'spawn' || m.s === 'forkserver') && frame.certainty === 'definite') {
          this.startMethod = m.s;
        }
        return NONE;
      }
      case 'threading.Thread': {
        const target = args.kw.get('target');
        const daemon = args.kw.get('daemon')?.value;
        const th: ThreadRec = { location: locationOf(frame.mod.file, call), daemon: daemon ? (daemon.k === 'bool' ? daemon.b : 'unknown') : false, target: target?.node.text, started: false };
        return { k: 'thread', th, target: target?.value };
      }
      case 'asyncio.run': {
        const co = args.pos[0]?.value;
        return co?.k === 'coroutine' ? co.run() : UNKNOWN;
      }
      case 'builtins.eval':
      case 'builtins.exec': {
        const src = args.pos[0]?.value;
        if (src?.k !== 'str' || /atexit|signal|finalize|ExitStack/.test(src.s)) {
          this.markIncomplete(call, frame, `${fnNode.text}() runs code the analysis cannot see; it may register exit handlers`);
        }
        return UNKNOWN;
      }
      case 'builtins.getattr': {
        const obj = args.pos[0]?.value;
        const attr = args.pos[1]?.value;
        if (obj && attr?.k === 'str') return this.getAttr(obj, attr.s);
        if (obj?.k === 'std' && /^(atexit|signal|weakref)$/.test(obj.path)) {
          this.markIncomplete(call, frame, `getattr(${args.pos[0]!.node.text}, ...) picks a function by a name the analysis cannot see`);
        }
        return UNKNOWN;
      }
      case 'builtins.map': {
        // map() is lazy in Python 3: the function runs per item only when the map is consumed.
        const f = args.pos[0];
        const it = args.pos[1];
        if (!f || !it || args.pos.length > 2) return UNKNOWN;
        const items = this.iterationValues(it.node, frame);
        const itemNodes = it.node.type === 'list' || it.node.type === 'tuple' ? named(it.node) : [];
        return {
          k: 'coroutine',
          run: () => {
            if (!items) return UNKNOWN;
            items.forEach((value, i) => this.apply(f.value, { pos: [{ node: itemNodes[i] ?? it.node, value }], kw: new Map(), splat: false }, call, frame));
            return UNKNOWN;
          },
        };
      }
      case 'builtins.list':
      case 'builtins.tuple':
      case 'builtins.set':
      case 'builtins.sorted':
      case 'builtins.any':
      case 'builtins.all': {
        const v = args.pos[0]?.value;
        if (v?.k === 'coroutine' && args.pos[0]!.node.type === 'call') v.run();
        return v?.k === 'seq' ? { k: 'seq', items: [...v.items] } : UNKNOWN;
      }
      case 'builtins.super':
        return frame.fn?.cls ? { k: 'super', cls: frame.fn.cls, inst: frame.self } : UNKNOWN;
      case 'importlib.import_module':
      case 'builtins.__import__': {
        const name = args.pos[0]?.value;
        if (name?.k === 'str') {
          const { mod, flow } = this.importModule(name.s, 0, frame);
          if (flow?.t === 'end') this.pendingEnd = flow;
          return mod ? { k: 'module', mod } : this.externalModule(name.s);
        }
        return UNKNOWN;
      }
      default:
        if (path.startsWith('multiprocessing.') && path.includes('@')) {
          return this.callStd(path.split('@')[0]!, args, call, frame);
        }
        if (/\.(serve_forever|run_forever)$/.test(path)) this.pendingEnd = this.block(call, frame, 'serve', fnNode.text);
        return this.stdResult(path);
    }
  }

  /**
   * The program signals itself (os.kill(os.getpid(), sig) / signal.raise_signal(sig)): the signal is
   * handled right away, by the handler installed now. Its Python handler runs at the next bytecode
   * boundary of the main thread; without one, SIGINT raises KeyboardInterrupt and SIGTERM kills.
   */
  private selfSignal(call: Node, sigValue: Value | undefined, frame: Frame): void {
    const sig = sigValue ? signalName(sigValue) : undefined;
    if (!sig || frame.context !== 'main') return;
    const state = this.out.signals.get(sig);
    const callee = `${field(call, 'function')?.text ?? 'os.kill'}(${sig})`;
    if (state?.kind === 'ignore' || (state && state.certainty !== 'definite')) return;
    if (state?.kind === 'handler' && state.reg) {
      const ends = state.reg.handler.isAsync ? { when: 'never' as const } : state.reg.handler.endsProcess ?? { when: 'unknown' as const };
      if (ends.when !== 'always') {
        this.out.early.push({ reg: state.reg, certainty: frame.certainty });
        return;
      }
      this.pendingEnd = this.reachExit(call, ends.kind ?? 'throw', callee, undefined, frame);
      if (this.out.end && this.pendingEnd?.t === 'end') this.out.end.viaSignal = state.reg;
      return;
    }
    if (state?.kind === 'external') return;
    const kind: ExitKind = sig === 'SIGINT' && state?.kind !== 'default' ? 'throw' : 'hard-exit';
    if (['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGKILL'].includes(sig)) {
      this.pendingEnd = this.reachExit(call, kind, callee, undefined, frame);
    }
  }

  /** Results of stdlib calls that matter later (open() objects are builtins, not user code). */
  private stdResult(_path: string): Value {
    return UNKNOWN;
  }

  /** Evaluates without side effects on the end state (for argument shapes). */
  private evalQuiet(n: Node, frame: Frame): Value | undefined {
    return resolveStatic(n, frame.env);
  }

  private markIncomplete(node: Node, frame: Frame, reason: string): void {
    const location = locationOf(frame.mod.file, node);
    this.out.unknowns.push({ location, reason });
    this.out.incomplete.push(location);
  }

  // ---------------------------------------------------------------- registrations

  private handlerRef(arg: { node: Node; value: Value }, frame: Frame, formHint?: HandlerForm): HandlerRef {
    const { node, value } = arg;
    const inline = node.type === 'lambda' || node.type === 'call';
    let name = node.type === 'lambda' ? '<lambda>' : node.text.length > 60 ? node.text.slice(0, 57) + '...' : node.text;
    let form: HandlerForm = 'unknown';
    let identity: string | undefined;
    let definition: Location | undefined;
    let defNode: Node | undefined;
    let isAsync = false;
    let arity: number | undefined;
    switch (value.k) {
      case 'func': {
        defNode = value.fn.node;
        definition = locationOf(value.fn.mod.file, value.fn.node);
        isAsync = value.fn.isAsync;
        form = value.self ? 'method' : 'function';
        identity = `def:${value.fn.mod.file}:${value.fn.node.startIndex}${value.self ? `@${value.self.id}` : ''}`;
        arity = parameterNames(field(value.fn.node, 'parameters')).names.length - (value.self ? 1 : 0);
        if (formHint === 'decorator') name = value.fn.name;
        break;
      }
      case 'lambda':
        defNode = value.node;
        definition = locationOf(value.mod.file, value.node);
        form = 'lambda';
        identity = node.type === 'lambda' ? undefined : `lambda#${value.id}`;
        arity = parameterNames(field(value.node, 'parameters')).names.length;
        break;
      case 'partial': {
        form = 'partial';
        name = `partial(${value.innerText})`;
        identity = node.type === 'call' ? undefined : `partial#${value.id}`;
        const inner = value.inner;
        if (inner.k === 'func') {
          defNode = inner.fn.node;
          definition = locationOf(inner.fn.mod.file, inner.fn.node);
          isAsync = inner.fn.isAsync;
        }
        break;
      }
      case 'class':
        form = 'function';
        defNode = value.cls.node;
        definition = locationOf(value.cls.mod.file, value.cls.node);
        identity = `class:${value.cls.mod.file}:${value.cls.node.startIndex}`;
        break;
      case 'std':
        form = 'builtin';
        identity = `std:${value.path}`;
        break;
      case 'method':
        form = 'builtin';
        identity = inline ? undefined : `expr:${frame.mod.file}:${node.text}`;
        break;
      case 'unknown':
        form = value.fromModule ? 'unknown' : node.type === 'attribute' ? 'builtin' : 'unknown';
        identity = value.fromModule ? `ext:${value.fromModule}` : inline ? undefined : `expr:${frame.mod.file}:${node.text}`;
        break;
      default:
        break;
    }
    if (formHint === 'decorator') form = 'decorator';
    const ref: HandlerRef = { name, form, identity, isAsync, definition, node: defNode, endsProcess: valueEnds(value) };
    if (arity !== undefined) ref.arity = arity;
    return ref;
  }

  private loopInfo(frame: Frame, handlerNode: Node, value: Value): Registration['loop'] {
    if (frame.loops.length === 0) return undefined;
    const variables = frame.loops.flatMap((l) => l.variables);
    const trip = frame.loops.reduce<number | undefined>((acc, l) => (acc === undefined || l.tripCount === undefined ? undefined : acc * l.tripCount), 1);
    let captures = false;
    let boundByDefault = false;
    const fnNode = value.k === 'lambda' ? value.node : value.k === 'func' ? value.fn.node : undefined;
    if (fnNode && (handlerNode.type === 'lambda' || value.k === 'func')) {
      const params = parameterNames(field(fnNode, 'parameters'));
      const body = field(fnNode, 'body');
      const used = new Set<string>();
      if (body) collectIdentifiers(body, used);
      captures = variables.some((v) => used.has(v) && !params.names.includes(v));
      boundByDefault = variables.some((v) => {
        const d = params.defaults.get(v);
        return d?.type === 'identifier' && d.text === v;
      });
      // Only closures defined inside the loop see the loop variable late.
      if (value.k === 'func' && !(value.fn.closure === frame.env)) captures = false;
    }
    return { variables, tripCount: trip, capturesLoopVariable: captures, boundByDefault };
  }

  private newRegistration(at: Node, mechanism: string, handler: HandlerRef, frame: Frame, extra: Partial<Registration> = {}): Registration {
    const reg: Registration = {
      id: this.nextId++, location: locationOf(frame.mod.file, at), mechanism, handler, certainty: frame.certainty,
      context: frame.context === 'child-process' ? 'child-process' : 'main', node: at, ...extra,
    };
    this.out.registrations.push(reg);
    if (frame.child) this.out.children.set(reg.id, frame.child);
    if (handler.node && (handler.form === 'function' || handler.form === 'decorator' || handler.form === 'method' || handler.form === 'lambda')) {
      const def = handler.node as Node;
      this.handlerDefs.set(`${handler.definition?.file}:${def.startIndex}`, reg);
    }
    return reg;
  }

  private noteUnseenHandler(arg: { node: Node; value: Value }, at: Node, frame: Frame): void {
    const v = arg.value.k === 'partial' ? arg.value.inner : arg.value;
    if (v.k === 'unknown' && v.fromModule && !isStdlib(v.fromModule)) {
      this.markIncomplete(at, frame, `the handler ${arg.node.text} comes from ${v.fromModule.split('.')[0]}, which is not in the workspace`);
    }
  }

  private registerAtexit(at: Node, arg: { node: Node; value: Value }, _extra: Arg[], frame: Frame, formHint: HandlerForm | undefined): void {
    const k = arg.value.k;
    if (k === 'none' || k === 'int' || k === 'str' || k === 'bool' || k === 'seq') {
      // atexit.register(close_all()) registers the call's result: TypeError, the first argument must be callable.
      this.pendingEnd = this.reachExit(at, 'throw', 'atexit.register(<not callable>)', undefined, frame);
      return;
    }
    const handler = this.handlerRef(arg, frame, formHint);
    const reg = this.newRegistration(at, 'atexit', handler, frame, { loop: this.loopInfo(frame, arg.node, arg.value) });
    if (!reg.loop) delete reg.loop;
    // atexit.register(stack.close): the ExitStack's callbacks run when that handler runs.
    const v = arg.value;
    if (v.k === 'method' && v.recv.k === 'stack' && (v.name === 'close' || v.name === '__exit__')) this.out.closers.set(reg.id, v.recv.st);
    this.noteUnseenHandler(arg, at, frame);
    if (frame.context === 'main') this.out.atexit.push({ reg });
  }

  private unregister(call: Node, arg: Arg, frame: Frame): void {
    const target = this.handlerRef(arg, frame);
    // atexit.unregister removes every registration that compares equal (==) to the argument.
    const removes: number[] = [];
    if (target.identity !== undefined) {
      for (const slot of this.out.atexit) {
        if ('reg' in slot && slot.reg.handler.identity === target.identity && !this.out.removedBy.has(slot.reg.id)) removes.push(slot.reg.id);
      }
    }
    const removal: Removal = {
      id: this.nextId++, location: locationOf(frame.mod.file, call), mechanism: 'atexit', target, certainty: frame.certainty, removes, node: call,
    };
    this.out.removals.push(removal);
    if (frame.context !== 'main') return;
    for (const id of removes) this.out.removedBy.set(id, removal);
  }

  private stackCallback(st: StackState, at: Node, arg: { node: Node; value: Value }, frame: Frame, how: 'callback' | 'push' | 'enter_context', formHint?: HandlerForm, awaited = false): void {
    let handler: HandlerRef;
    if (how === 'enter_context') {
      const v = arg.value;
      const exit = v.k === 'instance' ? classAttr(v.inst.cls, st.async ? '__aexit__' : '__exit__') : undefined;
      const base = arg.node.type === 'call' ? field(arg.node, 'function')?.text ?? arg.node.text : arg.node.text;
      handler = exit?.k === 'func' && v.k === 'instance'
        ? { ...this.handlerRef({ node: arg.node, value: { k: 'func', fn: exit.fn, self: v.inst } }, frame), name: `${base}.__exit__`, form: 'method' }
        : { name: `${base}.__exit__`, form: 'builtin', isAsync: false };
    } else {
      handler = this.handlerRef(arg, frame, formHint);
    }
    const reg = this.newRegistration(at, 'ExitStack', handler, frame, { scope: st.scope, loop: this.loopInfo(frame, arg.node, arg.value) });
    if (awaited) this.out.awaited.add(reg.id);
    if (!reg.loop) delete reg.loop;
    if (reg.scope === undefined) delete reg.scope;
    if (frame.context !== 'main') return;
    st.callbacks.push(reg);
  }

  private registerSignal(call: Node, args: Args, frame: Frame): void {
    const sigArg = args.pos[0];
    const hArg = args.pos[1];
    if (!sigArg || !hArg) return;
    const sig = signalName(sigArg.value);
    if (!sig) return;
    if (sig === 'SIGKILL' || sig === 'SIGSTOP') {
      // SIGKILL and SIGSTOP cannot be caught: signal.signal raises OSError (EINVAL).
      this.pendingEnd = this.reachExit(call, 'throw', `signal.signal(${sig}, ...)`, undefined, frame);
      return;
    }
    const location = locationOf(frame.mod.file, call);
    const hv = hArg.value;
    const prev = this.out.signals.get(sig);
    let state: SignalState;
    if (hv.k === 'std' && (hv.path === 'signal.SIG_IGN' || hv.path === 'signal.Handlers.SIG_IGN')) {
      state = { signal: sig, kind: 'ignore', location, certainty: frame.certainty };
    } else if (hv.k === 'std' && (hv.path === 'signal.SIG_DFL' || hv.path === 'signal.Handlers.SIG_DFL')) {
      state = { signal: sig, kind: 'default', location, certainty: frame.certainty };
    } else if (hv.k === 'std' && hv.path === 'signal.default_int_handler') {
      state = { signal: sig, kind: 'raise', location, certainty: frame.certainty };
    } else {
      const handler = this.handlerRef(hArg, frame);
      const reg = this.newRegistration(call, 'signal', handler, frame, { event: sig });
      this.noteUnseenHandler(hArg, call, frame);
      state = { signal: sig, kind: 'handler', reg, location, certainty: frame.certainty };
    }
    if (frame.context !== 'main') return;
    if (prev?.reg && frame.certainty === 'definite') this.out.replaced.set(prev.reg.id, location);
    if (frame.certainty === 'definite' || !prev) this.out.signals.set(sig, state);
    else this.out.signals.set(sig, { ...state, certainty: 'conditional' });
  }

  private createFinalizer(call: Node, args: Args, frame: Frame): Value {
    const obj = args.pos[0];
    const fnArg = args.pos[1];
    if (!obj || !fnArg) return UNKNOWN;
    const handler = this.handlerRef(fnArg, frame);
    const reg = this.newRegistration(call, 'weakref.finalize', handler, frame);
    this.noteUnseenHandler(fnArg, call, frame);
    const fin: FinState = { reg, state: 'alive', atexit: true };
    if (frame.context !== 'main') return { k: 'finalizer', fin };
    this.out.finalizers.push(fin);
    // The first finalize() object registers finalize._exitfunc with atexit: one slot for all of them.
    if (!this.finalizeSlotTaken) {
      this.finalizeSlotTaken = frame.certainty === 'definite';
      this.out.atexit.push({ finalizeSlot: true, certainty: frame.certainty, location: reg.location });
    }
    const ov = obj.value;
    if (ov.k === 'instance') {
      this.finTarget.set(fin, ov.inst);
      this.finHandlerSelf.set(fin, fnArg.value.k === 'func' ? fnArg.value.self : undefined);
    }
    // The referent is a temporary (a call result or literal nobody keeps): it dies at once and the finalizer runs now.
    const temporary = obj.node.type === 'call' && ov.k !== 'module' && !(ov.k === 'instance' && this.reachableElsewhere(ov.inst, frame.env));
    if (temporary || ['list', 'dictionary', 'set', 'tuple'].includes(obj.node.type)) {
      fin.state = 'dead';
      this.out.early.push({ reg, certainty: frame.certainty });
    }
    return { k: 'finalizer', fin };
  }

  // ---------------------------------------------------------------- exit calls outside the executed flow

  /** Records exit calls that execution did not reach (in handlers, uncalled functions), once per call. */
  private sweepExitCalls(): void {
    const names = this.exitNames();
    for (const [file, tree] of this.out.trees) {
      const mod = this.modules.get(file);
      if (!mod) continue;
      // A recorded call's callee (or raised name) resolves to an exit only if its last name is one
      // of `names`, and it is recorded only inside a function: a file with no such word inside a
      // function has nothing to sweep (a text search, then the memoized function ranges).
      const text = this.texts.get(file);
      if (text !== undefined && !names.some((n) => hasWord(text, n))) continue;
      const memo = this.memos.get(file);
      // Most often every such word is outside functions (`sys.exit(main())` at the end): a few
      // lookups tell, where finding all the functions costs one lookup per `def`.
      if (memo?.defRanges === undefined && this.cleanTexts.has(file) && noWordInFunction(tree, text!, names)) continue;
      // The outermost functions are found once per analysis (a walk of the whole tree in WASM);
      // their ranges are memoized per text, their nodes belong to this analysis's tree.
      let defNodes: Node[] | undefined;
      const outer = () => (defNodes ??= outerDefs(tree, text));
      const defs = (memo?.defRanges as number[] | undefined) ?? outer().flatMap((d) => [d.startIndex, d.endIndex]);
      if (memo) memo.defRanges = defs;
      if (text !== undefined && !names.some((n) => hasWord(text, n, defs))) continue;
      // Only calls and raises inside functions are recorded here (top-level code past the stopping
      // point never runs): they are the calls and raises under the outermost functions, in source
      // order, since ranges nest. descendantsOfType runs inside tree-sitter, so only they get JS wrappers.
      let inFunctions: Node[] | undefined;
      const candidates = () => (inFunctions ??= outer().flatMap((d) => d.descendantsOfType(['call', 'raise_statement']).filter((n): n is Node => !!n)));
      const resolve = (n: Node) => resolveStatic(n, mod.env);
      // Decide from the memoized callee chains (no WASM calls) whether some callee may resolve
      // to an exit, and look at the nodes only then.
      if (memo) {
        const chains = (memo.sweepChains ??= sweepChains(candidates())) as Chain[];
        if (!chains.some((c) => mayEnd(c, mod.env))) continue;
      }
      for (const node of candidates()) {
        if (this.seenExits.has(`${file}:${node.startIndex}`)) continue;
        const shape = node.type === 'call' ? exitCallShape(node, resolve) : raiseShape(node, resolve);
        if (!shape || (node.type === 'raise_statement' && shape.kind === 'throw')) continue;
        this.seenExits.add(`${file}:${node.startIndex}`);
        const handlerReg = this.enclosingHandler(file, node);
        this.out.exitCalls.push({
          location: locationOf(file, node), kind: shape.kind, callee: shape.callee, code: shape.code, certainty: 'unknown',
          context: handlerReg ? 'handler' : 'function', handlerOf: handlerReg?.id,
          inForkedChild: shape.kind === 'hard-exit' ? inForkedChild(node) : undefined, node,
        });
      }
    }
    this.out.exitCalls.sort((a, b) => (a.location.file === b.location.file ? a.location.range.start.offset - b.location.range.start.offset : 0));
  }

  /**
   * The last names a callee or raised chain can have when it resolves to an exit (mirrors mayEnd):
   * the stdlib ones, and every name a loaded module binds to an exit function (`from sys import exit as bye`).
   */
  private exitNames(): string[] {
    const names = new Set(['exit', 'quit', '_exit', 'abort', 'kill', 'SystemExit']);
    for (const m of this.modules.values()) {
      for (let e: Env | undefined = m.env; e; e = e.parent) for (const [k, v] of e.vars) if (isExitValue(v)) names.add(k);
    }
    return [...names];
  }

  /**
   * The innermost handler definition around `node`, by source ranges: `node.parent` walks down
   * from the root each time, which made deeply nested exit calls cubic (found by the fuzz suite).
   */
  private enclosingHandler(file: string, node: Node): Registration | undefined {
    let best: Registration | undefined;
    let bestStart = -1;
    for (const [key, reg] of this.handlerDefs) {
      const def = reg.handler.node as Node;
      if (def.startIndex <= bestStart || key !== `${file}:${def.startIndex}`) continue;
      if (def.startIndex < node.startIndex && node.endIndex <= def.endIndex) {
        best = reg;
        bestStart = def.startIndex;
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------- helpers

/**
 * What resolveStatic needs of a callee or raised expression, without the tree: an identifier name,
 * an attribute (object chain + name), a parenthesized inner chain, or null (resolves to nothing).
 */
type Chain = { id: string } | { obj: Chain; attr: string } | null;

function chainOf(node: Node | undefined | null): Chain {
  if (!node) return null;
  if (node.type === 'identifier') return { id: node.text };
  if (node.type === 'attribute') {
    const obj = field(node, 'object');
    const attr = field(node, 'attribute');
    if (!obj || !attr) return null;
    const base = chainOf(obj);
    return base ? { obj: base, attr: attr.text } : null;
  }
  if (node.type === 'parenthesized_expression') return chainOf(named(node)[0]);
  return null;
}

/** Mirrors resolveStatic over a chain. */
function resolveChain(c: Chain, env: Env): Value | undefined {
  if (!c) return undefined;
  if ('id' in c) return lookup(env, c.id) ?? builtin(c.id);
  const base = resolveChain(c.obj, env);
  if (!base) return undefined;
  if (base.k === 'std') return { k: 'std', path: `${base.path}.${c.attr}` };
  if (base.k === 'module') return lookup(base.mod.env, c.attr);
  return undefined;
}

/** Word occurrences `noWordInFunction` looks up before it leaves the question to outerDefs. */
const WORD_LOOKUPS = 16;

/**
 * True when no whole-word occurrence of `words` in `text` lies inside a function or lambda of
 * `tree` (a tree without syntax errors); false when one does, or when there are too many to look up.
 * The same test as `hasWord(text, w, ranges of outerDefs(tree, text))`, by walking from the root
 * to each occurrence instead of finding every function.
 */
export function noWordInFunction(tree: Tree, text: string, words: string[]): boolean {
  let lookups = 0;
  for (const word of words) {
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      if (!wholeWordAt(text, i, word.length)) continue;
      if (++lookups > WORD_LOOKUPS) return false;
      const at = tree.rootNode.descendantForIndex(i);
      if (!at) return false;
      for (let n: Node | null = tree.rootNode; n; n = n.id === at.id ? null : n.childWithDescendant(at)) {
        if (n.type === 'function_definition' || n.type === 'lambda') return false;
      }
    }
  }
  return true;
}

/** Keyword lookups before outerDefs gives up on the text and walks the tree (each costs O(depth)). */
const OUTER_DEF_LOOKUPS = 2000;

/**
 * The outermost function definitions and lambdas, in source order (their ranges nest the rest).
 * A tree without syntax errors has a `def`/`lambda` keyword token at the start of each (after
 * `async`), so the text's keywords outside the defs found so far are looked up one by one: a walk
 * of the whole tree in WASM (most of a file is function bodies) costs as much as the parse.
 */
export function outerDefs(tree: Tree, text?: string): Node[] {
  const out: Node[] = [];
  let end = -1;
  if (text !== undefined && !tree.rootNode.hasError) {
    const re = /(?<![A-Za-z0-9_])(?:def|lambda)(?![A-Za-z0-9_])/g;
    let lookups = 0;
    let complete = true;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m.index < end) continue;
      if (++lookups > OUTER_DEF_LOOKUPS) {
        complete = false;
        break;
      }
      // In a string or comment the smallest node there is not the keyword token.
      const token = tree.rootNode.descendantForIndex(m.index);
      if (!token || token.isNamed || token.startIndex !== m.index || token.type !== m[0]) continue;
      const def = token.parent;
      if (!def || def.type !== (m[0] === 'def' ? 'function_definition' : 'lambda')) continue;
      out.push(def);
      end = def.endIndex;
    }
    if (complete) return out;
    out.length = 0;
    end = -1;
  }
  for (const d of tree.rootNode.descendantsOfType(['function_definition', 'lambda'])) {
    if (!d || d.startIndex < end) continue;
    end = d.endIndex;
    out.push(d);
  }
  return out;
}

/**
 * Whether `word` occurs in `text` as a whole identifier (not part of a longer ASCII name), inside
 * one of `ranges` when given. Non-ASCII neighbours count as boundaries: that can only over-report.
 */
export function hasWord(text: string, word: string, ranges?: number[]): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!wholeWordAt(text, i, word.length)) continue;
    if (!ranges || inRanges(ranges, i)) return true;
  }
  return false;
}

/** `text` has a whole ASCII identifier of `length` characters at `i`. */
function wholeWordAt(text: string, i: number, length: number): boolean {
  return !isIdentChar(text.charCodeAt(i - 1)) && !isIdentChar(text.charCodeAt(i + length));
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function inRanges(ranges: number[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < ranges[2 * mid]!) hi = mid - 1;
    else if (offset >= ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Callee chains of the calls, and raised chains of the raises, among `nodes` (those inside functions/lambdas: what the sweep can record). */
function sweepChains(nodes: Node[]): Chain[] {
  const out: Chain[] = [];
  for (const node of nodes) {
    if (node.type === 'call') {
      const fn = field(node, 'function');
      if (fn) out.push(chainOf(fn));
    } else {
      // raiseShape: the raised expression, or the function of a raised call.
      const expr = named(node)[0];
      const target = expr?.type === 'call' ? field(expr, 'function') ?? undefined : expr;
      out.push(chainOf(target));
    }
  }
  return out.filter((c) => c !== null);
}

/** Whether a value is what exitCallShape or raiseShape records (sys.exit & co, SystemExit). */
function isExitValue(v: Value | undefined): boolean {
  if (v?.k !== 'std') return false;
  if (v.path === 'builtins.SystemExit') return true;
  const path = canonicalStd(v.path);
  return path === 'sys.exit' || path === 'os._exit' || path === 'os.abort' || path === 'os.kill';
}

/** Whether a chain may resolve to what exitCallShape or raiseShape records (superset of both). */
function mayEnd(c: Chain, env: Env): boolean {
  return isExitValue(resolveChain(c, env));
}

function shorten(text: string): string {
  const one = text.split('\n')[0]!;
  return one.length > 40 ? one.slice(0, 37) + '...' : one;
}

function isGetpidCall(n: Node, resolve: (n: Node) => Value | undefined): boolean {
  if (n.type !== 'call') return false;
  const fn = field(n, 'function');
  const v = fn ? resolve(fn) : undefined;
  return v?.k === 'std' && canonicalStd(v.path) === 'os.getpid';
}

function zeroRange() {
  return { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
}

/** See simpleAssignment: ASCII name, then a literal, then only a comment up to the end of the line. */
const SIMPLE_ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?:([0-9]+)|('[^'\\\r\n]*'|"[^"\\\r\n]*")|(None|True|False)(?![A-Za-z0-9_]))[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\r|$)/y;

const EXPRESSION_TYPES = new Set([
  'call', 'attribute', 'identifier', 'binary_operator', 'unary_operator', 'comparison_operator', 'boolean_operator', 'not_operator',
  'parenthesized_expression', 'list', 'tuple', 'dictionary', 'set', 'subscript', 'conditional_expression', 'await', 'string',
  'concatenated_string', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'lambda',
  'named_expression', 'expression_list', 'keyword_argument', 'pair', 'slice', 'interpolation', 'assignment', 'yield',
]);

function isExpression(n: Node): boolean {
  return EXPRESSION_TYPES.has(n.type);
}

function collectIdentifiers(n: Node, out: Set<string>): void {
  if (n.type === 'identifier') out.add(n.text);
  for (const c of named(n)) collectIdentifiers(c, out);
}

function isFlagCondition(cond: Node): boolean {
  let c = cond;
  if (c.type === 'not_operator') c = field(c, 'argument') ?? c;
  if (c.type === 'identifier' || c.type === 'attribute') return true;
  if (c.type === 'call') {
    const fn = field(c, 'function');
    return fn?.type === 'attribute' && field(fn, 'attribute')?.text === 'is_set';
  }
  return false;
}

/** A `break` that belongs to this loop (not to a nested loop or function). */
function hasBreak(stmts: Node[]): boolean {
  const visit = (n: Node): boolean => {
    if (n.type === 'break_statement') return true;
    if (n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'function_definition' || n.type === 'class_definition') return false;
    if (n.type === 'return_statement' || n.type === 'raise_statement') return true; // leaves the loop too
    return named(n).some(visit);
  };
  return stmts.some(visit);
}

const SIGNAL_NUMBERS: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 9: 'SIGKILL', 10: 'SIGUSR1', 12: 'SIGUSR2', 14: 'SIGALRM', 15: 'SIGTERM' };

function signalName(v: Value): string | undefined {
  if (v.k === 'std') {
    const m = /^signal\.(?:Signals\.)?(SIG[A-Z0-9]+)$/.exec(v.path);
    return m?.[1];
  }
  if (v.k === 'int') return SIGNAL_NUMBERS[v.n];
  return undefined;
}

/** `if pid == 0:` / `if not pid:` after os.fork(): the child branch. */
function inForkedChild(node: Node): boolean {
  // No `fork(` in the file: no child branch (memoized per tree: the sweep may ask for many calls).
  let forks = forkingTrees.get(node.tree);
  if (forks === undefined) forkingTrees.set(node.tree, (forks = /\bfork\s*\(/.test(node.tree.rootNode.text)));
  if (!forks) return false;
  // Ancestors from the root down, in one pass: `node.parent` walks down from the root each time.
  const path: Node[] = [];
  for (let n: Node | null = node.tree.rootNode; n && n.id !== node.id; n = n.childWithDescendant(node)) path.push(n);
  for (let i = path.length - 1; i >= 0; i--) {
    const n = path[i]!;
    if (n.type === 'if_statement') {
      const cond = field(n, 'condition')?.text ?? '';
      const fnScope = enclosingScopeText(path, i);
      if (/\bfork\s*\(/.test(fnScope) && (/^\s*(\w+)\s*==\s*0\s*$/.test(cond) || /^\s*not\s+\w+\s*$/.test(cond) || /^\s*0\s*==\s*\w+\s*$/.test(cond))) return true;
    }
  }
  return false;
}

const forkingTrees = new WeakMap<Tree, boolean>();

/** Text of the function (or module) around path[i], from the ancestors above it. */
function enclosingScopeText(path: Node[], i: number): string {
  for (let j = i - 1; j >= 0; j--) {
    const p = path[j]!;
    if (p.type === 'function_definition' || p.type === 'module') return p.text.length > 20000 ? '' : p.text;
  }
  return '';
}

export { funcEnds };
