// Small helpers over tree-sitter-python nodes: literal values, names, and the builtins table.
import type { Node } from 'web-tree-sitter';
import type { ExitKind } from '../model';
import { lookup, type Env, type Value } from './values';

// web-tree-sitter builds a fresh JS wrapper (and copies through WASM memory) on every child or
// field access; the abstract interpreter visits the same nodes many times (loops, repeated calls),
// so children and fields are memoized per node id for the duration of one analysis.
const namedCache = new Map<number, Node[]>();
const childCache = new Map<number, Node[]>();
const stmtCache = new Map<number, Node[]>();
// One map per field name (a handful): no key string is built per lookup.
const fieldCache = new Map<string, Map<number, Node | null>>();

/** Drops the memoized children (call when the trees of an analysis are deleted or done with). */
export function clearSyntaxCache(): void {
  // These maps live in V8's old generation, and clear() leaves the old table's slots pointing at
  // the analysis' node arrays: a scavenge treats those slots as roots and copies all that garbage
  // (measured on a 5k-line file: 17-18 ms scavenges instead of 12-13). Overwrite them first.
  for (const m of [namedCache, childCache, stmtCache, ...fieldCache.values()] as Map<number, unknown>[]) {
    for (const k of m.keys()) m.set(k, null);
  }
  namedCache.clear();
  childCache.clear();
  stmtCache.clear();
  fieldCache.clear();
}

export function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  let hit = namedCache.get(node.id);
  if (!hit) {
    hit = node.namedChildren.filter((c): c is Node => c !== null);
    namedCache.set(node.id, hit);
  }
  return hit;
}

export function children(node: Node | null | undefined): Node[] {
  if (!node) return [];
  let hit = childCache.get(node.id);
  if (!hit) {
    hit = node.children.filter((c): c is Node => c !== null);
    childCache.set(node.id, hit);
  }
  return hit;
}

/** Memoized `node.childForFieldName(name)`. */
export function field(node: Node | null | undefined, name: string): Node | null {
  if (!node) return null;
  let byId = fieldCache.get(name);
  if (!byId) fieldCache.set(name, (byId = new Map()));
  let hit = byId.get(node.id);
  if (hit === undefined) {
    hit = node.childForFieldName(name);
    byId.set(node.id, hit);
  }
  return hit;
}

/** The statements of a block/module, skipping comments (memoized like the children: blocks run many times). */
export function statements(node: Node | null | undefined): Node[] {
  if (!node) return [];
  let hit = stmtCache.get(node.id);
  if (!hit) {
    hit = named(node).filter((c) => c.type !== 'comment');
    stmtCache.set(node.id, hit);
  }
  return hit;
}

/** Plain string literal content (no f-string interpolation), else undefined. */
export function stringLiteral(node: Node): string | undefined {
  if (node.type === 'concatenated_string') {
    let s = '';
    for (const part of named(node)) {
      const v = stringLiteral(part);
      if (v === undefined) return undefined;
      s += v;
    }
    return s;
  }
  if (node.type !== 'string') return undefined;
  let s = '';
  for (const c of named(node)) {
    if (c.type === 'interpolation') return undefined;
    if (c.type === 'string_content') s += c.text;
    if (c.type === 'escape_sequence') s += c.text;
  }
  return s;
}

