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
  // Lines as editors count them (LF, CRLF, lone CR), like the diagnostics' line numbers.
  const lines = text.split(/\r\n|\r|\n/);
  const l = d.range.start.line;
  const first = Math.max(1, l - 1);
  const width = String(l).length;
  const out: string[] = [];
  for (let i = first; i <= l; i++) {
    const src = (lines[i - 1] ?? '').replace(/\t/g, '    ');
    out.push(`  ${c('dim', String(i).padStart(width) + ' |')} ${src}`);
  }
  const line = lines[l - 1] ?? '';
  // Columns are UTF-16 code units; the caret goes under them in terminal cells (wide CJK and emoji
  // take two, combining marks none).
  const startCol = d.range.start.column;
  const endCol = d.range.end.line === l ? Math.max(d.range.end.column, startCol + 1) : line.length + 1;
  const pad = cells(line.slice(0, startCol - 1));
  const span = Math.max(1, cells(line.slice(startCol - 1, endCol - 1)));
  out.push(`  ${' '.repeat(width)} ${c('dim', '|')} ${' '.repeat(pad)}${c('red', '^'.repeat(span))}`);
  return out;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u200b\u{1f3fb}-\u{1f3ff}]$/u;
// East Asian Wide and Fullwidth ranges, and emoji presentation, take two cells in a terminal.
const WIDE = /^[\u1100-\u115f\u231a\u231b\u2329\u232a\u23e9-\u23ec\u23f0\u23f3\u25fd\u25fe\u2614\u2615\u2648-\u2653\u267f\u2693\u26a1\u26aa\u26ab\u26bd\u26be\u26c4\u26c5\u26ce\u26d4\u26ea\u26f2\u26f3\u26f5\u26fa\u26fd\u2705\u270a\u270b\u2728\u274c\u274e\u2753-\u2755\u2757\u2795-\u2797\u27b0\u27bf\u2b1b\u2b1c\u2b50\u2b55\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{1f004}\u{1f0cf}\u{1f18e}\u{1f191}-\u{1f19a}\u{1f200}-\u{1f251}\u{1f300}-\u{1f320}\u{1f32d}-\u{1f335}\u{1f337}-\u{1f37c}\u{1f37e}-\u{1f393}\u{1f3a0}-\u{1f3ca}\u{1f3cf}-\u{1f3d3}\u{1f3e0}-\u{1f3f0}\u{1f3f4}\u{1f3f8}-\u{1f43e}\u{1f440}\u{1f442}-\u{1f4fc}\u{1f4ff}-\u{1f53d}\u{1f54b}-\u{1f54e}\u{1f550}-\u{1f567}\u{1f57a}\u{1f595}\u{1f596}\u{1f5a4}\u{1f5fb}-\u{1f64f}\u{1f680}-\u{1f6c5}\u{1f6cc}\u{1f6d0}-\u{1f6d2}\u{1f6d5}-\u{1f6d7}\u{1f6dc}-\u{1f6df}\u{1f6eb}\u{1f6ec}\u{1f6f4}-\u{1f6fc}\u{1f7e0}-\u{1f7eb}\u{1f7f0}\u{1f90c}-\u{1f93a}\u{1f93c}-\u{1f945}\u{1f947}-\u{1f9ff}\u{1fa70}-\u{1faff}\u{20000}-\u{2fffd}\u{30000}-\u{3fffd}]$/u;

/** Terminal cells of a string (tabs as four, as in the frame). */
export function cells(s: string): number {
  let n = 0;
  for (const ch of s) {
    if (ch === '\t') n += 4;
    else if (ZERO_WIDTH.test(ch)) continue;
    else n += WIDE.test(ch) ? 2 : 1;
  }
  return n;
}
