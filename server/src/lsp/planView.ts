// Reading a plan from one registration's point of view: where it runs in each scenario, where
// it is skipped. Shared by the hover, the code lens and the plan document.
import { SCENARIOS, type ExitModel, type PlanEntry, type Registration, type Scenario, type SkippedEntry } from '../core/model';

/** Short scenario labels for lenses and hovers. */
export const SCENARIO_LABELS: Record<Scenario, string> = {
  normal: 'normal end',
  exit: 'exit()',
  error: 'uncaught error',
  sigint: 'SIGINT',
  sigterm: 'SIGTERM',
  'hard-exit': 'hard exit',
};

export interface ScenarioView {
  scenario: Scenario;
  handlers: PlanEntry[];
  /** 1-based positions of the registration in `handlers` (several for a loop). */
  positions: number[];
  skipped?: SkippedEntry;
  complete: boolean;
}

export function viewOf(model: ExitModel, reg: Registration): ScenarioView[] {
  return SCENARIOS.map((scenario) => {
    const sp = model.plan.scenarios[scenario];
    const positions: number[] = [];
    sp.handlers.forEach((h, i) => {
      if (h.registration === reg.id) positions.push(i + 1);
    });
    const skipped = sp.skipped.find((k) => k.registration === reg.id);
    return { scenario, handlers: sp.handlers, positions, ...(skipped ? { skipped } : {}), complete: sp.complete };
  });
}

export function containsOffset(range: { start: { offset: number }; end: { offset: number } }, offset: number): boolean {
  return range.start.offset <= offset && offset <= range.end.offset;
}

/** The registrations of `model` made at `offset` of `path`: the registering expression under the cursor. */
export function registrationsAt(model: ExitModel, path: string, offset: number): Registration[] {
  return model.registrations.filter((r) => r.location.file === path && containsOffset(r.location.range, offset));
}

/**
 * The registrations whose handler is defined at `offset` of `path`. Only the definition's first
 * line counts (the `def`/`function` line), so hovering inside the body does not pop the plan up.
 */
export function registrationsOfDefinitionAt(model: ExitModel, path: string, offset: number, lineOf: (offset: number) => number): Registration[] {
  return model.registrations.filter((r) => {
    const d = r.handler.definition;
    if (!d || d.file !== path) return false;
    if (!containsOffset(d.range, offset)) return false;
    return lineOf(offset) === lineOf(d.range.start.offset);
  });
}

const SIGNAL_SCENARIOS: Partial<Record<Scenario, string>> = { sigint: 'SIGINT', sigterm: 'SIGTERM' };

/**
 * Code lens title: "exit #2 of 4 · skipped on SIGTERM". The number is the position at the normal
 * end, or in the first scenario the handler runs in. Skips listed: normal end, SIGINT, SIGTERM and
 * exit() (the hover has the rest); a signal handler's skips in the other scenarios are implied.
 */
export function lensTitle(views: ScenarioView[], reg?: Registration): string {
  const signal = reg?.event && /^SIG[A-Z]+$/.test(reg.event) ? reg.event : undefined;
  const parts: string[] = [];
  const first = views.find((v) => v.scenario === 'normal' && v.positions.length > 0) ?? views.find((v) => v.positions.length > 0);
  if (first) {
    const label = first.scenario === 'normal' ? 'exit' : SCENARIO_LABELS[first.scenario];
    parts.push(`${label} ${first.positions.map((p) => `#${p}`).join(', ')} of ${first.handlers.length}`);
    const entry = first.handlers[first.positions[0]! - 1]!;
    if (entry.certainty !== 'definite') parts[0] += ` (${entry.certainty})`;
    const alsoRuns = views.filter((v) => v !== first && v.positions.length > 0 && v.scenario !== 'normal');
    if (first.scenario !== 'normal' && alsoRuns.length > 0) parts[0] += `, also on ${alsoRuns.map((v) => SCENARIO_LABELS[v.scenario]).join(', ')}`;
  } else {
    parts.push('runs in no scenario');
  }
  const skipped = views
    .filter((v) => v.skipped && (['normal', 'exit', 'sigint', 'sigterm'] as Scenario[]).includes(v.scenario))
    .filter((v) => !signal || (SIGNAL_SCENARIOS[v.scenario] === signal))
    .map((v) => SCENARIO_LABELS[v.scenario]);
  if (skipped.length > 0) parts.push(`skipped on ${skipped.join(', ')}`);
  return parts.join(' · ');
}
