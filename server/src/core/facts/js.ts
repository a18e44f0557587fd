// Handler facts for JavaScript/TypeScript, read from TypeScript compiler nodes. The trees are
// parsed with setParentNodes=false, so positions come from the SourceFile and every walk keeps
// its own ancestor stack.
import ts from 'typescript';
import type { ExitCall, ExitModel, HandlerRef, Location, Registration } from '../model';
import {
  type ActionSite, type ExitCallFacts, type FactOptions, type FactProvider, type HandlerFacts, type ResourceFact,
  type Site, lineStartsOf, locationOf, snippet,
} from './index';

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

const BLOCKING: Record<string, string> = {
  'child_process.execSync': 'runs a subprocess and waits for it',
  'child_process.execFileSync': 'runs a subprocess and waits for it',
  'child_process.spawnSync': 'runs a subprocess and waits for it',
  'Atomics.wait': 'blocks the thread',
};
/** Synchronous calls that throw on an ordinary failure (a missing file, bad JSON). */
const THROWING: Record<string, string> = {
  // Not fs.unlinkSync & co: removing a file the program created itself rarely fails.
  'JSON.parse': 'throws on malformed input',
};
const SCHEDULERS = new Set(['setTimeout', 'setImmediate', 'setInterval', 'process.nextTick', 'queueMicrotask', 'fetch']);
const INERT = /^(console\.\w+|process\.(stdout|stderr)\.write|JSON\.stringify|String|Number|Date\.now|util\.format|\w*(log|logger)\.(debug|info|warn|warning|error|trace|fatal|log))$/;
const STOP_METHODS = new Set(['close', 'stop', 'shutdown', 'abort', 'destroy', 'end', 'kill', 'terminate', 'disconnect', 'emit', 'resolve', 'unref', 'quit', 'exit']);

interface FileIndex {
  file: string;
  sf: ts.SourceFile;
  lineStarts: number[];
  /** Local name -> module it came from (`execSync` -> `child_process.execSync`, `cp` -> `child_process`). */
  aliases: Map<string, string>;
  /** Functions declared at top level (function declarations and `const f = () => ...`). */
  functions: Map<string, FunctionLike>;
}

interface Walk {
  facts: HandlerFacts;
  idx: FileIndex;
  depth: number;
  visited: Set<ts.Node>;
  via?: string;
  /** Names declared inside the handler (assigning them does not reach outside). */
  locals: Set<string>;
}

export function isFunctionLike(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n);
}

function moduleName(spec: string): string {
  return spec.replace(/^node:/, '').replace(/\/promises$/, '');
}

