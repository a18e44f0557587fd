// workspace/executeCommand: the server's commands, usable from any LSP client.
//   exit-lens.server.showPlan [uri]     -> opens the plan document, returns { uri, text }
//   exit-lens.server.openRuleDocs [id]  -> opens the rule's documentation in a browser
import { ResponseError, ErrorCodes, type ExecuteCommandParams } from 'vscode-languageserver';
import { ruleDocsUrl } from '../../core/rules/rule';
import { planUriFor } from '../paths';
import { ServerCommands, type PlanCommandResult } from '../protocol';
import { planText, type PlanSource } from './planContent';

export interface CommandDeps extends PlanSource {
  /** window/showDocument, when the client supports it; resolves to whether it was shown. */
  showDocument(uri: string, external: boolean): Promise<boolean>;
  /** Asks the client to fetch the plan document's text again (it may be open already). */
  refreshPlan(planUri: string): Promise<void>;
  canShowPlanDocument: boolean;
}

export async function executeCommand(params: ExecuteCommandParams, deps: CommandDeps): Promise<unknown> {
  const args = params.arguments ?? [];
  switch (params.command) {
    case ServerCommands.showPlan: {
      const uri = args[0];
      if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} needs the document URI as its argument`);
      const text = await planText(uri, deps);
      if (text === undefined) throw new ResponseError(ErrorCodes.InvalidParams, `${uri}: not a file Exit Lens can analyze`);
      const planUri = planUriFor(uri) ?? uri;
      if (deps.canShowPlanDocument) {
        await deps.refreshPlan(planUri);
        await deps.showDocument(planUri, false);
      }
      const result: PlanCommandResult = { uri: planUri, text };
      return result;
    }
    case ServerCommands.openRuleDocs: {
      const rule = args[0];
      if (typeof rule !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} needs a rule id`);
      const url = ruleDocsUrl(rule);
      await deps.showDocument(url, true);
      return url;
    }
    default:
      throw new ResponseError(ErrorCodes.MethodNotFound, `unknown command ${params.command}`);
  }
}
