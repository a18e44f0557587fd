'use strict';
// Runtime instrumentation for the Node oracle (see README.md next to this file).
//   node --require test/oracle/node/preload.cjs FIXTURE
// Logs one JSON line per exit handler whose body starts running: the file and line of the call in
// user code that REGISTERED it (the first stack frame inside the fixture's folder) and the
// mechanism. Writes are synchronous (fs.writeSync) so lines survive process.exit and signals.
// Environment (set by the driver, node.test.ts):
//   EXIT_LENS_ORACLE_LOG       log file (JSON lines); without it the preload does nothing
//   EXIT_LENS_ORACLE_ROOT      the fixture's folder (frames outside it are library/runtime code)
//   EXIT_LENS_ORACLE_ENTRY     the entry file (absolute)
//   EXIT_LENS_ORACLE_SCENARIO  normal | exit | error | hard-exit | sigint | sigterm | self
// The scenario's ending is applied at the end of the entry module's body (a call appended to its
// source on a new line, so no line number moves), i.e. while the module's own scope is still open.

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { fileURLToPath, pathToFileURL } = require('node:url');

const LOG = process.env.EXIT_LENS_ORACLE_LOG;
const MAIN_MARK = 'EXIT_LENS_ORACLE_MAIN_PID';
let isMain = true;
try {
  isMain = require('node:worker_threads').isMainThread;
} catch {}
// Forked children inherit execArgv (and so this preload) and the environment: only the first
// process that sees no mark is the program under test.
if (process.env[MAIN_MARK] && process.env[MAIN_MARK] !== String(process.pid)) isMain = false;
if (LOG && isMain) {
  process.env[MAIN_MARK] = String(process.pid);
  install();
}

