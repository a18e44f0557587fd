import type { Registration } from '../model';
import { defineRule } from './rule';
import { callArgs, lineOf, mechanismLabel, related, textAt } from './util';

const SKIP = new Set(['weakref.finalize', 'ExitStack', 'AsyncExitStack', 'using', 'await using', 'DisposableStack', 'AsyncDisposableStack']);

export default defineRule({
  id: 'duplicate-registration',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'none',
  summary: 'the same handler registered twice with the same mechanism, so it runs twice',
  messages: {
    again: '`{{name}}` is already registered as {{mechanism}} ({{where}}): registered twice, it runs twice at exit.',
    repeated: 'This line registers `{{name}}` each time it runs ({{times}}): it runs {{times}} at exit.',
    first: 'first registered here',
  },
  docs: `## What it does
Finds a handler registered again with the same mechanism (and event) while the first registration is still in effect, with the same arguments.

## Why it matters
Neither atexit nor Node's event emitter removes duplicates: the handler runs once per registration.
Cleanup that is not idempotent (closing twice, deleting twice, printing a summary twice) then fails or repeats at exit.
It usually means a setup function ran twice.

## Example
\`\`\`python
import atexit

def flush():
    print("flushing")

atexit.register(flush)
atexit.register(flush)
\`\`\`

## Use instead
\`\`\`python
import atexit

def flush():
    print("flushing")

atexit.register(flush)
\`\`\`

## Fix safety
No fix is offered: which registration to keep depends on the program.

## References
- [Python: atexit.register](https://docs.python.org/3/library/atexit.html#atexit.register)
- [Node.js: emitter.on](https://nodejs.org/api/events.html#emitteronEventname-listener) ("Multiple calls passing the same combination of eventName and listener will result in the listener being added, and called, multiple times.")
`,
  check(ctx) {
    const { model } = ctx;
    const firstByKey = new Map<string, Registration>();
    const reportedAt = new Set<number>();
    const argsOf = (r: Registration) => (ctx.language === 'python' ? callArgs(textAt(ctx.text(r.location.file), r.location)).slice(1).join(',') : '');
    for (const reg of model.registrations) {
      if (reg.context !== 'main' || reg.handler.identity === undefined || SKIP.has(reg.mechanism)) continue;
      const key = `${reg.mechanism}\0${reg.event ?? ''}\0${reg.handler.identity}\0${argsOf(reg)}`;
      const first = firstByKey.get(key);
      if (!first || model.removals.some((rm) => rm.removes.includes(first.id))) {
        firstByKey.set(key, reg);
        continue;
      }
      if (first.certainty !== 'definite' && reg.certainty !== 'definite') continue;
      if (reportedAt.has(reg.location.range.start.offset)) continue;
      reportedAt.add(reg.location.range.start.offset);
      const sameCall = first.location.file === reg.location.file && first.location.range.start.offset === reg.location.range.start.offset;
      // A loop that passes arguments (`atexit.register(stop, name)`) registers different calls.
      if (sameCall && argsOf(reg) !== '') continue;
      if (sameCall) {
        const n = model.registrations.filter((r) => r.location.range.start.offset === reg.location.range.start.offset && r.location.file === reg.location.file && r.handler.identity === reg.handler.identity).length;
        ctx.report({ location: reg.location, messageId: 'repeated', data: { name: reg.handler.name, times: n > 2 ? `${n} times` : 'twice' } });
      } else {
        ctx.report({ location: reg.location, messageId: 'again', data: { name: reg.handler.name, mechanism: `an ${mechanismLabel(reg)}`, where: lineOf(first.location, reg.location) }, related: [related(first.location, ctx.format('first'))] });
      }
    }
  },
});
