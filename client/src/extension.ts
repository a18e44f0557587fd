// VS Code client: owned by the editor work (issue 4). Placeholder until it lands.
export function activate(): void {}
export function deactivate(): void {}
