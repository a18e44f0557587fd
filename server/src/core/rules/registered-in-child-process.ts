import { defineRule } from './rule';
import { related } from './util';

export default defineRule({
  id: 'registered-in-child-process',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'none',
  summary: 'an exit handler registered inside a multiprocessing target (fork/forkserver) or another child that exits without running handlers',
  messages: {
    child: '`{{name}}` is registered in `{{target}}`, which runs in a child process ({{how}}): the child ends with os._exit() and never runs its atexit handlers, so `{{name}}` never runs there.',
    childJs: '`{{name}}` is registered by code that runs in a child process or worker thread, which ends without running it: `{{name}}` never runs there.',
    spawned: '`{{target}}` runs in a child process started here',
  },
  docs: `## What it does
Finds exit handlers registered by code that runs in a \`multiprocessing\` child started with the \`fork\` or \`forkserver\` method (a \`Process\` target, a \`Pool\` task or initializer).

## Why it matters
A multiprocessing child started by \`fork\` or \`forkserver\` ends with \`os._exit()\` after its target returns, so atexit handlers registered in it never run: the child's cleanup silently never happens.
Only the \`spawn\` method ends children with \`sys.exit()\`.

## Example
\`\`\`python
import atexit
import multiprocessing

def exit_function():
    print("Exiting process")

def worker():
    atexit.register(exit_function)
    print("Worker running")

if __name__ == "__main__":
    p = multiprocessing.Process(target=worker)
    p.start()
    p.join()
\`\`\`

## Use instead
Clean up at the end of the target itself:

\`\`\`python
def worker():
    try:
        print("Worker running")
    finally:
        exit_function()
\`\`\`

## Fix safety
No fix is offered.

## References
- [Python: multiprocessing start methods](https://docs.python.org/3/library/multiprocessing.html#contexts-and-start-methods)
- [Python: atexit](https://docs.python.org/3/library/atexit.html)
`,
  check(ctx) {
    if (ctx.language === 'python' && ctx.options.python.startMethod === 'spawn') return;
    for (const reg of ctx.model.registrations) {
      if (reg.context !== 'child-process') continue;
      const spawn = ctx.facts.childSpawn(reg);
      // The program's own choice (set_start_method / get_context) wins over the configuration.
      const own = /(?:set_start_method|get_context)\(\s*["'](fork|spawn|forkserver)["']/.exec(ctx.text(reg.location.file) ?? '')?.[1];
      if (own === 'spawn') continue;
      const method = own ?? ctx.options.python.startMethod ?? (Number(ctx.options.python.version.split('.')[1]) >= 14 ? 'forkserver' : 'fork');
      if (ctx.language !== 'python') {
        ctx.report({ location: reg.location, messageId: 'childJs', data: { name: reg.handler.name } });
        continue;
      }
      ctx.report({
        location: reg.location,
        messageId: 'child',
        data: { name: reg.handler.name, target: spawn?.target ?? 'this function', how: ctx.language === 'python' ? `multiprocessing, start method ${method}` : 'a worker' },
        related: spawn ? [related(spawn.location, ctx.format('spawned', { target: spawn.target }))] : [],
      });
    }
  },
});
