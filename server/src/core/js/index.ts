// JavaScript/TypeScript front end: TypeScript compiler API syntax -> exit model -> plan.
import type { AnalyzeOptions, SourceHost } from '../host';
import { emptyPlan, type ExitModel, type Language } from '../model';

export function analyzeJs(file: string, _text: string, _host: SourceHost, _options: AnalyzeOptions, language: Language): ExitModel {
  // Placeholder: the JS/TS front end replaces this.
  return {
    file, language, registrations: [], removals: [], exitCalls: [], scopes: [], unknowns: [], parseErrors: [],
    runsUntilStopped: false, files: [file], plan: emptyPlan(file, language), syntax: new Map(), dispose() {},
  };
}
