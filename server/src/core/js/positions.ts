// Source positions in the model's coordinates (1-based line/column, 0-based UTF-16 offset).
// Trees are parsed without parent pointers, so every helper takes the SourceFile explicitly.
import ts from 'typescript';
import type { Location, Position } from '../model';

// TypeScript also ends lines at U+2028/U+2029 (ECMAScript line terminators); LSP and editors
// do not. Files containing them get a line table of CR, LF and CRLF only (null: TypeScript's own).
const lspLineStarts = new WeakMap<ts.SourceFile, number[] | null>();

function lineStartsOf(sf: ts.SourceFile): number[] | null {
  let starts = lspLineStarts.get(sf);
  if (starts !== undefined) return starts;
  const t = sf.text;
  starts = null;
  if (/[\u2028\u2029]/.test(t)) {
    starts = [0];
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  }
  lspLineStarts.set(sf, starts);
  return starts;
}

export function positionAt(sf: ts.SourceFile, offset: number): Position {
  const starts = lineStartsOf(sf);
  if (!starts) {
    const lc = sf.getLineAndCharacterOfPosition(offset);
    return { line: lc.line + 1, column: lc.character + 1, offset };
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
}

/** The node's range without leading trivia (what an editor underlines). */
export function locationOf(file: string, sf: ts.SourceFile, node: ts.Node): Location {
  const start = node.getStart(sf);
  return { file, range: { start: positionAt(sf, start), end: positionAt(sf, node.getEnd()) } };
}

export function textOf(sf: ts.SourceFile, node: ts.Node): string {
  return sf.text.slice(node.getStart(sf), node.getEnd());
}

/** Short display text: one line, at most `max` characters. */
export function shortText(sf: ts.SourceFile, node: ts.Node, max = 60): string {
  const t = textOf(sf, node).replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}
