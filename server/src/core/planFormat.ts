// The plan's two public renderings: JSON (schema exit-lens/plan@1, cli-contract.md) and text.
import { SCENARIOS, type Plan, type Scenario, type Unknown } from './model';

export const PLAN_SCHEMA = 'exit-lens/plan@1';

/** Contract JSON: only the documented fields, `file` on entries only when they come from another module. */
export function planToJson(plan: Plan): object {
  const scenarios: Record<string, object> = {};
  for (const s of SCENARIOS) {
    const sp = plan.scenarios[s];
    scenarios[s] = {
      handlers: sp.handlers.map((h) => ({
        ...(h.file !== plan.file ? { file: h.file } : {}),
        line: h.line,
        column: h.column,
        name: h.name,
        mechanism: h.mechanism,
        certainty: h.certainty,
      })),
      skipped: sp.skipped.map((k) => ({
        ...(k.file !== plan.file ? { file: k.file } : {}),
        line: k.line,
        name: k.name,
        mechanism: k.mechanism,
        reason: k.reason,
      })),
      complete: sp.complete,
    };
  }
  return { schema: PLAN_SCHEMA, file: plan.file, language: plan.language, scenarios };
}

export const SCENARIO_TITLES: Record<Scenario, string> = {
  normal: 'normal: the program runs to its end',
  exit: 'exit: an explicit exit call',
  error: 'error: an uncaught exception ends the program',
  sigint: 'sigint: Ctrl+C (SIGINT)',
  sigterm: 'sigterm: kill / docker stop (SIGTERM)',
  'hard-exit': 'hard-exit: os._exit / abort / SIGKILL',
};

/** A readable numbered list per scenario; `unknowns` say why a plan is incomplete. */
export function planToText(plan: Plan, unknowns: readonly Unknown[] = []): string {
  const lines: string[] = [`Exit plan for ${plan.file} (${plan.language})`];
  for (const s of SCENARIOS) {
    const sp = plan.scenarios[s];
    lines.push('', `${SCENARIO_TITLES[s]}${sp.complete ? '' : '  [incomplete: handlers the analysis cannot see may also run]'}`);
    if (sp.handlers.length === 0) lines.push('  (no handlers run)');
    sp.handlers.forEach((h, i) => {
      const where = `${h.file !== plan.file ? `${h.file}:` : ''}${h.line}:${h.column}`;
      const cert = h.certainty === 'definite' ? '' : ` (${h.certainty})`;
      lines.push(`  ${i + 1}. ${h.name}  [${h.mechanism}]  line ${where}${cert}`);
    });
    for (const k of sp.skipped) {
      const where = `${k.file !== plan.file ? `${k.file}:` : ''}${k.line}`;
      lines.push(`  - skipped ${k.name}  [${k.mechanism}]  line ${where}: ${k.reason}`);
    }
  }
  if (unknowns.length > 0) {
    lines.push('', 'What the analysis cannot see:');
    for (const u of unknowns) {
      const where = `${u.location.file !== plan.file ? `${u.location.file}:` : ''}${u.location.range.start.line}:${u.location.range.start.column}`;
      lines.push(`  - line ${where}: ${u.reason}`);
    }
  }
  return lines.join('\n') + '\n';
}
