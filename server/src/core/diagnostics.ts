// Diagnostics and fixes as the core produces them: plain data in core coordinates
// (1-based line/column plus UTF-16 offsets). Only lsp/ converts them to LSP types.
import type { Location, Range } from './model';

/** Contract severities (cli-contract.md `--fail-on`); `off` only appears in configuration. */
export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Safe fixes keep behaviour the user relies on and are applied by fix-all / fix-on-save. */
  safe: boolean;
  /** quickfix: the rule's fix; refactor: offered on any handler (wrap in try); suppress: ignore comments. */
  kind: 'quickfix' | 'refactor' | 'suppress';
}

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface Diagnostic {
  file: string;
  range: Range;
  rule: string;
  severity: Severity;
  /** The first line stands alone (Error Lens and the Problems panel show only it). */
  message: string;
  related: RelatedInfo[];
  fixes: Fix[];
}
