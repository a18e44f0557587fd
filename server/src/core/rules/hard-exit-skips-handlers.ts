import type { TextEdit } from '../diagnostics';
import type { ExitCall, Registration } from '../model';
import { defineRule } from './rule';
import { isExitHandler, lineOf, listNames, mechanismLabel, plural, related, textAt } from './util';

export default defineRule({
  id: 'hard-exit-skips-handlers',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'a hard exit (os._exit, process.abort, process.reallyExit, SIGKILL to itself) after exit handlers are registered, or process.exit() that skips beforeExit listeners and async hooks',
  messages: {
    hard: '`{{callee}}` ends the process at once: {{handlers}} registered before it never {{run}}.',
    exitSkips: '`{{callee}}` skips {{handlers}}: process.exit() runs only the \'exit\' listeners.',
    skipped: '`{{name}}` is registered here and never runs when `{{callee}}` ends the process',
    useSysExit: 'Use sys.exit() so the atexit handlers run',
    useExitCode: 'Set process.exitCode and let the program end by itself',
  },
  docs: `## What it does
Finds exits that skip the exit handlers the program registered: \`os._exit()\`, \`os.abort()\`, \`os.kill(os.getpid(), SIGKILL)\`, \`process.abort()\`, \`process.reallyExit()\`, \`process.kill(process.pid, 'SIGKILL')\`, reached after handlers are registered.
In Node.js it also finds \`process.exit()\` when \`'beforeExit'\` listeners or exit-hook's \`asyncExitHook\` hooks are registered: \`process.exit()\` runs only the \`'exit'\` listeners.
A hard exit in the child branch after \`os.fork()\` or in a multiprocessing child is correct and not reported.

## Why it matters
\`os._exit()\` ends the process without calling cleanup handlers or flushing stdio buffers, so files stay unflushed, temporary files stay behind and locks stay held.

## Example
\`\`\`python
import atexit
import os

def exit_function():
    print("This won't be called")

atexit.register(exit_function)
os._exit(0)
\`\`\`

## Use instead
\`\`\`python
import atexit
import sys

def exit_function():
    print("This will be called")

atexit.register(exit_function)
sys.exit(0)
\`\`\`

## Fix safety
\`os._exit(n)\` → \`sys.exit(n)\` is offered outside forked children.
It is unsafe: \`sys.exit()\` raises \`SystemExit\`, which a surrounding \`try\` can catch, and in a thread it ends only that thread.

## References
- [Python: os._exit](https://docs.python.org/3/library/os.html#os._exit) ("Exit the process with status n, without calling cleanup handlers, flushing stdio buffers, etc.")
- [Python: atexit](https://docs.python.org/3/library/atexit.html) ("The functions registered via this module are not called when the program is killed by a signal not handled by Python, when a Python fatal internal error is detected, or when os._exit() is called.")
- [Node.js: process.exit](https://nodejs.org/api/process.html#processexitcode) and [the 'beforeExit' event](https://nodejs.org/api/process.html#event-beforeexit) ("not emitted for conditions causing explicit termination, such as calling process.exit()")
`,
  check(ctx) {
    const { model } = ctx;
    const before = (reg: Registration, call: ExitCall) =>
      reg.location.file !== call.location.file || reg.location.range.start.offset < call.location.range.start.offset || call.context !== 'main';
    for (const call of model.exitCalls) {
      if (call.context === 'child-process' || call.inForkedChild) continue;
      if (call.kind === 'hard-exit') {
        // A helper that ends a forked child (`def child(): ...; os._exit(0)` called after fork()) is correct.
        if (ctx.language === 'python' && call.context === 'function' && /\bfork\(\)/.test(ctx.text(call.location.file) ?? '')) continue;
        const skipped = model.registrations.filter((r) => r.context === 'main' && isExitHandler(r) && r.id !== call.handlerOf && before(r, call));
        if (skipped.length === 0) continue;
        const kinds = [...new Set(skipped.map(mechanismLabel))];
        const handlers = `the ${kinds.length === 1 ? plural(skipped.length, kinds[0]!) : plural(skipped.length, 'exit handler')} ${listNames(skipped.map((r) => r.handler.name))}`;
        const fixes = [];
        if (ctx.language === 'python' && call.callee === 'os._exit' && call.context !== 'handler') {
          const text = ctx.text(call.location.file) ?? '';
          const callText = textAt(text, call.location);
          const m = /^os\._exit\b/.exec(callText);
          if (m) {
            const start = call.location.range.start;
            const edits: TextEdit[] = [ctx.fix.replace('', { file: call.location.file, range: { start, end: { ...start, column: start.column + 8, offset: start.offset + 8 } } }, 'sys.exit').edits[0]!];
            if (!/^\s*(import\s+sys\b|import\s+[\w., ]*\bsys\b)/m.test(text)) {
              const add = ctx.fix.insertLineBefore(call.location, 'import sys');
              if (add) edits.unshift(add);
            }
            fixes.push(ctx.fix.edits(ctx.format('useSysExit'), edits));
          }
        }
        ctx.report({
          location: call.location,
          messageId: 'hard',
          data: { callee: textAt(ctx.text(call.location.file), call.location).split('\n')[0]!.slice(0, 40) || call.callee, handlers, run: skipped.length === 1 ? 'runs' : 'run' },
          related: skipped.slice(0, 5).map((r) => related(r.location, ctx.format('skipped', { name: r.handler.name, callee: call.callee }))),
          fixes,
        });
      } else if (call.kind === 'exit' && ctx.language !== 'python' && call.callee.endsWith('process.exit') && call.context !== 'handler') {
        const text = ctx.text(call.location.file);
        const skipped = model.registrations.filter((r) => r.context === 'main' && before(r, call) &&
          (r.mechanism === 'process:beforeExit' || (r.mechanism === 'exit-hook' && /^\s*(\w+\.)?asyncExitHook\b/.test(textAt(ctx.text(r.location.file), r.location)))));
        if (skipped.length === 0) continue;
        const kinds = [...new Set(skipped.map((r) => (r.mechanism === 'process:beforeExit' ? "'beforeExit' listener" : 'asyncExitHook hook')))];
        const handlers = `the ${kinds.length === 1 ? plural(skipped.length, kinds[0]!) : plural(skipped.length, 'handler')} ${listNames(skipped.map((r) => r.handler.name))}`;
        ctx.report({
          location: call.location,
          messageId: 'exitSkips',
          data: { callee: textAt(text, call.location).split('\n')[0]!.slice(0, 40) || call.callee, handlers },
          related: skipped.slice(0, 5).map((r) => related(r.location, ctx.format('skipped', { name: r.handler.name, callee: 'process.exit()' }))),
        });
      }
    }
    void lineOf;
  },
});