function install() {
  const ROOT = fs.realpathSync(process.env.EXIT_LENS_ORACLE_ROOT || process.cwd());
  const ENTRY = fs.realpathSync(process.env.EXIT_LENS_ORACLE_ENTRY || process.argv[1]);
  const SCENARIO = process.env.EXIT_LENS_ORACLE_SCENARIO || 'self';
  const fd = fs.openSync(LOG, 'a');
  const SYM = {
    mainDone: Symbol.for('exit-lens.oracle.mainDone'),
    using: Symbol.for('exit-lens.oracle.using'),
    wrapLib: Symbol.for('exit-lens.oracle.wrapLib'),
  };
  // Captured before any library can patch them (signal-exit replaces process.reallyExit/emit).
  const realKill = process.kill.bind(process);
  const realExit = process.exit;

  function write(rec) {
    try {
      fs.writeSync(fd, JSON.stringify(rec) + '\n');
    } catch {}
  }

  // ---- stack frames --------------------------------------------------------------------------
  const PRELOAD_DIR = __dirname;
  function frames() {
    const savedPrepare = Error.prepareStackTrace;
    const savedLimit = Error.stackTraceLimit;
    Error.prepareStackTrace = (_e, cs) => cs;
    Error.stackTraceLimit = 200;
    const holder = {};
    Error.captureStackTrace(holder, frames);
    const cs = holder.stack;
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
    const out = [];
    for (const c of Array.isArray(cs) ? cs : []) {
      let f = c.getFileName() || c.getScriptNameOrSourceURL?.() || '';
      if (f.startsWith('file:')) {
        try {
          f = fileURLToPath(f);
        } catch {}
      }
      out.push({ file: f, line: c.getLineNumber(), column: c.getColumnNumber() });
    }
    return out;
  }
  const inPreload = (f) => f.file === __filename || f.file.startsWith(PRELOAD_DIR + path.sep + 'shims' + path.sep) || f.file.startsWith(PRELOAD_DIR + path.sep + 'hooks');
  const inFixture = (f) => f.file.startsWith(ROOT + path.sep) && !f.file.includes(`${path.sep}node_modules${path.sep}`);
  const realCache = new Map();
  function real(file) {
    let r = realCache.get(file);
    if (r === undefined) {
      try {
        r = fs.realpathSync(file);
      } catch {
        r = file;
      }
      realCache.set(file, r);
    }
    return r;
  }
  /** The registering call: the first frame in the fixture's folder. */
  function userSite() {
    const f = frames().find(inFixture);
    return f && { file: real(f.file), line: f.line, column: f.column };
  }
  /** The frame that called the patched API directly, when it is user code (not a library). */
  function directUserCaller() {
    const f = frames().find((x) => !inPreload(x));
    return f && inFixture(f) ? { file: real(f.file), line: f.line, column: f.column } : undefined;
  }

  function logged(fn, site, mechanism, extra) {
    const wrapper = function (...args) {
      write({ ...site, mechanism, name: fn.name || '<anonymous>', ...extra });
      return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    };
    // async-exit-hook tells async hooks by their arity; keep name and length.
    Object.defineProperty(wrapper, 'length', { value: fn.length });
    Object.defineProperty(wrapper, 'name', { value: fn.name });
    return wrapper;
  }

  // ---- process listeners -----------------------------------------------------------------------
  const EVENTS = new Set(['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGBREAK', 'uncaughtException', 'unhandledRejection']);
  const orig = {
    on: process.on,
    prependListener: process.prependListener,
    removeListener: process.removeListener,
  };
  function wrapListener(event, fn, site, once) {
    const mechanism = `process:${event}`;
    const w = function (...args) {
      if (once) {
        // Same as EventEmitter's own once wrapper: remove first, then call.
        if (w.fired) return undefined;
        w.fired = true;
        orig.removeListener.call(process, event, w);
      }
      write({ ...site, mechanism, name: fn.name || '<anonymous>' });
      return fn.apply(this, args);
    };
    // EventEmitter.removeListener matches `l === fn || l.listener === fn`, listeners() unwraps it.
    w.listener = fn;
    return w;
  }
  function patched(name, base, prepend, once) {
    const p = function (event, listener) {
      if (this === process && typeof listener === 'function' && EVENTS.has(event)) {
        const site = directUserCaller();
        if (site) {
          const w = wrapListener(event, listener, site, once);
          return (prepend ? orig.prependListener : orig.on).call(this, event, w);
        }
      }
      return base.apply(this, arguments);
    };
    Object.defineProperty(p, 'name', { value: name });
    return p;
  }
  const onP = patched('on', process.on, false, false);
  const defs = {
    on: onP,
    addListener: onP, // EventEmitter's addListener is the same function as on
    once: patched('once', process.once, false, true),
    prependListener: patched('prependListener', process.prependListener, true, false),
    prependOnceListener: patched('prependOnceListener', process.prependOnceListener, true, true),
  };
  // Non-enumerable own properties: the ESM facade of 'process' exports only enumerable own keys, so
  // `import { on } from 'process'` stays the SyntaxError it is without the preload.
  for (const [k, v] of Object.entries(defs)) {
    Object.defineProperty(process, k, { value: v, writable: true, configurable: true, enumerable: false });
  }

  // ---- exit libraries ----------------------------------------------------------------------------
  const LIBS = new Set(['exit-hook', 'signal-exit', 'async-exit-hook', 'close-with-grace', 'node-cleanup', 'death']);
  const wrappedLibs = new Map(); // keyed by the real exports: signal-exit's CJS and ESM builds are two instances
  function regWrap(name, realFn, mech, pickCallbacks) {
    // pickCallbacks(args, site) -> args with the user's callbacks replaced by logging wrappers
    const w = function (...args) {
      const site = userSite();
      if (site) args = pickCallbacks(args, site, mech);
      return realFn.apply(this, args);
    };
    Object.defineProperty(w, 'length', { value: realFn.length });
    Object.defineProperty(w, 'name', { value: realFn.name || name });
    return w;
  }
  const wrapArg = (i) => (args, site, mech) => {
    if (typeof args[i] === 'function') args[i] = logged(args[i], site, mech);
    return args;
  };
  function wrapLib(name, exp) {
    if (wrappedLibs.has(exp)) return wrappedLibs.get(exp);
    let out = exp;
    switch (name) {
      case 'exit-hook': {
        // ESM namespace (or require(esm) namespace on Node 24): default, asyncExitHook, gracefulExit
        out = {
          ...exp,
          default: regWrap('exitHook', exp.default, 'exit-hook', wrapArg(0)),
          asyncExitHook: regWrap('asyncExitHook', exp.asyncExitHook, 'exit-hook', wrapArg(0)),
        };
        break;
      }
      case 'signal-exit': {
        out = { ...exp, onExit: regWrap('onExit', exp.onExit, 'signal-exit', wrapArg(0)) };
        break;
      }
      case 'async-exit-hook': {
        const add = regWrap('add', exp, 'async-exit-hook', wrapArg(0));
        Object.assign(add, exp);
        add.uncaughtExceptionHandler = regWrap('uncaughtExceptionHandler', exp.uncaughtExceptionHandler, 'async-exit-hook', wrapArg(0));
        add.unhandledRejectionHandler = regWrap('unhandledRejectionHandler', exp.unhandledRejectionHandler, 'async-exit-hook', wrapArg(0));
        out = add;
        break;
      }
      case 'close-with-grace': {
        out = regWrap('closeWithGrace', exp, 'close-with-grace', (args, site, mech) => {
          const i = typeof args[0] === 'function' ? 0 : 1;
          return wrapArg(i)(args, site, mech);
        });
        Object.defineProperty(out, 'closing', { get: () => exp.closing, set: (v) => (exp.closing = v) });
        break;
      }
      case 'node-cleanup': {
        out = regWrap('install', exp, 'node-cleanup', wrapArg(0));
        out.uninstall = exp.uninstall;
        break;
      }
      case 'death': {
        // death(cb) registers; death(options) returns the registering function.
        out = function (arg) {
          const site = userSite();
          if (typeof arg === 'function' && site) return exp(logged(arg, site, 'death'));
          const r = exp.apply(this, arguments);
          if (typeof r === 'function' && typeof arg === 'object') return regWrap('ON_DEATH', r, 'death', wrapArg(0));
          return r;
        };
        break;
      }
    }
    wrappedLibs.set(exp, out);
    return out;
  }
  Object.defineProperty(globalThis, SYM.wrapLib, { value: wrapLib, enumerable: false, configurable: true });

  const origLoad = Module._load;
  Module._load = function (request, parent, isMainArg) {
    const exp = origLoad.apply(this, arguments);
    // Only the program's own requires: a library that uses signal-exit internally is not the
    // program registering a handler. exit-hook is ESM-only: require() gives its namespace on
    // Node >= 22.12 and throws on Node 20.
    const fromUser = parent && typeof parent.filename === 'string' && inFixture({ file: parent.filename });
    return LIBS.has(request) && fromUser ? wrapLib(request, exp) : exp;
  };

  // ---- DisposableStack / AsyncDisposableStack --------------------------------------------------
  for (const [ctorName, mech] of [
    ['DisposableStack', 'DisposableStack'],
    ['AsyncDisposableStack', 'AsyncDisposableStack'],
  ]) {
    const C = globalThis[ctorName];
    if (typeof C !== 'function') continue;
    const P = C.prototype;
    const { defer, use, adopt } = P;
    const disposeKey = ctorName === 'AsyncDisposableStack' ? Symbol.asyncDispose : Symbol.dispose;
    Object.defineProperty(P, 'defer', {
      configurable: true,
      writable: true,
      value: function defer_(onDispose) {
        const site = userSite();
        return defer.call(this, site && typeof onDispose === 'function' ? logged(onDispose, site, mech) : onDispose);
      },
    });
    Object.defineProperty(P, 'adopt', {
      configurable: true,
      writable: true,
      value: function adopt_(value, onDispose) {
        const site = userSite();
        return adopt.call(this, value, site && typeof onDispose === 'function' ? logged(onDispose, site, mech) : onDispose);
      },
    });
    Object.defineProperty(P, 'use', {
      configurable: true,
      writable: true,
      value: function use_(value) {
        const site = userSite();
        if (!site || value === null || value === undefined || isBuiltinStack(value)) return use.call(this, value);
        let method;
        if (ctorName === 'AsyncDisposableStack') {
          method = value[Symbol.asyncDispose];
          if (method === undefined || method === null) method = value[Symbol.dispose];
        } else method = value[disposeKey];
        if (typeof method !== 'function') return use.call(this, value); // throws the runtime's TypeError
        // Same effect as use(): the method read now, called with `value` as this at disposal.
        defer.call(this, logged(() => method.call(value), site, mech));
        return value;
      },
    });
  }
  function isBuiltinStack(v) {
    return (
      (typeof DisposableStack === 'function' && v instanceof DisposableStack) ||
      (typeof AsyncDisposableStack === 'function' && v instanceof AsyncDisposableStack)
    );
  }

  // `using x = init` is rewritten (by usingTransform, lines kept) to `using x = HOOK(init, file, line, async)`.
  // HOOK puts a self-removing getter for [Symbol.dispose] on the value, so the runtime's one read of
  // the dispose method at the declaration gets a logging wrapper and the object is left as it was.
  // DisposableStacks are passed through: their own callbacks log themselves (defer/use/adopt).
  Object.defineProperty(globalThis, SYM.using, {
    enumerable: false,
    configurable: true,
    value: function usingHook(value, file, line, isAsync) {
      if (value === null || value === undefined || (typeof value !== 'object' && typeof value !== 'function')) return value;
      if (isBuiltinStack(value)) return value;
      let key = Symbol.dispose;
      if (isAsync && value[Symbol.asyncDispose] !== undefined && value[Symbol.asyncDispose] !== null) key = Symbol.asyncDispose;
      const method = value[key];
      if (typeof method !== 'function' || !Object.isExtensible(value)) return value;
      const own = Object.getOwnPropertyDescriptor(value, key);
      if (own && !own.configurable) return value;
      const w = logged(method, { file: real(file), line }, isAsync ? 'await using' : 'using');
      Object.defineProperty(value, key, {
        configurable: true,
        enumerable: false,
        get() {
          if (own) Object.defineProperty(value, key, own);
          else delete value[key];
          return w;
        },
      });
      return value;
    },
  });

  // ---- source rewriting: `using` hook + the scenario's ending appended to the entry ------------
  const { transformSource } = require('./transform.cjs');
  const origCompile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename, ...rest) {
    if (typeof content === 'string' && filename.startsWith(ROOT + path.sep) && !filename.includes(`${path.sep}node_modules${path.sep}`)) {
      content = transformSource(content, filename, real(filename) === ENTRY ? endingCall(false) : '');
    }
    return origCompile.call(this, content, filename, ...rest);
  };
  function endingCall(isModule) {
    if (SCENARIO === 'normal' || SCENARIO === 'self') return '';
    const call = `globalThis[Symbol.for('exit-lens.oracle.mainDone')](${JSON.stringify(SCENARIO)})`;
    // ESM: a signal scenario awaits forever, so the module's own scope (top-level `using`) stays
    // open while the signal arrives, as in a program blocked there.
    return isModule && (SCENARIO === 'sigint' || SCENARIO === 'sigterm') ? `await ${call};` : `${call};`;
  }
  let ended = false;
  Object.defineProperty(globalThis, SYM.mainDone, {
    enumerable: false,
    configurable: true,
    value(scenario) {
      if (ended) return undefined;
      ended = true;
      switch (scenario) {
        case 'exit':
          return realExit.call(process, 0);
        case 'error':
          throw new Error('exit-lens oracle: injected uncaught error at the end of the main module');
        case 'hard-exit':
          return realKill(process.pid, 'SIGKILL');
        case 'sigint':
        case 'sigterm':
          // Keeps the event loop alive the way a server does; the driver sends the signal on READY.
          setTimeout(() => {}, 60_000);
          fs.writeSync(1, 'READY\n');
          return new Promise(() => {});
        default:
          return undefined;
      }
    },
  });

  // ESM: resolve (library shims) and load (same rewriting) hooks, run by the loader's hooks thread.
  // Skipped for a CommonJS entry with no import/export at all: starting the hooks thread costs
  // about a third of a second per run.
  const entryText = fs.readFileSync(ENTRY, 'utf8');
  const cjsOnly = /\.c[jt]s$/.test(ENTRY) || (/\.[jt]s$/.test(ENTRY) && !/\b(import|export)\b/.test(entryText));
  if (typeof Module.register === 'function' && !cjsOnly) {
    Module.register(pathToFileURL(path.join(__dirname, 'hooks.mjs')).href, {
      data: { root: ROOT, entry: ENTRY, ending: endingCall(true), shims: path.join(__dirname, 'shims') },
    });
  }
}
