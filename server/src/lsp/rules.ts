// The seam to the rules engine (server/src/core/check.ts): one function, so the server's code
// depends on the core Diagnostic type only.
import type { Diagnostic } from '../core/diagnostics';
import type { ExitModel } from '../core/model';
import type { SourceHost } from '../core/host';

export interface RulesInput {
  model: ExitModel;
  text: string;
  host: SourceHost;
}

/** Diagnostics of the model's entry file (and only those: other files get their own when opened). */
export function runRulesOn(input: RulesInput): Diagnostic[] {
  void input;
  return [];
}

/** The "wrap handler in try/except (try/catch)" refactor for a registration's handler, when buildable. */
export function wrapHandlerFix(model: ExitModel, registrationId: number, host: SourceHost): import('../core/diagnostics').Fix | undefined {
  void model;
  void registrationId;
  void host;
  return undefined;
}