export function jsFacts(model: ExitModel, textOf: (file: string) => string | undefined, options: FactOptions): FactProvider {
  const indexes = new Map<string, FileIndex | null>();
  const cache = new Map<ts.Node, HandlerFacts>();

  function indexOf(file: string): FileIndex | undefined {
    if (indexes.has(file)) return indexes.get(file) ?? undefined;
    const sf = model.syntax.get(file) as ts.SourceFile | undefined;
    if (!sf || typeof sf.text !== 'string') {
      indexes.set(file, null);
      return undefined;
    }
    void textOf;
    const idx: FileIndex = { file, sf, lineStarts: lineStartsOf(sf.text), aliases: new Map(), functions: new Map() };
    for (const stmt of sf.statements) indexStatement(idx, stmt);
    indexes.set(file, idx);
    return idx;
  }

  function indexStatement(idx: FileIndex, stmt: ts.Statement) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name) idx.functions.set(stmt.name.text, stmt);
    else if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const mod = moduleName(stmt.moduleSpecifier.text);
      const clause = stmt.importClause;
      if (clause?.name) idx.aliases.set(clause.name.text, mod);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) idx.aliases.set(nb.name.text, mod);
      else if (nb) for (const el of nb.elements) idx.aliases.set(el.name.text, `${mod}.${(el.propertyName ?? el.name).getText(idx.sf)}`);
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        const init = d.initializer;
        if (!init) continue;
        if (ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) idx.functions.set(d.name.text, init);
        // require('x'), require('x').y
        let req: ts.Expression = init;
        let member: string | undefined;
        if (ts.isPropertyAccessExpression(req)) {
          member = req.name.text;
          req = req.expression;
        }
        if (ts.isCallExpression(req) && ts.isIdentifier(req.expression) && req.expression.text === 'require' && req.arguments[0] && ts.isStringLiteral(req.arguments[0])) {
          const mod = moduleName(req.arguments[0].text) + (member ? `.${member}` : '');
          if (ts.isIdentifier(d.name)) idx.aliases.set(d.name.text, mod);
          else if (ts.isObjectBindingPattern(d.name)) {
            for (const el of d.name.elements) if (ts.isIdentifier(el.name)) idx.aliases.set(el.name.text, `${mod}.${el.propertyName ? el.propertyName.getText(idx.sf) : el.name.text}`);
          }
        }
      }
    }
  }

  function calleeName(idx: FileIndex, e: ts.Expression): string {
    const text = e.getText(idx.sf).replace(/\s+/g, '').replace(/^globalThis\./, '');
    const [head, ...rest] = text.split('.');
    const q = idx.aliases.get(head!);
    return q ? [q, ...rest].join('.') : text;
  }

  const loc = (idx: FileIndex, n: ts.Node): Location => locationOf(idx.file, idx.lineStarts, n.getStart(idx.sf), n.end);
  const site = (idx: FileIndex, n: ts.Node): Site => ({ location: loc(idx, n), text: snippet(n.getText(idx.sf)) });

  /** The function node at an offset, found by descending from the SourceFile. */
  function functionAt(idx: FileIndex, offset: number): FunctionLike | undefined {
    let found: FunctionLike | undefined;
    const visit = (n: ts.Node): void => {
      if (offset < n.getStart(idx.sf) || offset >= n.end) return;
      if (isFunctionLike(n) && n.getStart(idx.sf) === offset) {
        found = n;
        return;
      }
      if (ts.isVariableDeclaration(n) && n.getStart(idx.sf) === offset && n.initializer && isFunctionLike(n.initializer)) {
        found = n.initializer as FunctionLike;
        return;
      }
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(idx.sf, visit);
    if (found) return found;
    // Fall back to the innermost function containing the offset.
    const inner = (n: ts.Node): void => {
      if (offset < n.getStart(idx.sf) || offset >= n.end) return;
      if (isFunctionLike(n)) found = n;
      ts.forEachChild(n, inner);
    };
    ts.forEachChild(idx.sf, inner);
    return found;
  }

  function nodeOf(ref: HandlerRef): { node: FunctionLike; idx: FileIndex } | undefined {
    const file = ref.definition?.file;
    if (!file) return undefined;
    const idx = indexOf(file);
    if (!idx) return undefined;
    let node = ref.node as ts.Node | undefined;
    if (node && typeof (node as ts.Node).kind !== 'number') node = undefined;
    if (node && ts.isVariableDeclaration(node) && node.initializer) node = node.initializer;
    if (node && !isFunctionLike(node)) node = undefined;
    const fn = (node as FunctionLike | undefined) ?? functionAt(idx, ref.definition!.range.start.offset);
    return fn ? { node: fn, idx } : undefined;
  }

  function handler(ref: HandlerRef, _reg?: Registration): HandlerFacts | undefined {
    const found = nodeOf(ref);
    if (!found) return undefined;
    const { node, idx } = found;
    const cached = cache.get(node);
    if (cached) return cached;
    const facts: HandlerFacts = {
      location: loc(idx, node), resolved: true, isAsync: !!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
      expressionBody: !!node.body && !ts.isBlock(node.body), blocking: [], throws: [], guarded: false, exits: [],
      arrangesStop: false, callsUnknown: false, schedules: [], actions: [], awaits: [],
    };
    if (node.body) {
      if (ts.isBlock(node.body)) {
        const stmts = node.body.statements;
        facts.guarded = stmts.length === 1 && ts.isTryStatement(stmts[0]!) && !!stmts[0].catchClause;
      } else if (isPromiseExpression(idx, node.body)) {
        // `() => fetch(url)` / `() => p.then(...)`: returns a promise.
        facts.schedules.push({ ...site(idx, node.body), what: 'a promise', unconditional: true });
      }
      const w: Walk = { facts, idx, depth: 0, visited: new Set([node]), locals: new Set() };
      for (const p of node.parameters) collectNames(p.name, w.locals);
      if (!ts.isBlock(node.body)) visit(node.body, w, [], 0);
      walk(node.body, w, [], 0);
    }
    cache.set(node, facts);
    return facts;
  }

  function isPromiseExpression(idx: FileIndex, e: ts.Expression): boolean {
    if (ts.isCallExpression(e)) {
      const name = calleeName(idx, e.expression);
      if (name === 'fetch' || /\.(then|catch|finally)$/.test(name) || /^Promise\./.test(name)) return true;
      if (ts.isIdentifier(e.expression)) {
        const f = idx.functions.get(e.expression.text);
        if (f?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return true;
      }
    }
    return ts.isNewExpression(e) && e.expression.getText(idx.sf) === 'Promise';
  }

  function collectNames(name: ts.BindingName, into: Set<string>) {
    if (ts.isIdentifier(name)) into.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectNames(el.name, into);
  }

  /** `ancestors` are the nodes from the handler body down to `n`'s parent. */
  function walk(n: ts.Node, w: Walk, ancestors: ts.Node[], conditional: number): void {
    ts.forEachChild(n, (child) => {
      if (isFunctionLike(child) || ts.isClassLike(child)) {
        // Nested functions run later (or never); only timers/promises that get them matter, seen at the call.
        return;
      }
      const isCond = ts.isIfStatement(child) || ts.isConditionalExpression(child) || ts.isSwitchStatement(child) || ts.isTryStatement(child) || ts.isCatchClause(child) ||
        ts.isForStatement(child) || ts.isForOfStatement(child) || ts.isForInStatement(child) || ts.isWhileStatement(child) || ts.isDoStatement(child) ||
        (ts.isBinaryExpression(child) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(child.operatorToken.kind));
      const cond = conditional + (isCond ? 1 : 0);
      visit(child, w, [...ancestors, n], cond);
      walk(child, w, [...ancestors, n], cond);
    });
  }

  /** Whether `n` (with its ancestors) sits in a try block that has a catch. */
  function caught(n: ts.Node, ancestors: ts.Node[]): boolean {
    let child: ts.Node = n;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (ts.isTryStatement(a) && a.tryBlock === child && a.catchClause) return true;
      if (ts.isCallExpression(a) && ts.isPropertyAccessExpression(a.expression) && a.expression.name.text === 'catch') return true;
      child = a;
    }
    return false;
  }

  function existenceGuarded(ancestors: ts.Node[], idx: FileIndex): boolean {
    return ancestors.some((a) => ts.isIfStatement(a) && /exists/i.test(a.expression.getText(idx.sf)));
  }

  function visit(n: ts.Node, w: Walk, ancestors: ts.Node[], conditional: number): void {
    const { facts, idx } = w;
    const unconditional = conditional === 0;
    if (ts.isVariableDeclaration(n)) collectNames(n.name, w.locals);
    else if (ts.isReturnStatement(n)) {
      if (conditional > 0 && w.depth === 0) facts.earlyReturn = true;
    } else if (ts.isThrowStatement(n)) {
      if (!caught(n, ancestors)) facts.throws.push({ ...site(idx, n), via: w.via });
      facts.exits.push({ ...site(idx, n), kind: 'throw', callee: 'throw', unconditional: unconditional && !caught(n, ancestors), via: w.via });
    } else if (ts.isAwaitExpression(n)) facts.awaits.push(site(idx, n));
    else if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = n.left;
      const text = left.getText(idx.sf);
      if (/^process\.exitCode$/.test(text)) return; // sets the code, does not end anything
      if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left) || (ts.isIdentifier(left) && !w.locals.has(left.text))) facts.arrangesStop = true;
    } else if ((ts.isWhileStatement(n) || ts.isDoStatement(n)) && (n.expression.kind === ts.SyntaxKind.TrueKeyword || /Date\.now\(\)|performance\.now\(\)/.test(n.expression.getText(idx.sf)))) {
      const busy = n.expression.kind !== ts.SyntaxKind.TrueKeyword;
      if (busy || !loopExits(n)) facts.blocking.push({ ...site(idx, n), text: snippet(`while (${n.expression.getText(idx.sf)})`), why: busy ? 'busy-waits' : 'loops forever', via: w.via });
    } else if (ts.isForStatement(n) && !n.condition && !loopExits(n)) {
      facts.blocking.push({ ...site(idx, n), text: 'for (;;)', why: 'loops forever', via: w.via });
    } else if (ts.isNewExpression(n) && n.expression.getText(idx.sf) === 'Promise') {
      facts.schedules.push({ ...site(idx, n), what: 'a promise', unconditional });
    } else if (ts.isCallExpression(n)) visitCall(n, w, ancestors, unconditional);
  }

  function loopExits(loop: ts.Node): boolean {
    let exits = false;
    const v = (n: ts.Node): void => {
      if (exits || isFunctionLike(n)) return;
      if (ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) exits = true;
      else ts.forEachChild(n, v);
    };
    ts.forEachChild(loop, v);
    return exits;
  }

  function visitCall(n: ts.CallExpression, w: Walk, ancestors: ts.Node[], unconditional: boolean): void {
    const { facts, idx } = w;
    const name = calleeName(idx, n.expression);
    const s = site(idx, n);
    const arg = (i: number) => n.arguments[i]?.getText(idx.sf) ?? '';
    if (name === 'process.exit' || name === 'exit-hook.gracefulExit' || name === 'gracefulExit') {
      facts.exits.push({ ...s, kind: 'exit', callee: name, unconditional, via: w.via });
      return;
    }
    if (name === 'process.abort' || name === 'process.reallyExit') {
      facts.exits.push({ ...s, kind: 'hard-exit', callee: name, unconditional, via: w.via });
      return;
    }
    if (name === 'process.kill' && /process\.pid/.test(arg(0))) {
      if (/SIGKILL|\b9\b/.test(arg(1))) facts.exits.push({ ...s, kind: 'hard-exit', callee: name, unconditional, via: w.via });
      else facts.arrangesStop = true; // re-sends a signal to itself, usually after removing its own listener
      return;
    }
    const why = BLOCKING[name];
    if (why) facts.blocking.push({ ...s, why, via: w.via });
    else if (options.slowCalls.some((c) => c === name || name.endsWith('.' + c))) facts.blocking.push({ ...s, why: 'is declared slow in the configuration (slowCalls)', via: w.via });
    const fsName = name.replace(/^fs\/promises\./, 'fs.');
    if (fsName in THROWING && !caught(n, ancestors) && !existenceGuarded(ancestors, idx)) facts.throws.push({ ...s, text: `${s.text} (${THROWING[fsName]})`, via: w.via });
    if (SCHEDULERS.has(name) || /\.(then|catch|finally)$/.test(name) || /^Promise\.(all|allSettled|race|any|resolve)$/.test(name) || /^fs\.promises\./.test(name) || /^fs\/promises\./.test(name)) {
      facts.schedules.push({ ...s, what: name.startsWith('fs') ? name : name.replace(/^.*\.(then|catch|finally)$/, 'a promise callback'), unconditional });
    }
    if (/^process\.(off|removeListener|removeAllListeners)$/.test(name)) facts.removesListener = true;
    if (name === 'clearInterval' || name === 'clearTimeout') {
      facts.actions.push({ ...s, target: arg(0), action: 'clear' });
      facts.arrangesStop = true;
    }
    if (ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      const target = n.expression.expression.getText(idx.sf);
      const action: ActionSite['action'] | undefined =
        method === 'close' || method === 'end' || method === 'destroy' || method === 'disconnect' ? 'close' : method === 'kill' || method === 'terminate' ? 'kill' : method === 'stop' || method === 'abort' || method === 'unref' ? 'stop' : undefined;
      if (action && target !== 'process') facts.actions.push({ ...s, target, action });
      if (STOP_METHODS.has(method) && target !== 'process' && !/^console\b/.test(target)) facts.arrangesStop = true;
    }
    // Same-file functions: follow them.
    if (ts.isIdentifier(n.expression)) {
      const target = idx.functions.get(n.expression.text);
      if (target) {
        if (target.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) {
          facts.schedules.push({ ...s, what: `async ${n.expression.text}()`, unconditional });
        }
        if (w.depth < 3 && !w.visited.has(target) && target.body) {
          w.visited.add(target);
          const inner: Walk = { ...w, depth: w.depth + 1, via: w.via ?? n.expression.text, locals: new Set() };
          for (const p of target.parameters) collectNames(p.name, inner.locals);
          const before = facts.throws.length;
          const exitsBefore = facts.exits.length;
          walk(target.body, inner, [], unconditional ? 0 : 1);
          if (caught(n, ancestors)) facts.throws.length = before;
          for (let i = exitsBefore; i < facts.exits.length; i++) facts.exits[i]!.unconditional &&= unconditional;
        }
        return;
      }
    }
    if (!INERT.test(name)) facts.callsUnknown = true;
  }

  function resources(file: string): ResourceFact[] {
    const idx = indexOf(file);
    if (!idx) return [];
    const out = new Map<string, ResourceFact>();
    const kindOf = (name: string): ResourceFact['kind'] | undefined => {
      if (/^(setInterval|timers\.setInterval)$/.test(name)) return 'interval';
      if (/^(http|https|net|http2|tls)\.(createServer|createSecureServer)$/.test(name) || /\.listen$/.test(name)) return 'server';
      if (/^child_process\.(spawn|fork|exec|execFile)$/.test(name)) return 'child-process';
      if (/^fs\.(openSync|createWriteStream|createReadStream)$/.test(name)) return 'file';
      if (/^(net\.(connect|createConnection)|tls\.connect)$/.test(name)) return 'socket';
      if (/(createConnection|createPool|createClient|connect)$/.test(name)) return 'connection';
      return undefined;
    };
    for (const stmt of idx.sf.statements) {
      if (ts.isVariableStatement(stmt)) {
        for (const d of stmt.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) continue;
          let init: ts.Expression = d.initializer;
          if (ts.isAwaitExpression(init)) init = init.expression;
          let detached = false;
          if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'unref') {
            detached = true;
            init = init.expression.expression;
          }
          const callee = ts.isCallExpression(init) || ts.isNewExpression(init) ? calleeName(idx, init.expression) : undefined;
          const kind = callee ? kindOf(callee) : undefined;
          if (kind && callee) out.set(d.name.text, { name: d.name.text, kind, location: loc(idx, stmt), callee, detached, started: kind !== 'server' || /\.listen$/.test(callee), usedOutsideHandlers: 0 });
        }
      } else if (ts.isExpressionStatement(stmt) && ts.isCallExpression(stmt.expression) && ts.isPropertyAccessExpression(stmt.expression.expression)) {
        const target = stmt.expression.expression.expression.getText(idx.sf);
        const method = stmt.expression.expression.name.text;
        const r = out.get(target);
        if (r && method === 'unref') r.detached = true;
        if (r && method === 'listen') r.started = true;
      }
    }
    if (out.size) {
      const handlerNodes = new Set<ts.Node>();
      for (const r of model.registrations) {
        const h = r.handler.definition?.file === file ? nodeOf(r.handler) : undefined;
        if (h) handlerNodes.add(h.node);
      }
      const v = (n: ts.Node): void => {
        if (handlerNodes.has(n)) return;
        if (ts.isIdentifier(n) && out.has(n.text)) {
          const r = out.get(n.text)!;
          if (n.getStart(idx.sf) !== r.location.range.start.offset && !(n.getStart(idx.sf) > r.location.range.start.offset && n.getStart(idx.sf) < r.location.range.start.offset + 12)) r.usedOutsideHandlers++;
        }
        ts.forEachChild(n, v);
      };
      ts.forEachChild(idx.sf, v);
    }
    return [...out.values()];
  }

  function exitCall(call: ExitCall): ExitCallFacts | undefined {
    const idx = indexOf(call.location.file);
    if (!idx) return undefined;
    const offset = call.location.range.start.offset;
    // Find the statement path to the call.
    let path: ts.Node[] | undefined;
    const v = (n: ts.Node, anc: ts.Node[]): void => {
      if (path || offset < n.getStart(idx.sf) || offset >= n.end) return;
      if (ts.isCallExpression(n) && n.getStart(idx.sf) === offset) {
        path = [...anc, n];
        return;
      }
      ts.forEachChild(n, (c) => v(c, [...anc, n]));
    };
    v(idx.sf, []);
    if (!path) return undefined;
    const callNode = path[path.length - 1]!;
    const stmt = path[path.length - 2];
    const isStatement = !!stmt && ts.isExpressionStatement(stmt);
    const block = path[path.length - 3];
    const facts: ExitCallFacts = { lastInBlock: false, isStatement };
    if (!isStatement || !block) return facts;
    const stmts: readonly ts.Statement[] | undefined = ts.isBlock(block) || ts.isSourceFile(block) ? block.statements : ts.isCaseClause(block) || ts.isDefaultClause(block) ? block.statements : undefined;
    if (!stmts) return facts;
    const i = stmts.indexOf(stmt as ts.Statement);
    facts.lastInBlock = i === stmts.length - 1;
    for (let j = i - 1; j >= 0; j--) {
      const s = stmts[j]!;
      if (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && /^(console\.(log|info|warn|error|debug|table|dir)|process\.(stdout|stderr)\.write)$/.test(calleeName(idx, s.expression.expression))) {
        facts.precedingWrite = site(idx, s.expression);
        break;
      }
    }
    void callNode;
    return facts;
  }

  function scopedResource(reg: Registration, closes: string[]): ResourceFact | undefined {
    const idx = indexOf(reg.location.file);
    if (!idx || closes.length === 0) return undefined;
    // The innermost function around the registration.
    let fn: FunctionLike | undefined;
    const offset = reg.location.range.start.offset;
    const v = (n: ts.Node): void => {
      if (offset < n.getStart(idx.sf) || offset >= n.end) return;
      if (isFunctionLike(n)) fn = n;
      ts.forEachChild(n, v);
    };
    ts.forEachChild(idx.sf, v);
    if (!fn?.body || !ts.isBlock(fn.body)) return undefined;
    for (const stmt of fn.body.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !closes.includes(d.name.text) || !d.initializer) continue;
        let init: ts.Expression = d.initializer;
        if (ts.isAwaitExpression(init)) init = init.expression;
        if (!ts.isCallExpression(init) && !ts.isNewExpression(init)) continue;
        const callee = calleeName(idx, init.expression);
        if (/^fs\.(openSync|createWriteStream|createReadStream)$/.test(callee)) return { name: d.name.text, kind: 'file', location: loc(idx, stmt), callee, usedOutsideHandlers: 0 };
        if (/^(net\.(connect|createConnection)|tls\.connect)$/.test(callee)) return { name: d.name.text, kind: 'socket', location: loc(idx, stmt), callee, usedOutsideHandlers: 0 };
      }
    }
    return undefined;
  }

  function loopBinding(reg: Registration, variable: string): 'per-iteration' | 'shared' | undefined {
    const idx = indexOf(reg.location.file);
    if (!idx) return undefined;
    const offset = reg.location.range.start.offset;
    const path: ts.Node[] = [];
    const v = (n: ts.Node): void => {
      if (offset < n.getStart(idx.sf) || offset >= n.end) return;
      path.push(n);
      ts.forEachChild(n, v);
    };
    ts.forEachChild(idx.sf, v);
    const blockScoped = (list: ts.VariableDeclarationList) =>
      (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== 0 && list.declarations.some((d) => {
        const names = new Set<string>();
        collectNames(d.name, names);
        return names.has(variable);
      });
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i]!;
      if (ts.isBlock(n)) {
        for (const s of n.statements) if (ts.isVariableStatement(s) && blockScoped(s.declarationList) && s.getStart(idx.sf) < offset) return 'per-iteration';
      }
      if (ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) {
        const init = n.initializer;
        if (init && ts.isVariableDeclarationList(init)) {
          if (blockScoped(init)) return 'per-iteration';
          const names = new Set<string>();
          for (const d of init.declarations) collectNames(d.name, names);
          if (names.has(variable)) return 'shared';
        }
      }
      if (isFunctionLike(n) && i < path.length - 1) {
        // The closure itself or an enclosing function: a parameter of it is per call.
        if (n.parameters.some((p) => {
          const names = new Set<string>();
          collectNames(p.name, names);
          return names.has(variable);
        })) return 'per-iteration';
      }
    }
    return 'shared';
  }

  return {
    handler, resources, exitCall, childSpawn: () => undefined, scopedResource, loopBinding,
    functionText: (file, name) => {
      const idx = indexOf(file);
      const f = idx?.functions.get(name);
      return idx && f ? f.getText(idx.sf) : undefined;
    },
  };
}
