import { defineRule } from './rule';
import { lineOf, mechanismLabel, related, textAt } from './util';

export default defineRule({
  id: 'unregister-not-registered',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'none',
  summary: 'removal of a handler that is never registered',
  messages: {
    never: '`{{callee}}({{name}})` removes nothing: `{{name}}` is never registered as {{what}}.',
    later: '`{{callee}}({{name}})` removes nothing: `{{name}}` is registered only later ({{where}}), so it still runs at exit.',
    otherEvent: '`{{callee}}({{name}})` removes nothing: `{{name}}` is registered as {{other}} ({{where}}), not as {{what}}, so it still runs.',
    registeredHere: '`{{name}}` is registered here',
  },
  docs: `## What it does
Finds removals (\`atexit.unregister(f)\`, \`process.off(event, f)\`, \`process.removeListener(event, f)\`) of a handler that is not registered with that mechanism (and, for Node.js, that event) when the removal runs.

## Why it matters
Such a removal does nothing.
Usually it is a mistake: the wrong function or event name, or a removal placed before the registration, and the handler the author meant to remove still runs at exit.

## Example
\`\`\`python
import atexit

def cleanup():
    print("cleanup")

atexit.unregister(cleanup)
atexit.register(cleanup)
\`\`\`

## Use instead
\`\`\`python
import atexit

def cleanup():
    print("cleanup")

atexit.register(cleanup)
atexit.unregister(cleanup)
\`\`\`

## Fix safety
No fix is offered: which call is wrong depends on what was meant.

## References
- [Python: atexit.unregister](https://docs.python.org/3/library/atexit.html#atexit.unregister)
- [Node.js: emitter.removeListener](https://nodejs.org/api/events.html#emitterremovelistenereventname-listener)
`,
  check(ctx) {
    const { model } = ctx;
    if (model.unknowns.length > 0) return; // a registration the analysis cannot see may be the one removed
    for (const rem of model.removals) {
      if (rem.target === 'all' || rem.viaReturnedRemover || rem.removes.length > 0) continue;
      const t = rem.target;
      if (t.identity === undefined) continue;
      const same = model.registrations.filter((r) => r.handler.identity === t.identity);
      const callee = textAt(ctx.text(rem.location.file), rem.location).split('(')[0]!.trim() || rem.mechanism;
      const what = rem.mechanism.startsWith('process:') ? `a '${rem.mechanism.slice(8)}' listener` : `an ${rem.mechanism} handler`;
      const data = { callee, name: t.name, what };
      const sameMech = same.filter((r) => r.mechanism === rem.mechanism);
      if (sameMech.length > 0) {
        const later = sameMech.every((r) => r.location.file === rem.location.file && r.location.range.start.offset > rem.location.range.start.offset && r.context === 'main');
        if (!later) continue;
        ctx.report({ location: rem.location, messageId: 'later', data: { ...data, where: lineOf(sameMech[0]!.location, rem.location) }, related: [related(sameMech[0]!.location, ctx.format('registeredHere', { name: t.name }))] });
      } else if (same.length > 0) {
        const other = same[0]!;
        ctx.report({ location: rem.location, messageId: 'otherEvent', data: { ...data, other: `a ${mechanismLabel(other)}`, where: lineOf(other.location, rem.location) }, related: [related(other.location, ctx.format('registeredHere', { name: t.name }))] });
      } else {
        ctx.report({ location: rem.location, messageId: 'never', data });
      }
    }
  },
});
