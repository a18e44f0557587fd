// The exit libraries Exit Lens understands: how they are imported, what each export does, and
// which process events each one listens on. Every entry was read from the package source of the
// pinned version and checked by running it under node 20 (see the comments); runtime.ts turns
// these facts into run order.

export type LibName = 'exit-hook' | 'signal-exit' | 'async-exit-hook' | 'close-with-grace' | 'node-cleanup' | 'death';

/** What calling an export does. */
export type LibExportKind =
  | 'hook' // registers a callback; returns a remover (exit-hook, signal-exit, death) or a handle
  | 'hook-async' // exit-hook asyncExitHook(fn, {wait})
  | 'error-hook' // async-exit-hook.uncaughtExceptionHandler(fn)
  | 'rejection-hook' // async-exit-hook.unhandledRejectionHandler(fn)
  | 'graceful-exit' // exit-hook gracefulExit(): runs all hooks (async too), then process.exit
  | 'uninstall-all' // node-cleanup.uninstall()
  | 'configure' // death({uncaughtException: true}) returns a configured registrar
  | 'ignore'; // harmless helpers (forceExitTimeout, hookEvent...)

export interface LibraryInfo {
  name: LibName;
  /** Export name → kind; `default` is the module itself (CJS) or the default export (ESM). */
  exports: Record<string, LibExportKind>;
  /**
   * Process events the library listens on, installed when its first hook is registered
   * (death: on every call). Order matters: its listener sits at that position among the
   * process listeners of the same event.
   */
  events: string[];
  /**
   * What `require(name)` / a default import gives: `callable` (module.exports is the function),
   * `namespace` (an object of named exports: calling it throws a TypeError), plus whether an ESM
   * default import links at all.
   */
  moduleShape: 'callable' | 'namespace';
  esmDefault: boolean;
}

export const LIBRARIES: Record<LibName, LibraryInfo> = {
  // exit-hook@5.1.0 index.js addHook(): on the first hook, process.once('beforeExit' | 'SIGINT' |
  // 'SIGTERM') run sync hooks then async hooks, await them, then process.exit(); process.once('exit')
  // runs only the sync hooks (async ones are skipped with a "SYNCHRONOUS TERMINATION NOTICE").
  // No 'uncaughtException' listener: an uncaught error reaches the 'exit' path.
  'exit-hook': {
    name: 'exit-hook',
    exports: { default: 'hook', asyncExitHook: 'hook-async', gracefulExit: 'graceful-exit' },
    events: ['beforeExit', 'SIGINT', 'SIGTERM', 'exit'],
    // ESM only: require() gives the namespace (node >= 22.12) or throws ERR_REQUIRE_ESM (node 20).
    moduleShape: 'namespace',
    esmDefault: true,
  },
  // signal-exit@4.1.0: on the first onExit it listens on every catchable signal and patches
  // process.emit: on 'exit' it first runs all process 'exit' listeners, then its own callbacks
  // (normal ones, then alwaysLast ones). On a signal it runs the callbacks and re-raises the
  // signal only when its listener is the only one for that signal; otherwise it does nothing.
  'signal-exit': {
    name: 'signal-exit',
    exports: { onExit: 'hook', load: 'ignore', unload: 'uninstall-all' },
    events: ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'],
    // v4 has named exports only: `import onExit from 'signal-exit'` fails to link (node 20: checked).
    moduleShape: 'namespace',
    esmDefault: false,
  },
  // async-exit-hook@2.0.1: the first hook installs listeners on 'exit', 'beforeExit', SIGHUP,
  // SIGINT, SIGTERM, SIGBREAK. Every hook runs once on whichever comes first; a hook with a
  // parameter gets a done callback except in 'exit' (it is still called there, so its body
  // starts). After the hooks it calls process.exit on process.nextTick (not in 'exit').
  'async-exit-hook': {
    name: 'async-exit-hook',
    exports: {
      default: 'hook',
      uncaughtExceptionHandler: 'error-hook',
      unhandledRejectionHandler: 'rejection-hook',
      forceExitTimeout: 'ignore',
      hookEvent: 'ignore',
      unhookEvent: 'ignore',
      hookedEvents: 'ignore',
    },
    events: ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM'],
    moduleShape: 'callable',
    esmDefault: true,
  },
  // close-with-grace@2.5.0: every call adds process.once listeners on the catchable signals,
  // 'uncaughtException', 'unhandledRejection' and 'beforeExit'; the first one to fire removes
  // them, awaits fn, then calls process.exit. Not on process.exit() ('exit' is not listened to).
  'close-with-grace': {
    name: 'close-with-grace',
    exports: { default: 'hook' },
    events: ['SIGHUP', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'beforeExit'],
    moduleShape: 'callable',
    esmDefault: true,
  },
  // node-cleanup@2.1.2: the first call listens on SIGINT, SIGHUP, SIGQUIT, SIGTERM (run handlers,
  // then uninstall and re-raise the signal), 'uncaughtException' (process.exit(1), so the 'exit'
  // listener runs them) and 'exit' (run handlers).
  'node-cleanup': {
    name: 'node-cleanup',
    exports: { default: 'hook', uninstall: 'uninstall-all' },
    events: ['SIGINT', 'SIGHUP', 'SIGTERM', 'uncaughtException', 'exit'],
    moduleShape: 'callable',
    esmDefault: true,
  },
  // death@1.1.0: each call adds a plain process.on listener per enabled event (SIGINT, SIGTERM,
  // SIGQUIT by default, 'uncaughtException' when configured) that calls the callback; it never
  // exits by itself, so a callback that does not exit keeps the process alive.
  death: {
    name: 'death',
    exports: { default: 'hook' },
    events: ['SIGINT', 'SIGTERM'],
    moduleShape: 'callable',
    esmDefault: true,
  },
};

export function libraryOf(specifier: string): LibraryInfo | undefined {
  return Object.prototype.hasOwnProperty.call(LIBRARIES, specifier) ? LIBRARIES[specifier as LibName] : undefined;
}

/** Node's built-in process module names. */
export function isProcessModule(specifier: string): boolean {
  return specifier === 'process' || specifier === 'node:process';
}
