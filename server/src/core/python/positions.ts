// tree-sitter positions -> the model's positions.
// web-tree-sitter parses a JS string as UTF-16: `startIndex` is a UTF-16 code-unit index and
// `startPosition.column` counts UTF-16 code units from the line start (checked with "é😀" in a
// string literal: the columns after it advance by 3, its UTF-16 length). The model wants exactly
// that (1-based line/column, 0-based UTF-16 offset), so the conversion is a shift by one.
import type { Node } from 'web-tree-sitter';
import type { Location, Position, Range } from '../model';

export function startOf(node: Node): Position {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1, offset: node.startIndex };
}

export function endOf(node: Node): Position {
  return { line: node.endPosition.row + 1, column: node.endPosition.column + 1, offset: node.endIndex };
}

export function rangeOf(node: Node): Range {
  return { start: startOf(node), end: endOf(node) };
}

export function locationOf(file: string, node: Node): Location {
  return { file, range: rangeOf(node) };
}
