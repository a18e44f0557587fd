// JS/TS edits: wrap a handler body in try/catch; an expression-bodied arrow becomes a block.
import ts from 'typescript';
import type { TextEdit } from '../diagnostics';
import type { Registration } from '../model';
import { isFunctionLike } from '../facts/js';
import { indentLines, type WrapContext } from './index';

function functionAt(sf: ts.SourceFile, offset: number, handle: unknown): ts.FunctionLikeDeclaration | undefined {
  let n = handle as ts.Node | undefined;
  if (n && typeof n.kind !== 'number') n = undefined;
  if (n && ts.isVariableDeclaration(n) && n.initializer) n = n.initializer;
  if (n && isFunctionLike(n)) return n;
  let found: ts.FunctionLikeDeclaration | undefined;
  const visit = (c: ts.Node): void => {
    if (found || offset < c.getStart(sf) || offset >= c.end) return;
    if (isFunctionLike(c) && c.getStart(sf) === offset) found = c;
    else if (ts.isVariableDeclaration(c) && c.getStart(sf) === offset && c.initializer && isFunctionLike(c.initializer)) found = c.initializer as ts.FunctionLikeDeclaration;
    else ts.forEachChild(c, visit);
  };
  ts.forEachChild(sf, visit);
  if (found) return found;
  const inner = (c: ts.Node): void => {
    if (offset < c.getStart(sf) || offset >= c.end) return;
    if (isFunctionLike(c)) found = c;
    ts.forEachChild(c, inner);
  };
  ts.forEachChild(sf, inner);
  return found;
}

const CATCH = (indent: string, unit: string) => `${indent}} catch (err) {\n${indent}${unit}// Report it and let the other exit handlers run.\n${indent}${unit}console.error(err);\n${indent}}`;

export function jsWrapInTry(ctx: WrapContext, reg: Registration): TextEdit[] | undefined {
  const def = reg.handler.definition;
  const sf = ctx.model.syntax.get(ctx.file) as ts.SourceFile | undefined;
  if (!def || def.file !== ctx.file || !sf) return undefined;
  const fn = functionAt(sf, def.range.start.offset, reg.handler.node);
  if (!fn?.body) return undefined;
  const { text, unit } = ctx;
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const indentOf = (o: number) => /^[ \t]*/.exec(text.slice(lineStart(o)))![0];
  const bodyStart = fn.body.getStart(sf);
  const outer = indentOf(bodyStart);
  const inner = outer + unit;
  if (!ts.isBlock(fn.body)) {
    // `() => expr` becomes `() => { try { expr; } catch ... }`.
    const expr = text.slice(bodyStart, fn.body.end);
    const newText = `{\n${inner}try {\n${indentLines(expr, inner + unit).replace(/^\s*/, inner + unit)};\n${CATCH(inner, unit)}\n${outer}}`;
    return [{ file: ctx.file, range: ctx.loc(bodyStart, fn.body.end).range, newText }];
  }
  if (fn.body.statements.length === 0) return undefined;
  const open = bodyStart + 1;
  const close = fn.body.end - 1;
  let region = text.slice(open, close);
  const multiline = region.includes('\n');
  let newText: string;
  if (multiline) {
    region = region.replace(/^[ \t]*\r?\n/, '').replace(/\s+$/, '');
    newText = `{\n${inner}try {\n${indentLines(region, unit)}\n${CATCH(inner, unit)}\n${outer}}`;
  } else {
    newText = `{\n${inner}try {\n${inner}${unit}${region.trim()}\n${CATCH(inner, unit)}\n${outer}}`;
  }
  return [{ file: ctx.file, range: ctx.loc(bodyStart, fn.body.end).range, newText }];
}

/** Appends a statement at the end of a function's block body. */
export function jsAppend(ctx: WrapContext, reg: Registration, statement: string): TextEdit[] | undefined {
  const def = reg.handler.definition;
  const sf = ctx.model.syntax.get(ctx.file) as ts.SourceFile | undefined;
  if (!def || def.file !== ctx.file || !sf) return undefined;
  const fn = functionAt(sf, def.range.start.offset, reg.handler.node);
  if (!fn?.body || !ts.isBlock(fn.body)) return undefined;
  const stmts = fn.body.statements;
  const last = stmts[stmts.length - 1];
  if (!last) return [{ file: ctx.file, range: ctx.loc(fn.body.getStart(sf), fn.body.end).range, newText: `{ ${statement} }` }];
  const first = stmts[0]!.getStart(sf);
  const lineStart = ctx.text.lastIndexOf('\n', first - 1) + 1;
  const prefix = ctx.text.slice(lineStart, first);
  const sep = prefix.trim() === '' ? `\n${prefix}` : ' ';
  return [{ file: ctx.file, range: ctx.loc(last.end, last.end).range, newText: `${sep}${statement}` }];
}
