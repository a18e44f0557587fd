// `check --format text`: `file:line:col: severity rule: message`, a code frame with carets, the
// related locations, and a summary. Colour only when writing to a terminal.
import type { Diagnostic } from '../../core/diagnostics';

export interface TextOptions {
  color: boolean;
  /** Source text of a file, for code frames. */
  text(file: string): string | undefined;
}

const CODES = { red: 31, yellow: 33, blue: 34, cyan: 36, dim: 2, bold: 1 } as const;

export function checkToText(files: number, diagnostics: Diagnostic[], opts: TextOptions): string {
  const c = (code: keyof typeof CODES, s: string) => (opts.color ? `\x1b[${CODES[code]}m${s}\x1b[0m` : s);
  const sevColor = { error: 'red', warning: 'yellow', info: 'blue' } as const;
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = `${d.file}:${d.range.start.line}:${d.range.start.column}`;
    out.push(`${c('bold', where)}: ${c(sevColor[d.severity], d.severity)} ${c('dim', d.rule)}: ${d.message}`);
    out.push(...frame(opts.text(d.file), d, c));
    for (const r of d.related) out.push(`  ${c('cyan', 'note')}: ${r.location.file}:${r.location.range.start.line}:${r.location.range.start.column}: ${r.message}`);
    const own = d.fixes.filter((f) => f.kind !== 'suppress');
    for (const f of own) out.push(`  ${c('cyan', 'fix')}: ${f.title}${f.safe ? '' : ' (unsafe)'}`);
    out.push('');
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}${counts[s] === 1 || s === 'info' ? '' : 's'}`);
  const n = diagnostics.length;
  out.push(n === 0 ? `No findings in ${files} file${files === 1 ? '' : 's'}.` : `${n} finding${n === 1 ? '' : 's'} (${parts.join(', ')}) in ${files} file${files === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}

function frame(text: string | undefined, d: Diagnostic, c: (code: keyof typeof CODES, s: string) => string): string[] {
  if (text === undefined) return [];
  const lines = text.split('\n');
  const l = d.range.start.line;
  const first = Math.max(1, l - 1);
  const width = String(l).length;
  const out: string[] = [];
  for (let i = first; i <= l; i++) {
    const src = (lines[i - 1] ?? '').replace(/\r$/, '').replace(/\t/g, '    ');
    out.push(`  ${c('dim', String(i).padStart(width) + ' |')} ${src}`);
  }
  const line = (lines[l - 1] ?? '').replace(/\r$/, '');
  const startCol = d.range.start.column;
  const endCol = d.range.end.line === l ? Math.max(d.range.end.column, startCol + 1) : line.length + 1;
  const pad = line.slice(0, startCol - 1).replace(/\t/g, '    ').replace(/[^\s]/g, ' ');
  out.push(`  ${' '.repeat(width)} ${c('dim', '|')} ${pad}${c('red', '^'.repeat(Math.max(1, endCol - startCol)))}`);
  return out;
}
