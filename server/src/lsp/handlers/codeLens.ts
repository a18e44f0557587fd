// textDocument/codeLens: one lens above each registration in this file with its place in the
// exit order ("exit #2 of 4 · skipped on SIGTERM"); clicking it opens the plan.
import type { CodeLens } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { lensTitle, viewOf } from '../planView';
import { ServerCommands } from '../protocol';

export function codeLenses(a: Analysis): CodeLens[] {
  if (!a.model || !a.settings.codeLens.enable) return [];
  const lenses: CodeLens[] = [];
  const byCall = new Map<number, number[]>(); // start offset -> registration ids (a loop registers several times)
  for (const r of a.model.registrations) {
    if (r.location.file !== a.path) continue;
    const k = r.location.range.start.offset;
    let ids = byCall.get(k);
    if (!ids) byCall.set(k, (ids = []));
    ids.push(r.id);
  }
  for (const [offset, ids] of byCall) {
    const regs = a.model.registrations.filter((r) => ids.includes(r.id));
    // Views of all registrations at this call, merged: positions of each iteration together.
    const views = viewOf(a.model, regs[0]!).map((v, i) => {
      const positions = regs.flatMap((r) => viewOf(a.model!, r)[i]!.positions).sort((x, y) => x - y);
      return { ...v, positions };
    });
    const start = a.doc.positionAt(offset);
    lenses.push({
      range: { start, end: start },
      command: { title: lensTitle(views, regs[0]), command: ServerCommands.showPlan, arguments: [a.uri] },
    });
  }
  return lenses;
}
