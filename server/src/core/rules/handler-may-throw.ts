import { defineRule } from './rule';
import { isExitHandler, lineOf, related, onePerHandler } from './util';

export default defineRule({
  id: 'handler-may-throw',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'an exit handler that can raise or throw with no try/except (try/catch) around it',
  messages: {
    python: '`{{name}}` can raise at exit ({{site}}{{via}}, {{where}}): Python prints the traceback to stderr, skips the rest of `{{name}}` and exits with an unchanged status, so the failed cleanup goes unnoticed.',
    node: '`{{name}}` can throw at exit ({{site}}{{via}}, {{where}}): the {{listener}} after it never {{run}}.',
    nodeOther: '`{{name}}` can throw at exit ({{site}}{{via}}, {{where}}): the rest of its cleanup never runs and the error ends the process.',
    raises: 'this can raise while the program exits',
    raisesVia: 'this can raise, reached through `{{via}}()`',
  },
  docs: `## What it does
Finds exit handlers whose body can raise (Python) or throw (JavaScript/TypeScript) with no \`try\` around it: an explicit \`raise\`/\`throw\`, a call to a function of the program that does, or a call that fails on an ordinary condition (removing a file that is already gone, parsing malformed JSON).

## Why it matters
In Python, an exception in an \`atexit\` handler is printed to stderr with its traceback and the remaining handlers still run, but the rest of the failing handler is lost.
In Node.js, a throw in an \`'exit'\` listener stops the listeners registered after it, so their cleanup never happens.

## Example
\`\`\`python
import atexit

def faulty_exit():
    raise Exception("Oops!")

atexit.register(faulty_exit)
\`\`\`

\`\`\`js
process.on('exit', () => {
  fs.unlinkSync(pidFile); // throws ENOENT when the file is gone
});
process.on('exit', () => console.log('never printed when the first one throws'));
\`\`\`

## Use instead
\`\`\`python
import atexit

def faulty_exit():
    try:
        raise Exception("Oops!")
    except Exception:  # report it and let the other exit handlers run
        import traceback
        traceback.print_exc()

atexit.register(faulty_exit)
\`\`\`

\`\`\`js
process.on('exit', () => {
  try {
    fs.unlinkSync(pidFile);
  } catch (err) {
    console.error(err);
  }
});
\`\`\`

## Fix safety
The fix wraps the handler's body in \`try\`/\`except Exception\` (\`try\`/\`catch\`) that prints the error to stderr and returns.
It is unsafe: the error is still reported, but it no longer changes the exit status (Node.js) and code that expected the exception to escape no longer sees it.
A Python \`lambda\` cannot hold a \`try\`, so the fix turns it into a \`def\` defined just before the registration.

## References
- [Python: atexit](https://docs.python.org/3/library/atexit.html) ("If an exception is raised during execution of the exit handlers, a traceback is printed")
- [Node.js: process 'exit' event](https://nodejs.org/api/process.html#event-exit)
`,
  check(ctx) {
    for (const reg of onePerHandler(ctx.model.registrations)) {
      if (!isExitHandler(reg) || reg.context === 'child-process') continue;
      const facts = ctx.handlerFacts(reg);
      if (!facts || facts.guarded || facts.throws.length === 0 || facts.isAsync) continue;
      const site = facts.throws[0]!;
      const where = lineOf(site.location, reg.location);
      const data = { name: reg.handler.name, site: `\`${site.text}\``, where, via: site.via ? ` in \`${site.via}()\`` : '' };
      let messageId: 'python' | 'node' | 'nodeOther' = 'python';
      let listener = '';
      if (ctx.language !== 'python') {
        const later = ctx.model.registrations.filter((r) => r.mechanism === reg.mechanism && r.id !== reg.id && r.location.range.start.offset > reg.location.range.start.offset && r.location.file === reg.location.file);
        messageId = reg.mechanism === 'process:exit' && later.length > 0 ? 'node' : 'nodeOther';
        listener = later.length === 1 ? `'exit' listener (${lineOf(later[0]!.location, reg.location)})` : `${later.length} 'exit' listeners`;
      }
      const fix = ctx.fix.wrapInTry(reg);
      ctx.report({
        location: reg.location,
        messageId,
        data: { ...data, listener, run: listener.startsWith("'exit' listener (") ? 'runs' : 'run' },
        related: facts.throws.slice(0, 3).map((t) => related(t.location, t.via ? ctx.format('raisesVia', { via: t.via }) : ctx.format('raises'))),
        fixes: fix ? [{ ...fix, kind: 'quickfix' }] : [],
      });
    }
  },
});
