import type { TextEdit } from '../diagnostics';
import { defineRule } from './rule';
import { isExitHandler, listNames, lineOf, mechanismLabel, plural, related, SIGNAL_AWARE_LIBRARIES } from './util';

export default defineRule({
  id: 'unhandled-termination-signal',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'always',
  summary: 'exit handlers are registered in a program that runs until stopped, but SIGTERM (Node: also SIGINT) is never handled, so kill/docker stop skip them',
  messages: {
    python: 'This program runs until it is stopped ({{where}}), but SIGTERM is not handled: `kill` and `docker stop` end it without running {{handlers}}.',
    node: 'This program runs until it is stopped ({{where}}), but {{signals}} {{isAre}} not handled: {{how}} without running {{handlers}}.',
    runsHere: 'the program keeps running here until a signal stops it',
    addPython: 'Handle SIGTERM with sys.exit() so the atexit handlers run',
    addNode: 'Handle {{signals}} with process.exit() so the \'exit\' listeners run',
  },
  docs: `## What it does
Finds programs that run until they are stopped (servers, intervals, \`while True\` loops, \`signal.pause()\`, \`serve_forever()\`) and register exit handlers, but never handle SIGTERM (and, in Node.js, SIGINT).
A script that ends by itself is not reported.
Programs that use a library that handles the signals itself (exit-hook, signal-exit, async-exit-hook, close-with-grace, node-cleanup, death) are not reported.

## Why it matters
The default action of SIGTERM ends the process at once: Python does not run atexit handlers, Node.js does not emit \`'exit'\`.
SIGTERM is how \`kill\`, \`docker stop\`, systemd and Kubernetes stop a program, so for a long-running program it is the usual way it ends, and its cleanup never runs.
In Node.js the same holds for SIGINT (Ctrl+C); Python turns SIGINT into \`KeyboardInterrupt\`, which does run atexit handlers.

## Example
\`\`\`python
import atexit
import time

atexit.register(lambda: print("cleanup"))

while True:
    time.sleep(1)
\`\`\`

## Use instead
\`\`\`python
import atexit
import signal
import sys
import time

atexit.register(lambda: print("cleanup"))
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

while True:
    time.sleep(1)
\`\`\`

\`\`\`js
process.on('SIGTERM', () => process.exit(143));
process.on('SIGINT', () => process.exit(130));
\`\`\`

## Fix safety
The fix adds a handler that exits with the conventional status (128 + the signal number), so the exit handlers run.
It is unsafe: the program no longer dies by the signal itself, and a handler that blocks delays the stop.

## References
- [Python: signal](https://docs.python.org/3/library/signal.html) and [atexit](https://docs.python.org/3/library/atexit.html) ("not called when the program is killed by a signal not handled by Python")
- [Node.js: signal events](https://nodejs.org/api/process.html#signal-events)
- [Docker: docker stop](https://docs.docker.com/reference/cli/docker/container/stop/)
`,
  check(ctx) {
    const { model } = ctx;
    if (!model.runsUntilStopped) return;
    const regs = model.registrations.filter((r) => r.context === 'main');
    if (regs.some((r) => SIGNAL_AWARE_LIBRARIES.has(r.mechanism))) return;
    const handlers = regs.filter((r) => isExitHandler(r));
    if (handlers.length === 0) return;
    const text = ctx.text(model.file) ?? '';
    let missing: string[];
    if (ctx.language === 'python') {
      const handled = regs.some((r) => r.mechanism === 'signal' && /SIGTERM/.test(r.event ?? '')) || /add_signal_handler\([^)]*SIGTERM/.test(text);
      missing = handled ? [] : ['SIGTERM'];
    } else {
      missing = ['SIGTERM', 'SIGINT'].filter((s) => !regs.some((r) => r.mechanism === `process:${s}`));
    }
    if (missing.length === 0) return;
    const inFile = handlers.filter((r) => r.location.file === model.file);
    const first = (inFile.length ? inFile : handlers).slice().sort((a, b) => a.location.range.start.offset - b.location.range.start.offset)[0]!;
    const kinds = [...new Set(handlers.map(mechanismLabel))];
    const names = `the ${kinds.length === 1 ? plural(handlers.length, kinds[0]!) : plural(handlers.length, 'exit handler')} ${listNames(handlers.map((r) => r.handler.name))}`;
    const where = model.runsUntilStoppedAt ? lineOf(model.runsUntilStoppedAt, first.location) : 'it never ends by itself';
    const fixLines: string[] = [];
    if (ctx.language === 'python') {
      if (!/^\s*import\s+[\w., ]*\bsignal\b/m.test(text)) fixLines.push('import signal');
      if (!/^\s*import\s+[\w., ]*\bsys\b/m.test(text)) fixLines.push('import sys');
      fixLines.push('signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))');
    } else {
      if (missing.includes('SIGTERM')) fixLines.push("process.on('SIGTERM', () => process.exit(143));");
      if (missing.includes('SIGINT')) fixLines.push("process.on('SIGINT', () => process.exit(130));");
    }
    // One insertion: several at the same offset would depend on the client's ordering.
    const indent = ctx.fix.indentAt(first.location);
    const edits = [ctx.fix.insertLineBefore(first.location, fixLines.map((l, i) => (i === 0 ? l : indent + l)).join('\n'))].filter((e): e is TextEdit => !!e);
    const signals = missing.join(' and ');
    ctx.report({
      location: first.location,
      messageId: ctx.language === 'python' ? 'python' : 'node',
      data: { where, handlers: names, signals, isAre: missing.length === 1 ? 'is' : 'are', how: missing.length === 2 ? 'Ctrl+C, `kill` and `docker stop` end it' : missing[0] === 'SIGINT' ? 'Ctrl+C ends it' : '`kill` and `docker stop` end it' },
      related: model.runsUntilStoppedAt ? [related(model.runsUntilStoppedAt, ctx.format('runsHere'))] : [],
      fixes: edits.length ? [ctx.fix.edits(ctx.language === 'python' ? ctx.format('addPython') : ctx.format('addNode', { signals }), edits)] : [],
    });
  },
});
