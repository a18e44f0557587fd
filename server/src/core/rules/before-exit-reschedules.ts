import { defineRule } from './rule';
import { lineOf, related, textAt } from './util';

export default defineRule({
  id: 'before-exit-reschedules',
  languages: ['javascript', 'typescript'],
  defaultSeverity: 'error',
  fix: 'sometimes',
  summary: "a 'beforeExit' listener that always schedules new async work, so the process never exits",
  messages: {
    forever: "`{{name}}` always schedules new async work (`{{site}}`, {{where}}): when it finishes the event loop is empty again, 'beforeExit' fires again, and the process never exits.",
    here: 'this schedules work every time the listener runs',
    once: "Listen with process.once('beforeExit', ...)",
  },
  docs: `## What it does
Finds \`process.on('beforeExit', ...)\` listeners that schedule async work (timers, promises, \`await\`, I/O) every time they run, with no guard: not registered with \`once\`, no condition or early return, no removal of the listener.

## Why it matters
Node.js emits \`'beforeExit'\` when the event loop has no more work.
If the listener schedules more, the loop runs it and, once it is done, emits \`'beforeExit'\` again: the process never exits.

## Example
\`\`\`js
process.on('beforeExit', async () => {
  await flushMetrics();
});
\`\`\`

## Use instead
\`\`\`js
process.once('beforeExit', async () => {
  await flushMetrics();
});
\`\`\`

## Fix safety
The fix registers the listener with \`once\`.
It is unsafe when the program relied on the listener running again after later work.

## References
- [Node.js: process 'beforeExit' event](https://nodejs.org/api/process.html#event-beforeexit) ("The listener callback function ... can make asynchronous calls, and thereby cause the Node.js process to continue.")
`,
  check(ctx) {
    for (const reg of ctx.model.registrations) {
      if (reg.mechanism !== 'process:beforeExit' || reg.once || reg.context !== 'main') continue;
      const facts = ctx.handlerFacts(reg);
      if (!facts || facts.earlyReturn || facts.removesListener) continue;
      const site = facts.schedules.find((s) => s.unconditional) ?? (facts.isAsync ? facts.awaits[0] : undefined);
      if (!site) continue;
      const fixes = [];
      const call = textAt(ctx.text(reg.location.file), reg.location);
      const m = /^process\.(on|addListener)\b/.exec(call);
      if (m) {
        const start = reg.location.range.start;
        const off = start.offset + 8;
        fixes.push(ctx.fix.replace(ctx.format('once'), { file: reg.location.file, range: { start: { ...start, offset: off, column: start.column + 8 }, end: { ...start, offset: off + m[1]!.length, column: start.column + 8 + m[1]!.length } } }, 'once'));
      }
      ctx.report({
        location: reg.location,
        messageId: 'forever',
        data: { name: reg.handler.name, site: site.text, where: lineOf(site.location, reg.location) },
        related: [related(site.location, ctx.format('here'))],
        fixes,
      });
    }
  },
});
