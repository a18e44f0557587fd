import { defineRule } from './rule';
import { related, textAt } from './util';

export default defineRule({
  id: 'late-binding-closure',
  languages: ['python', 'javascript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'a lambda/closure registered in a loop that captures the loop variable, so every handler sees its last value',
  messages: {
    late: 'This {{kind}} reads `{{variable}}` when it runs at exit, after the loop has finished: {{all}} registered here see the last value of `{{variable}}`.',
    loopVar: '`{{variable}}` changes on every iteration; the handlers read it only at exit',
    bindPython: 'Bind the current value: `lambda {{params}}:`',
    bindJs: 'Declare the loop variable with `let`, so each iteration has its own `{{variable}}`',
  },
  docs: `## What it does
Finds a lambda (Python) or a closure (JavaScript) registered as an exit handler inside a loop, that refers to the loop variable without binding its current value.

## Why it matters
A closure looks a variable up when it runs, not when it is created.
Exit handlers run after the loop has finished, so every handler registered by the loop sees the variable's last value: three handlers meant to close three files all close the last one.
Passing the value as an argument (\`atexit.register(f, x)\`) or a default (\`lambda x=x:\`) binds it at registration; a JavaScript \`for (let ...)\` loop creates a new binding per iteration.

## Example
\`\`\`python
import atexit

for name in ["a", "b", "c"]:
    atexit.register(lambda: print("closing", name))  # prints "c" three times
\`\`\`

\`\`\`js
for (var i = 0; i < 3; i++) {
  process.on('exit', () => console.log(i)); // prints 3 three times
}
\`\`\`

## Use instead
\`\`\`python
import atexit

for name in ["a", "b", "c"]:
    atexit.register(lambda name=name: print("closing", name))
    # or: atexit.register(print, "closing", name)
\`\`\`

\`\`\`js
for (let i = 0; i < 3; i++) {
  process.on('exit', () => console.log(i));
}
\`\`\`

## Fix safety
Python: the fix adds \`name=name\` defaults to the lambda; it is safe for atexit, which calls handlers without arguments.
JavaScript: the fix turns the loop's \`var\` into \`let\`; it is unsafe when the variable is used after the loop.

## References
- [Python FAQ: why do lambdas defined in a loop all return the same result?](https://docs.python.org/3/faq/programming.html#why-do-lambdas-defined-in-a-loop-with-different-values-all-return-the-same-result)
- [MDN: closures in loops](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Closures#creating_closures_in_loops_a_common_mistake)
`,
  check(ctx) {
    const done = new Set<string>();
    for (const reg of ctx.model.registrations) {
      const loop = reg.loop;
      if (!loop?.capturesLoopVariable || loop.boundByDefault || reg.context === 'child-process') continue;
      const key = `${reg.location.file}:${reg.location.range.start.offset}`;
      if (done.has(key)) continue;
      // JS `let`/`const` loop variables get a fresh binding per iteration: nothing is shared.
      if (ctx.language !== 'python' && loop.variables.every((v) => ctx.facts.loopBinding(reg, v) === 'per-iteration')) continue;
      done.add(key);
      const count = ctx.model.registrations.filter((r) => `${r.location.file}:${r.location.range.start.offset}` === key).length;
      const variable = loop.variables[0] ?? 'the loop variable';
      const def = reg.handler.definition;
      const text = ctx.text(reg.location.file);
      const fixes = [];
      if (def && text !== undefined && ctx.language === 'python' && reg.handler.form === 'lambda') {
        const lam = textAt(text, def);
        const m = /^lambda\b([^:]*):/.exec(lam);
        if (m) {
          const existing = m[1]!.trim();
          const binds = loop.variables.map((v) => `${v}=${v}`).join(', ');
          const params = existing ? `${existing}, ${binds}` : binds;
          const end = def.range.start.offset + m[0].length - 1;
          const start = def.range.start.offset + 6;
          const startPos = { ...def.range.start, offset: start, column: def.range.start.column + 6 };
          const endPos = { ...def.range.start, offset: end, column: def.range.start.column + m[0].length - 1 };
          if (!lam.slice(0, m[0].length).includes('\n')) fixes.push(ctx.fix.edits(ctx.format('bindPython', { params }), [{ file: def.file, range: { start: startPos, end: endPos }, newText: ` ${params}` }], { safe: true }));
        }
      } else if (text !== undefined && ctx.language !== 'python') {
        // `for (var i ...` before the registration: `var` -> `let`.
        const before = text.slice(0, reg.location.range.start.offset);
        const re = new RegExp(`for\\s*\\(\\s*var(\\s+${variable}\\b)`, 'g');
        let m: RegExpExecArray | null;
        let last: RegExpExecArray | undefined;
        while ((m = re.exec(before))) last = m;
        if (last) {
          const off = last.index + last[0].indexOf('var');
          const l = before.slice(0, off).split('\n').length;
          const col = off - before.lastIndexOf('\n', off - 1);
          fixes.push(ctx.fix.edits(ctx.format('bindJs', { variable }), [{ file: reg.location.file, range: { start: { line: l, column: col, offset: off }, end: { line: l, column: col + 3, offset: off + 3 } }, newText: 'let' }]));
        }
      }
      ctx.report({
        location: reg.location,
        messageId: 'late',
        data: { kind: reg.handler.form === 'lambda' ? 'lambda' : 'closure', variable, all: loop.tripCount ? `all ${count} handlers` : 'all the handlers' },
        related: def ? [related(def, ctx.format('loopVar', { variable }))] : [],
        fixes,
      });
    }
  },
});
