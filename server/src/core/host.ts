// The core's only window on the outside world. The CLI and the language server implement it
// (from disk, or from open editor buffers first); tests implement it from strings.

export interface SourceHost {
  /** Text of a file, or undefined when it does not exist or is not a readable text file. */
  readFile(path: string): string | undefined;
}

export type PythonStartMethod = 'fork' | 'spawn' | 'forkserver';

export interface AnalyzeOptions {
  python?: {
    /** Target version, e.g. '3.11'. Semantics that changed between versions follow it. */
    version?: string;
    /** multiprocessing start method assumed for Process targets (default: the platform's, fork on Linux before 3.14). */
    startMethod?: PythonStartMethod;
  };
  node?: {
    /** Target Node.js major version, e.g. 20. */
    version?: number;
  };
}

/** A host over an in-memory map of files (tests, and the server's open buffers). */
export function memoryHost(files: Record<string, string>, fallback?: SourceHost): SourceHost {
  return {
    readFile(path) {
      if (Object.prototype.hasOwnProperty.call(files, path)) return files[path];
      return fallback?.readFile(path);
    },
  };
}
