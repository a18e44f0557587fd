// The read-only plan document: workspace/textDocumentContent serves its text (VS Code shows it
// as a virtual document), textDocument/documentLink links its locations back to the source.
import type { DocumentLink, DocumentLinkParams, TextDocumentContentParams, TextDocumentContentResult } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ExitModel } from '../../core/model';
import { planDocumentLinks, planDocumentText } from '../planDocument';
import { sourceUriOfPlan, uriToPath } from '../paths';

export interface PlanSource {
  /** The model of the source file of a plan (open buffer or disk); `release` frees it when not cached. */
  modelOf(sourceUri: string): Promise<{ model?: ExitModel; path: string; why?: string; release(): void } | undefined>;
}

export async function planText(sourceUri: string, src: PlanSource): Promise<string | undefined> {
  const got = await src.modelOf(sourceUri);
  if (!got) return undefined;
  try {
    if (!got.model) return `Exit plan of ${got.path}\nnot analyzed: ${got.why ?? 'unknown reason'}\n`;
    return planDocumentText(got.model, got.path);
  } finally {
    got.release();
  }
}

export async function textDocumentContent(params: TextDocumentContentParams, src: PlanSource): Promise<TextDocumentContentResult | null> {
  const source = sourceUriOfPlan(params.uri);
  if (!source) return null;
  const text = await planText(source, src);
  return text === undefined ? null : { text };
}

export function documentLinks(params: DocumentLinkParams, doc: TextDocument | undefined): DocumentLink[] {
  const source = sourceUriOfPlan(params.textDocument.uri);
  const sourcePath = source && uriToPath(source);
  if (!doc || !sourcePath) return [];
  return planDocumentLinks(doc.getText(), sourcePath);
}
