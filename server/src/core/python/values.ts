// The abstract values of the Python abstract interpreter (extract.ts): just enough of Python's
// object model to know which callable a registration receives and which object a method call hits.
import type { Node, Tree } from 'web-tree-sitter';
import type { Certainty, Location, Registration } from '../model';

export interface Env {
  vars: Map<string, Value>;
  /** Enclosing function scopes, then the module scope (closures read through it). */
  parent?: Env;
  /** Names declared `global` in this function scope: writes go to the module scope. */
  globals?: Set<string>;
}

export interface ModuleState {
  file: string;
  /** Dotted name; '__main__' for the entry file. */
  name: string;
  isMain: boolean;
  isPackage: boolean;
  tree: Tree;
  env: Env;
  /** Import finished (a circular import sees a partly initialized module, as in CPython). */
  done: boolean;
}

export interface FuncInfo {
  name: string;
  /** function_definition node. */
  node: Node;
  mod: ModuleState;
  closure: Env;
  isAsync: boolean;
  cls?: ClassInfo;
  /** Decorated with @staticmethod: no self binding. */
  isStatic?: boolean;
}

export interface ClassInfo {
  name: string;
  node: Node;
  mod: ModuleState;
  attrs: Map<string, Value>;
  bases: ClassInfo[];
  /** Dotted stdlib base classes (multiprocessing.Process, threading.Thread...). */
  stdBases: string[];
}

export interface Instance {
  id: number;
  cls: ClassInfo;
  attrs: Map<string, Value>;
  /** Where it was created (for messages). */
  createdAt?: Location;
}

/** An ExitStack / AsyncExitStack object. */
export interface StackState {
  id: number;
  /** Scope id when it is the context manager of a `with` statement. */
  scope?: number;
  createdAt: Location;
  callbacks: Registration[];
  closed: boolean;
  async: boolean;
}

/** A weakref.finalize object. */
export interface FinState {
  reg: Registration;
  /** 'alive': its referent lives until exit; 'dead': it already ran or was detached. */
  state: 'alive' | 'dead';
  atexit: boolean;
  /** Where `.atexit = False` was set. */
  atexitOff?: Location;
  /** Where the finalizer was detached (never runs). */
  detachedAt?: Location;
}

export interface ThreadRec {
  location: Location;
  daemon: boolean | 'unknown';
  target?: string;
  started: boolean;
}

export type Value =
  | { k: 'unknown'; fromModule?: string }
  | { k: 'std'; path: string }
  | { k: 'module'; mod: ModuleState }
  | { k: 'func'; fn: FuncInfo; self?: Instance }
  | { k: 'lambda'; node: Node; mod: ModuleState; id: number; env: Env }
  | { k: 'class'; cls: ClassInfo }
  | { k: 'instance'; inst: Instance }
  | { k: 'partial'; inner: Value; innerText: string; id: number; bound?: { node: Node; value: Value }[] }
  | { k: 'int'; n: number }
  | { k: 'str'; s: string }
  | { k: 'bool'; b: boolean }
  | { k: 'none' }
  /** A tuple/list value; `escaped` once it was mutated or handed to code that may mutate it. */
  | { k: 'seq'; items: Value[]; escaped?: boolean }
  | { k: 'stack'; st: StackState }
  | { k: 'finalizer'; fin: FinState }
  | { k: 'process'; target?: Value; targetText: string; location: Location; startMethod?: string }
  | { k: 'thread'; th: ThreadRec; target?: Value }
  | { k: 'mpcontext'; method: string }
  | { k: 'method'; recv: Value; name: string }
  | { k: 'super'; cls: ClassInfo; inst?: Instance }
  | { k: 'coroutine'; run: () => Value };

export const UNKNOWN: Value = { k: 'unknown' };
export const NONE: Value = { k: 'none' };

export function weaker(a: Certainty, b: Certainty): Certainty {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  if (a === 'conditional' || b === 'conditional') return 'conditional';
  return 'definite';
}

export function lookup(env: Env | undefined, name: string): Value | undefined {
  for (let e = env; e; e = e.parent) {
    const v = e.vars.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Attribute lookup on a class, following user base classes (depth-first, close to the MRO for simple trees). */
export function classAttr(cls: ClassInfo, name: string, seen = new Set<ClassInfo>()): Value | undefined {
  if (seen.has(cls)) return undefined;
  seen.add(cls);
  const own = cls.attrs.get(name);
  if (own) return own;
  for (const b of cls.bases) {
    const v = classAttr(b, name, seen);
    if (v) return v;
  }
  return undefined;
}

export function classHasStdBase(cls: ClassInfo, path: string, seen = new Set<ClassInfo>()): boolean {
  if (seen.has(cls)) return false;
  seen.add(cls);
  return cls.stdBases.includes(path) || cls.bases.some((b) => classHasStdBase(b, path, seen));
}
