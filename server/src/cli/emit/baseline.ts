// Baselines: record today's findings so a team adopting Exit Lens sees only new ones. A finding
// matches a baseline entry by file, rule and message, and a fuzzy location: the source line's
// text (so lines moving up or down still match), or the line number when the text changed.
import type { Diagnostic } from '../../core/diagnostics';

export interface BaselineEntry {
  file: string;
  rule: string;
  message: string;
  line: number;
  /** The trimmed source line the finding points at. */
  lineText: string;
}

export interface Baseline {
  schema: 'exit-lens/baseline@1';
  findings: BaselineEntry[];
}

export function lineTextOf(text: string | undefined, line: number): string {
  return (text?.split(/\r\n|\r|\n/)[line - 1] ?? '').trim();
}

export function makeBaseline(diagnostics: Diagnostic[], text: (file: string) => string | undefined): Baseline {
  return {
    schema: 'exit-lens/baseline@1',
    findings: diagnostics.map((d) => ({ file: d.file, rule: d.rule, message: d.message, line: d.range.start.line, lineText: lineTextOf(text(d.file), d.range.start.line) })),
  };
}

export function parseBaseline(json: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (e) {
    throw new Error(`${file}: not a baseline (${(e as Error).message})`);
  }
  const b = data as Baseline;
  if (b?.schema !== 'exit-lens/baseline@1' || !Array.isArray(b.findings)) throw new Error(`${file}: not an exit-lens/baseline@1 file`);
  return b;
}

/** Findings not in the baseline. Each baseline entry absorbs at most one finding. */
export function newFindings(diagnostics: Diagnostic[], baseline: Baseline, text: (file: string) => string | undefined): Diagnostic[] {
  const pool = baseline.findings.map((e) => ({ ...e, used: false }));
  const key = (e: { file: string; rule: string; message: string }) => `${e.file}\0${e.rule}\0${normalizeMessage(e.message)}`;
  const out: Diagnostic[] = [];
  // Two passes: exact line text first, then nearest line number within 5 lines.
  const unmatched: Diagnostic[] = [];
  for (const d of diagnostics) {
    const k = key(d);
    const lt = lineTextOf(text(d.file), d.range.start.line);
    const hit = pool.find((e) => !e.used && key(e) === k && e.lineText === lt);
    if (hit) hit.used = true;
    else unmatched.push(d);
  }
  for (const d of unmatched) {
    const k = key(d);
    const candidates = pool.filter((e) => !e.used && key(e) === k && Math.abs(e.line - d.range.start.line) <= 5);
    candidates.sort((a, b) => Math.abs(a.line - d.range.start.line) - Math.abs(b.line - d.range.start.line));
    if (candidates[0]) candidates[0].used = true;
    else out.push(d);
  }
  return out;
}

/** Line numbers inside messages ("line 12") move with edits; compare messages without them. */
function normalizeMessage(m: string): string {
  return m.replace(/\bline \d+/g, 'line N').replace(/:\d+\b/g, ':N');
}
