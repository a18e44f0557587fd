// What a handler's body does when it runs, as far as ending the process goes: does it call
// process.exit (on every path, on some, never), does it do so synchronously or only after an
// await / in a callback (then the other listeners of the same event run first), and does it throw.
import ts from 'typescript';
import type { ExitCall, ExitKind } from '../model';
import { LIBRARIES } from './libraries';
import { isFunctionNode, member, globalValue, skipOuter, staticNumber, staticString, type Env, type FunctionNode, type Value } from './bindings';
import { locationOf } from './positions';

export interface ExitBehaviour {
  when: 'always' | 'sometimes' | 'never';
  kind?: ExitKind;
  /** `sync`: the exit happens before the handler returns; `deferred`: after an await or in a callback. */
  timing: 'sync' | 'deferred';
  /** A `throw` outside any try: always (on the straight path) / sometimes / never. */
  throws: 'always' | 'sometimes' | 'never';
  exits: Array<Omit<ExitCall, 'context'>>;
  /** Schedules async work (timers, promises, await): a 'beforeExit' listener doing so makes node emit 'beforeExit' again. */
  schedules: boolean;
  /** Stops something that may keep the process alive (clearInterval, server.close...): the loop may then drain. */
  releases: boolean;
}

const RELEASERS = new Set(['clearInterval', 'clearTimeout', 'close', 'stop', 'end', 'destroy', 'unref', 'disconnect', 'quit', 'terminate', 'closeAllConnections', 'pause', 'removeAllListeners', 'unsubscribe']);

const SCHEDULERS = new Set(['setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask', 'fetch']);
const SCHEDULING_METHODS = new Set(['nextTick', 'then', 'catch', 'finally', 'write', 'end', 'close']);

interface Found {
  kind: ExitKind;
  conditional: boolean;
  deferred: boolean;
}

/** Classifies a call as an exit, resolving names through the handler's defining scope. */
export function exitOfCall(call: ts.CallExpression, sf: ts.SourceFile, env: Env | undefined): { kind: ExitKind; callee: string; code?: number } | undefined {
  const c = skipOuter(call.expression);
  const v = calleeValue(c, env);
  if (v?.k === 'processMethod') {
    switch (v.name) {
      case 'exit':
        return { kind: 'exit', callee: 'process.exit', code: staticNumber(call.arguments[0]) };
      case 'abort':
        return { kind: 'hard-exit', callee: 'process.abort' };
      case 'reallyExit':
        return { kind: 'hard-exit', callee: 'process.reallyExit' };
      case 'kill': {
        const self = call.arguments[0] && /^(process\.pid|pid)$/.test(call.arguments[0].getText(sf).replace(/\s/g, ''));
        const sig = staticString(call.arguments[1]) ?? staticNumber(call.arguments[1]);
        if (self && (sig === 'SIGKILL' || sig === 9)) return { kind: 'hard-exit', callee: 'process.kill' };
        // Re-raising a terminating signal ends the process once no listener is left for it.
        if (self && typeof sig === 'string' && /^SIG(TERM|INT|HUP|QUIT)$/.test(sig)) return { kind: 'hard-exit', callee: 'process.kill' };
        return undefined;
      }
      default:
        return undefined;
    }
  }
  if (v?.k === 'lib' && LIBRARIES[v.lib].exports[v.exp] === 'graceful-exit') return { kind: 'exit', callee: 'gracefulExit' };
  return undefined;
}

function calleeValue(e: ts.Expression, env: Env | undefined): Value | undefined {
  e = skipOuter(e);
  if (ts.isIdentifier(e)) return env?.lookup(e.text) ?? globalValue(e.text);
  if (ts.isPropertyAccessExpression(e)) {
    const o = calleeValue(e.expression, env);
    return o ? member(o, e.name.text) : undefined;
  }
  return undefined;
}

