// Parsed trees shared between analyses. Every entry file re-imports the same workspace modules
// (a CLI run over a folder, an editor re-analyzing on each keystroke), so a module is parsed once
// while its text is unchanged. Trees are parsed without parent pointers and nothing in the core
// writes to them, so one tree can serve any number of analyses at once.
// Bounded (LRU by insertion order, entries and characters): ASTs take ~10-20× their text in memory,
// so the cache never holds a whole workspace; evicting only drops the reference.
import ts from 'typescript';
import { changedSpan } from '../textChange';

interface Entry {
  text: string;
  sf: ts.SourceFile;
}

const limits = { entries: 512, chars: 16 * 1024 * 1024 };
const trees = new Map<string, Entry>();
let chars = 0;

export function scriptKindOf(file: string): ts.ScriptKind {
  const m = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  switch (m) {
    case 'ts':
    case 'mts':
    case 'cts':
      return ts.ScriptKind.TS;
    case 'tsx':
      return ts.ScriptKind.TSX;
    case 'jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

/** The floor of any analyzer: no JSDoc, no parent pointers (an analysis keeps its own ancestry). */
export function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    /*setParentNodes*/ false,
    scriptKindOf(file),
  );
}

/** The tree of `text` at `file`, from the cache while the text is unchanged. Throws what the parser throws. */
export function parseCached(file: string, text: string): ts.SourceFile {
  const hit = trees.get(file);
  if (hit && hit.text === text) {
    trees.delete(file);
    trees.set(file, hit);
    return hit.sf;
  }
  let sf: ts.SourceFile | undefined;
  if (hit) {
    trees.delete(file);
    chars -= hit.text.length;
    // An edit of a cached path (a keystroke in the editor): the parser reuses the unchanged nodes.
    // It moves and re-parents nodes of the old tree, so the old tree leaves the cache for good.
    sf = reparsed(hit.sf, hit.text, text);
  }
  sf ??= parse(file, text);
  // A text larger than the whole budget would only evict everything else.
  if (text.length <= limits.chars) {
    trees.set(file, { text, sf });
    chars += text.length;
    for (const [k, v] of trees) {
      if (trees.size <= limits.entries && chars <= limits.chars) break;
      if (k === file) continue;
      trees.delete(k);
      chars -= v.text.length;
    }
  }
  return sf;
}

/**
 * `old` (the tree of `before`) updated to `after` with TypeScript's incremental parser, the change
 * recovered as the span between the common prefix and suffix; undefined when the parser fails
 * or the new text has syntax errors (the caller parses afresh). The tree it returns has parent pointers, which the core never reads.
 */
export function reparsed(old: ts.SourceFile, before: string, after: string): ts.SourceFile | undefined {
  const { start, tail } = changedSpan(before, after);
  try {
    const sf = ts.updateSourceFile(old, after, ts.createTextChangeRange(ts.createTextSpan(start, before.length - tail - start), after.length - tail - start));
    // With syntax errors the incremental parser can word an error differently than a fresh parse
    // (the message depends on lookahead it does not redo): then the fresh parse is the truth.
    return (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ? undefined : sf;
  } catch {
    return undefined;
  }
}

/** Drops every cached tree (memory pressure, benchmarks that must start cold). */
export function clearJsCaches(): void {
  trees.clear();
  chars = 0;
}

/** Changes the bounds (the language server may want a smaller one); evicts down to them. */
export function setJsCacheLimits(l: { entries?: number; chars?: number }): void {
  if (l.entries !== undefined) limits.entries = l.entries;
  if (l.chars !== undefined) limits.chars = l.chars;
  for (const [k, v] of trees) {
    if (trees.size <= limits.entries && chars <= limits.chars) break;
    trees.delete(k);
    chars -= v.text.length;
  }
}

export function jsCacheStats(): { entries: number; chars: number } {
  return { entries: trees.size, chars };
}

/**
 * Makes sure TypeScript is loaded (the language server's bundle loads it at its first use): a
 * caller that knows a JS/TS analysis is coming can pay for the load while it waits for other work.
 */
export function loadParser(): string {
  return ts.version;
}

/**
 * Runs the incremental parser once on a few lines, so its code is compiled before the first edit
 * of a document needs it (the language server calls it when idle after its first JS/TS analysis;
 * the first keystroke otherwise pays ~40 ms of compiling TypeScript's incremental parser).
 */
export function warmIncrementalParser(): void {
  const before = "process.on('exit', () => {\n  done();\n});\n";
  const after = "process.on('exit', () => {\n  done(1);\n});\n";
  reparsed(parse('/warm-up.js', before), before, after);
}
