// The VS Code extension: starts the bundled language server (dist/server.js) over IPC and adds
// what only the editor can do: the status bar item, the output channel, and commands that need
// the active editor. Everything else (diagnostics, hover, lenses, fixes, the plan document) is
// the server's, so Neovim and Helix get the same features.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ClientCommands, LANGUAGE_IDS, PLAN_SCHEME, ServerCommands, StatusNotification, type PlanCommandResult } from '../../server/src/lsp/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Exit Lens', { log: true });
  const status = vscode.window.createStatusBarItem('exitLens.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Exit Lens';
  status.command = ClientCommands.showOutput;
  setStatus(status, { state: 'idle', pending: 0 });
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const codeCacheDir = vscode.Uri.joinPath(context.globalStorageUri, 'code-cache');
  // Node 22.1+ (the extension host's) keeps the compiled code of every module the server loads in
  // NODE_COMPILE_CACHE, so later starts skip compiling the bundle; older Node ignores it.
  const env = { ...process.env, NODE_COMPILE_CACHE: vscode.Uri.joinPath(codeCacheDir, 'node').fsPath };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGE_IDS.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // The plan documents, so the server can answer their document links.
      { scheme: PLAN_SCHEME },
    ],
    outputChannel: output,
    traceOutputChannel: output,
    // The server keeps a V8 code cache of its TypeScript parser here: a faster start after the first.
    initializationOptions: { codeCacheDir: codeCacheDir.fsPath },
  };

  client = new LanguageClient('exitLens', 'Exit Lens', serverOptions, clientOptions);
  const c = client;
  context.subscriptions.push(
    c.onNotification(StatusNotification.method, (p: StatusNotification.Params) => setStatus(status, p)),
    vscode.commands.registerCommand(ClientCommands.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(ClientCommands.restart, async () => {
      output.appendLine('Restarting the Exit Lens language server...');
      await c.restart();
    }),
    vscode.commands.registerCommand(ClientCommands.showPlan, async (uri?: vscode.Uri) => {
      const editor = vscode.window.activeTextEditor;
      const target = uri ?? (editor && (LANGUAGE_IDS as readonly string[]).includes(editor.document.languageId) ? editor.document.uri : undefined);
      if (!target) {
        void vscode.window.showInformationMessage('Exit Lens: open a Python, JavaScript or TypeScript file to see its exit plan.');
        return;
      }
      // The server opens the plan document itself (window/showDocument); the result is a fallback.
      const result = (await c.sendRequest('workspace/executeCommand', {
        command: ServerCommands.showPlan,
        arguments: [target.toString()],
      })) as PlanCommandResult | null;
      if (result && !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === result.uri)) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.uri));
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      }
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => showStatusFor(status, e)),
  );
  showStatusFor(status, vscode.window.activeTextEditor);
  await c.start();
}

function showStatusFor(status: vscode.StatusBarItem, editor: vscode.TextEditor | undefined): void {
  if (editor && (LANGUAGE_IDS as readonly string[]).includes(editor.document.languageId)) status.show();
  else status.hide();
}

function setStatus(status: vscode.StatusBarItem, p: StatusNotification.Params): void {
  switch (p.state) {
    case 'busy':
      status.text = '$(sync~spin) Exit Lens';
      status.tooltip = `Exit Lens: analyzing (${p.pending} pending)`;
      status.backgroundColor = undefined;
      break;
    case 'error':
      status.text = '$(warning) Exit Lens';
      status.tooltip = `Exit Lens: ${p.message ?? 'a problem occurred'} (click for the log)`;
      status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      break;
    default:
      status.text = '$(check) Exit Lens';
      status.tooltip = 'Exit Lens: exit handlers analyzed (click for the log)';
      status.backgroundColor = undefined;
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