export function exitBehaviour(fn: FunctionNode, file: string, sf: ts.SourceFile, env: Env | undefined, depth = 0, seen: Set<ts.Node> = new Set()): ExitBehaviour {
  const found: Found[] = [];
  const exits: ExitBehaviour['exits'] = [];
  let throwsAlways = false;
  let throwsSometimes = false;
  seen.add(fn);
  // `conditional`: not on every path; `deferred`: after an await or inside a callback.
  const visit = (n: ts.Node, conditional: boolean, deferred: boolean, inTry: boolean): void => {
    if (isFunctionNode(n)) {
      // A function written inside the handler runs later if at all (callbacks: server.close(() => process.exit())).
      if (n.body) visit(n.body, true, true, false);
      return;
    }
    if (ts.isCallExpression(n) || ts.isNewExpression(n)) {
      const callee = skipOuter(n.expression);
      if ((ts.isIdentifier(callee) && (SCHEDULERS.has(callee.text) || callee.text === 'Promise')) || (ts.isPropertyAccessExpression(callee) && SCHEDULING_METHODS.has(callee.name.text))) schedules = true;
      const cname = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (RELEASERS.has(cname)) releases = true;
    }
    if (ts.isCallExpression(n)) {
      const ex = exitOfCall(n, sf, env);
      if (ex) {
        found.push({ kind: ex.kind, conditional, deferred });
        exits.push({ location: locationOf(file, sf, n), kind: ex.kind, callee: ex.callee, code: ex.code, certainty: conditional ? 'conditional' : 'definite', node: n });
      } else if (depth < 3) {
        // A helper called from the handler (shutdown() { ...; process.exit(0) }).
        const v = calleeValue(n.expression, env);
        if (v?.k === 'fn' && v.node.body && !seen.has(v.node)) {
          const b = exitBehaviour(v.node, v.mod.file, v.mod.sf, v.env, depth + 1, seen);
          if (b.releases) releases = true;
          if (b.when !== 'never') found.push({ kind: b.kind ?? 'exit', conditional: conditional || b.when === 'sometimes', deferred: deferred || b.timing === 'deferred' });
        }
      }
      ts.forEachChild(n, (c) => visit(c, conditional, deferred, inTry));
      return;
    }
    if (ts.isAwaitExpression(n)) {
      schedules = true;
      visit(n.expression, conditional, deferred, inTry);
      afterAwait = true;
      return;
    }
    if (ts.isThrowStatement(n)) {
      if (!inTry) {
        if (conditional) throwsSometimes = true;
        else throwsAlways = true;
      }
      ts.forEachChild(n, (c) => visit(c, conditional, deferred, inTry));
      return;
    }
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n) || ts.isSwitchStatement(n) || ts.isIterationStatement(n, false) || ts.isCatchClause(n)) {
      ts.forEachChild(n, (c) => visit(c, true, deferred, inTry));
      return;
    }
    if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      visit(n.left, conditional, deferred, inTry);
      visit(n.right, true, deferred, inTry);
      return;
    }
    if (ts.isTryStatement(n)) {
      visit(n.tryBlock, conditional, deferred, inTry || !!n.catchClause);
      if (n.catchClause) visit(n.catchClause, true, deferred, inTry);
      if (n.finallyBlock) visit(n.finallyBlock, conditional, deferred, inTry);
      return;
    }
    ts.forEachChild(n, (c) => visit(c, conditional, deferred, inTry));
  };
  let afterAwait = false;
  let schedules = false;
  let releases = false;
  const body = fn.body;
  if (body) {
    if (ts.isBlock(body)) {
      // Statements after an early `return` on some path run only on some paths.
      let cond = false;
      for (const s of body.statements) {
        const before = found.length;
        visit(s, cond, afterAwait, false);
        for (let i = before; i < found.length; i++) if (afterAwait && !found[i].deferred) found[i].deferred = true;
        if (ts.isReturnStatement(s)) break;
        if (containsReturn(s)) cond = true;
      }
    } else visit(body, false, false, false);
  }
  const definite = found.find((f) => !f.conditional);
  const any = found[0];
  const pick = definite ?? any;
  return {
    when: definite ? 'always' : any ? 'sometimes' : throwsAlways ? 'always' : throwsSometimes ? 'sometimes' : 'never',
    kind: pick?.kind ?? (throwsAlways || throwsSometimes ? 'throw' : undefined),
    timing: pick ? (pick.deferred ? 'deferred' : 'sync') : 'sync',
    throws: throwsAlways ? 'always' : throwsSometimes ? 'sometimes' : 'never',
    exits,
    schedules,
    releases,
  };
}

function containsReturn(s: ts.Node): boolean {
  let hit = false;
  const v = (n: ts.Node): void => {
    if (hit || isFunctionNode(n)) return;
    if (ts.isReturnStatement(n)) hit = true;
    else ts.forEachChild(n, v);
  };
  v(s);
  return hit;
}
