// Pushes diagnostics (textDocument/publishDiagnostics) for an analyzed open document.
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { toLspDiagnostics } from '../convert';

export function diagnosticsOf(a: Analysis, relatedInformation: boolean): PublishDiagnosticsParams {
  const diagnostics = a.model ? toLspDiagnostics(a.diagnostics, { doc: a.doc, path: a.path, severities: a.settings.rules, relatedInformation }) : [];
  return { uri: a.uri, version: a.version, diagnostics };
}
