// Handler facts for Python, read from tree-sitter nodes. One walk per handler body, following
// calls into functions of the same file (a few levels deep) so `def cleanup(): helper()` sees
// what `helper` does.
import type { Node, Tree } from 'web-tree-sitter';
import type { ExitModel, HandlerRef, Location, Registration } from '../model';
import {
  type ActionSite, type BlockingSite, type ExitSite, type FactOptions, type FactProvider, type HandlerFacts,
  type ResourceFact, type Site, type ThrowSite, lineStartsOf, locationOf, snippet,
} from './index';
import { eagerTopLevel, lazyTopLevel, type TopLevel } from './pythonTopLevel';

const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);
const CONDITIONAL = new Set(['if_statement', 'for_statement', 'while_statement', 'try_statement', 'match_statement', 'conditional_expression', 'boolean_operator', 'elif_clause', 'else_clause', 'except_clause', 'case_clause', 'list_comprehension', 'generator_expression']);

/** Calls that block, by qualified name. */
const BLOCKING: Record<string, string> = {
  'time.sleep': 'sleeps',
  'subprocess.run': 'runs a subprocess and waits for it',
  'subprocess.call': 'runs a subprocess and waits for it',
  'subprocess.check_call': 'runs a subprocess and waits for it',
  'subprocess.check_output': 'runs a subprocess and waits for it',
  'subprocess.getoutput': 'runs a subprocess and waits for it',
  'subprocess.getstatusoutput': 'runs a subprocess and waits for it',
  'os.system': 'runs a shell command and waits for it',
  'os.wait': 'waits for a child process',
  'os.waitpid': 'waits for a child process',
  'urllib.request.urlopen': 'makes a network request',
  'socket.create_connection': 'opens a network connection',
  'smtplib.SMTP': 'opens a network connection',
  'smtplib.SMTP_SSL': 'opens a network connection',
  'http.client.HTTPConnection': 'opens a network connection',
  'http.client.HTTPSConnection': 'opens a network connection',
  input: 'waits for input',
};
const NETWORK_MODULES = new Set(['requests', 'httpx']);
const NETWORK_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request']);
/** Methods that wait forever when called without a timeout. */
const WAIT_METHODS = new Set(['join', 'wait', 'communicate']);

/** Calls that raise on an ordinary failure (a missing file), by qualified name. */
// Calls that raise on an ordinary failure. Left empty on purpose: removing a file the program
// created itself (a pid file, a cache) rarely fails, and reviewers do not count it as a defect.
const THROWING: Record<string, string> = {};

const EXITS: Record<string, ExitSite['kind']> = {
  'sys.exit': 'exit', exit: 'exit', quit: 'exit', 'os._exit': 'hard-exit', 'os.abort': 'hard-exit',
};

/** Calls that only report: they neither end the program nor hand its end to other code. */
const INERT_CALLS = /^(print|repr|str|format|len|logging\.\w+|\w*(log|logger|LOG|LOGGER)\.(debug|info|warning|warn|error|exception|critical|log)|sys\.(stdout|stderr)\.(write|flush)|traceback\.print_\w+|time\.(time|monotonic|perf_counter))$/;
const STOP_METHODS = new Set(['set', 'stop', 'shutdown', 'cancel', 'close', 'terminate', 'kill', 'put', 'put_nowait', 'call_soon_threadsafe', 'interrupt_main', 'notify', 'notify_all', 'server_close', 'quit', 'exit', 'raise_signal']);

/** One file's text and tree, with its module-level names (`aliases`, `functions`: see TopLevel). */
interface FileIndex extends TopLevel {
  file: string;
  text: string;
  lineStarts: number[];
  root: Node;
}

interface WalkState {
  facts: HandlerFacts;
  index: FileIndex;
  depth: number;
  visited: Set<number>;
  via?: string;
  /** Enclosing class name of the handler, to resolve `self.method()`. */
  className?: string;
  globals: Set<string>;
}

