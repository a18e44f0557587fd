// Language-neutral facts about handler bodies and files, computed on demand from the opaque
// syntax handles of the model (tree-sitter nodes for Python, ts.Node for JS/TS). Rules read
// these instead of syntax, so one rule serves every language.
import type { ExitCall, ExitKind, ExitModel, HandlerRef, Location, Registration } from '../model';
import { pythonFacts } from './python';
import { jsFacts } from './js';

/** A piece of code a fact is about; `text` is its source, shortened for messages. */
export interface Site {
  location: Location;
  text: string;
}

export interface BlockingSite extends Site {
  /** Why it blocks, for messages: "sleeps", "runs a subprocess and waits for it", "waits without a timeout". */
  why: string;
  /** Reached through a call to another function of the program (its name), not in the handler itself. */
  via?: string;
}

export interface ThrowSite extends Site {
  via?: string;
  /** The exception class raised, when written (`ValueError`). */
  raised?: string;
}

export interface ExitSite extends Site {
  kind: ExitKind;
  callee: string;
  /** On every path through the handler body (not under an if/loop/try). */
  unconditional: boolean;
  via?: string;
}

export interface ScheduleSite extends Site {
  /** What it schedules: "setTimeout", "a promise", "fetch". */
  what: string;
  /** Runs on every call of the handler (not under a condition). */
  unconditional: boolean;
}

/** What a handler does to something named outside it: `x.close()`, `t.join()`, `clearInterval(t)`. */
export interface ActionSite extends Site {
  /** The outside name acted on: `log_file`, `self.conn`, `server`. */
  target: string;
  action: 'close' | 'join' | 'set' | 'clear' | 'kill' | 'stop';
}

export interface HandlerFacts {
  /** Where the handler's code is (the def / lambda / arrow / function). */
  location: Location;
  /** The body is visible (false for builtins and unresolved references: then every list is empty). */
  resolved: boolean;
  isAsync: boolean;
  /** An expression-bodied callable (Python lambda, JS arrow without a block). */
  expressionBody: boolean;
  blocking: BlockingSite[];
  /** raise/throw sites not caught inside the handler (also through calls to same-file functions). */
  throws: ThrowSite[];
  /** The whole body is inside a try with a catch-all handler. */
  guarded: boolean;
  /** Exit calls made by the handler (sys.exit, process.exit, os._exit, raise SystemExit...). */
  exits: ExitSite[];
  /**
   * The handler hands the end of the program to other code: sets a flag (global/nonlocal/attribute
   * assignment), sets an event, calls stop/shutdown/close/cancel, re-raises the signal.
   */
  arrangesStop: boolean;
  /** Calls into code the analysis cannot see into (anything beyond logging/printing). */
  callsUnknown: boolean;
  /** Async work started by the handler (timers, promises, fetch). */
  schedules: ScheduleSite[];
  /** Actions on outside objects. */
  actions: ActionSite[];
  /** `await` expressions in the body. */
  awaits: Site[];
  /** A `return` under a condition (a guard that can end the handler early). */
  earlyReturn?: boolean;
  /** The handler removes listeners (`process.off`, `removeListener`), usually itself. */
  removesListener?: boolean;
}

/** A long-lived object created by top-level code of a file. */
export interface ResourceFact {
  name: string;
  kind: 'file' | 'socket' | 'connection' | 'thread' | 'interval' | 'server' | 'child-process' | 'event';
  location: Location;
  /** The constructor as written: `open`, `sqlite3.connect`, `setInterval`, `threading.Thread`. */
  callee: string;
  /** Threads: daemon=True (Python) / timers: .unref() called. */
  detached?: boolean;
  /** Threads and processes: `.start()` called at top level; servers: `.listen()`. */
  started?: boolean;
  /** Other uses of the name outside exit handlers (the name is used after creation). */
  usedOutsideHandlers: number;
}

export interface ExitCallFacts {
  /** The nearest preceding statement in the same block that writes to stdout/stderr. */
  precedingWrite?: Site;
  /** The exit call is the last statement of its block (no `return` needed after replacing it). */
  lastInBlock: boolean;
  /** The call is a statement of its own (not inside a larger expression). */
  isStatement: boolean;
}

export interface FactProvider {
  handler(ref: HandlerRef, reg?: Registration): HandlerFacts | undefined;
  resources(file: string): ResourceFact[];
  exitCall(call: ExitCall): ExitCallFacts | undefined;
  /** Where the function that contains a registration is started as a child process (`Process(target=worker)`). */
  childSpawn(reg: Registration): (Site & { target: string }) | undefined;
  /**
   * A resource created in the same function as the registration, which the handler closes:
   * `f = open(p)` + `atexit.register(f.close)` inside a function, where `with` would scope it.
   */
  scopedResource(reg: Registration, closes: string[]): ResourceFact | undefined;
  /**
   * JS: whether `variable`, used by a closure registered at `reg`, has one binding per loop
   * iteration (`for (let ...)`, `for (const x of ...)`, a `let` inside the body) or one shared binding.
   */
  loopBinding(reg: Registration, variable: string): 'per-iteration' | 'shared' | undefined;
  /** Source text of a function of a file by name (a top-level def / function / `const f = () =>`). */
  functionText(file: string, name: string): string | undefined;
}

export interface FactOptions {
  /** Extra callees that block (config `slowCalls`). */
  slowCalls: string[];
}

/** Facts for one model; results are cached per handler node and per file. */
export function createFactProvider(model: ExitModel, text: (file: string) => string | undefined, options: FactOptions): FactProvider {
  return model.language === 'python' ? pythonFacts(model, text, options) : jsFacts(model, text, options);
}

/** Shortens source text for a message: first line, at most 60 characters. */
export function snippet(text: string): string {
  const first = text.split('\n')[0]!.trim();
  const more = first.length < text.trim().length;
  return first.length > 60 ? first.slice(0, 57) + '...' : more ? first + ' ...' : first;
}

/** 1-based line/column for an offset, through a cached line table per text. */
export function positionAt(lineStarts: number[], offset: number) {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1, offset };
}

/** Line starts as LSP and editors see them: lines end at LF, CRLF or a lone CR. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

export function locationOf(file: string, lineStarts: number[], start: number, end: number): Location {
  return { file, range: { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) } };
}
