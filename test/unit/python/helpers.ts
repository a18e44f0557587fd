// Shared setup for the Python front-end unit tests: one analyzer (the WASM loads once) and a
// helper that analyzes an in-memory workspace.
import { createAnalyzer, type Analyzer } from '../../../server/src/core/analyze';
import { memoryHost, type AnalyzeOptions } from '../../../server/src/core/host';
import type { ExitModel, Registration } from '../../../server/src/core/model';
import { loadWasm } from '../../../server/src/host/node';

let analyzerPromise: Promise<Analyzer> | undefined;

export function analyzer(): Promise<Analyzer> {
  analyzerPromise ??= createAnalyzer(loadWasm());
  return analyzerPromise;
}

/** Analyzes `files[entry]` with the other files readable through the host. The model is disposed by the caller. */
export async function analyze(files: Record<string, string>, entry = 'main.py', options: AnalyzeOptions = {}): Promise<ExitModel> {
  const a = await analyzer();
  return a.analyze(entry, files[entry]!, memoryHost(files), options);
}

/** Analyzes one program and disposes the model after `fn`. */
export async function withModel<T>(src: string, fn: (m: ExitModel) => T, options: AnalyzeOptions = {}): Promise<T> {
  const m = await analyze({ 'main.py': src }, 'main.py', options);
  try {
    return fn(m);
  } finally {
    m.dispose();
  }
}

export function brief(r: Registration) {
  return { line: r.location.range.start.line, column: r.location.range.start.column, name: r.handler.name, mechanism: r.mechanism, certainty: r.certainty };
}

/** Lines of a plan scenario's handlers, in order. */
export function planLines(m: ExitModel, scenario: keyof ExitModel['plan']['scenarios']): number[] {
  return m.plan.scenarios[scenario].handlers.map((h) => h.line);
}

/** Dedents a template literal so tests can indent Python code. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
