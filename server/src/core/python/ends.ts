// Whether calling a handler ends the process (HandlerRef.endsProcess), read from its body.
// Runtime facts: sys.exit()/exit()/quit() raise SystemExit; any uncaught raise propagates out of a
// signal handler into the main thread's current frame (the signal module runs Python handlers
// in the main thread between bytecodes); os._exit/os.abort end the process at once.
import type { Node } from 'web-tree-sitter';
import type { ExitKind, HandlerRef } from '../model';
import { exitCallShape, field, named, raiseShape, resolveStatic, statements } from './syntax';
import type { Env, FuncInfo, Value } from './values';

type Ends = NonNullable<HandlerRef['endsProcess']>;

const NEVER: Ends = { when: 'never' };

export function valueEnds(v: Value | undefined, depth = 0): Ends {
  if (!v) return { when: 'unknown' };
  switch (v.k) {
    case 'func':
      return funcEnds(v.fn, depth);
    case 'lambda': {
      const body = field(v.node, 'body');
      return body ? exprEnds(body, v.env, depth) : NEVER;
    }
    case 'partial':
      return valueEnds(v.inner, depth);
    case 'std': {
      // signal.default_int_handler raises KeyboardInterrupt; sys.exit raises SystemExit.
      if (v.path === 'signal.default_int_handler') return { when: 'always', kind: 'throw' };
      if (v.path === 'sys.exit' || v.path === 'builtins.exit' || v.path === 'builtins.quit') return { when: 'always', kind: 'exit' };
      if (v.path === 'os._exit' || v.path === 'os.abort') return { when: 'always', kind: 'hard-exit' };
      if (v.path.startsWith('builtins.')) return NEVER;
      return { when: 'unknown' };
    }
    default:
      return { when: 'unknown' };
  }
}

const cache = new WeakMap<FuncInfo, Ends>();

export function funcEnds(fn: FuncInfo, depth = 0): Ends {
  const hit = cache.get(fn);
  if (hit) return hit;
  if (depth > 8) return { when: 'unknown' };
  cache.set(fn, { when: 'unknown' }); // recursion guard
  const body = field(fn.node, 'body');
  let res = body ? blockEnds(statements(body), fn.closure, depth + 1) : NEVER;
  // A handler that only flips a flag or stops a loop/server returns, but the main code then ends
  // by itself: whether that happens is the main code's business, so it is not `never`.
  if (res.when === 'never' && body && requestsStop(body)) res = { when: 'unknown' };
  cache.set(fn, res);
  return res;
}

const STOP_METHODS = /^(set|shutdown|stop|cancel|close|put|put_nowait|call_soon_threadsafe|interrupt_main|terminate|kill|exit)$/;

/** Writes a global or an attribute, or calls something like event.set() / server.shutdown(). */
function requestsStop(body: Node): boolean {
  const globals = new Set<string>();
  let found = false;
  const visit = (n: Node): void => {
    if (found) return;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') return;
    if (n.type === 'global_statement' || n.type === 'nonlocal_statement') for (const id of named(n)) globals.add(id.text);
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = field(n, 'left');
      if (left?.type === 'attribute' || (left?.type === 'identifier' && globals.has(left.text))) found = true;
    }
    if (n.type === 'call') {
      const fn = field(n, 'function');
      const name = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : undefined;
      if (name && STOP_METHODS.test(name)) found = true;
    }
    for (const c of named(n)) visit(c);
  };
  visit(body);
  return found;
}

function combineSome(a: Ends, b: Ends): Ends {
  if (a.when === 'always' || a.when === 'sometimes') return a;
  if (b.when === 'always' || b.when === 'sometimes') return { when: 'sometimes', kind: b.kind };
  if (a.when === 'unknown' || b.when === 'unknown') return { when: 'unknown' };
  return NEVER;
}

function exprEnds(expr: Node, env: Env, depth: number): Ends {
  if (expr.type === 'call') {
    const shape = exitCallShape(expr, (n) => resolveStatic(n, env));
    if (shape) return { when: 'always', kind: shape.kind };
    const fn = field(expr, 'function');
    const v = fn ? resolveStatic(fn, env) : undefined;
    if (v?.k === 'func') {
      const e = funcEnds(v.fn, depth + 1);
      if (e.when === 'always' || e.when === 'sometimes') return e;
    }
    // Chaining to the previously installed handler (self._previous(signum, frame)): whatever that
    // handler does, this one does too; the analysis cannot tell.
    const last = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : fn?.text;
    if (!v && last && /prev|old|orig|chain|next_handler/i.test(last)) return { when: 'unknown' };
  }
  let acc: Ends = NEVER;
  for (const c of named(expr)) {
    if (c.type === 'lambda') continue;
    const e = exprEnds(c, env, depth);
    if (e.when === 'always') return { when: 'sometimes', kind: e.kind };
    acc = combineSome(acc, e);
  }
  return acc;
}

/** Ends of a statement list: `always` when a statement on the straight path ends it. */
function blockEnds(stmts: Node[], env: Env, depth: number): Ends {
  let acc: Ends = NEVER;
  for (const s of stmts) {
    const e = stmtEnds(s, env, depth);
    if (e.when === 'always') return acc.when === 'sometimes' ? { when: 'always', kind: acc.kind ?? e.kind } : e;
    acc = combineSome(acc, e);
    if (s.type === 'return_statement') break;
  }
  return acc;
}

function stmtEnds(s: Node, env: Env, depth: number): Ends {
  const resolve = (n: Node) => resolveStatic(n, env);
  switch (s.type) {
    case 'raise_statement':
      return { when: 'always', kind: raiseShape(s, resolve).kind };
    case 'expression_statement':
    case 'return_statement':
    case 'assignment': {
      let acc: Ends = NEVER;
      for (const c of named(s)) acc = mergeStraight(acc, exprEnds(c, env, depth));
      return acc;
    }
    case 'with_statement': {
      const body = field(s, 'body');
      return blockEnds(statements(body), env, depth);
    }
    case 'if_statement': {
      const branches: Node[][] = [statements(field(s, 'consequence'))];
      let hasElse = false;
      for (const alt of s.childrenForFieldName('alternative')) {
        if (!alt) continue;
        if (alt.type === 'else_clause') {
          hasElse = true;
          branches.push(statements(field(alt, 'body')));
        } else branches.push(statements(field(alt, 'consequence')));
      }
      const res = branches.map((b) => blockEnds(b, env, depth));
      if (hasElse && res.every((r) => r.when === 'always')) return { when: 'always', kind: res[0]!.kind };
      return res.reduce<Ends>((a, r) => combineSome(a, r.when === 'always' ? { when: 'sometimes', kind: r.kind } : r), NEVER);
    }
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
      return NEVER;
    default: {
      // Loops, try, match: whatever ends inside them ends only on some paths.
      let acc: Ends = NEVER;
      for (const c of named(s)) {
        const inner = c.type === 'block' ? blockEnds(statements(c), env, depth) : stmtEnds(c, env, depth);
        acc = combineSome(acc, inner.when === 'always' ? { when: 'sometimes', kind: inner.kind } : inner);
      }
      return acc;
    }
  }
}

function mergeStraight(a: Ends, b: Ends): Ends {
  if (b.when === 'always') return b;
  return combineSome(a, b);
}

export function endsKindLabel(kind: ExitKind | undefined): string {
  return kind === 'hard-exit' ? 'ends the process at once' : kind === 'exit' ? 'exits' : 'raises';
}

