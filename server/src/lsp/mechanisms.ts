// One line per mechanism: the order rule a hover shows. Each line states a runtime behaviour
// that the front ends model (and that the oracle tests check against python3/node); keep them
// in step with server/src/core/python and server/src/core/js when a mechanism's semantics change.
import type { Mechanism } from '../core/model';

const RULES: Record<string, string> = {
  atexit: 'atexit handlers run when the interpreter exits normally, last registered first (LIFO); SIGTERM and os._exit skip them.',
  'weakref.finalize':
    'weakref.finalize callbacks still pending at exit run in reverse creation order, in the atexit slot taken when the first finalizer was created.',
  ExitStack: 'ExitStack callbacks run when the `with` block exits, last pushed first (LIFO), before any atexit handler.',
  AsyncExitStack: 'AsyncExitStack callbacks run when the `async with` block exits, last pushed first (LIFO).',
  signal: 'signal.signal installs one handler per signal (a later call replaces it); it runs in the main thread when the signal arrives.',
  'process:exit':
    "'exit' listeners run synchronously in registration order (prepend* first) on every exit but signals and hard exits; async work in them never runs.",
  'process:beforeExit':
    "'beforeExit' listeners run in registration order when the event loop empties; process.exit(), uncaught errors and signals skip them.",
  'process:SIGINT': "SIGINT listeners run in registration order on Ctrl+C; installing one disables Node's default exit on SIGINT.",
  'process:SIGTERM': "SIGTERM listeners run in registration order on SIGTERM; installing one disables Node's default exit on SIGTERM.",
  'process:SIGHUP': "SIGHUP listeners run in registration order on SIGHUP; installing one disables Node's default exit on SIGHUP.",
  'process:uncaughtException':
    "'uncaughtException' listeners run in registration order on an uncaught throw; with one installed the process does not exit by itself.",
  'process:unhandledRejection':
    "'unhandledRejection' listeners run in registration order on an unhandled rejection; with one installed the process does not exit by itself.",
  'exit-hook': 'exit-hook runs its hooks in registration order on exit, SIGINT and SIGTERM; async hooks only run on gracefulExit() and signals.',
  'signal-exit': 'signal-exit runs onExit callbacks in registration order (alwaysLast ones after the rest) on exit and on fatal signals.',
  'async-exit-hook': 'async-exit-hook runs its hooks on exit and signals; a hook that takes a callback is awaited.',
  'close-with-grace': 'close-with-grace calls its one handler on SIGINT, SIGTERM, uncaught errors and rejections, then exits.',
  'node-cleanup': 'node-cleanup calls its handlers on exit, SIGINT, SIGTERM and uncaught errors.',
  death: 'death calls its callback on SIGINT, SIGTERM and SIGQUIT.',
  using: 'using declarations are disposed when their scope ends, last declared first; process.exit() and signals skip them.',
  'await using': 'await using declarations are disposed (awaited) when their scope ends, last declared first; process.exit() and signals skip them.',
  DisposableStack: 'DisposableStack callbacks (defer/use/adopt) run when the stack is disposed, last added first.',
  AsyncDisposableStack: 'AsyncDisposableStack callbacks run (awaited) when the stack is disposed, last added first.',
};

/** The order rule of a mechanism in one line, or undefined for a mechanism this table does not know. */
export function orderRule(mechanism: Mechanism): string | undefined {
  if (RULES[mechanism]) return RULES[mechanism];
  if (mechanism.startsWith('process:')) {
    const ev = mechanism.slice('process:'.length);
    return `'${ev}' listeners run in registration order (prepend* first) when the process emits '${ev}'.`;
  }
  return undefined;
}