export function intLiteral(node: Node): number | undefined {
  if (node.type === 'integer') {
    const n = Number(node.text.replace(/_/g, ''));
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (node.type === 'unary_operator' && node.child(0)?.type === '-') {
    const arg = field(node, 'argument');
    const v = arg ? intLiteral(arg) : undefined;
    return v === undefined ? undefined : -v;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = named(node)[0];
    return inner ? intLiteral(inner) : undefined;
  }
  return undefined;
}

export function isAsyncDef(def: Node): boolean {
  // `async` can only be the first token of a definition: one child instead of all of them, except
  // in a tree with errors, where recovery may put tokens anywhere.
  const first = def.firstChild;
  if (first && !def.hasError) {
    if (first.type === 'async') return true;
    if (first.type === 'def' || first.type === 'lambda') return false;
  }
  return children(def).some((c) => c.type === 'async');
}

/** Parameter names of a function_definition or lambda, in order (excluding *args/**kwargs markers). */
export function parameterNames(params: Node | null): { names: string[]; defaults: Map<string, Node>; star?: string; starstar?: string } {
  const names: string[] = [];
  const defaults = new Map<string, Node>();
  let star: string | undefined;
  let starstar: string | undefined;
  for (const p of named(params)) {
    switch (p.type) {
      case 'identifier':
        names.push(p.text);
        break;
      case 'typed_parameter': {
        const id = named(p).find((c) => c.type === 'identifier');
        const splat = named(p).find((c) => c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern');
        if (id) names.push(id.text);
        else if (splat?.type === 'list_splat_pattern') star = named(splat)[0]?.text;
        else if (splat) starstar = named(splat)[0]?.text;
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const n = field(p, 'name');
        const v = field(p, 'value');
        if (n) {
          names.push(n.text);
          if (v) defaults.set(n.text, v);
        }
        break;
      }
      case 'list_splat_pattern':
        star = named(p)[0]?.text;
        break;
      case 'dictionary_splat_pattern':
        starstar = named(p)[0]?.text;
        break;
      default:
        break;
    }
  }
  return { names, defaults, star, starstar };
}

/** Builtins that matter for exits and registrations; other builtins resolve to `builtins.<name>` too. */
const BUILTIN_NAMES = new Set(
  ('print exit quit open range len list tuple dict set frozenset str int float bool bytes getattr setattr hasattr eval exec ' +
    'compile __import__ super isinstance issubclass id type object repr input iter next sorted reversed enumerate zip map filter ' +
    'min max sum any all abs round vars globals locals callable staticmethod classmethod property format hash ' +
    'Exception BaseException SystemExit KeyboardInterrupt RuntimeError ValueError TypeError KeyError OSError IOError ' +
    'NotImplementedError AssertionError StopIteration GeneratorExit ArithmeticError ZeroDivisionError AttributeError ' +
    'ImportError ModuleNotFoundError LookupError IndexError NameError PermissionError FileNotFoundError TimeoutError ' +
    'ConnectionError BrokenPipeError InterruptedError ChildProcessError')
    .split(' '),
);

export function builtin(name: string): Value | undefined {
  return BUILTIN_NAMES.has(name) ? { k: 'std', path: `builtins.${name}` } : undefined;
}

/** Resolves a name/attribute chain without running anything (for handler bodies). */
export function resolveStatic(node: Node, env: Env | undefined): Value | undefined {
  if (node.type === 'identifier') return lookup(env, node.text) ?? builtin(node.text);
  if (node.type === 'attribute') {
    const obj = field(node, 'object');
    const attr = field(node, 'attribute');
    if (!obj || !attr) return undefined;
    const base = resolveStatic(obj, env);
    if (!base) return undefined;
    if (base.k === 'std') return { k: 'std', path: `${base.path}.${attr.text}` };
    if (base.k === 'module') return lookup(base.mod.env, attr.text);
    return undefined;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = named(node)[0];
    return inner ? resolveStatic(inner, env) : undefined;
  }
  return undefined;
}

/** Normalizes stdlib aliases that name the same object. */
export function canonicalStd(path: string): string {
  return path
    .replace(/^builtins\.(exit|quit)$/, 'sys.exit')
    .replace(/^signal\.Signals\./, 'signal.')
    .replace(/^posix\./, 'os.')
    .replace(/^_?thread\./, 'threading.')
    .replace(/^multiprocessing\.context\./, 'multiprocessing.');
}

export interface ExitShape {
  kind: ExitKind;
  callee: string;
  code?: number;
}

/** Whether `call` is an exit call; `resolve` maps the callee expression to a value. */
export function exitCallShape(call: Node, resolve: (n: Node) => Value | undefined): ExitShape | undefined {
  const fn = field(call, 'function');
  if (!fn) return undefined;
  const v = resolve(fn);
  if (!v || v.k !== 'std') return undefined;
  const path = canonicalStd(v.path);
  const args = named(field(call, 'arguments')).filter((a) => a.type !== 'comment');
  const code = args[0] ? intLiteral(args[0]) : undefined;
  // sys.exit / exit() / quit() raise SystemExit; os._exit and os.abort end the process at once.
  if (path === 'sys.exit') return { kind: 'exit', callee: fn.text, code: args.length === 0 ? 0 : code };
  if (path === 'os._exit') return { kind: 'hard-exit', callee: fn.text, code };
  if (path === 'os.abort') return { kind: 'hard-exit', callee: fn.text };
  if (path === 'os.kill' && args.length >= 2) {
    const target = args[0]!;
    const sig = resolve(args[1]!);
    const targetsSelf =
      target.type === 'call' && (() => {
        const tv = field(target, 'function');
        const r = tv ? resolve(tv) : undefined;
        return r?.k === 'std' && canonicalStd(r.path) === 'os.getpid';
      })();
    if (targetsSelf && sig?.k === 'std' && canonicalStd(sig.path) === 'signal.SIGKILL') return { kind: 'hard-exit', callee: fn.text };
  }
  return undefined;
}

/** Kind of a `raise` statement: SystemExit is an exit, anything else an uncaught exception. */
export function raiseShape(node: Node, resolve: (n: Node) => Value | undefined): ExitShape {
  const expr = named(node)[0];
  let target: Node | undefined = expr;
  if (target?.type === 'call') target = field(target, 'function') ?? undefined;
  const v = target ? resolve(target) : undefined;
  if (v?.k === 'std' && v.path === 'builtins.SystemExit') {
    const args = expr?.type === 'call' ? named(field(expr, 'arguments')) : [];
    return { kind: 'exit', callee: 'raise SystemExit', code: args.length === 0 ? 0 : intLiteral(args[0]!) };
  }
  return { kind: 'throw', callee: expr ? `raise ${(target ?? expr).text}` : 'raise' };
}

/** Exceptions an except clause catches, as far as they matter for exits. */
export function exceptCatches(clause: Node, resolve: (n: Node) => Value | undefined): { systemExit: boolean | 'maybe'; keyboardInterrupt: boolean | 'maybe'; other: boolean | 'maybe' } {
  const value = field(clause, 'value');
  if (!value) return { systemExit: true, keyboardInterrupt: true, other: true };
  const types = value.type === 'tuple' ? named(value) : [value.type === 'as_pattern' ? named(value)[0]! : value];
  let se: boolean | 'maybe' = false;
  let ki: boolean | 'maybe' = false;
  let other: boolean | 'maybe' = false;
  for (const t of types) {
    if (!t) continue;
    const v = resolve(t);
    const path = v?.k === 'std' ? v.path : undefined;
    if (path === 'builtins.BaseException') return { systemExit: true, keyboardInterrupt: true, other: true };
    if (path === 'builtins.SystemExit') se = true;
    else if (path === 'builtins.KeyboardInterrupt') ki = true;
    else if (path === 'builtins.Exception') other = true;
    else if (path?.startsWith('builtins.')) other = other === true ? true : 'maybe';
    else {
      // A user or library exception class: it cannot be SystemExit/KeyboardInterrupt unless it subclasses them.
      other = other === true ? true : 'maybe';
    }
  }
  return { systemExit: se, keyboardInterrupt: ki, other };
}
