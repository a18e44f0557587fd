// Python front end: tree-sitter syntax -> exit model (registrations, removals, exits) -> plan.
//   extract.ts  abstract execution of the top-level code (imports, calls, classes, loops, branches)
//   imports.ts  which file an import loads (through SourceHost only)
//   runtime.ts  CPython's exit semantics: the plan of each scenario
//   ends.ts     whether a handler ends the process; positions.ts tree-sitter -> model positions
import { Language as TsLanguage, Node as TsNode, Parser, type Tree } from 'web-tree-sitter';
import type { AnalyzeOptions, SourceHost } from '../host';
import { emptyPlan, type ExitModel } from '../model';
import { Interpreter } from './extract';
import { computePlan } from './runtime';
import { changedSpan } from '../textChange';

export interface PythonParser {
  parser: Parser;
  /**
   * Parsed trees by path, reused while the text is the same: an analysis follows every imported
   * workspace module, so the same modules are parsed again for each entry file otherwise.
   * Each analysis gets its own cheap copy (shared subtrees), so evicting never frees a tree in use.
   */
  trees: Map<string, { text: string; tree: Tree; memo: TreeMemo }>;
  treeBytes: number;
}

// Bound of the tree cache (LRU by insertion order). A tree costs ~30 bytes of WASM memory per
// source character and WASM memory never shrinks: 4 M characters (~120 MB at most) keep the
// modules imported by many entries (measured: hits on the hot ones) without holding the workspace.
const TREE_CACHE_ENTRIES = 256;
const TREE_CACHE_CHARS = 4 * 1024 * 1024;

/** Facts derived from a tree alone (not from the analysis state), kept with the cached tree. */
export type TreeMemo = Record<string, unknown>;

/**
 * A tree for `text` at `path` that the caller owns (delete it when done), with the memo of that
 * (path, text), or null when it cannot be parsed.
 */
export function parseCached(p: PythonParser, path: string, text: string): { tree: Tree; memo: TreeMemo } | null {
  const hit = p.trees.get(path);
  if (hit && hit.text === text) {
    p.trees.delete(path);
    p.trees.set(path, hit);
    return { tree: hit.tree.copy(), memo: hit.memo };
  }
  // Python (and every editor) ends a line at a lone CR; tree-sitter counts rows at LF only. Same
  // length, so offsets are unchanged and rows/columns come out as LSP's lines.
  const source = lfOnly(text);
  let tree: Tree | null;
  if (hit) {
    p.trees.delete(path);
    p.treeBytes -= hit.text.length;
    // An edit of a cached path (a keystroke in the editor): tree-sitter re-parses only what the
    // change touched. Editing the cached tree leaves the models' copies as they are (shared
    // subtrees are copied on write), and the memo starts afresh for the new text.
    tree = p.parser.parse(source, editedTree(hit.tree, lfOnly(hit.text), source));
    hit.tree.delete();
    // Error recovery may take another path when it starts from an old tree: a text with syntax
    // errors is parsed afresh, so the tree is always the one a fresh parse gives.
    if (tree?.rootNode.hasError) {
      tree.delete();
      tree = p.parser.parse(source);
    }
  } else {
    tree = p.parser.parse(source);
  }
  if (!tree) return null;
  const memo: TreeMemo = {};
  p.trees.set(path, { text, tree, memo });
  p.treeBytes += text.length;
  for (const [k, v] of p.trees) {
    if (p.trees.size <= TREE_CACHE_ENTRIES && p.treeBytes <= TREE_CACHE_CHARS) break;
    if (k === path) continue;
    p.trees.delete(k);
    p.treeBytes -= v.text.length;
    v.tree.delete();
  }
  return { tree: tree.copy(), memo };
}

function lfOnly(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Row and column (UTF-16 code units, as web-tree-sitter counts them) of `offset`; rows end at LF. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/**
 * `old` (the tree of `before`) edited to describe `after`: the change is recovered as the span
 * between the texts' common prefix and suffix, so callers keep passing whole texts.
 */
export function editedTree(old: Tree, before: string, after: string): Tree {
  const { start, tail } = changedSpan(before, after);
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  old.edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
  return old;
}

/**
 * `node.type` asks WASM for the symbol on every read (marshal + call), and the analysis and the
 * rules read the type of the same node objects many times: a node's type never changes, so each
 * node object keeps it after the first read.
 */
function cacheNodeTypes(): void {
  const proto = TsNode.prototype as unknown as Record<symbol, unknown>;
  const key = Symbol.for('exit-lens.nodeType');
  if (proto[key]) return;
  const desc = Object.getOwnPropertyDescriptor(TsNode.prototype, 'type');
  const get = desc?.get;
  if (!get) return;
  proto[key] = true;
  const own = Symbol('type');
  Object.defineProperty(TsNode.prototype, 'type', {
    configurable: true,
    enumerable: desc.enumerable,
    get(this: Record<symbol, string | undefined>): string {
      return (this[own] ??= get.call(this) as string);
    },
  });
}

export async function createPythonParser(runtimeWasm: Uint8Array, grammarWasm: Uint8Array): Promise<PythonParser> {
  await Parser.init({ wasmBinary: runtimeWasm });
  cacheNodeTypes();
  const language = await TsLanguage.load(grammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, trees: new Map(), treeBytes: 0 };
}

export function analyzePython(p: PythonParser, file: string, text: string, host: SourceHost, options: AnalyzeOptions): ExitModel {
  const interp = new Interpreter((path, text) => parseCached(p, path, text), host, options, file);
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
