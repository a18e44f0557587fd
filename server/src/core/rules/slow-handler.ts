import { defineRule } from './rule';
import { isExitHandler, lineOf, listNames, mechanismLabel, related, onePerHandler } from './util';

export default defineRule({
  id: 'slow-handler',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'warning',
  fix: 'none',
  summary: 'an exit handler (or what it calls) that blocks: sleeps, synchronous subprocesses, network calls, waits and joins without a timeout, unbounded loops',
  messages: {
    slow: '`{{name}}` {{why}} at exit (`{{site}}`, {{where}}): the process cannot end until it returns, and a supervisor that runs out of patience (systemd, Docker, Kubernetes) kills it with SIGKILL, {{consequence}}.',
    skipsLater: 'skipping {{later}} that would run after it',
    cutsOff: 'cutting it off',
    here: 'this {{why}}',
    hereVia: 'this {{why}}, reached through `{{via}}()`',
  },
  docs: `## What it does
Finds exit handlers that block: \`time.sleep\`, synchronous subprocesses (\`subprocess.run\` without a timeout, \`execSync\`), network calls, \`join()\`/\`wait()\` without a timeout, loops that never end.
Calls into functions of the same file are followed.
More blocking calls can be declared with the \`slowCalls\` option.

## Why it matters
Exit handlers run one after another while the process is ending, so a slow one delays every exit.
\`docker stop\` waits 10 seconds and Kubernetes 30 before they send SIGKILL, which skips every handler that has not run yet; a wait without a timeout can hang the exit forever.

## Example
\`\`\`python
import atexit
import time

def slow_cleanup():
    print("Starting slow cleanup")
    time.sleep(5)  # Simulate a slow operation
    print("Slow cleanup finished")

atexit.register(slow_cleanup)
\`\`\`

## Use instead
Keep exit handlers short: flush and close, and move slow work out of the exit path (do it while the program runs, or give waits a timeout).

\`\`\`python
import atexit

def quick_cleanup():
    print("Performing quick cleanup")

atexit.register(quick_cleanup)
\`\`\`

## Fix safety
No fix is offered: how to shorten the work depends on the program.

## References
- [Python: atexit](https://docs.python.org/3/library/atexit.html)
- [Docker: docker stop](https://docs.docker.com/reference/cli/docker/container/stop/) (SIGKILL after a grace period)
- [Kubernetes: termination of Pods](https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination)
`,
  check(ctx) {
    for (const reg of onePerHandler(ctx.model.registrations)) {
      if (!isExitHandler(reg) || reg.context === 'child-process') continue;
      const facts = ctx.handlerFacts(reg);
      const blocking = facts?.blocking.filter((b) => !isShortSleep(b.text));
      if (!blocking?.length) continue;
      const b = blocking[0]!;
      // The handlers that run after this one when the program ends normally, from the plan.
      const order = ctx.model.plan.scenarios.normal.handlers;
      const at = order.findIndex((e) => e.registration === reg.id);
      const later = at >= 0 ? order.slice(at + 1) : [];
      const consequence = later.length
        ? ctx.format('skipsLater', { later: `${later.length === 1 ? `the ${mechanismLabel(reg)}` : `the ${later.length} handlers`} ${listNames(later.map((e) => e.name))}` })
        : ctx.format('cutsOff');
      ctx.report({
        location: reg.location,
        messageId: 'slow',
        data: { name: reg.handler.name, why: b.via ? `calls \`${b.via}()\`, which ${b.why},` : b.why, site: b.text, where: lineOf(b.location, reg.location), consequence },
        related: blocking.slice(0, 3).map((x) => related(x.location, x.via ? ctx.format('hereVia', { why: x.why, via: x.via }) : ctx.format('here', { why: x.why }))),
      });
    }
  },
});

/** A literal sleep under half a second is a pause, not slow work. */
function isShortSleep(text: string): boolean {
  const m = /sleep\(\s*([0-9.]+)\s*\)/.exec(text);
  return !!m && Number(m[1]) < 0.5;
}
