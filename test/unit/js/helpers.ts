// Shared helpers of the JS/TS front-end unit tests: analyze in-memory programs.
import { createAnalyzer, type Analyzer } from '../../../server/src/core/analyze';
import { memoryHost } from '../../../server/src/core/host';
import type { ExitModel, Registration, Scenario } from '../../../server/src/core/model';
import { loadWasm } from '../../../server/src/host/node';

let analyzer: Promise<Analyzer> | undefined;

/** Analyzes `files[entry]` (default: the first file) with the other files reachable through imports. */
export async function analyze(files: Record<string, string>, entry = Object.keys(files)[0]): Promise<ExitModel> {
  analyzer ??= createAnalyzer(loadWasm());
  return (await analyzer).analyze(entry, files[entry], memoryHost(files));
}

/** `line:name:mechanism:certainty` of a registration, compact for deepEqual. */
export function reg(r: Registration): string {
  return `${r.location.range.start.line}:${r.handler.name}:${r.mechanism}:${r.certainty}`;
}

/** `line mechanism certainty` of each handler of a scenario, in plan order. */
export function order(m: ExitModel, s: Scenario): string[] {
  return m.plan.scenarios[s].handlers.map((h) => `${h.file === m.file ? '' : h.file + ':'}${h.line} ${h.mechanism}${h.certainty === 'definite' ? '' : ' ' + h.certainty}`);
}
