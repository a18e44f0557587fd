import { defineRule } from './rule';
import { callArgs, isSyncOnly, lineOf, mechanismLabel, related, textAt, onePerHandler } from './util';

export default defineRule({
  id: 'async-handler',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'error',
  fix: 'sometimes',
  summary: 'a coroutine function / async function / promise-returning handler registered with a mechanism that runs handlers synchronously, so its awaited work never runs',
  messages: {
    coroutine: '`{{name}}` is a coroutine function: the {{mechanism}} calls it, gets a coroutine object and drops it, so its body never runs (Python only warns "coroutine \'{{name}}\' was never awaited").',
    asyncFn: '`{{name}}` is async, but {{mechanism}}s run synchronously and the process ends as soon as they return: everything after its first `await` (`{{site}}`, {{where}}) never runs.',
    schedules: '`{{name}}` starts async work at exit (`{{site}}`, {{where}}), but {{mechanism}}s run synchronously and the process ends as soon as they return: that work never completes.',
    lost: 'this never completes: the process has already ended',
    wrap: 'Register a sync wrapper that runs `{{name}}` with asyncio.run()',
    beforeExit: "Run `{{name}}` once on 'beforeExit', where Node awaits it (not on process.exit() or signals)",
  },
  docs: `## What it does
Finds coroutine functions (Python \`async def\`), async functions and promise-returning handlers registered with a mechanism that calls handlers synchronously: \`atexit\`, \`weakref.finalize\`, \`signal.signal\`, Node's \`'exit'\` listeners, signal-exit's \`onExit\`, exit-hook's \`exitHook\`.
It also finds \`'exit'\` listeners that start async work (timers, \`fetch\`, promises).

## Why it matters
Python's atexit calls an \`async def\` handler, which only creates a coroutine object; nothing ever awaits it, so the cleanup never runs.
Node.js calls \`'exit'\` listeners synchronously and ends the process as soon as they return: "Listener functions must only perform synchronous operations."

## Example
\`\`\`python
import atexit

async def close_pool():
    await pool.close()

atexit.register(close_pool)
\`\`\`

\`\`\`js
process.on('exit', async () => {
  await db.close(); // never completes
});
\`\`\`

## Use instead
\`\`\`python
import asyncio
import atexit

async def close_pool():
    await pool.close()

def _run_close_pool():
    asyncio.run(close_pool())

atexit.register(_run_close_pool)
\`\`\`

\`\`\`js
// Async cleanup belongs where the event loop still runs: 'beforeExit', or a signal handler
// that finishes the work and then exits.
process.once('beforeExit', async () => {
  await db.close();
});
\`\`\`

## Fix safety
For Python, the fix registers a synchronous wrapper that runs the coroutine with \`asyncio.run()\`; it is unsafe because the coroutine now really runs at exit (with a new event loop), which may need resources that are already gone.
For Node.js, an async \`process.on('exit', ...)\` (or \`once\` / \`addListener\`) listener is moved to \`process.once('beforeExit', ...)\`: at a natural end (the event loop drains) Node waits for its promise, so the awaited work completes.
The fix is unsafe when the program ends through \`process.exit()\` (or an uncaught exception): \`'beforeExit'\` is not emitted then, so the handler no longer runs at all, where the \`'exit'\` listener still ran its synchronous part (up to its first \`await\`). Neither event is emitted on an unhandled SIGINT/SIGTERM.
For those endings, finish the work in a signal handler before exiting, or make it synchronous. No fix is offered for exit-hook and signal-exit hooks.

## References
- [Python: atexit](https://docs.python.org/3/library/atexit.html)
- [Python: coroutines and tasks](https://docs.python.org/3/library/asyncio-task.html#coroutines) ("simply calling a coroutine will not schedule it to be executed")
- [Node.js: process 'exit' event](https://nodejs.org/api/process.html#event-exit) ("Listener functions must only perform synchronous operations")
- [Node.js: process 'beforeExit' event](https://nodejs.org/api/process.html#event-beforeexit) ("not emitted for conditions causing explicit termination, such as calling \`process.exit()\` or uncaught exceptions")
`,
  check(ctx) {
    for (const reg of onePerHandler(ctx.model.registrations)) {
      if (reg.context === 'child-process') continue;
      const file = reg.location.file;
      const callText = textAt(ctx.text(file), reg.location);
      if (!isSyncOnly(reg, callText) || /push_async_callback|asyncExitHook/.test(callText)) continue;
      // Of an ExitStack only .callback() calls a plain function; contexts have their own protocol.
      if (reg.mechanism === 'ExitStack' && !/\.callback\s*\(/.test(callText)) continue;
      const facts = ctx.handlerFacts(reg);
      const isAsync = reg.handler.isAsync || !!facts?.isAsync;
      const data = { name: reg.handler.name, mechanism: mechanismLabel(reg) };
      if (ctx.language === 'python') {
        if (!isAsync) continue;
        const fixes = [];
        const args = callArgs(callText);
        if (reg.handler.form === 'function' && args.length === 1 && args[0] === reg.handler.name && /^[A-Za-z_]\w*$/.test(reg.handler.name)) {
          const wrapper = `_run_${reg.handler.name}`;
          const unit = ctx.fix.indentUnit(file);
          const lines = [`def ${wrapper}():`, `${unit}import asyncio`, `${unit}asyncio.run(${reg.handler.name}())`, '', ''];
          const indent = ctx.fix.indentAt(reg.location);
          const insert = ctx.fix.insertLineBefore(reg.location, lines.map((l, i) => (i === 0 || !l ? l : indent + l)).join('\n'));
          const argStart = reg.location.range.start.offset + callText.lastIndexOf(reg.handler.name);
          if (insert) {
            const at = ctx.fix.replace('', { file, range: { start: { ...reg.location.range.start, offset: argStart, column: reg.location.range.start.column + (argStart - reg.location.range.start.offset) }, end: { ...reg.location.range.start, offset: argStart + reg.handler.name.length, column: reg.location.range.start.column + (argStart - reg.location.range.start.offset) + reg.handler.name.length } } }, wrapper);
            fixes.push(ctx.fix.edits(ctx.format('wrap', { name: reg.handler.name }), [insert, ...at.edits]));
          }
        }
        ctx.report({ location: reg.location, messageId: 'coroutine', data, related: reg.handler.definition ? [related(reg.handler.definition, `\`${reg.handler.name}\` is defined with async def here`)] : [], fixes });
        continue;
      }
      if (isAsync) {
        // An async function without await runs to completion synchronously: nothing is lost.
        const first = facts?.awaits[0] ?? facts?.schedules[0];
        if (facts && !first) continue;
        const fixes = [];
        // `process.on('exit', fn)` -> `process.once('beforeExit', fn)`: Node waits for the promises of
        // 'beforeExit' listeners before it ends; `once`, because a listener that schedules work makes
        // 'beforeExit' fire again after that work, forever. Only the plain forms, rewritten in place.
        const m = reg.mechanism === 'process:exit' ? /^process[ \t]*\.[ \t]*(?:on|once|addListener)[ \t]*\([ \t]*(['"])exit\1/.exec(callText) : null;
        if (m) {
          const start = reg.location.range.start;
          const end = { ...start, offset: start.offset + m[0].length, column: start.column + m[0].length };
          fixes.push(ctx.fix.replace(ctx.format('beforeExit', data), { file, range: { start, end } }, `process.once(${m[1]}beforeExit${m[1]}`, { safe: false }));
        }
        ctx.report({
          location: reg.location,
          messageId: 'asyncFn',
          data: { ...data, site: first?.text ?? 'await', where: first ? lineOf(first.location, reg.location) : 'in its body' },
          related: first ? [related(first.location, ctx.format('lost'))] : [],
          fixes,
        });
        continue;
      }
      const sched = facts?.schedules[0];
      if (!sched || reg.mechanism === 'signal') continue;
      ctx.report({
        location: reg.location,
        messageId: 'schedules',
        data: { ...data, site: sched.text, where: lineOf(sched.location, reg.location) },
        related: [related(sched.location, ctx.format('lost'))],
      });
    }
  },
});
