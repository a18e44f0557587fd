// textDocument/codeAction: per diagnostic its fixes, a suppression for the line, the rule's
// docs; "Wrap handler in try/except (try/catch)" as a refactor on every handler; and
// source.fixAll.exit-lens (safe fixes only, for fix-on-save). Every edit is built from an
// analysis of the document's current version and carries that version.
import {
  CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Command,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver';
import type { Diagnostic, Fix, TextEdit } from '../../core/diagnostics';
import type { Analysis } from '../analysis';
import { fixToCodeAction, overlaps, toLspRange, toWorkspaceEdit } from '../convert';
import { registrationsAt, registrationsOfDefinitionAt } from '../planView';
import { FIX_ALL_KIND, ServerCommands, SOURCE } from '../protocol';
import { fixBuilderFor, wrapHandlerFix } from '../rules';
import type { SourceHost } from '../../core/host';

export interface CodeActionDeps {
  /** The client applies `documentChanges` (versioned edits). */
  versionedEdits: boolean;
  host: SourceHost;
}

function wanted(kind: string, only: string[] | undefined): boolean {
  if (!only || only.length === 0) return !kind.startsWith(CodeActionKind.Source);
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function codeActions(a: Analysis, params: CodeActionParams, deps: CodeActionDeps): (CodeAction | Command)[] {
  if (!a.model) return [];
  const only = params.context.only;
  const doc = a.doc;
  const out: CodeAction[] = [];
  const start = doc.offsetAt(params.range.start);
  const end = doc.offsetAt(params.range.end);
  const lineOf = (o: number) => doc.positionAt(o).line;
  const builder = fixBuilderFor(a.model, doc.getText(), deps.host);

  if (wanted(FIX_ALL_KIND, only)) {
    const fixAll = fixAllAction(a, deps.versionedEdits);
    if (fixAll) out.push(fixAll);
  }

  // Diagnostics under the cursor/selection (or those the client sent), found again in the analysis.
  const sent = params.context.diagnostics.filter((d) => d.source === SOURCE);
  const touching = a.diagnostics.filter((d) => {
    if (d.file !== a.path) return false;
    const r = d.range;
    return (r.start.offset <= end && start <= r.end.offset) || sent.some((s) => s.code === d.rule && sameRange(s, d, a));
  });
  const docsShown = new Set<string>();
  const quickfixKeys: string[] = [];
  for (const d of touching) {
    const lsp = sent.find((s) => s.code === d.rule && sameRange(s, d, a)) ?? {
      range: toLspRange(d.range, doc),
      message: d.message,
      code: d.rule,
      source: SOURCE,
    };
    const fixes = d.fixes.filter((f) => f.kind === 'quickfix');
    for (const f of fixes) quickfixKeys.push(editsKey(f));
    fixes.forEach((f, i) => {
      if (wanted(CodeActionKind.QuickFix, only)) out.push(fixToCodeAction(f, doc, a.path, deps.versionedEdits, lsp, i === 0 && f.safe));
    });
    const suppressions = d.fixes.filter((f) => f.kind === 'suppress');
    if (suppressions.length === 0) {
      const at = { file: d.file, range: d.range };
      for (const f of [builder.suppressLine(d.rule, at), builder.suppressFile(d.rule, d.file)]) if (f) suppressions.push(f);
    }
    for (const f of suppressions) {
      if (wanted(CodeActionKind.QuickFix, only)) out.push(fixToCodeAction(f, doc, a.path, deps.versionedEdits, lsp));
    }
    if (!docsShown.has(d.rule) && wanted(CodeActionKind.QuickFix, only)) {
      docsShown.add(d.rule);
      const show = CodeAction.create(`Show documentation for ${d.rule}`, { title: `Show documentation for ${d.rule}`, command: ServerCommands.openRuleDocs, arguments: [d.rule] }, CodeActionKind.QuickFix);
      show.diagnostics = [lsp];
      out.push(show);
    }
  }

  // The wrap-in-try refactor on every handler: at its registration or its definition line. In
  // the lightbulb (no `only`) it is left out where a quick fix already makes the same edit.
  if (wanted(CodeActionKind.RefactorRewrite, only)) {
    const regs = [...registrationsAt(a.model, a.path, start), ...registrationsOfDefinitionAt(a.model, a.path, start, lineOf)];
    const seen = new Set<string>(only ? [] : quickfixKeys);
    for (const r of regs) {
      const fix = wrapHandlerFix(builder, r);
      if (!fix) continue;
      const key = editsKey(fix);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(fixToCodeAction({ ...fix, kind: 'refactor' }, doc, a.path, deps.versionedEdits));
    }
  }
  return out;
}

function editsKey(f: Fix): string {
  return f.edits.map((e) => `${e.file}:${e.range.start.offset}:${e.range.end.offset}:${e.newText}`).join('|');
}

function sameRange(s: LspDiagnostic, d: Diagnostic, a: Analysis): boolean {
  const r = toLspRange(d.range, a.doc);
  return s.range.start.line === r.start.line && s.range.start.character === r.start.character && s.range.end.line === r.end.line && s.range.end.character === r.end.character;
}

/** All safe quick fixes of the document that do not overlap, as one action. */
export function fixAllAction(a: Analysis, versioned: boolean): CodeAction | undefined {
  const taken: TextEdit[] = [];
  for (const d of a.diagnostics) {
    if (d.file !== a.path || a.settings.rules[d.rule] === 'off') continue;
    const fix = d.fixes.find((f) => f.kind === 'quickfix' && f.safe);
    if (!fix || fix.edits.some((e) => e.file !== a.path)) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(t.range, e.range) || t.range.start.offset === e.range.start.offset))) continue;
    taken.push(...fix.edits);
  }
  if (taken.length === 0) return undefined;
  const combined: Fix = { title: 'Fix all safe Exit Lens problems', edits: taken, safe: true, kind: 'quickfix' };
  return CodeAction.create(combined.title, toWorkspaceEdit(combined, a.doc, a.path, versioned), FIX_ALL_KIND);
}
