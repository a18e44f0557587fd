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

/** Code lens title: "exit #2 of 4 · skipped on SIGTERM". */
export function lensTitle(views: ScenarioView[]): string {
  const parts: string[] = [];
  const normal = views.find((v) => v.scenario === 'normal')!;
  if (normal.positions.length > 0) {
    const hashes = normal.positions.map((p) => `#${p}`).join(', ');
    parts.push(`exit ${hashes} of ${normal.handlers.length}`);
    const entry = normal.handlers[normal.positions[0]! - 1]!;
    if (entry.certainty !== 'definite') parts[0] += ` (${entry.certainty})`;
  } else {
    const runs = views.filter((v) => v.positions.length > 0).map((v) => SCENARIO_LABELS[v.scenario]);
    parts.push(runs.length > 0 ? `runs on ${runs.join(', ')}` : 'runs in no scenario');
  }
  // A hard exit skips every handler; saying so on every lens would be noise (the hover says it).
  const skipped = views.filter((v) => v.skipped && v.scenario !== 'hard-exit' && v.scenario !== 'normal').map((v) => SCENARIO_LABELS[v.scenario]);
  if (normal.skipped) skipped.unshift(SCENARIO_LABELS.normal);
  if (skipped.length > 0) parts.push(`skipped on ${skipped.join(', ')}`);
  return parts.join(' · ');
}
