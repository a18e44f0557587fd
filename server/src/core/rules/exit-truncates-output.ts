import { defineRule } from './rule';
import { lineOf, related, textAt } from './util';

export default defineRule({
  id: 'exit-truncates-output',
  languages: ['javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'process.exit() right after writes to stdout/stderr, which can be cut off on pipes; process.exitCode is the fix',
  messages: {
    truncates: '`{{callee}}` right after writing to {{stream}} (`{{write}}`, {{where}}): when {{stream}} is a pipe Node writes asynchronously, and process.exit() can end the process before the output is flushed, cutting it off.',
    write: 'this output may be cut off',
    useExitCode: 'Set process.exitCode = {{code}} and let the program end',
  },
  docs: `## What it does
Finds \`process.exit()\` called right after writing to stdout or stderr (\`console.log\`, \`console.error\`, \`process.stdout.write\`).

## Why it matters
Writes to stdout and stderr are asynchronous when they are pipes on POSIX (and terminals on Windows).
\`process.exit()\` ends the process without waiting for pending writes, so output piped into another program or a log collector can be cut off, typically past the first 64 KiB.
Setting \`process.exitCode\` and letting the program end flushes the output first.

## Example
\`\`\`js
console.log(JSON.stringify(report));
process.exit(failed ? 1 : 0);
\`\`\`

## Use instead
\`\`\`js
console.log(JSON.stringify(report));
process.exitCode = failed ? 1 : 0;
\`\`\`

## Fix safety
The fix replaces \`process.exit(n)\` with \`process.exitCode = n\` when the call is the last statement of the top-level code.
It is unsafe: the program now ends when its event loop is empty, so timers or servers still open keep it running.

## References
- [Node.js: process.exit](https://nodejs.org/api/process.html#processexitcode) ("the process will exit as quickly as possible even if there are still asynchronous operations pending ... including I/O operations to process.stdout and process.stderr")
- [Node.js: a note on process I/O](https://nodejs.org/api/process.html#a-note-on-process-io)
`,
  check(ctx) {
    for (const call of ctx.model.exitCalls) {
      if (call.kind !== 'exit' || !/process\.exit$/.test(call.callee) || call.context === 'handler' || call.context === 'child-process') continue;
      const facts = ctx.facts.exitCall(call);
      const w = facts?.precedingWrite;
      if (!w) continue;
      const text = ctx.text(call.location.file);
      const callText = textAt(text, call.location);
      const stream = /console\.(error|warn|trace)|stderr/.test(w.text) ? 'stderr' : 'stdout';
      const fixes = [];
      const m = /^process\.exit\(([^()]*)\)$/.exec(callText);
      if (m && facts.isStatement && facts.lastInBlock && call.context === 'main' && ctx.fix.indentAt(call.location) === '') {
        const code = m[1]!.trim() || '0';
        fixes.push(ctx.fix.replace(ctx.format('useExitCode', { code }), call.location, `process.exitCode = ${code}`));
      }
      ctx.report({
        location: call.location,
        messageId: 'truncates',
        data: { callee: callText.split('\n')[0]!, stream, write: w.text, where: lineOf(w.location, call.location) },
        related: [related(w.location, ctx.format('write'))],
        fixes,
      });
    }
  },
});
