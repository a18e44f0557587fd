import { defineRule } from './rule';
import { isExitHandler, related } from './util';

export default defineRule({
  id: 'resource-closed-at-exit',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'info',
  fix: 'none',
  summary: 'a file, socket or connection that is only closed by an exit handler, where with / using would scope it',
  messages: {
    scoped: '`{{resource}}` is opened inside a function but only closed at exit by `{{name}}`: it stays open (and its writes may stay unflushed) for the rest of the program, and every call opens another one. {{instead}}',
    python: 'Use `with` so it is closed when the function is done.',
    js: 'Close it when the function is done (`try`/`finally`, or `using` with a disposable).',
    opened: '`{{resource}}` is opened here',
  },
  docs: `## What it does
Finds a file, socket or connection opened inside a function whose only \`close\` is an exit handler registered by that same function (\`atexit.register(f.close)\`, \`process.on('exit', () => fs.closeSync(fd))\`).
A resource opened at module level for the whole life of the program (a log file, a database connection) is fine to close at exit and is not reported.

## Why it matters
The resource stays open until the process ends, although only the function uses it: its writes may sit unflushed in a buffer, other processes may not see them, and every call of the function opens one more and registers one more handler.
If the process ends without running exit handlers (a signal, \`os._exit\`), it is never closed properly.

## Example
\`\`\`python
import atexit

def export(rows):
    out = open("export.csv", "w")
    atexit.register(out.close)
    for row in rows:
        out.write(row)
\`\`\`

## Use instead
\`\`\`python
def export(rows):
    with open("export.csv", "w") as out:
        for row in rows:
            out.write(row)
\`\`\`

## Fix safety
No fix is offered: where the resource's use ends depends on the function.

## References
- [Python: the with statement](https://docs.python.org/3/reference/compound_stmts.html#the-with-statement)
- [TypeScript 5.2: using declarations](https://www.typescriptlang.org/docs/handbook/release-notes/typescript-5-2.html#using-declarations-and-explicit-resource-management)
`,
  check(ctx) {
    for (const reg of ctx.model.registrations) {
      if (!isExitHandler(reg) || reg.context === 'child-process') continue;
      const closes = new Set<string>();
      const m = /^([\w]+)\.(close|disconnect|end|destroy)$/.exec(reg.handler.name);
      if (m) closes.add(m[1]!);
      for (const a of ctx.handlerFacts(reg)?.actions ?? []) if (a.action === 'close') closes.add(a.target);
      const facts = ctx.handlerFacts(reg);
      for (const s of facts?.blocking ?? []) void s;
      // fs.closeSync(fd) closes by argument.
      const def = reg.handler.definition;
      const body = def ? (ctx.text(def.file) ?? '').slice(def.range.start.offset, def.range.end.offset) : '';
      for (const mm of body.matchAll(/fs\.closeSync\(\s*(\w+)\s*\)/g)) closes.add(mm[1]!);
      const res = ctx.facts.scopedResource(reg, [...closes]);
      if (!res) continue;
      ctx.report({
        location: reg.location,
        messageId: 'scoped',
        data: { resource: res.name, name: reg.handler.name, instead: ctx.format(ctx.language === 'python' ? 'python' : 'js') },
        related: [related(res.location, ctx.format('opened', { resource: res.name }))],
      });
    }
  },
});
