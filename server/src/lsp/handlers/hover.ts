// textDocument/hover on a registration or on a handler's definition line: the exit order in each
// scenario with this handler marked, the mechanism's order rule, and where it is skipped and why.
import { MarkupKind, type Hover, type HoverParams, type MarkupContent } from 'vscode-languageserver';
import type { ExitModel, PlanEntry, Registration } from '../../core/model';
import type { Analysis } from '../analysis';
import { toLspRange } from '../convert';
import { orderRule } from '../mechanisms';
import { displayPath, pathToUri } from '../paths';
import { registrationsAt, registrationsOfDefinitionAt, SCENARIO_LABELS, viewOf, type ScenarioView } from '../planView';

/** Another program of the workspace that registers handlers defined in this file. */
export interface OtherProgram {
  model: ExitModel;
}

export function hover(a: Analysis, params: HoverParams, others: () => OtherProgram[]): Hover | null {
  if (!a.settings.hover.enable) return null;
  const offset = a.doc.offsetAt(params.position);
  const lineOf = (o: number) => a.doc.positionAt(o).line;
  const sections: string[] = [];
  let range: Hover['range'];

  if (a.model) {
    const atCall = registrationsAt(a.model, a.path, offset);
    const regs = atCall.length > 0 ? atCall : registrationsOfDefinitionAt(a.model, a.path, offset, lineOf);
    if (atCall.length > 0) range = toLspRange(atCall[0]!.location.range, a.doc);
    for (const reg of dedupe(regs)) sections.push(describe(a.model, reg, a.path));
  }
  // A handler defined here but registered by another program of the workspace.
  if (sections.length === 0) {
    for (const o of others()) {
      const regs = registrationsOfDefinitionAt(o.model, a.path, offset, lineOf);
      for (const reg of dedupe(regs)) sections.push(`In \`${displayPath(o.model.file, a.path)}\`:\n\n${describe(o.model, reg, a.path)}`);
    }
  }
  if (sections.length === 0) return null;
  const contents: MarkupContent = { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') };
  return range ? { contents, range } : { contents };
}

/** A loop registers one handler several times at one call: describe the call once. */
function dedupe(regs: Registration[]): Registration[] {
  const seen = new Set<string>();
  return regs.filter((r) => {
    const k = `${r.location.file}:${r.location.range.start.offset}:${r.mechanism}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function entryName(e: PlanEntry, fromFile: string): string {
  const where = e.file === fromFile ? '' : ` (${displayPath(e.file, fromFile)}:${e.line})`;
  const cert = e.certainty === 'definite' ? '' : ` *(${e.certainty})*`;
  return `\`${e.name}\`${where}${cert}`;
}

function orderLine(v: ScenarioView, reg: Registration, model: ExitModel, fromFile: string): string {
  if (v.skipped) {
    const cause = v.skipped.cause;
    const causeText = cause ? ` ([${displayPath(cause.file, fromFile)}:${cause.range.start.line}](${pathToUri(cause.file)}#L${cause.range.start.line}))` : '';
    return `skipped: ${v.skipped.reason}${causeText}`;
  }
  if (v.handlers.length === 0) return 'no handlers run';
  const same = model.registrations.filter((r) => r.location.range.start.offset === reg.location.range.start.offset && r.location.file === reg.location.file);
  const ids = new Set(same.map((r) => r.id));
  const items = v.handlers.map((h, i) => {
    const name = entryName(h, fromFile);
    return ids.has(h.registration) ? `**${i + 1}. ▶ ${name}**` : `${i + 1}. ${name}`;
  });
  const tail = v.complete ? '' : ' · *and handlers the analysis cannot see*';
  const note = v.positions.length === 0 ? ' *(this handler does not run)*' : '';
  return items.join(' → ') + tail + note;
}

/** The hover body for one registration: scenarios with equal lines grouped, then the order rule. */
export function describe(model: ExitModel, reg: Registration, fromFile: string): string {
  const views = viewOf(model, reg);
  const where = `${displayPath(reg.location.file, fromFile)}:${reg.location.range.start.line}`;
  const lines: string[] = [`**Exit Lens** · \`${reg.handler.name}\` · ${reg.mechanism}${reg.event ? ` '${reg.event}'` : ''} · registered at ${where}${reg.certainty === 'definite' ? '' : ` *(${reg.certainty})*`}`, ''];
  const groups = new Map<string, string[]>();
  for (const v of views) {
    const line = orderLine(v, reg, model, fromFile);
    let g = groups.get(line);
    if (!g) groups.set(line, (g = []));
    g.push(SCENARIO_LABELS[v.scenario]);
  }
  for (const [line, scenarios] of groups) lines.push(`- **${scenarios.join(', ')}**: ${line}`);
  const rule = orderRule(reg.mechanism);
  if (rule) lines.push('', `*${rule}*`);
  return lines.join('\n');
}
