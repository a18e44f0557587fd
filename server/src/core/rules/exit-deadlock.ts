import type { Location, Registration } from '../model';
import { defineRule } from './rule';
import { related, textAt } from './util';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export default defineRule({
  id: 'exit-deadlock',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'error',
  fix: 'none',
  summary: 'the handler is what would stop something that keeps the program alive (a non-daemon thread, an interval, a server, a child process), so it never runs and the program hangs at exit',
  messages: {
    thread: '`{{name}}` is what stops the thread running `{{target}}` (`{{action}}`), but Python waits for non-daemon threads before it runs atexit handlers: the thread never stops, `{{name}}` never runs, and the program hangs at exit.',
    node: "`{{name}}` is what stops {{what}} `{{target}}` (`{{action}}`), but {{what}} keeps the event loop alive, so Node never reaches '{{event}}' and `{{name}}` never runs: the program never ends by itself.",
    started: 'this keeps the program alive until something stops it',
  },
  docs: `## What it does
Finds exit handlers that are the only thing that would stop what keeps the program alive:
- Python: an atexit handler that sets the event, or shuts down the server, that a non-daemon thread waits on;
- Node.js: an \`'exit'\` or \`'beforeExit'\` listener that clears an interval, closes a server or kills a child process.

## Why it matters
Python joins every non-daemon thread before it runs atexit handlers, so a thread that waits for an atexit handler to stop it waits forever, and the program hangs at exit.
Node.js emits \`'beforeExit'\` and \`'exit'\` only once the event loop has nothing left to do; an interval, a listening server or a child process keeps it busy, so those listeners never run.

## Example
\`\`\`python
import atexit
import threading

stop = threading.Event()

def work():
    while not stop.is_set():
        stop.wait(1)

threading.Thread(target=work).start()
atexit.register(stop.set)  # never runs: Python first waits for the thread
\`\`\`

\`\`\`js
const timer = setInterval(poll, 1000);
process.on('exit', () => clearInterval(timer)); // never runs
\`\`\`

## Use instead
\`\`\`python
worker = threading.Thread(target=work, daemon=True)
worker.start()
# or stop the thread at the end of the main code, or from a signal handler
\`\`\`

\`\`\`js
const timer = setInterval(poll, 1000);
process.on('SIGTERM', () => clearInterval(timer));
\`\`\`

## Fix safety
No fix is offered: whether the work may be cut off (daemon thread) or needs a stop signal depends on the program.

## References
- [Python: threading, daemon threads](https://docs.python.org/3/library/threading.html#thread-objects) ("The entire Python program exits when no alive non-daemon threads are left")
- [Node.js: process 'beforeExit' event](https://nodejs.org/api/process.html#event-beforeexit) and [timers: unref](https://nodejs.org/api/timers.html#timeoutunref)
`,
  check(ctx) {
    const { model } = ctx;
    const outsideHandler = (file: string, reg: Registration, re: RegExp): boolean => {
      const text = ctx.text(file) ?? '';
      const def = reg.handler.definition;
      const masked = def && def.file === file ? text.slice(0, def.range.start.offset) + ' '.repeat(def.range.end.offset - def.range.start.offset) + text.slice(def.range.end.offset) : text;
      const regText = reg.location.file === file ? textAt(text, reg.location) : '';
      const masked2 = regText ? masked.replace(regText, ' '.repeat(regText.length)) : masked;
      return re.test(masked2);
    };
    for (const reg of model.registrations) {
      if (reg.context !== 'main') continue;
      const file = reg.location.file;
      const facts = ctx.handlerFacts(reg);
      // What the handler stops: from its body, or from a bound method given directly (`stop.set`, `server.shutdown`).
      const actions: Array<{ target: string; action: string; location: Location }> = facts?.actions.map((a) => ({ target: a.target, action: a.text, location: a.location })) ?? [];
      const m = /^([\w.]+)\.(set|shutdown|stop|close|kill|terminate)$/.exec(reg.handler.name);
      if (m && (reg.handler.form === 'method' || reg.handler.form === 'builtin' || reg.handler.form === 'unknown')) actions.push({ target: m[1]!, action: `${reg.handler.name}()`, location: reg.location });
      if (actions.length === 0) continue;

      if (ctx.language === 'python') {
        if (reg.mechanism !== 'atexit' && reg.mechanism !== 'weakref.finalize') continue;
        for (const th of model.threads ?? []) {
          if (th.daemon !== false || !th.target) continue;
          const targetText = ctx.facts.functionText(th.location.file, th.target) ?? th.target;
          const hit = actions.find((a) => {
            const name = a.target.split('.').pop()!;
            return new RegExp(`\\b${escape(a.target)}\\b`).test(targetText) || new RegExp(`\\b${escape(name)}\\b`).test(th.target!);
          });
          if (!hit) continue;
          // Stopped by the main code as well: no hang.
          if (outsideHandler(file, reg, new RegExp(`^\\s*${escape(hit.target)}\\.(set|shutdown|stop|join)\\(`, 'm'))) continue;
          ctx.report({ location: reg.location, messageId: 'thread', data: { name: reg.handler.name, target: th.target, action: hit.action }, related: [related(th.location, ctx.format('started'))] });
          break;
        }
        continue;
      }
      if (reg.mechanism !== 'process:exit' && reg.mechanism !== 'process:beforeExit') continue;
      // Any explicit exit (or a signal listener) gives the program another way to end.
      if (model.exitCalls.some((e) => e.kind !== 'throw')) continue;
      if (model.registrations.some((r) => /^process:SIG/.test(r.mechanism))) continue;
      const resources = ctx.facts.resources(file);
      for (const a of facts?.actions ?? []) {
        const res = resources.find((r) => r.name === a.target);
        if (!res || res.detached) continue;
        const fits = (res.kind === 'interval' && a.action === 'clear') || (res.kind === 'server' && res.started && a.action === 'close') || (res.kind === 'child-process' && (a.action === 'kill' || a.action === 'close'));
        if (!fits) continue;
        const stopRe = new RegExp(`(clearInterval\\(\\s*${escape(res.name)}\\s*\\)|\\b${escape(res.name)}\\.(close|unref|kill)\\()`);
        if (outsideHandler(file, reg, stopRe)) continue;
        const what = res.kind === 'interval' ? 'the interval' : res.kind === 'server' ? 'the server' : 'the child process';
        ctx.report({
          location: reg.location,
          messageId: 'node',
          data: { name: reg.handler.name, what, target: res.name, action: a.text, event: reg.mechanism.slice(8) },
          related: [related(res.location, ctx.format('started'))],
        });
        break;
      }
    }
  },
});
