// `check --format json`: schema exit-lens/check@1, exactly the fields of cli-contract.md.
import type { Diagnostic, Fix } from '../../core/diagnostics';
import type { Range } from '../../core/model';

const pos = (r: Range) => ({ start: { line: r.start.line, column: r.start.column }, end: { line: r.end.line, column: r.end.column } });

export function fixToJson(f: Fix) {
  return { title: f.title, edits: f.edits.map((e) => ({ file: e.file, range: pos(e.range), newText: e.newText })) };
}

export function checkToJson(files: number, diagnostics: Diagnostic[]) {
  return {
    schema: 'exit-lens/check@1',
    files,
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      line: d.range.start.line,
      column: d.range.start.column,
      endLine: d.range.end.line,
      endColumn: d.range.end.column,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
      fixes: d.fixes.map(fixToJson),
    })),
  };
}
