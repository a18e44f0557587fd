// The text of the read-only plan document (scheme exit-lens-plan:), a richer variant of
// planToText: every handler carries a `file:line:column` that documentLinks turns into a link
// back to the source, and the order rules of the mechanisms involved close the document.
// syntaxes/exit-lens-plan.tmLanguage.json highlights this format; change both together.
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DocumentLink } from 'vscode-languageserver';
import { SCENARIOS, parseErrorLabel, type ExitModel } from '../core/model';
import { SCENARIO_TITLES } from '../core/planFormat';
import { orderRule } from './mechanisms';
import { displayPath, pathToUri } from './paths';

export function planDocumentText(model: ExitModel, sourcePath: string): string {
  const plan = model.plan;
  const lines: string[] = [`Exit plan of ${displayPath(sourcePath, sourcePath)} (${plan.language})`, `source ${sourcePath}`];
  for (const e of model.parseErrors) {
    const { label, suffix } = parseErrorLabel(e, 'the plan covers the code that parsed');
    lines.push(`${label} at ${displayPath(e.location.file, sourcePath)}:${e.location.range.start.line}:${e.location.range.start.column}: ${e.message}${suffix}`);
  }
  const mechanisms = new Set<string>();
  for (const s of SCENARIOS) {
    const sp = plan.scenarios[s];
    lines.push('', `${SCENARIO_TITLES[s]}${sp.complete ? '' : '  [incomplete: handlers the analysis cannot see may also run]'}`);
    if (sp.handlers.length === 0) lines.push('  (no handlers run)');
    sp.handlers.forEach((h, i) => {
      mechanisms.add(h.mechanism);
      const cert = h.certainty === 'definite' ? '' : `  (${h.certainty})`;
      lines.push(`  ${i + 1}. ${h.name}  [${h.mechanism}]  ${displayPath(h.file, sourcePath)}:${h.line}:${h.column}${cert}`);
    });
    for (const k of sp.skipped) {
      mechanisms.add(k.mechanism);
      lines.push(`  - skipped ${k.name}  [${k.mechanism}]  ${displayPath(k.file, sourcePath)}:${k.line}:${k.column}: ${k.reason}`);
    }
  }
  const rules = [...mechanisms].map((m) => [m, orderRule(m)] as const).filter(([, r]) => r);
  if (rules.length > 0) {
    lines.push('', 'order rules');
    for (const [m, r] of rules) lines.push(`  [${m}] ${r}`);
  }
  return lines.join('\n') + '\n';
}

/** `path:line:column` after two spaces (how planDocumentText writes locations). */
const LOCATION = /(?<=  |at )(\S+):(\d+):(\d+)/g;

/** Links from a plan document's locations back to the source; `text` is what the editor shows. */
export function planDocumentLinks(text: string, sourcePath: string): DocumentLink[] {
  const links: DocumentLink[] = [];
  text.split(/\r?\n/).forEach((line, lineNo) => {
    if (!/^ {2}(\d+\.|- skipped) /.test(line) && !line.startsWith('syntax error at ')) return;
    for (const m of line.matchAll(LOCATION)) {
      const [all, file, l, c] = m;
      const path = isAbsolute(file!) ? file! : resolve(dirname(sourcePath), file!);
      links.push({
        range: { start: { line: lineNo, character: m.index! }, end: { line: lineNo, character: m.index! + all.length } },
        target: `${pathToUri(path)}#L${l},${c}`,
        tooltip: `Go to ${file}:${l}`,
      });
      break;
    }
  });
  return links;
}
