// The exit model: plain data that the language front ends produce and that the plan, the rules,
// the CLI and the language server read. Nothing here knows about a parser, VS Code or LSP;
// syntax nodes are carried only as opaque handles for the per-language fact extractors.

export type Language = 'python' | 'javascript' | 'typescript';

/** How the program ends. Keys are part of the public contract (cli-contract.md). */
export const SCENARIOS = ['normal', 'exit', 'error', 'sigint', 'sigterm', 'hard-exit'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * `definite`: runs at this position whenever the program ends this way.
 * `conditional`: runs at this position only on some paths.
 * `unknown`: the analysis cannot place it.
 */
export type Certainty = 'definite' | 'conditional' | 'unknown';

/** 1-based line and column; `offset` is the 0-based UTF-16 index into the file's text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** `file` is the path as given to the analysis (workspace-relative or absolute, never a URI). */
export interface Location {
  file: string;
  range: Range;
}

/**
 * The cleanup mechanisms. The string is what the plan's `mechanism` field shows.
 * Python: atexit, weakref.finalize, ExitStack (contextlib.ExitStack / AsyncExitStack callbacks),
 *   signal (a signal.signal handler).
 * Node: process listeners are `process:<event>` ('process:exit', 'process:beforeExit',
 *   'process:SIGINT', 'process:SIGTERM', 'process:SIGHUP', 'process:uncaughtException',
 *   'process:unhandledRejection'); libraries by package name ('exit-hook', 'signal-exit',
 *   'async-exit-hook', 'close-with-grace', 'node-cleanup', 'death'); scope disposal
 *   ('using', 'await using', 'DisposableStack', 'AsyncDisposableStack').
 */
export type Mechanism = string;

/** What was passed as the handler. */
export type HandlerForm =
  | 'function' // a reference to a named function (def / function declaration / const f = () => ...)
  | 'lambda' // Python lambda written inline at the registration
  | 'arrow' // JS arrow or function expression written inline at the registration
  | 'method' // bound method reference: self.close, obj.flush, server.close.bind(server)
  | 'partial' // functools.partial(f, ...)
  | 'bound' // JS f.bind(...)
  | 'decorator' // @atexit.register on a def
  | 'builtin' // print, os.remove, file.close of a builtin object...
  | 'disposable' // using / DisposableStack.use: the [Symbol.dispose] of a value
  | 'unknown';

export interface HandlerRef {
  /** Display name: `cleanup`, `self.close`, `<lambda>`, `partial(goodbye)`, `<arrow>`. */
  name: string;
  form: HandlerForm;
  /** Where the callable's code is defined, when resolved (a def, a lambda, an arrow, a method). */
  definition?: Location;
  /**
   * Equality key used to match removals (`atexit.unregister`, `process.off`): two handlers with
   * the same identity compare equal at run time. `undefined` means a fresh object each time the
   * registration runs (inline lambda, arrow, partial, bind), which no removal can ever match.
   */
  identity?: string;
  /** Coroutine function / async function / known to return a promise. */
  isAsync: boolean;
  /** Declared parameter count when known (async-exit-hook decides async-ness by arity). */
  arity?: number;
  /**
   * Whether calling this handler ends the process (sys.exit / raise / process.exit / os._exit on
   * every path, on some paths, or never), and how. Signal-handler semantics hang on it.
   */
  endsProcess?: { when: 'always' | 'sometimes' | 'never' | 'unknown'; kind?: ExitKind };
  /** Opaque syntax handle of the definition (tree-sitter node / ts.Node). Valid until dispose(). */
  node?: unknown;
}

/** Where the registering code runs. */
export type RegistrationContext =
  | 'main' // top-level code of the analyzed program or a module it imports, or functions it calls
  | 'child-process' // a multiprocessing target / forked child / worker that exits without running handlers
  | 'handler'; // inside another exit handler (registered while exiting)

export interface Registration {
  /** Stable within one model; referenced by plan entries and removals. */
  id: number;
  /** Start of the registering expression (cli-contract.md): the call, the decorator, the `using` declaration. */
  location: Location;
  mechanism: Mechanism;
  /** Node event name for process listeners ('exit', 'SIGTERM'...); signal name for Python signal.signal. */
  event?: string;
  handler: HandlerRef;
  /** Whether this registration executes on every path of the top-level code up to the program's end. */
  certainty: Certainty;
  prepend?: boolean;
  once?: boolean;
  context: RegistrationContext;
  /** For scoped mechanisms (ExitStack, using, DisposableStack): the scope that runs it, see `Scope`. */
  scope?: number;
  /** Registration made in a loop body: the loop variables its inline lambda/closure refers to, if any. */
  loop?: { variables: string[]; tripCount?: number; capturesLoopVariable: boolean; boundByDefault: boolean };
  /** Opaque syntax handle of the registering call. */
  node?: unknown;
}

export interface Removal {
  id: number;
  location: Location;
  mechanism: Mechanism;
  event?: string;
  /** `all` for removeAllListeners; otherwise the handler expression given. */
  target: HandlerRef | 'all';
  certainty: Certainty;
  /** Registration ids this removal takes away (equal identity, registered before it). Empty: matches nothing. */
  removes: number[];
  /** The remover was a function returned by a library (exit-hook unsubscribe, signal-exit remover). */
  viaReturnedRemover?: boolean;
  node?: unknown;
}

export type ExitKind =
  | 'exit' // sys.exit, exit(), quit(), raise SystemExit, process.exit(), gracefulExit()
  | 'throw' // an uncaught raise/throw at top level
  | 'hard-exit'; // os._exit, os.abort, os.kill(getpid, SIGKILL), process.abort, process.reallyExit, kill(pid,'SIGKILL')

export interface ExitCall {
  location: Location;
  kind: ExitKind;
  /** Callee as written: `os._exit`, `process.exit`, `sys.exit`, `raise SystemExit`. */
  callee: string;
  /** Exit code when statically known. */
  code?: number;
  certainty: Certainty;
  /** Where the call sits: top-level flow, inside a handler (registration id), or a child process. */
  context: 'main' | 'handler' | 'child-process' | 'function';
  handlerOf?: number;
  /** In Python: inside the child branch after os.fork() (os._exit is correct there). */
  inForkedChild?: boolean;
  node?: unknown;
}

/** A lexical scope whose end runs scoped cleanups (with ExitStack / using / DisposableStack). */
export interface Scope {
  id: number;
  location: Location;
  kind: 'with' | 'block' | 'module' | 'function';
  /** Whether the blocking point of the program (where signals arrive) is inside this scope. */
  enclosesEnd: boolean;
}

export interface ThreadStart {
  /** The start() call. */
  location: Location;
  daemon: boolean | 'unknown';
  /** The target as written, when given. */
  target?: string;
}

/** Something the analysis could not see, which makes plans incomplete. */
export interface Unknown {
  location: Location;
  reason: string;
}

export interface ParseError {
  location: Location;
  message: string;
  /** Not an error in the code: a limit of the parser, past which the analysis left code out. */
  limit?: boolean;
}

/** How a parse error is introduced to the user, and what follows it. */
export function parseErrorLabel(e: ParseError, after: string): { label: string; suffix: string } {
  return e.limit ? { label: 'analysis limit', suffix: '' } : { label: 'syntax error', suffix: ` (${after})` };
}

/** One handler in a scenario's run order. Fields beyond the contract are stripped by the JSON emitter. */
export interface PlanEntry {
  registration: number;
  file: string;
  line: number;
  column: number;
  name: string;
  mechanism: Mechanism;
  certainty: Certainty;
}

export interface SkippedEntry {
  registration: number;
  file: string;
  line: number;
  column: number;
  name: string;
  mechanism: Mechanism;
  /** A reason a person can act on. */
  reason: string;
  /** The code that causes the skip (the os._exit, the missing signal handler's registration...). */
  cause?: Location;
}

export interface ScenarioPlan {
  handlers: PlanEntry[];
  skipped: SkippedEntry[];
  complete: boolean;
}

export interface Plan {
  file: string;
  language: Language;
  scenarios: Record<Scenario, ScenarioPlan>;
}

/** Everything the analysis knows about one program (an entry file plus what it imports). */
export interface ExitModel {
  file: string;
  language: Language;
  /** In execution order of the top-level code (imports evaluated where the runtime evaluates them). */
  registrations: Registration[];
  removals: Removal[];
  exitCalls: ExitCall[];
  scopes: Scope[];
  unknowns: Unknown[];
  parseErrors: ParseError[];
  /** The program runs until it is stopped: a server, an interval, while True, signal.pause(), serve_forever(). */
  runsUntilStopped: boolean;
  /** Where that is decided (the listen(), the loop), when known. */
  runsUntilStoppedAt?: Location;
  /**
   * Threads started by the program (Python: threading.Thread(...).start()). CPython joins every
   * non-daemon thread before it runs atexit handlers (threading._shutdown in Py_FinalizeEx).
   */
  threads?: ThreadStart[];
  /** Files read to build the model (the entry file first). */
  files: string[];
  plan: Plan;
  /** Opaque per-file syntax (tree-sitter Tree / ts.SourceFile) for fact extractors; keyed by file. */
  syntax: Map<string, unknown>;
  /** Frees parser memory (tree-sitter trees live in WASM memory). Safe to call twice. */
  dispose(): void;
}

/** The records a front end's abstract execution produces, before the plan is computed from them. */
export type ExecutionRecords = Pick<ExitModel, 'registrations' | 'removals' | 'exitCalls' | 'scopes' | 'unknowns' | 'parseErrors' | 'files'>;

export function emptyScenarioPlan(): ScenarioPlan {
  return { handlers: [], skipped: [], complete: true };
}

export function emptyPlan(file: string, language: Language): Plan {
  const scenarios = {} as Record<Scenario, ScenarioPlan>;
  for (const s of SCENARIOS) scenarios[s] = emptyScenarioPlan();
  return { file, language, scenarios };
}

export function languageOf(file: string): Language | undefined {
  const m = /\.([a-z]+)$/i.exec(file);
  switch (m?.[1]?.toLowerCase()) {
    case 'py':
    case 'pyw':
    case 'pyi':
      return 'python';
    case 'js':
    case 'mjs':
    case 'cjs':
    case 'jsx':
      return 'javascript';
    case 'ts':
    case 'mts':
    case 'cts':
    case 'tsx':
      return 'typescript';
    default:
      return undefined;
  }
}