export function pythonFacts(model: ExitModel, textOf: (file: string) => string | undefined, options: FactOptions): FactProvider {
  const indexes = new Map<string, FileIndex | null>();
  const cache = new Map<string, HandlerFacts | undefined>();
  const slow = options.slowCalls;

  function indexOf(file: string): FileIndex | undefined {
    if (indexes.has(file)) return indexes.get(file) ?? undefined;
    const tree = model.syntax.get(file) as Tree | undefined;
    const text = textOf(file) ?? tree?.rootNode.text;
    if (!tree || text === undefined) {
      indexes.set(file, null);
      return undefined;
    }
    const root = tree.rootNode;
    // A tree torn by syntax errors (mid-edit) has its statements walked once, the general way.
    const names = root.hasError ? eagerTopLevel(root) : lazyTopLevel(root, text);
    const idx: FileIndex = { file, text, lineStarts: lineStartsOf(text), root, ...names };
    indexes.set(file, idx);
    return idx;
  }

  function qualify(idx: FileIndex, callee: Node): string {
    const text = callee.text.replace(/\s+/g, '');
    const [head, ...rest] = text.split('.');
    const q = idx.aliases.get(head!);
    return q ? [q, ...rest].join('.') : text;
  }

  const loc = (idx: FileIndex, n: Node): Location => locationOf(idx.file, idx.lineStarts, n.startIndex, n.endIndex);
  const site = (idx: FileIndex, n: Node): Site => ({ location: loc(idx, n), text: snippet(n.text) });

  /** Finds the handler's function node: its handle, else the code at its definition. */
  function nodeOf(ref: HandlerRef): { node: Node; idx: FileIndex } | undefined {
    const file = ref.definition?.file;
    let node = ref.node as Node | undefined;
    if (node && typeof (node as Node).type !== 'string') node = undefined;
    if (node?.type === 'decorated_definition') node = node.childForFieldName('definition') ?? undefined;
    if (!file) return undefined;
    const idx = indexOf(file);
    if (!idx) return undefined;
    if (!node || !FUNCTION_TYPES.has(node.type)) {
      let n: Node | null = idx.root.namedDescendantForIndex(ref.definition!.range.start.offset);
      while (n && !FUNCTION_TYPES.has(n.type)) {
        if (n.type === 'decorated_definition') {
          n = n.childForFieldName('definition');
          break;
        }
        n = n.parent;
      }
      if (!n || !FUNCTION_TYPES.has(n.type)) return undefined;
      node = n;
    }
    return { node, idx };
  }

  function emptyFacts(location: Location, resolved: boolean): HandlerFacts {
    return {
      location, resolved, isAsync: false, expressionBody: false, blocking: [], throws: [], guarded: false, exits: [],
      arrangesStop: false, callsUnknown: !resolved, schedules: [], actions: [], awaits: [],
    };
  }

  function handler(ref: HandlerRef, reg?: Registration): HandlerFacts | undefined {
    const found = nodeOf(ref);
    if (!found) return undefined;
    const key = `${found.idx.file}:${found.node.startIndex}`;
    if (cache.has(key)) return cache.get(key);
    const { node, idx } = found;
    const facts = emptyFacts(loc(idx, node), true);
    facts.isAsync = node.type === 'function_definition' && node.children[0]?.type === 'async';
    facts.expressionBody = node.type === 'lambda';
    const body = node.childForFieldName('body');
    let className: string | undefined;
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'class_definition') {
        className = p.childForFieldName('name')?.text;
        break;
      }
      if (FUNCTION_TYPES.has(p.type)) break;
    }
    const state: WalkState = { facts, index: idx, depth: 0, visited: new Set([node.startIndex]), className, globals: new Set() };
    if (body) {
      facts.guarded = node.type === 'function_definition' && isGuardedBody(body);
      // A lambda's body is an expression: it is itself the first node to look at.
      if (node.type === 'lambda') visit(body, state, 0);
      walk(body, state, 0, false);
    }
    void reg;
    cache.set(key, facts);
    return facts;
  }

  /** The body is one try statement (after a docstring) whose handlers catch everything. */
  function isGuardedBody(body: Node): boolean {
    const stmts = body.namedChildren.filter((s): s is Node => !!s && s.type !== 'comment' && !(s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string'));
    return stmts.length === 1 && stmts[0]!.type === 'try_statement' && catchesAll(stmts[0]!);
  }

  function exceptTypes(clause: Node): string[] | 'all' {
    const value = clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    if (!value) return 'all';
    let v: Node = value;
    if (v.type === 'as_pattern') v = v.namedChildren[0]!;
    const names = v.type === 'tuple' || v.type === 'parenthesized_expression' ? v.namedChildren.map((c) => c!.text) : [v.text];
    return names.some((n) => /^(Exception|BaseException|builtins\.(Base)?Exception)$/.test(n)) ? 'all' : names;
  }

  function catchesAll(tryNode: Node): boolean {
    return tryNode.namedChildren.some((c) => c?.type === 'except_clause' && exceptTypes(c) === 'all');
  }

  /** What the try statements enclosing `n` (up to the function) catch: 'all' or a list of names. */
  function catchers(n: Node, stop: Node | null): Array<string[] | 'all'> {
    const out: Array<string[] | 'all'> = [];
    for (let c: Node | null = n, p = n.parent; p && p !== stop; c = p, p = p.parent) {
      if (NESTED_SCOPES.has(p.type)) break;
      if (p.type === 'try_statement' && p.childForFieldName('body')?.id === c!.id) {
        for (const clause of p.namedChildren) if (clause?.type === 'except_clause') out.push(exceptTypes(clause));
      }
    }
    return out;
  }

  function isCaught(n: Node, raised: string | undefined, stop: Node | null): boolean {
    return catchers(n, stop).some((t) => t === 'all' || (raised !== undefined && t.some((name) => name === raised || name.endsWith('.' + raised) || (raised === 'FileNotFoundError' && /^(OSError|IOError|EnvironmentError|FileNotFoundError)$/.test(name)))));
  }

  /** Inside `if os.path.exists(p):` / `if p.exists():` — the usual guard of a removal. */
  function existenceGuarded(n: Node): boolean {
    for (let p = n.parent; p; p = p.parent) {
      if (NESTED_SCOPES.has(p.type)) return false;
      if (p.type === 'if_statement' && /exists|isfile|isdir/.test(p.childForFieldName('condition')?.text ?? '')) return true;
    }
    return false;
  }

  function walk(n: Node, st: WalkState, conditional: number, _inExcept: boolean): void {
    for (const child of n.namedChildren) {
      if (!child) continue;
      if (NESTED_SCOPES.has(child.type)) continue;
      const cond = conditional + (CONDITIONAL.has(child.type) ? 1 : 0);
      visit(child, st, cond);
      walk(child, st, cond, _inExcept || child.type === 'except_clause');
    }
  }

  function visit(n: Node, st: WalkState, conditional: number): void {
    const { facts, index: idx } = st;
    switch (n.type) {
      case 'raise_statement': {
        const exc = n.namedChildren[0];
        const raisedName = exc ? (exc.type === 'call' ? exc.childForFieldName('function')?.text : exc.text) : undefined;
        if (raisedName === 'SystemExit' || raisedName === 'KeyboardInterrupt') {
          facts.exits.push({ ...site(idx, n), kind: 'exit', callee: `raise ${raisedName}`, unconditional: conditional === 0, via: st.via });
          return;
        }
        if (!isCaught(n, raisedName, null)) facts.throws.push({ ...site(idx, n), via: st.via, raised: raisedName?.split('.').pop() });
        // An exception raised in a signal handler propagates into the main thread and ends it.
        facts.exits.push({ ...site(idx, n), kind: 'throw', callee: 'raise', unconditional: conditional === 0 && !isCaught(n, raisedName, null), via: st.via });
        return;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const c of n.namedChildren) if (c) st.globals.add(c.text);
        return;
      case 'assignment':
      case 'augmented_assignment': {
        const left = n.childForFieldName('left');
        if (!left) return;
        if (left.type === 'attribute' || left.type === 'subscript' || (left.type === 'identifier' && st.globals.has(left.text))) facts.arrangesStop = true;
        return;
      }
      case 'return_statement':
        if (conditional > 0 && st.depth === 0) facts.earlyReturn = true;
        return;
      case 'await':
        facts.awaits.push(site(idx, n));
        return;
      case 'while_statement': {
        const c = n.childForFieldName('condition');
        if (c && (c.type === 'true' || c.text === '1') && !hasExitFromLoop(n)) {
          facts.blocking.push({ ...site(idx, c.parent!), text: 'while True', why: 'loops forever', via: st.via });
        }
        return;
      }
      case 'call':
        visitCall(n, st, conditional);
        return;
      default:
        return;
    }
  }

  function hasExitFromLoop(loop: Node): boolean {
    const stack = [loop.childForFieldName('body')];
    while (stack.length) {
      const n = stack.pop();
      if (!n) continue;
      if (n.type === 'break_statement' || n.type === 'return_statement' || n.type === 'raise_statement') return true;
      if (NESTED_SCOPES.has(n.type) || n.type === 'while_statement' || n.type === 'for_statement') continue;
      if (n.type === 'call' && /(^|\.)(exit|_exit|quit)$/.test(n.childForFieldName('function')?.text ?? '')) return true;
      stack.push(...n.namedChildren);
    }
    return false;
  }

  function kwarg(call: Node, name: string): Node | undefined {
    const args = call.childForFieldName('arguments');
    for (const a of args?.namedChildren ?? []) {
      if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value') ?? undefined;
    }
    return undefined;
  }

  function positional(call: Node): Node[] {
    const args = call.childForFieldName('arguments');
    return (args?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'keyword_argument' && a.type !== 'comment');
  }

  function visitCall(n: Node, st: WalkState, conditional: number): void {
    const { facts, index: idx } = st;
    const fn = n.childForFieldName('function');
    if (!fn) return;
    const q = qualify(idx, fn);
    const s = (): Site => site(idx, n);
    const unconditional = conditional === 0;

    if (q in EXITS) {
      facts.exits.push({ ...s(), kind: EXITS[q]!, callee: q, unconditional, via: st.via });
      return;
    }
    if (q === 'os.kill') {
      const args = positional(n);
      const self = args[0] && /getpid\(\)/.test(args[0].text);
      if (self && /SIGKILL/.test(args[1]?.text ?? '')) facts.exits.push({ ...s(), kind: 'hard-exit', callee: q, unconditional, via: st.via });
      else if (self) facts.arrangesStop = true; // re-raises a signal at itself (usually after restoring the default)
      return;
    }
    if (q === 'signal.raise_signal' || q === '_thread.interrupt_main' || q === 'signal.default_int_handler') {
      facts.arrangesStop = true;
      return;
    }
    // Blocking calls.
    const why = BLOCKING[q] ?? (NETWORK_MODULES.has(q.split('.')[0]!) && NETWORK_VERBS.has(q.split('.').pop()!) ? 'makes a network request' : undefined);
    if (why && !(why.startsWith('runs') && kwarg(n, 'timeout'))) {
      facts.blocking.push({ ...s(), why, via: st.via });
    } else if (slow.some((c) => c === q || c === fn.text || q.endsWith('.' + c))) {
      facts.blocking.push({ ...s(), why: 'is declared slow in the configuration (slowCalls)', via: st.via });
    }
    if (q in THROWING && !isCaught(n, 'FileNotFoundError', null) && !existenceGuarded(n) && !(q === 'shutil.rmtree' && kwarg(n, 'ignore_errors'))) {
      facts.throws.push({ ...s(), text: `${snippet(n.text)} (${THROWING[q]})`, via: st.via });
    }
    if (fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const receiver = fn.childForFieldName('object');
      const args = positional(n);
      if (WAIT_METHODS.has(method) && args.length === 0 && !kwarg(n, 'timeout') && receiver && !/^(os\.path|str|"|')/.test(receiver.text) && !(method === 'acquire' && kwarg(n, 'blocking'))) {
        facts.blocking.push({ ...s(), why: `waits without a timeout (${method}() with no timeout)`, via: st.via });
      }
      if (receiver) {
        const action = actionOf(method);
        if (action) facts.actions.push({ ...s(), target: receiver.text, action } satisfies ActionSite);
        if (STOP_METHODS.has(method)) facts.arrangesStop = true;
      }
      if (method === 'create_task' || method === 'ensure_future' || method === 'run_coroutine_threadsafe') {
        facts.schedules.push({ ...s(), what: method, unconditional });
      }
    }
    // Calls into functions of this file: follow them.
    let target: Node | undefined;
    let targetName = fn.text;
    if (fn.type === 'identifier') target = idx.functions.get(fn.text);
    else if (fn.type === 'attribute' && st.className && fn.childForFieldName('object')?.text === 'self') {
      const m = fn.childForFieldName('attribute')?.text;
      target = m ? idx.functions.get(`${st.className}.${m}`) : undefined;
      targetName = `self.${m}`;
    }
    if (target) {
      if (st.depth < 3 && !st.visited.has(target.startIndex)) {
        st.visited.add(target.startIndex);
        const body = target.childForFieldName('body');
        const inner: WalkState = { ...st, depth: st.depth + 1, via: st.via ?? targetName, globals: new Set() };
        const before = { throws: facts.throws.length, exits: facts.exits.length };
        if (body) walk(body, inner, conditional, false);
        // What the callee raises is caught if the call itself sits in a try that catches it.
        const added = facts.throws.splice(before.throws);
        facts.throws.push(...added.filter((t) => !isCaught(n, t.raised, null)));
        // Only the callee's unconditional exits are unconditional at this call, and only if the call is.
        for (let i = before.exits; i < facts.exits.length; i++) facts.exits[i]!.unconditional &&= unconditional;
      }
      return;
    }
    if (!INERT_CALLS.test(q) && !INERT_CALLS.test(fn.text)) facts.callsUnknown = true;
  }

  function actionOf(method: string): ActionSite['action'] | undefined {
    if (method === 'close' || method === 'disconnect' || method === 'shutdown') return 'close';
    if (method === 'join') return 'join';
    if (method === 'set') return 'set';
    if (method === 'terminate' || method === 'kill') return 'kill';
    if (method === 'stop' || method === 'cancel') return 'stop';
    return undefined;
  }

  const RESOURCE_CALLS: Array<[RegExp, ResourceFact['kind']]> = [
    [/^(open|io\.open|codecs\.open|gzip\.open|bz2\.open|lzma\.open|tempfile\.(NamedTemporaryFile|TemporaryFile))$/, 'file'],
    [/^(logging\.FileHandler)$/, 'file'],
    [/^socket\.(socket|create_connection|create_server)$/, 'socket'],
    [/^(sqlite3|psycopg2|psycopg|pymysql|MySQLdb|mysql\.connector|cx_Oracle|oracledb|pyodbc|duckdb)\.connect$/, 'connection'],
    [/^(redis\.(Redis|StrictRedis)|pymongo\.MongoClient|sqlalchemy\.create_engine)$/, 'connection'],
    [/^threading\.Thread$/, 'thread'],
    [/^(multiprocessing\.Process|subprocess\.Popen)$/, 'child-process'],
    [/^threading\.Event$/, 'event'],
  ];

  function resources(file: string): ResourceFact[] {
    const idx = indexOf(file);
    if (!idx) return [];
    const out = new Map<string, ResourceFact>();
    const visitBlock = (block: Node) => {
      for (const stmt of block.namedChildren) {
        if (!stmt) continue;
        if (stmt.type === 'if_statement') {
          const b = stmt.childForFieldName('consequence');
          if (b && /__name__/.test(stmt.childForFieldName('condition')?.text ?? '')) visitBlock(b);
          continue;
        }
        if (stmt.type !== 'expression_statement') continue;
        const e = stmt.namedChildren[0];
        if (e?.type === 'assignment') {
          const left = e.childForFieldName('left');
          const right = e.childForFieldName('right');
          if (left?.type === 'identifier' && right?.type === 'call') {
            const q = qualify(idx, right.childForFieldName('function')!);
            const kind = RESOURCE_CALLS.find(([re]) => re.test(q))?.[1];
            if (kind) {
              const daemon = kwarg(right, 'daemon');
              out.set(left.text, { name: left.text, kind, location: loc(idx, stmt), callee: q, detached: daemon ? daemon.text === 'True' : undefined, started: kind === 'file' || kind === 'socket' || kind === 'connection' || q === 'subprocess.Popen', usedOutsideHandlers: 0 });
            }
          } else if (left?.type === 'attribute' && left.childForFieldName('attribute')?.text === 'daemon') {
            const r = out.get(left.childForFieldName('object')?.text ?? '');
            if (r) r.detached = right?.text === 'True';
          }
        } else if (e?.type === 'call') {
          const fn = e.childForFieldName('function');
          if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'start') {
            const r = out.get(fn.childForFieldName('object')?.text ?? '');
            if (r) r.started = true;
          }
        }
      }
    };
    visitBlock(idx.root);
    if (out.size) countUses(idx, out);
    return [...out.values()];
  }

  /** Counts uses of each resource name outside functions registered as exit handlers. */
  function countUses(idx: FileIndex, res: Map<string, ResourceFact>) {
    const handlerStarts = new Set<number>();
    for (const r of model.registrations) {
      const f = r.handler.definition;
      if (f?.file === idx.file) {
        const h = nodeOf(r.handler);
        if (h) handlerStarts.add(h.node.startIndex);
      }
    }
    const stack: Node[] = [idx.root];
    while (stack.length) {
      const n = stack.pop()!;
      if (FUNCTION_TYPES.has(n.type) && handlerStarts.has(n.startIndex)) continue;
      if (n.type === 'identifier' && res.has(n.text)) {
        const r = res.get(n.text)!;
        const isDefinition = n.startIndex >= r.location.range.start.offset && n.startIndex < r.location.range.start.offset + n.text.length + 1;
        if (!isDefinition) r.usedOutsideHandlers++;
      }
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
  }

  /** The innermost function containing an offset of a file. */
  function enclosingFunction(idx: FileIndex, offset: number): Node | undefined {
    for (let n: Node | null = idx.root.namedDescendantForIndex(offset); n; n = n.parent) {
      if (n.type === 'function_definition') return n;
    }
    return undefined;
  }

  function allCalls(root: Node): Node[] {
    const out: Node[] = [];
    const stack = [root];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'call') out.push(n);
      for (const c of n.namedChildren) if (c) stack.push(c);
    }
    return out;
  }

  const POOL_METHODS = /\.(map|imap|imap_unordered|starmap|apply|apply_async|map_async|starmap_async|submit)$/;

  function childSpawn(reg: Registration) {
    const idx = indexOf(reg.location.file);
    if (!idx) return undefined;
    const fn = enclosingFunction(idx, reg.location.range.start.offset);
    const name = fn?.childForFieldName('name')?.text;
    if (!name) return undefined;
    for (const call of allCalls(idx.root)) {
      const callee = call.childForFieldName('function')?.text ?? '';
      const target = kwarg(call, 'target');
      if (target?.text === name && /Process$/.test(callee)) return { ...site(idx, call), target: name };
      if (POOL_METHODS.test(callee) && positional(call)[0]?.text === name) return { ...site(idx, call), target: name };
      if (/(^|\.)initializer$/.test(callee)) continue;
      const init = kwarg(call, 'initializer');
      if (init?.text === name && /(Pool|ProcessPoolExecutor)$/.test(callee)) return { ...site(idx, call), target: name };
    }
    return undefined;
  }

  function scopedResource(reg: Registration, closes: string[]): ResourceFact | undefined {
    const idx = indexOf(reg.location.file);
    if (!idx || closes.length === 0) return undefined;
    const fn = enclosingFunction(idx, reg.location.range.start.offset);
    const body = fn?.childForFieldName('body');
    if (!body) return undefined;
    for (const stmt of body.namedChildren) {
      const e = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      if (e?.type !== 'assignment') continue;
      const left = e.childForFieldName('left');
      const right = e.childForFieldName('right');
      // Only a local variable: `self.conn = ...` lives as long as its object.
      if (left?.type !== 'identifier' || right?.type !== 'call' || !closes.includes(left.text)) continue;
      const q = qualify(idx, right.childForFieldName('function')!);
      const kind = RESOURCE_CALLS.find(([re]) => re.test(q))?.[1];
      if (kind === 'file' || kind === 'socket' || kind === 'connection') {
        return { name: left.text, kind, location: loc(idx, stmt!), callee: q, usedOutsideHandlers: 0 };
      }
    }
    return undefined;
  }

  return { handler, resources, exitCall: () => undefined, childSpawn, scopedResource, loopBinding: () => 'shared', functionText: (file, name) => indexOf(file)?.functions.get(name)?.text };
}

export type { BlockingSite, ThrowSite };
