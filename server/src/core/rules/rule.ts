// The rule API. A rule is one module: `export default defineRule({...})` with its metadata,
// message templates, documentation and `check`. Rules read the exit model and the language-neutral
// handler facts (../facts), never raw syntax, so most rules serve Python and JS/TS alike.
import type { Diagnostic, Fix, RelatedInfo, Severity } from '../diagnostics';
import type { HandlerFacts, FactProvider } from '../facts';
import type { ExitModel, Language, Location, Registration } from '../model';
import type { FixBuilder } from '../fixes';

/** ruff's FixAvailability: whether the rule can offer its own fix. */
export type FixAvailability = 'none' | 'sometimes' | 'always';

/** The documentation headings every rule's `docs` has, in this order (checked by a test). */
export const DOC_HEADINGS = ['What it does', 'Why it matters', 'Example', 'Use instead', 'Fix safety', 'References'] as const;

/** Options a rule may read; filled from configuration (server/src/config/schema.ts). */
export interface RuleOptions {
  /** Extra calls the user declares slow (`slowCalls`), as written: `mylib.flush`, `db.vacuum`. */
  slowCalls: string[];
  python: { version: string; startMethod?: 'fork' | 'spawn' | 'forkserver' };
  node: { version: number };
}

export interface ReportInput<M extends string> {
  /** Where the diagnostic points (cli-contract.md says which location each rule uses). */
  location: Location;
  messageId: M;
  data?: Record<string, string | number>;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

export interface RuleContext<M extends string = string> {
  readonly model: ExitModel;
  readonly language: Language;
  readonly options: RuleOptions;
  /** Facts about handler bodies and files, computed lazily from the syntax handles. */
  readonly facts: FactProvider;
  /** Builders of exact text edits (wrap in try, suppress...). */
  readonly fix: FixBuilder;
  /** Text of a file of the model, when known. */
  text(file: string): string | undefined;
  /** Facts of the handler of a registration (undefined when its code is not visible). */
  handlerFacts(reg: Registration): HandlerFacts | undefined;
  /** Formats a message template of this rule (for related information and fix titles). */
  format(messageId: M, data?: Record<string, string | number>): string;
  report(input: ReportInput<M>): void;
}

export interface RuleDefinition<M extends string> {
  /** kebab-case, names the pattern flagged; public API (cli-contract.md), never renamed. */
  id: string;
  languages: readonly Language[];
  defaultSeverity: Severity;
  fix: FixAvailability;
  /** One line for SARIF shortDescription and the README table. */
  summary: string;
  /** Message templates with {{placeholders}}; code never passes literal message strings. */
  messages: Record<M, string>;
  /** Markdown with the DOC_HEADINGS as `## ` headings. */
  docs: string;
  check(ctx: RuleContext<M>): void;
}

export type Rule = RuleDefinition<string>;

export function defineRule<M extends string>(rule: RuleDefinition<M>): RuleDefinition<M> {
  return rule;
}

/** Fills `{{name}}` placeholders; a missing value is a programming error, so it throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}, where = ''): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in data)) throw new Error(`message ${where}: no value for {{${key}}}`);
    return String(data[key]);
  });
}

export type { Diagnostic };

/** Where each rule's page is published: docs/rules/<id>.md of the repository, generated from the rule module. */
const RULE_DOCS_BASE = 'https://github.com/exit-lens/exit-lens/blob/main/docs/rules/';

export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${encodeURIComponent(rule)}.md`;
}
