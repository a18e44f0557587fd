// Suppression comments (cli-contract.md):
//   Python  `# exit-lens: ignore[rule-a, rule-b]` on the line or the line above;
//           `# exit-lens: ignore-file[rule-id]` for the whole file (our addition; the contract has no file form for Python).
//   JS/TS   `// exit-lens-ignore-next-line rule-a, rule-b` and `// exit-lens-ignore rule-id` (whole file).
// Comments are found with a line scan; one inside a string literal is rare enough to accept.
import type { Language, Location } from '../model';
import { lineStartsOf, locationOf } from '../facts';

export interface Suppression {
  rules: string[];
  /** Lines it covers (1-based); undefined for a whole-file suppression. */
  lines?: number[];
  location: Location;
  /** Rule ids that this comment suppressed at least once. */
  used: Set<string>;
}

export function parseSuppressions(file: string, text: string, language: Language): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes('exit-lens')) return out;
  const starts = lineStartsOf(text);
  const py = language === 'python';
  const re = py ? /#\s*exit-lens:\s*ignore(-file)?\[([^\]]*)\]/g : /\/[/*]\s*exit-lens-ignore(-next-line)?\s+([\w-]+(?:\s*,\s*[\w-]+)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const lineIdx = lineStartsOf.length >= 0 ? findLine(starts, m.index) : 0;
    const lineStart = starts[lineIdx]!;
    const ownLine = text.slice(lineStart, m.index).trim() === '';
    const rules = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    const location = locationOf(file, starts, m.index, m.index + m[0].length);
    const line = lineIdx + 1;
    let lines: number[] | undefined;
    if (py) lines = m[1] ? undefined : ownLine ? [line, nextCodeLine(text, starts, line)] : [line];
    else lines = m[1] ? [nextCodeLine(text, starts, line)] : undefined;
    out.push({ rules, lines, location, used: new Set() });
  }
  return out;
}

function findLine(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The line after `line` (1-based), skipping further comment-only lines (stacked suppressions). */
function nextCodeLine(text: string, starts: number[], line: number): number {
  let l = line + 1;
  while (l <= starts.length) {
    const s = text.slice(starts[l - 1]!, starts[l] ?? text.length).trim();
    if (!(s.startsWith('#') || s.startsWith('//'))) break;
    l++;
  }
  return l;
}
