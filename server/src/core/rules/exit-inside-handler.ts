import { defineRule } from './rule';
import { isExitHandler, lineOf, listNames, mechanismLabel, related, textAt, onePerHandler } from './util';

export default defineRule({
  id: 'exit-inside-handler',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'sys.exit() / process.exit() called inside an exit handler',
  messages: {
    python: '`{{name}}` calls `{{callee}}` while Python is already exiting ({{where}}): it does not change the exit status; Python prints it as an ignored exception and goes on with the other handlers.',
    node: '`{{name}}` calls `{{callee}}` inside {{mechanism}} ({{where}}): the process ends right there, so {{later}}.',
    nodeNoLater: '`{{name}}` calls `{{callee}}` inside {{mechanism}} ({{where}}): the process ends right there, skipping any listener added after it.',
    here: 'the exit call inside the handler',
    useExitCode: 'Set process.exitCode instead',
  },
  docs: `## What it does
Finds \`sys.exit()\`, \`exit()\`, \`raise SystemExit\` and \`process.exit()\` called by an exit handler (atexit, \`weakref.finalize\`, Node's \`'exit'\` listeners, exit-library hooks), directly or through a function it calls.
Signal handlers and \`'beforeExit'\` listeners are not exit handlers: exiting there is how they end the program.

## Why it matters
Python is already exiting when atexit handlers run: \`sys.exit()\` there raises \`SystemExit\`, which is printed to stderr as an ignored exception; the exit status does not change.
In Node.js, \`process.exit()\` inside an \`'exit'\` listener ends the process at once, so the listeners after it never run.

## Example
\`\`\`js
process.on('exit', () => {
  if (failed) process.exit(1);
});
process.on('exit', () => removeTempFiles()); // skipped when the first one exits
\`\`\`

## Use instead
\`\`\`js
process.on('exit', () => {
  if (failed) process.exitCode = 1;
});
process.on('exit', () => removeTempFiles());
\`\`\`

## Fix safety
In Node.js \`process.exit(n)\` inside an \`'exit'\` listener becomes \`process.exitCode = n\`, which still sets the status and lets the other listeners run; it is unsafe only if code after it relied on the listener stopping there.
No fix is offered for Python.

## References
- [Python: atexit](https://docs.python.org/3/library/atexit.html)
- [Node.js: process 'exit' event](https://nodejs.org/api/process.html#event-exit) and [process.exitCode](https://nodejs.org/api/process.html#processexitcode_1)
`,
  check(ctx) {
    for (const reg of onePerHandler(ctx.model.registrations)) {
      if (!isExitHandler(reg) || reg.mechanism === 'process:beforeExit' || reg.context === 'child-process') continue;
      // These libraries call their hooks for signals; exiting there is how the hook ends the program.
      if (reg.mechanism === 'death' || reg.mechanism === 'close-with-grace' || reg.mechanism === 'node-cleanup') continue;
      const facts = ctx.handlerFacts(reg);
      let site = facts?.exits.find((e) => e.kind === 'exit');
      if (!facts) {
        const call = ctx.model.exitCalls.find((e) => e.context === 'handler' && e.handlerOf === reg.id && e.kind === 'exit');
        if (call) site = { location: call.location, text: call.callee, kind: 'exit', callee: call.callee, unconditional: call.certainty === 'definite' };
      }
      if (!site) continue;
      const where = lineOf(site.location, reg.location);
      const callee = site.text.split('\n')[0]!;
      if (ctx.language === 'python') {
        ctx.report({ location: reg.location, messageId: 'python', data: { name: reg.handler.name, callee, where }, related: [related(site.location, ctx.format('here'))] });
        continue;
      }
      const later = ctx.model.registrations.filter((r) => r.mechanism === reg.mechanism && r.location.file === reg.location.file && r.location.range.start.offset > reg.location.range.start.offset && r.context === 'main');
      const fixes = [];
      const m = /^process\.exit\(([^()]+)\)$/.exec(textAt(ctx.text(site.location.file), site.location));
      if (m && !site.via) fixes.push(ctx.fix.replace(ctx.format('useExitCode'), site.location, `process.exitCode = ${m[1]!.trim()}`));
      const label = mechanismLabel(reg);
      const data = {
        name: reg.handler.name, callee, where, mechanism: `${/^[aeiou']/i.test(label) && !label.startsWith("'exit") ? 'an' : label.startsWith("'exit") ? 'an' : 'a'} ${label}`,
        later: later.length === 1 ? `the later ${later[0]!.mechanism.startsWith('process:') ? 'listener' : 'hook'} ${listNames([later[0]!.handler.name])} (${lineOf(later[0]!.location, reg.location)}) never runs` : `the ${later.length} later ones (${listNames(later.map((r) => r.handler.name))}) never run`,
      };
      ctx.report({ location: reg.location, messageId: later.length ? 'node' : 'nodeNoLater', data, related: [related(site.location, ctx.format('here'))], fixes });
    }
  },
});
