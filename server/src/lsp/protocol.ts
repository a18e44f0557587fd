// Names shared by the server and the VS Code client (bundled into both). Plain constants and
// types only: nothing here imports vscode or vscode-languageserver, so the client bundle stays small.

/** Commands the server executes (`workspace/executeCommand`); any LSP client can call them. */
export namespace ServerCommands {
  /** Args: [uri: string]. Opens the plan document (window/showDocument) and returns PlanCommandResult. */
  export const showPlan = 'exit-lens.server.showPlan';
  /** Args: [ruleId: string]. Opens the rule's documentation (window/showDocument, external). */
  export const openRuleDocs = 'exit-lens.server.openRuleDocs';
  export const all = [showPlan, openRuleDocs];
}

/** Commands contributed by the VS Code extension (package.json `contributes.commands`). */
export namespace ClientCommands {
  export const showPlan = 'exitLens.showPlan';
  export const restart = 'exitLens.restart';
  export const showOutput = 'exitLens.showOutput';
}

export interface PlanCommandResult {
  /** The read-only plan document (scheme PLAN_SCHEME), served by `workspace/textDocumentContent`. */
  uri: string;
  text: string;
}

/** Scheme of the read-only plan documents; the path is the source path plus PLAN_EXTENSION. */
export const PLAN_SCHEME = 'exit-lens-plan';
export const PLAN_EXTENSION = '.exitplan';
export const PLAN_LANGUAGE_ID = 'exit-lens-plan';

/** Server → client notification `exitLens/status`: what the status bar item shows. */
export namespace StatusNotification {
  export const method = 'exitLens/status';
  export interface Params {
    state: 'idle' | 'busy' | 'error';
    /** Documents waiting for analysis. */
    pending: number;
    /** Short text for the tooltip (last error, last skipped file...). */
    message?: string;
  }
}

/** The code action kind of fix-all, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = 'source.fixAll.exit-lens';

/** Diagnostic source, as shown in the Problems panel. */
export const SOURCE = 'exit-lens';

export const LANGUAGE_IDS = ['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'] as const;
