import { lineStartsOf, locationOf } from '../facts';
import type { Location } from '../model';
import { defineRule } from './rule';
import { handlerArg, lineOf, related, textAt } from './util';

const KIND: Record<string, string> = {
  lambda: 'lambda',
  arrow: 'function expression',
  partial: 'functools.partial object',
  bound: 'bound function (bind() makes a new function every time)',
};

export default defineRule({
  id: 'unregister-never-matches',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'atexit.unregister / process.off / removeListener given a fresh lambda, arrow, partial or bind() that can never equal a registered handler',
  messages: {
    matchesNothing: '`{{callee}}` is given a fresh {{kind}}, which never equals a registered handler, so it removes nothing: {{effect}}.',
    stillRuns: '`{{name}}` registered at {{where}} still runs at exit',
    noneRemoved: 'every handler stays registered',
    registered: 'this handler stays registered: the removal gets a different object',
    extract: 'Extract the handler into `{{name}}` and pass that to both calls',
  },
  docs: `## What it does
Finds removals (\`atexit.unregister\`, \`process.off\`, \`process.removeListener\`) given a handler written inline: a \`lambda\`, an arrow or function expression, a \`functools.partial(...)\` or a \`.bind(...)\` call.

## Why it matters
A removal finds the handler to remove by equality (\`==\` in Python, \`===\` in Node.js).
An inline lambda, arrow, partial or bound function is a new object each time it is evaluated, so it never equals the one that was registered: the removal silently does nothing and the handler still runs at exit.

## Example
\`\`\`python
import atexit

atexit.register(lambda: print("bye"))
atexit.unregister(lambda: print("bye"))  # removes nothing
\`\`\`

\`\`\`js
process.on('exit', () => cleanup());
process.off('exit', () => cleanup()); // removes nothing
\`\`\`

## Use instead
\`\`\`python
import atexit

def say_bye():
    print("bye")

atexit.register(say_bye)
atexit.unregister(say_bye)
\`\`\`

## Fix safety
When the same inline handler is registered and removed in the same scope, the fix assigns it to a name once and passes that name to both calls.
It is unsafe: the handler is now really removed, so it no longer runs at exit.

## References
- [Python: atexit.unregister](https://docs.python.org/3/library/atexit.html#atexit.unregister) ("functions are compared with ==")
- [Node.js: emitter.removeListener](https://nodejs.org/api/events.html#emitterremovelistenereventname-listener)
`,
  check(ctx) {
    for (const rem of ctx.model.removals) {
      if (rem.target === 'all' || rem.viaReturnedRemover) continue;
      const t = rem.target;
      if (t.identity !== undefined || !(t.form in KIND)) continue;
      const file = rem.location.file;
      const text = ctx.text(file);
      const remArg = handlerArg(textAt(text, rem.location), rem.mechanism);
      const match = ctx.model.registrations.find((r) => r.mechanism === rem.mechanism && (r.event ?? '') === (rem.event ?? '') && r.location.file === file && handlerArg(textAt(text, r.location), r.mechanism) === remArg && r.location.range.start.offset < rem.location.range.start.offset);
      const effect = match ? ctx.format('stillRuns', { name: match.handler.name, where: lineOf(match.location, rem.location) }) : ctx.format('noneRemoved');
      const fixes = [];
      if (match && remArg) {
        const regLine = ctx.fix.indentAt(match.location);
        const remLine = ctx.fix.indentAt(rem.location);
        if (regLine === remLine) {
          const name = ctx.language === 'python' ? `_exit_handler_${match.location.range.start.line}` : `exitHandler${match.location.range.start.line}`;
          const decl = ctx.language === 'python' ? `${name} = ${remArg}` : `const ${name} = ${remArg};`;
          const argLoc = (l: Location): Location | undefined => {
            const call = textAt(text, l);
            const i = call.indexOf(remArg, call.indexOf('('));
            if (i < 0) return undefined;
            const start = l.range.start.offset + i;
            // Lines as the model counts them (LF, CRLF, lone CR): counting LFs misplaced the edit after a lone CR (found by fuzzing).
            return locationOf(file, lineStartsOf(text!), start, start + remArg.length);
          };
          const a = argLoc(match.location);
          const b = argLoc(rem.location);
          const insert = ctx.fix.insertLineBefore(match.location, decl);
          if (a && b && insert) {
            fixes.push(ctx.fix.edits(ctx.format('extract', { name }), [insert, { file, range: a.range, newText: name }, { file, range: b.range, newText: name }]));
          }
        }
      }
      ctx.report({
        location: rem.location,
        messageId: 'matchesNothing',
        data: { callee: textAt(text, rem.location).split('(')[0]!.trim() || rem.mechanism, kind: KIND[t.form]!, effect },
        related: match ? [related(match.location, ctx.format('registered'))] : [],
        fixes,
      });
    }
  },
});
