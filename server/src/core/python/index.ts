// Python front end: tree-sitter syntax -> exit model (registrations, removals, exits) -> plan.
//   extract.ts  abstract execution of the top-level code (imports, calls, classes, loops, branches)
//   imports.ts  which file an import loads (through SourceHost only)
//   runtime.ts  CPython's exit semantics: the plan of each scenario
//   ends.ts     whether a handler ends the process; positions.ts tree-sitter -> model positions
import { Language as TsLanguage, Parser, type Tree } from 'web-tree-sitter';
import type { AnalyzeOptions, SourceHost } from '../host';
import { emptyPlan, type ExitModel } from '../model';
import { Interpreter } from './extract';
import { computePlan } from './runtime';

export interface PythonParser {
  parser: Parser;
}

export async function createPythonParser(runtimeWasm: Uint8Array, grammarWasm: Uint8Array): Promise<PythonParser> {
  await Parser.init({ wasmBinary: runtimeWasm });
  const language = await TsLanguage.load(grammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser };
}

export function analyzePython(p: PythonParser, file: string, text: string, host: SourceHost, options: AnalyzeOptions): ExitModel {
  const interp = new Interpreter(p.parser, host, options, file);
  let ex;
  try {
    ex = interp.run(file, text);
  } catch (e) {
    // Extraction must never take the caller down; report what happened as a parse-level problem.
    for (const t of interp.out.trees.values()) t.delete();
    const plan = emptyPlan(file, 'python');
    for (const s of Object.values(plan.scenarios)) s.complete = false;
    return {
      file, language: 'python', registrations: [], removals: [], exitCalls: [], scopes: [], unknowns: [
        { location: { file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }, reason: `internal error in the Python analysis: ${String(e)}` },
      ], parseErrors: [], runsUntilStopped: false, files: [file], plan, syntax: new Map(), dispose() {},
    };
  }
  const trees = ex.trees;
  let disposed = false;
  return {
    file,
    language: 'python',
    registrations: ex.registrations,
    removals: ex.removals,
    exitCalls: ex.exitCalls,
    scopes: ex.scopes,
    unknowns: ex.unknowns,
    parseErrors: ex.parseErrors,
    runsUntilStopped: ex.runsUntilStopped,
    runsUntilStoppedAt: ex.runsUntilStoppedAt,
    files: ex.files.length ? ex.files : [file],
    threads: ex.threads,
    plan: computePlan(ex, file),
    syntax: trees as Map<string, Tree>,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const t of trees.values()) t.delete();
    },
  };
}
