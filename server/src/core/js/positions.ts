// Source positions in the model's coordinates (1-based line/column, 0-based UTF-16 offset).
// Trees are parsed without parent pointers, so every helper takes the SourceFile explicitly.
import ts from 'typescript';
import type { Location, Position } from '../model';

export function positionAt(sf: ts.SourceFile, offset: number): Position {
  const lc = sf.getLineAndCharacterOfPosition(offset);
  return { line: lc.line + 1, column: lc.character + 1, offset };
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
