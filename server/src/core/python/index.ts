// Python front end: tree-sitter syntax -> exit model (registrations, removals, exits) -> plan.
import { Language as TsLanguage, Parser } from 'web-tree-sitter';
import type { AnalyzeOptions, SourceHost } from '../host';
import { emptyPlan, type ExitModel } from '../model';

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

export function analyzePython(_p: PythonParser, file: string, _text: string, _host: SourceHost, _options: AnalyzeOptions): ExitModel {
  // Placeholder: the Python front end replaces this.
  return {
    file, language: 'python', registrations: [], removals: [], exitCalls: [], scopes: [], unknowns: [], parseErrors: [],
    runsUntilStopped: false, files: [file], plan: emptyPlan(file, 'python'), syntax: new Map(), dispose() {},
  };
}
