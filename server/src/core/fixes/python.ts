// Python edits: wrap a handler body in try/except; turn a lambda (which cannot hold a try) into a def.
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../diagnostics';
import type { Registration } from '../model';
import { indentLines, type WrapContext } from './index';

const REPORT = (indent: string, unit: string) =>
  `${indent}except Exception:  # report it and let the other exit handlers run\n${indent}${unit}import traceback\n${indent}${unit}traceback.print_exc()`;

function functionNode(ctx: WrapContext, offset: number, handle: unknown): Node | undefined {
  let n = handle as Node | undefined;
  if (n && typeof n.type !== 'string') n = undefined;
  if (n?.type === 'decorated_definition') n = n.childForFieldName('definition') ?? undefined;
  if (n && (n.type === 'function_definition' || n.type === 'lambda')) return n;
  const tree = ctx.model.syntax.get(ctx.file) as Tree | undefined;
  let m: Node | null | undefined = tree?.rootNode.namedDescendantForIndex(offset);
  while (m && m.type !== 'function_definition' && m.type !== 'lambda') {
    if (m.type === 'decorated_definition') return m.childForFieldName('definition') ?? undefined;
    m = m.parent;
  }
  return m ?? undefined;
}

/** Offsets inside multi-line strings, whose lines must not be re-indented. */
function stringInterior(root: Node): (offset: number) => boolean {
  const spans: Array<[number, number]> = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'string' && n.startPosition.row !== n.endPosition.row) spans.push([n.startIndex, n.endIndex]);
    else for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return (o) => spans.some(([s, e]) => o > s && o < e);
}

export function pythonWrapInTry(ctx: WrapContext, reg: Registration): TextEdit[] | undefined {
  const def = reg.handler.definition;
  if (!def || def.file !== ctx.file) return undefined;
  const fn = functionNode(ctx, def.range.start.offset, reg.handler.node);
  if (!fn) return undefined;
  const { text, unit } = ctx;
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const indentOf = (o: number) => /^[ \t]*/.exec(text.slice(lineStart(o)))![0];

  if (fn.type === 'lambda') return lambdaToDef(ctx, fn, reg);

  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  const stmts = body.namedChildren.filter((s): s is Node => !!s);
  const first = stmts.findIndex((s) => !(s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string') && s.type !== 'comment');
  if (first < 0) return undefined;
  const firstStmt = stmts[first]!;
  const last = stmts[stmts.length - 1]!;
  const defIndent = indentOf(fn.startIndex);
  const sameLine = text.slice(lineStart(firstStmt.startIndex), firstStmt.startIndex).trim() !== '';
  if (sameLine) {
    // `def f(): a(); b()` — the body moves to its own lines.
    const indent = defIndent + unit;
    const region = text.slice(firstStmt.startIndex, last.endIndex);
    const newText = `\n${indent}try:\n${indent}${unit}${region}\n${REPORT(indent, unit)}`;
    const colonEnd = firstStmt.startIndex;
    const wsStart = text.slice(0, colonEnd).trimEnd().length;
    return [{ file: ctx.file, range: ctx.loc(wsStart, last.endIndex).range, newText }];
  }
  const start = lineStart(firstStmt.startIndex);
  const indent = indentOf(firstStmt.startIndex);
  const region = text.slice(start, last.endIndex);
  const newText = `${indent}try:\n${indentLines(region, unit, stringInterior(body), start)}\n${REPORT(indent, unit)}`;
  return [{ file: ctx.file, range: ctx.loc(start, last.endIndex).range, newText }];
}

/** A lambda cannot hold a try statement: define a function before the registering statement and register it. */
function lambdaToDef(ctx: WrapContext, lambda: Node, reg: Registration): TextEdit[] | undefined {
  const { text, unit } = ctx;
  let stmt: Node | null = lambda;
  while (stmt?.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') stmt = stmt.parent;
  if (!stmt) return undefined;
  const body = lambda.childForFieldName('body');
  if (!body) return undefined;
  const params = lambda.childForFieldName('parameters')?.text ?? '';
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  if (text.slice(lineStart, stmt.startIndex).trim() !== '') return undefined;
  const name = `_exit_handler_${reg.location.range.start.line}`;
  const def =
    `${indent}def ${name}(${params}):\n${indent}${unit}try:\n${indent}${unit}${unit}${body.text.replace(/\n/g, ' ')}\n${REPORT(indent + unit, unit)}\n\n\n`;
  return [
    { file: ctx.file, range: ctx.loc(lineStart, lineStart).range, newText: def },
    { file: ctx.file, range: ctx.loc(lambda.startIndex, lambda.endIndex).range, newText: name },
  ];
}

/** Appends a statement after the last statement of a def's body. */
export function pythonAppend(ctx: WrapContext, reg: Registration, statement: string): TextEdit[] | undefined {
  const def = reg.handler.definition;
  if (!def || def.file !== ctx.file) return undefined;
  const fn = functionNode(ctx, def.range.start.offset, reg.handler.node);
  if (fn?.type !== 'function_definition') return undefined;
  const body = fn.childForFieldName('body');
  const stmts = body?.namedChildren.filter((s): s is Node => !!s && s.type !== 'comment') ?? [];
  const last = stmts[stmts.length - 1];
  if (!last) return undefined;
  const lineStart = ctx.text.lastIndexOf('\n', stmts[0]!.startIndex - 1) + 1;
  const prefix = ctx.text.slice(lineStart, stmts[0]!.startIndex);
  if (prefix.trim() !== '') return undefined; // `def f(): x` on one line
  return [{ file: ctx.file, range: ctx.loc(last.endIndex, last.endIndex).range, newText: `\n${prefix}${statement}` }];
}
