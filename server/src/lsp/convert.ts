// Core -> LSP conversion: the only place that maps core positions, diagnostics and fixes to
// protocol types. Core positions are 1-based line/column plus a 0-based UTF-16 offset; LSP
// positions are 0-based line/character in UTF-16 units.
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Fix, Severity } from '../core/diagnostics';
import type { Range } from '../core/model';
import { ruleDocsUrl } from '../core/rules/rule';
import { pathToUri } from './paths';
import { SOURCE } from './protocol';
import type { RuleSeverityOverride } from './settings';

/**
 * A core range in LSP terms. With the analyzed document at hand, offsets are exact (the
 * document's own line table); for other files the 1-based line/column are used.
 */
export function toLspRange(range: Range, doc?: TextDocument): LspRange {
  if (doc) return { start: doc.positionAt(range.start.offset), end: doc.positionAt(range.end.offset) };
  return {
    start: { line: Math.max(0, range.start.line - 1), character: Math.max(0, range.start.column - 1) },
    end: { line: Math.max(0, range.end.line - 1), character: Math.max(0, range.end.column - 1) },
  };
}

export function toLspSeverity(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    default:
      return DiagnosticSeverity.Information;
  }
}

export interface ConvertOptions {
  /** The analyzed document (same version as the analysis), for exact offsets. */
  doc: TextDocument;
  /** The document's path as the core knows it. */
  path: string;
  /** Per-rule severities from the editor settings (they win over the configuration file). */
  severities: Record<string, RuleSeverityOverride>;
  /** The client shows related information (else it is appended to the message). */
  relatedInformation: boolean;
}

/** Data kept on each LSP diagnostic, so code actions can find the core diagnostic again. */
export interface DiagnosticData {
  version: number;
  index: number;
}

/** Core diagnostics -> LSP diagnostics of one document; `off` rules are dropped. */
export function toLspDiagnostics(diags: readonly Diagnostic[], o: ConvertOptions): LspDiagnostic[] {
  const out: LspDiagnostic[] = [];
  diags.forEach((d, index) => {
    const override = o.severities[d.rule];
    if (override === 'off') return;
    const range = d.file === o.path ? toLspRange(d.range, o.doc) : toLspRange(d.range);
    const related: DiagnosticRelatedInformation[] = d.related.map((r) => ({
      location: {
        uri: r.location.file === o.path ? o.doc.uri : pathToUri(r.location.file),
        range: r.location.file === o.path ? toLspRange(r.location.range, o.doc) : toLspRange(r.location.range),
      },
      message: r.message,
    }));
    let message = d.message;
    if (!o.relatedInformation && related.length > 0) {
      message += related.map((r) => `\n${r.message} (line ${r.location.range.start.line + 1})`).join('');
    }
    const data: DiagnosticData = { version: o.doc.version, index };
    out.push({
      range,
      severity: toLspSeverity(override ?? d.severity),
      code: d.rule,
      codeDescription: { href: ruleDocsUrl(d.rule) },
      source: SOURCE,
      message,
      ...(o.relatedInformation && related.length > 0 ? { relatedInformation: related } : {}),
      data,
    });
  });
  return out;
}

/**
 * A core fix as a workspace edit. Edits to the analyzed document carry its version, so the
 * client refuses them if the document changed since the analysis (`documentChanges` support);
 * without that support, plain `changes` are sent and the server has checked the version itself.
 */
export function toWorkspaceEdit(fix: Fix, doc: TextDocument, path: string, versioned: boolean): WorkspaceEdit {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const e of fix.edits) {
    const uri = e.file === path ? doc.uri : pathToUri(e.file);
    const range = e.file === path ? toLspRange(e.range, doc) : toLspRange(e.range);
    let list = byFile.get(uri);
    if (!list) byFile.set(uri, (list = []));
    list.push({ range, newText: e.newText });
  }
  if (versioned) {
    return {
      documentChanges: [...byFile].map(([uri, edits]) => ({
        textDocument: { uri, version: uri === doc.uri ? doc.version : null },
        edits,
      })),
    };
  }
  return { changes: Object.fromEntries(byFile) };
}

/** A code action for a core fix; `diagnostic` is the LSP diagnostic it resolves, if any. */
export function fixToCodeAction(
  fix: Fix,
  doc: TextDocument,
  path: string,
  versioned: boolean,
  diagnostic?: LspDiagnostic,
  preferred?: boolean,
): CodeAction {
  const kind =
    fix.kind === 'refactor' ? CodeActionKind.RefactorRewrite : fix.kind === 'suppress' ? CodeActionKind.QuickFix : CodeActionKind.QuickFix;
  const action = CodeAction.create(fix.title, toWorkspaceEdit(fix, doc, path, versioned), kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (preferred) action.isPreferred = true;
  return action;
}

/** Whether two core edits overlap (fix-all skips an edit that overlaps one already taken). */
export function overlaps(a: Range, b: Range): boolean {
  return a.start.offset < b.end.offset && b.start.offset < a.end.offset;
}
