// API boundary of the core: source text in, exit model (with its plan) out.
// The Python front end needs its tree-sitter WASM; the caller supplies the bytes, so the core
// itself never touches the file system.

import type { AnalyzeOptions, SourceHost } from './host';
import { languageOf, type ExitModel } from './model';
import { analyzeJs } from './js';
import { analyzePython, createPythonParser, type PythonParser } from './python';

export interface WasmBinaries {
  /** web-tree-sitter's runtime (tree-sitter.wasm). */
  treeSitter: Uint8Array;
  /** The Python grammar (tree-sitter-python.wasm). */
  python: Uint8Array;
}

export interface Analyzer {
  /** Analyzes `file` (its text given, imports read through `host`). Never throws on bad input. */
  analyze(file: string, text: string, host: SourceHost, options?: AnalyzeOptions): ExitModel;
}

export class UnsupportedFileError extends Error {}

export async function createAnalyzer(wasm: WasmBinaries): Promise<Analyzer> {
  let python: PythonParser | undefined;
  python = await createPythonParser(wasm.treeSitter, wasm.python);
  return {
    analyze(file, text, host, options = {}) {
      const language = languageOf(file);
      if (language === 'python') return analyzePython(python!, file, text, host, options);
      if (language === 'javascript' || language === 'typescript') return analyzeJs(file, text, host, options, language);
      throw new UnsupportedFileError(`${file}: not a Python, JavaScript or TypeScript file (by its extension)`);
    },
  };
}
