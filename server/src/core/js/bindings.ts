// Abstract values: what a name or an expression stands for, as far as exit handling cares.
// This is how `process` and the library functions are reached (globals, imports, require,
// destructuring, aliases) and how handler names resolve to their definitions.
import ts from 'typescript';
import type { LibName } from './libraries';

// The bundle reaches `ts.SyntaxKind` through an export getter: one lookup, not one per `case`.
const SyntaxKind = ts.SyntaxKind;

export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export interface ModuleRef {
  file: string;
  sf: ts.SourceFile;
}

export type Value =
  | { k: 'process' }
  | { k: 'processMethod'; name: string; bound?: boolean }
  | { k: 'processStdin' }
  | { k: 'lib'; lib: LibName; exp: string; config?: Record<string, boolean> }
  | { k: 'fn'; node: FunctionNode; mod: ModuleRef; env: Env; name: string; thisVal?: Value; key: string }
  | { k: 'class'; node: ts.ClassLikeDeclaration; mod: ModuleRef; env: Env; name: string; key: string }
  | { k: 'instance'; cls: Value & { k: 'class' }; props: Map<string, Value> }
  | { k: 'object'; props: Map<string, Value>; isMap?: boolean }
  | { k: 'array'; items: Value[] }
  | { k: 'remover'; regs: number[]; lib: LibName | 'process'; all?: boolean }
  | { k: 'dstack'; id: number; async: boolean; regs: number[]; disposed: boolean; name: string }
  | { k: 'builtinModule'; name: string } // http, net, readline, events...
  | { k: 'server' }
  | { k: 'global' } // globalThis / global
  | { k: 'bound'; target: Value; node: ts.Node }
  | { k: 'literal'; value: string | number | boolean | null | undefined }
  /** A promise that rejects on every path (Promise.reject(), an async function that always throws). */
  | { k: 'rejected'; what: string }
  | { k: 'unknown' };

export const UNKNOWN: Value = { k: 'unknown' };
export const PROCESS: Value = { k: 'process' };

/**
 * Writes that can change what a later walk of the same code does: a binding whose value becomes or
 * stops being something other than a literal/unknown, in an Env created before `floor` (older than
 * the callback being walked). Literal-to-literal writes (`flushing = true`) don't count: the walker
 * decides on literal values only at a few points, and those count themselves (Extractor.touch).
 */
// floor 0 outside callback runs: only writes during a run can make it not idle, so nothing else is counted.
export const writeClock = { envs: 0, floor: 0, writes: 0 };

/** A literal or unknown value (or no value): what the walker never follows into. */
export function isPlain(v: Value | undefined): boolean {
  return v === undefined || v.k === 'literal' || v.k === 'unknown';
}

/** A lexical scope: names to values. Lookups fall back to the parent, then to globals. */
export class Env {
  // Allocated at the first binding: most scopes (an if branch, a block, a call without
  // parameters) never bind anything, and a Map per scope was a large share of the GC work.
  private vars: Map<string, Value> | undefined;
  /** Creation order, for writeClock. */
  readonly id = ++writeClock.envs;
  constructor(readonly parent?: Env) {}
  lookup(name: string): Value | undefined {
    for (let e: Env | undefined = this; e; e = e.parent) {
      const v = e.vars?.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  /** This scope's own bindings (not the parents'). */
  own(): ReadonlyMap<string, Value> {
    return this.vars ?? NO_VARS;
  }
  has(name: string): boolean {
    for (let e: Env | undefined = this; e; e = e.parent) if (e.vars?.has(name)) return true;
    return false;
  }
  declare(name: string, v: Value): void {
    if (this.id <= writeClock.floor && !(isPlain(v) && isPlain(this.lookup(name) ?? globalValue(name)))) writeClock.writes++;
    (this.vars ??= new Map()).set(name, v);
  }
  /** Assignment to an existing binding (or a new global when none exists). */
  assign(name: string, v: Value): void {
    for (let e: Env | undefined = this; e; e = e.parent) {
      if (e.vars?.has(name)) {
        if (e.id <= writeClock.floor && !(isPlain(v) && isPlain(e.vars.get(name)))) writeClock.writes++;
        e.vars.set(name, v);
        return;
      }
    }
    if (this.id <= writeClock.floor && !(isPlain(v) && isPlain(globalValue(name)))) writeClock.writes++;
    (this.vars ??= new Map()).set(name, v);
  }
}

const NO_VARS: ReadonlyMap<string, Value> = new Map();

/** Globals that matter; a local binding with the same name shadows them. */
export function globalValue(name: string): Value | undefined {
  switch (name) {
    case 'process':
      return PROCESS;
    case 'globalThis':
    case 'global':
      return { k: 'global' };
    default:
      return undefined;
  }
}

/** Node built-in modules whose values matter (servers keep a process alive, readline too). */
const BUILTINS = new Set(['http', 'https', 'http2', 'net', 'tls', 'dgram', 'readline', 'readline/promises', 'events', 'timers', 'worker_threads', 'child_process', 'cluster']);

export function builtinModule(specifier: string): Value | undefined {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return BUILTINS.has(name) ? { k: 'builtinModule', name } : undefined;
}

/** Property of a value (`process.on`, `lib.gracefulExit`, `exports.f`, `this.close`). */
export function member(v: Value, name: string): Value {
  switch (v.k) {
    case 'process':
      if (name === 'stdin') return { k: 'processStdin' };
      return { k: 'processMethod', name };
    case 'global':
      return globalValue(name) ?? UNKNOWN;
    case 'object':
      return v.props.get(name) ?? UNKNOWN;
    case 'instance': {
      const own = v.props.get(name);
      if (own) return own;
      return UNKNOWN; // methods are resolved by the extractor (it knows the class body)
    }
    case 'lib':
      // `require('async-exit-hook').uncaughtExceptionHandler`, `require('exit-hook').gracefulExit`
      if (v.exp === 'default' || v.exp === '*') return { k: 'lib', lib: v.lib, exp: name };
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

export function isFunctionNode(n: ts.Node): n is FunctionNode {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

/** Strips parentheses, `as`, `!`, `satisfies`, type assertions: they do not change the value. */
export function skipOuter(e: ts.Expression): ts.Expression {
  // One kind switch: this runs on every expression the analysis evaluates.
  for (;;) {
    switch (e.kind) {
      case SyntaxKind.ParenthesizedExpression:
      case SyntaxKind.AsExpression:
      case SyntaxKind.NonNullExpression:
      case SyntaxKind.SatisfiesExpression:
      case SyntaxKind.TypeAssertionExpression:
        e = (e as ts.ParenthesizedExpression).expression;
        break;
      default:
        return e;
    }
  }
}

/** Static string of a literal / no-substitution template, when there is one. */
export function staticString(e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  e = skipOuter(e);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  return undefined;
}

export function staticNumber(e: ts.Expression | undefined): number | undefined {
  if (!e) return undefined;
  e = skipOuter(e);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  return undefined;
}

/** Property name as a string (identifier, string literal, computed string). */
export function propName(n: ts.PropertyName | ts.MemberName | ts.BindingName | undefined): string | undefined {
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) return n.text;
  if (ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isComputedPropertyName(n)) return staticString(n.expression);
  return undefined;
}
