// Pushes diagnostics (textDocument/publishDiagnostics) for an analyzed open document.
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { toLspDiagnostics } from '../convert';
import { SOURCE } from '../protocol';

export function diagnosticsOf(a: Analysis, relatedInformation: boolean): PublishDiagnosticsParams {
  if (a.tooLarge) return { uri: a.uri, version: a.version, diagnostics: [tooLargeNotice(a.tooLarge)] };
  const diagnostics = a.model ? toLspDiagnostics(a.diagnostics, { doc: a.doc, path: a.path, severities: a.settings.rules, relatedInformation }) : [];
  return { uri: a.uri, version: a.version, diagnostics };
}

/**
 * The one notice of a file skipped for its size: at the top of the file, information only, so the
 * user learns why there are no exit-handler diagnostics and which setting to raise.
 */
export function tooLargeNotice(t: { size: number; limit: number }): LspDiagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `Exit Lens skipped this file: too large (${t.size.toLocaleString('en-US')} characters, over the exitLens.maxFileSize setting of ${t.limit.toLocaleString('en-US')}).`,
  };
}
