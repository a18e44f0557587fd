import { defineRule } from './rule';
import { related, signalOf } from './util';

export default defineRule({
  id: 'signal-handler-never-exits',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'sometimes',
  summary: 'a SIGINT/SIGTERM handler that never ends the process, so the default exit is lost and the process keeps running',
  messages: {
    sigterm: '`{{name}}` handles SIGTERM but never ends the process: after it returns the program keeps running, so `kill` and `docker stop` no longer stop it (until SIGKILL, which skips every exit handler).',
    sigint: '`{{name}}` handles SIGINT but never ends the process: after it returns the program keeps running, so Ctrl+C no longer stops it.',
    addExit: 'End the process at the end of `{{name}}`',
    returns: '`{{name}}` returns here without ending the process',
  },
  docs: `## What it does
Finds SIGINT and SIGTERM handlers (\`signal.signal\`, \`process.on('SIGTERM')\`) that neither exit (\`sys.exit\`, \`raise\`, \`process.exit\`) nor hand the end to other code (setting a flag or an event the main loop checks, closing the server, re-sending the signal).
A handler that only logs is the typical case.

## Why it matters
Installing a handler replaces the default action of the signal, which is to end the process.
A handler that only prints leaves the program running: \`kill\` and \`docker stop\` stop working until the supervisor gives up and sends SIGKILL, which skips every exit handler.

## Example
\`\`\`python
import signal

def on_term(signum, frame):
    print("terminating")

signal.signal(signal.SIGTERM, on_term)
\`\`\`

## Use instead
\`\`\`python
import signal
import sys

def on_term(signum, frame):
    print("terminating")
    sys.exit(128 + signum)

signal.signal(signal.SIGTERM, on_term)
\`\`\`

\`\`\`js
process.on('SIGTERM', () => {
  console.log('terminating');
  server.close(); // or process.exit(143)
});
\`\`\`

## Fix safety
The fix adds \`raise SystemExit(128 + n)\` (Python) or \`process.exit(128 + n)\` (Node.js) at the end of the handler.
It is unsafe when the program meant to keep running after the signal (for example to finish work and exit later).

## References
- [Python: signal.signal](https://docs.python.org/3/library/signal.html#signal.signal)
- [Node.js: signal events](https://nodejs.org/api/process.html#signal-events) ("If one of these signals has a listener installed, its default behavior will be removed (Node.js will no longer exit)")
`,
  check(ctx) {
    for (const reg of ctx.model.registrations) {
      const sig = signalOf(reg);
      if (!sig || reg.context !== 'main') continue;
      if (/SIG_IGN|SIG_DFL|default_int_handler/.test(reg.handler.name)) continue;
      const facts = ctx.handlerFacts(reg);
      if (facts) {
        if (facts.exits.length > 0 || facts.arrangesStop || facts.callsUnknown || facts.awaits.length > 0) continue;
      } else if (reg.handler.endsProcess?.when !== 'never' || reg.handler.form === 'builtin' || reg.handler.form === 'unknown') continue;
      const code = sig === 'SIGINT' ? 130 : 143;
      const stmt = ctx.language === 'python' ? `raise SystemExit(${code})` : `process.exit(${code});`;
      const fix = ctx.fix.appendToBody(reg, stmt, ctx.format('addExit', { name: reg.handler.name }));
      const def = reg.handler.definition;
      ctx.report({
        location: reg.location,
        messageId: sig === 'SIGINT' ? 'sigint' : 'sigterm',
        data: { name: reg.handler.name },
        related: def ? [related(def, ctx.format('returns', { name: reg.handler.name }))] : [],
        fixes: fix ? [fix] : [],
      });
    }
  },
});
