// JavaScript/TypeScript front end: TypeScript compiler API syntax -> exit model -> plan.
//   extract.ts   abstract execution of the top-level code (modules in Node's order)
//   bindings.ts  how `process`, libraries and handlers are reached through names
//   libraries.ts the exit libraries, one entry each
//   handlerBody.ts how a handler ends the process
//   runtime.ts   Node's exit semantics: operations -> the plan of each scenario
//   cache.ts     parsed trees shared between analyses (bounded)
import type { AnalyzeOptions, SourceHost } from '../host';
import { emptyPlan, type ExitModel, type Language } from '../model';
import { extract } from './extract';
import { computePlan } from './runtime';

export { clearJsCaches, jsCacheStats, loadParser, setJsCacheLimits, warmIncrementalParser } from './cache';

export function analyzeJs(file: string, text: string, host: SourceHost, _options: AnalyzeOptions, language: Language): ExitModel {
  let x;
  try {
    x = extract(file, text, host);
  } catch (e) {
    // Extraction never should throw; if it does, report it as an unreadable file rather than crash.
    const loc = { file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } };
    const plan = emptyPlan(file, language);
    for (const s of Object.values(plan.scenarios)) s.complete = false;
    return {
      file, language, registrations: [], removals: [], exitCalls: [], scopes: [],
      unknowns: [{ location: loc, reason: `internal error while analyzing: ${(e as Error).message}` }],
      parseErrors: [], runsUntilStopped: false, files: [file], plan, syntax: new Map(), dispose() {},
    };
  }
  const plan = computePlan(file, language, x);
  const syntax = new Map<string, unknown>(x.syntax);
  return {
    file,
    language,
    registrations: x.registrations,
    removals: x.removals,
    exitCalls: x.exitCalls,
    scopes: x.scopes,
    unknowns: x.unknowns,
    parseErrors: x.parseErrors,
    runsUntilStopped: x.runsUntilStopped,
    runsUntilStoppedAt: x.runsUntilStoppedAt,
    files: x.files,
    plan,
    syntax,
    dispose() {
      // TypeScript trees are plain JS objects: dropping the references frees them.
      syntax.clear();
    },
  };
}
